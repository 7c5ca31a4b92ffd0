from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    review_request_ids = fields.One2many("review.request", "order_id", string="Review Requests")
    review_state = fields.Selection(related="review_request_ids.state", string="Review Request")

    def _review_complaint_order_ids(self):
        """Ids of the orders in ``self`` with an open complaint (no review request then):
        an open activity of the type "Customer complaint". Bridges add theirs (tickets)."""
        complaint = self.env.ref(
            "review_mailer.mail_activity_type_review_complaint", raise_if_not_found=False
        )
        if not complaint or not self:
            return set()
        groups = self.env["mail.activity"]._read_group(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", complaint.id),
            ],
            ["res_id"],
        )
        return {res_id for [res_id] in groups}

    def action_view_review_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "review_mailer.review_request_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {}
        return action
