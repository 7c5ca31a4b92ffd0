from odoo import models
from odoo.exceptions import UserError

# Issue fields a suggestion can be written to: order field -> delivery contact field.
SUGGESTION_TARGETS = {"phone": "phone", "zip": "zip", "street": "street", "city": "city"}


class PromoOrderIssue(models.Model):
    _inherit = "promo.order.issue"

    def action_apply_suggestion(self):
        """Write the suggested value into the delivery address, then re-validate."""
        for issue in self:
            target = SUGGESTION_TARGETS.get(issue.field_name)
            if not issue.suggestion or not target:
                raise UserError(
                    self.env._(
                        "There is no suggestion to apply for %(field)s.", field=issue.field_name
                    )
                )
            issue.order_id.partner_shipping_id.write({target: issue.suggestion})
        # Validate only: the clerk releases with "Re-validate and Release".
        self.order_id._promo_validate()
        return True
