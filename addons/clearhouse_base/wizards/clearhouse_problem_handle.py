from odoo import api, fields, models
from odoo.exceptions import UserError


class ClearhouseProblemHandle(models.TransientModel):
    """The note a person writes when closing problems of a queue."""

    _name = "clearhouse.problem.handle"
    _description = "Mark Problems Handled"

    res_model = fields.Char(required=True, readonly=True)
    res_ids = fields.Json(required=True, readonly=True)
    note = fields.Text(required=True, help="What was done about it, for the colleagues.")

    @api.constrains("res_model")
    def _check_res_model(self):
        for wizard in self:
            model = self.env.get(wizard.res_model)
            if model is None or not hasattr(model, "_problem_mark_handled"):
                raise UserError(
                    self.env._("%(model)s is not a problem queue.", model=wizard.res_model)
                )

    def action_confirm(self):
        self.ensure_one()
        if not (self.note or "").strip():
            raise UserError(self.env._("Write what was done before closing the problems."))
        records = self.env[self.res_model].browse(self.res_ids).exists()
        records._problem_mark_handled(self.note.strip())
        return {"type": "ir.actions.act_window_close"}
