from odoo import _, api, fields, models
from odoo.tools import create_index, make_index_name

# Trigram indexes for the customer searches (``ilike`` on name, e-mail, reference, VAT,
# registry: the fields of res.partner's ``_rec_names_search``). Without one on each, the
# OR of a name search cannot combine indexes and reads all customers. The base keeps its
# btree on complete_name (it serves the list's order); the sparse fields get partial ones.
TRIGRAM_SEARCH_FIELDS = {
    "complete_name": "",
    "email": "",
    "ref": "ref IS NOT NULL",
    "vat": "vat IS NOT NULL",
    "company_registry": "company_registry IS NOT NULL",
}

# A postal address is "corrected" by a change of any of these fields.
POSTAL_ADDRESS_FIELDS = ("street", "street2", "zip", "city", "state_id", "country_id")


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Intake recognises returning customers by it; mail keeps it up to date.
    email_normalized = fields.Char(index=True)
    # Letters to this address came back: every mailing (lettershop exports, review letters)
    # leaves the contact out until someone corrects the address.
    postal_blocked = fields.Boolean(
        string="Postal Address Blocked",
        copy=False,
        index=True,
        tracking=True,
        help="Letters to this address came back. Mailings (lettershop exports, review "
        "letters) leave the contact out until the address is corrected.",
    )
    postal_block_reason = fields.Char(string="Postal Block Reason", copy=False, tracking=True)
    postal_blocked_since = fields.Datetime(string="Postal Address Blocked Since", copy=False)

    def init(self):
        result = super().init()
        if self.pool.has_trigram:  # without pg_trgm, Odoo's own trigram fields fall back too
            for name, where in TRIGRAM_SEARCH_FIELDS.items():
                create_index(
                    self.env.cr,
                    make_index_name(self._table, f"{name}_trgm"),
                    self._table,
                    [f'"{name}" gin_trgm_ops'],
                    method="gin",
                    where=where,
                )
        return result

    def _postal_block(self, reason):
        """Block the postal address of these contacts for mailings, with the reason given."""
        to_block = self.filtered(lambda partner: not partner.postal_blocked)
        (self - to_block).filtered(lambda p: p.postal_block_reason != reason).with_context(
            postal_block_keep=True
        ).write({"postal_block_reason": reason})
        if to_block:
            to_block.with_context(postal_block_keep=True).write(
                {
                    "postal_blocked": True,
                    "postal_block_reason": reason,
                    "postal_blocked_since": fields.Datetime.now(),
                }
            )
        return True

    def action_postal_unblock(self):
        self.with_context(postal_block_keep=True).write(
            {"postal_blocked": False, "postal_block_reason": False, "postal_blocked_since": False}
        )
        return True

    @api.model
    def _postal_deliverable_domain(self):
        """Contacts that may receive letters: for lettershop and review-letter exports."""
        return [("postal_blocked", "=", False)]

    def write(self, vals):
        if (
            not self.env.context.get("postal_block_keep")
            and "postal_blocked" not in vals
            and any(name in vals for name in POSTAL_ADDRESS_FIELDS)
        ):
            corrected = self.filtered(
                lambda partner: (
                    partner.postal_blocked
                    and any(
                        partner._fields[name].convert_to_write(partner[name], partner) != vals[name]
                        for name in POSTAL_ADDRESS_FIELDS
                        if name in vals
                    )
                )
            )
            result = super().write(vals)
            if corrected:
                corrected.action_postal_unblock()
                body = _("Postal address corrected: the block for mailings is lifted.")
                corrected._message_log_batch(bodies=dict.fromkeys(corrected.ids, body))
            return result
        return super().write(vals)
