from . import promo_import_wizard
from . import promo_generate_wizard
