import base64

from odoo import fields, models
from odoo.exceptions import UserError

from clearhouse.logistics.documents import MAX_BYTES


class CarrierExchangeUploadWizard(models.TransientModel):
    """A confirmation file a partner sent some other way, read like a fetched one."""

    _name = "carrier.exchange.upload.wizard"
    _description = "Upload Shipping Confirmations"

    exchange_partner_id = fields.Many2one(
        "carrier.exchange.partner", string="Logistics Partner", required=True
    )
    file = fields.Binary(required=True, attachment=False)
    file_name = fields.Char()

    def action_import(self):
        self.ensure_one()
        data = base64.b64decode(self.file or b"")
        if len(data) > MAX_BYTES:
            raise UserError(
                self.env._(
                    "The file is larger than %(limit)s MB.", limit=MAX_BYTES // (1024 * 1024)
                )
            )
        # sudo: a logistics user applies the partner's file; its effects (deliveries
        # done, orders sent to clearing) reach orders the user may not edit directly.
        document = (
            self.env["carrier.exchange.document"]
            .sudo()
            .with_company(self.exchange_partner_id.company_id)
            ._receive(self.exchange_partner_id, self.file_name or "upload", data, "upload")
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "carrier.exchange.document",
            "res_id": document.id,
            "view_mode": "form",
        }
