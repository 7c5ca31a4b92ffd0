from . import test_kernel
