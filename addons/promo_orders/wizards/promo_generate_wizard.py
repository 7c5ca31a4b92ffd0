from odoo import fields, models
from odoo.exceptions import UserError


class PromoGenerateWizard(models.TransientModel):
    """Creates realistic test orders for demos, training and load tests."""

    _name = "promo.generate.wizard"
    _description = "Generate Test Orders"

    campaign_id = fields.Many2one(
        "promo.campaign", required=True, default=lambda self: self.env.context.get("active_id")
    )
    count = fields.Integer(string="Number of Orders", default=100, required=True)
    invalid_ratio = fields.Float(string="Share of Invalid Orders (%)", default=20.0, required=True)
    seed = fields.Integer(default=1, help="Same seed, same orders.")
    ref_prefix = fields.Char(string="Reference Prefix", default="GEN", required=True)

    def action_generate(self):
        self.ensure_one()
        if not self.campaign_id.can_generate_orders:
            raise UserError(
                self.env._(
                    "Test orders can only be generated for %(campaign)s while it is a draft "
                    "(or in a test database).",
                    campaign=self.campaign_id.display_name,
                )
            )
        results = self.campaign_id._generate_orders(
            self.count, self.invalid_ratio / 100.0, seed=self.seed, ref_prefix=self.ref_prefix
        )
        action = self.campaign_id.action_view_orders()
        action["domain"] = [("id", "in", [r["order_id"] for r in results if r["order_id"]])]
        return action
