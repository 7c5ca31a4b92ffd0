from odoo import api, fields, models

from clearhouse.loyalty.codes import normalize_code

FINDER_LIMIT = 50


class ResPartner(models.Model):
    _inherit = "res.partner"

    desk_open_voucher_ids = fields.Many2many(
        "points.voucher", compute="_compute_desk_open_voucher_ids", string="Open Vouchers"
    )

    @api.depends("points_voucher_ids.state")
    def _compute_desk_open_voucher_ids(self):
        for partner in self:
            partner.desk_open_voucher_ids = partner.points_voucher_ids.filtered(
                lambda v: v.state == "open"
            )

    @api.model
    def _desk_finders(self):
        return {
            **super()._desk_finders(),
            "card": self._desk_find_card,
            "voucher": self._desk_find_voucher,
        }

    @api.model
    def _desk_find_card(self, text):
        numbers = list({text, "".join(ch for ch in text if ch.isalnum())})
        # sudo: agents without loyalty rights still find the customer by card; only the
        # partner ids of the agent's companies leave this method.
        accounts = (
            self.env["points.account"]
            .sudo()
            .with_context(active_test=False)
            .search_read(
                [("card_number", "in", numbers), ("company_id", "in", self.env.companies.ids)],
                ["partner_id"],
                limit=FINDER_LIMIT,
            )
        )
        return list(dict.fromkeys(a["partner_id"][0] for a in accounts))

    @api.model
    def _desk_find_voucher(self, text):
        codes = [c for c in {text.upper(), normalize_code(text)} if c]
        # sudo: as for cards, only partner ids of the agent's companies are returned.
        vouchers = (
            self.env["points.voucher"]
            .sudo()
            .search_read(
                [("code", "in", codes), ("company_id", "in", self.env.companies.ids)],
                ["partner_id"],
                limit=FINDER_LIMIT,
            )
        )
        return list(dict.fromkeys(v["partner_id"][0] for v in vouchers))
