from . import payment_match_confirm_wizard
from . import payment_match_manual_wizard
from . import payment_statement_import_wizard
