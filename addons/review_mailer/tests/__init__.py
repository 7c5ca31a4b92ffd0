from . import test_access, test_blocks, test_rating, test_schedule, test_suppression
