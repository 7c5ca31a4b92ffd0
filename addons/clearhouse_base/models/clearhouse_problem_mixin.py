from odoo import fields, models


class ClearhouseProblemMixin(models.AbstractModel):
    """A problem queue that a person works to empty: each failed item is retried or
    marked handled with a note saying what was done (who and when are kept).

    Models of failed exchanges (carrier transfers, shop syncs, order imports) inherit it;
    their "problems" actions list the items that are not handled.
    """

    _name = "clearhouse.problem.mixin"
    _description = "Problem Queue Item"

    handled = fields.Boolean(
        copy=False, index=True, readonly=True, help="Someone looked at the problem and closed it."
    )
    handled_note = fields.Text(string="Handling Note", copy=False, readonly=True)
    handled_by_id = fields.Many2one("res.users", string="Handled By", copy=False, readonly=True)
    handled_at = fields.Datetime(string="Handled On", copy=False, readonly=True)

    def action_problem_mark_handled(self):
        """Ask for the note, then close the selected problems."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Mark Handled"),
            "res_model": "clearhouse.problem.handle",
            "view_mode": "form",
            "target": "new",
            "context": {"default_res_model": self._name, "default_res_ids": self.ids},
        }

    def _problem_mark_handled(self, note):
        """Close the problems with ``note``; the caller's write access is checked."""
        self.check_access("write")
        self.write(
            {
                "handled": True,
                "handled_note": note,
                "handled_by_id": self.env.uid,
                "handled_at": fields.Datetime.now(),
            }
        )
        return True

    def _problem_reopen(self):
        """A retry that fails again is a new problem."""
        self.filtered("handled").write(
            {"handled": False, "handled_note": False, "handled_by_id": False, "handled_at": False}
        )
