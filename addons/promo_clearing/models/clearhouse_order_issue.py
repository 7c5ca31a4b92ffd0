from odoo import api, fields, models
from odoo.exceptions import UserError

from clearhouse.clearing.suggestions import suggest_fixes
from clearhouse.types import Customer

from ..tools.clearing_messages import FIELD_LABELS, render_suggestion_label

# Core address fields a fix may write -> delivery contact fields.
PARTNER_FIELDS = {
    "phone": "phone",
    "zip": "zip",
    "street": "street",
    "street2": "street2",
    "city": "city",
}


class ClearhouseOrderIssue(models.Model):
    _inherit = "clearhouse.order.issue"

    fix_label = fields.Char(
        string="Suggested Fix", compute="_compute_fix", help="What the suggestion would change."
    )

    def _fix_label(self, fix):
        """The label of a core ``Suggestion`` in the reader's language."""
        extra = dict(fix.extra)
        source = next(iter(extra), fix.field if fix.code == "house_number_hint" else "")
        label = FIELD_LABELS.get(source)
        params = {
            "value": fix.value,
            "city": extra.get("city", ""),
            "source": label._translate(self.env.lang or "en_US") if label else source,
        }
        return render_suggestion_label(self.env.lang, fix.code, params, fallback=fix.label)

    def _fixes(self):
        """The core's suggestions for this issue on the current delivery address."""
        self.ensure_one()
        shipping = self.order_id.partner_shipping_id
        customer = Customer(
            lastname=shipping.name or "",
            phone=shipping.phone or "",
            street=shipping.street or "",
            street2=shipping.street2 or "",
            zip=shipping.zip or "",
            city=shipping.city or "",
            country=shipping.country_id.code or "",
        )
        value = getattr(customer, self.field_name, "") if self.field_name in PARTNER_FIELDS else ""
        fixes = [
            fix
            for fix in suggest_fixes(self.code, self.field_name or "", value, customer)
            if set(fix.changes) <= set(PARTNER_FIELDS)
        ]
        if not fixes and self.suggestion and self.field_name in PARTNER_FIELDS:
            label = render_suggestion_label(
                self.env.lang, "suggested_value", {"value": self.suggestion}, self.suggestion
            )
            return [{self.field_name: self.suggestion}], label
        return [fix.changes for fix in fixes], "; ".join(self._fix_label(fix) for fix in fixes)

    @api.depends("code", "field_name", "suggestion", "order_id.partner_shipping_id")
    @api.depends_context("lang")
    def _compute_fix(self):
        for issue in self:
            issue.fix_label = issue._fixes()[1] or False

    def action_apply_suggestion(self):
        """Write the first suggested fix into the delivery address, then re-validate."""
        for issue in self:
            changes, _label = issue._fixes()
            applicable = [change for change in changes if change]
            if not applicable:
                raise UserError(
                    self.env._(
                        "There is no fix to apply for %(field)s of %(order)s.",
                        field=dict(
                            issue._fields["field_name"]._description_selection(self.env)
                        ).get(issue.field_name, issue.field_name or ""),
                        order=issue.order_id.display_name,
                    )
                )
            issue.order_id.partner_shipping_id.write(
                {PARTNER_FIELDS[name]: value for name, value in applicable[0].items()}
            )
        # Validate only: the clerk releases with "Re-validate and Release".
        self.order_id._order_validate()
        return True
