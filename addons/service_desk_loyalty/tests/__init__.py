from . import test_desk_loyalty
