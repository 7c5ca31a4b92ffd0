import base64

from odoo import fields, models


class PromoImportWizard(models.TransientModel):
    _name = "promo.import.wizard"
    _description = "Import Campaign Orders"

    campaign_id = fields.Many2one(
        "promo.campaign",
        required=True,
        domain="[('state', '=', 'running')]",
        default=lambda self: self.env.context.get("default_campaign_id"),
    )
    file = fields.Binary(required=True, attachment=False)
    file_name = fields.Char()

    def action_import(self):
        """Register the file as a batch; small files are processed at once, large ones
        in the background so that no web request runs into the time limit."""
        self.ensure_one()
        data = base64.b64decode(self.file or b"")
        batch = self.env["promo.import.batch"]._create_from_file(
            self.campaign_id, self.file_name or "upload", data
        )
        batch.action_process()
        return {
            "type": "ir.actions.act_window",
            "res_model": "promo.import.batch",
            "res_id": batch.id,
            "view_mode": "form",
            "target": "current",
        }
