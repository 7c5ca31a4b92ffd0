from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# Odoo's merge machinery takes at most 3 contacts per call: the target and 2 others.
MERGE_CHUNK = 2


class ServiceDeskPartnerMerge(models.TransientModel):
    """Merge any number of contacts into one, keeping everything that points to them.

    Uses Odoo's ``base.partner.merge.automatic.wizard._merge`` (which rewires every foreign
    key and reference field: orders, invoices, tickets, points, vouchers, messages), two
    sources at a time into the same target, as it refuses more than three contacts at once.
    """

    _name = "service.desk.partner.merge"
    _description = "Service Desk: Merge Contacts"

    partner_ids = fields.Many2many("res.partner", string="Contacts", required=True)
    dst_partner_id = fields.Many2one(
        "res.partner",
        string="Keep",
        required=True,
        domain="[('id', 'in', partner_ids)]",
    )

    @api.onchange("partner_ids")
    def _onchange_partner_ids(self):
        if self.dst_partner_id not in self.partner_ids:
            self.dst_partner_id = self.partner_ids[:1]

    def action_merge(self):
        self.ensure_one()
        if not self.env.user.has_group("service_desk.service_desk_group_manager"):
            raise AccessError(self.env._("Only service desk managers may merge contacts."))
        target = self.dst_partner_id
        sources = self.partner_ids - target
        if not sources:
            raise UserError(self.env._("Choose at least two contacts."))
        if target not in self.partner_ids:
            raise UserError(self.env._("The contact to keep must be one of the contacts."))
        merger = self.env["base.partner.merge.automatic.wizard"]
        for start in range(0, len(sources), MERGE_CHUNK):
            chunk = sources[start : start + MERGE_CHUNK]
            # extra_checks=False: duplicates differ in e-mail by nature; the manager decides.
            merger._merge((target | chunk).ids, target, extra_checks=False)
        target.desk_duplicate_state = "checked"
        target.message_post(
            body=self.env._(
                "%(count)s contacts merged into this one by %(user)s.",
                count=len(sources),
                user=self.env.user.name,
            )
        )
        return target.action_desk_open()
