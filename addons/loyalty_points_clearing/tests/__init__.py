from . import test_voucher_clearing
