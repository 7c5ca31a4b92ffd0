from . import (
    test_access,
    test_bad_input,
    test_concurrency,
    test_endpoint,
    test_https,
    test_outbound,
    test_roundtrip,
    test_tour,
    test_routing,
    test_transports,
)
from . import test_problem_queue
