from . import account_bank_statement_line
from . import account_journal
from . import payment_csv_profile
from . import payment_match_proposal
from . import sale_order
