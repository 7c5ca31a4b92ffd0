from . import test_shop_prepayment
