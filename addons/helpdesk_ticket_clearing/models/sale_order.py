from odoo import models

LEFT_STATES = ("released", "cancelled")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def write(self, vals):
        leaving = self.browse()
        if vals.get("clearing_state") in LEFT_STATES:
            leaving = self.filtered(lambda o: o.clearing_state not in LEFT_STATES)
        result = super().write(vals)
        if leaving:
            # sudo: the clerk releasing an order may hold no ticket rights.
            episodes = leaving.sudo().clearing_episode_ids.filtered("ticket_id")
            text = vals.get("clearing_message") if vals["clearing_state"] == "cancelled" else False
            episodes._ticket_close(vals["clearing_state"], text)
        return result
