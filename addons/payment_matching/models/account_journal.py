from odoo import api, fields, models
from odoo.exceptions import ValidationError

from clearhouse.payments import AUTO_CONFIRM_FLOOR


class AccountJournal(models.Model):
    _inherit = "account.journal"

    payment_auto_confirm_threshold = fields.Integer(
        string="Auto-confirm Payment Matches from Score",
        default=0,
        help="Payment match proposals with at least this score (and no equally good rival) "
        "are confirmed without a human look. 0 switches auto-confirmation off; the matching "
        "core never auto-confirms below 90.",
    )

    @api.constrains("payment_auto_confirm_threshold")
    def _check_payment_auto_confirm_threshold(self):
        for journal in self:
            threshold = journal.payment_auto_confirm_threshold
            if threshold and not AUTO_CONFIRM_FLOOR <= threshold <= 100:
                raise ValidationError(
                    self.env._(
                        "The auto-confirmation score must be 0 (off) or between %(floor)s and 100.",
                        floor=AUTO_CONFIRM_FLOOR,
                    )
                )
