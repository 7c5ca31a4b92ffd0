import base64

from odoo import fields, models
from odoo.exceptions import UserError

from clearhouse.desk import parse_returned_mail_csv
from clearhouse.errors import InputError


class ServiceDeskReturnedMailImport(models.TransientModel):
    """Returned letters of a mailing: block the address or ask an agent to research it."""

    _name = "service.desk.returned.mail.import"
    _description = "Service Desk: Import Returned Mail"

    file = fields.Binary(required=True)
    file_name = fields.Char()
    result = fields.Text(readonly=True)

    def _reason_label(self, code):
        labels = {
            "moved": self.env._("Moved, address unknown"),
            "unknown": self.env._("Recipient unknown"),
            "deceased": self.env._("Recipient deceased"),
            "refused": self.env._("Acceptance refused"),
            "incomplete": self.env._("Address incomplete"),
            "no_mailbox": self.env._("No mailbox"),
            "other": self.env._("Other reason"),
        }
        return labels.get(code, code)

    def _read_rows(self):
        try:
            return parse_returned_mail_csv(base64.b64decode(self.file))
        except InputError as exc:
            raise UserError(
                self.env._(
                    "%(file)s, line %(line)s: %(error)s",
                    file=self.file_name or self.env._("The file"),
                    line=exc.line or 1,
                    error=exc.message,
                )
            ) from exc

    def _partners_by_ref(self, rows):
        refs = {r.customer_ref for r in rows if r.customer_ref}
        refs |= {r.letter_ref for r in rows if r.letter_ref}
        partners = self.env["res.partner"].search([("ref", "in", list(refs))])
        return {p.ref: p for p in partners}

    def action_import(self):
        """All rows or none: an unknown reference stops the import with its line."""
        self.ensure_one()
        rows = self._read_rows()
        by_ref = self._partners_by_ref(rows)
        plan = []
        for row in rows:
            partner = by_ref.get(row.customer_ref) or by_ref.get(row.letter_ref)
            if not partner:
                raise UserError(
                    self.env._(
                        "Line %(line)s: no customer with reference %(ref)s.",
                        line=row.line,
                        ref=row.customer_ref or row.letter_ref,
                    )
                )
            plan.append((row, partner))
        blocked = researched = 0
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        to_block = {}
        for row, partner in plan:
            reason = f"{self._reason_label(row.reason_code)}: {row.reason_text}"
            if row.action == "block":
                to_block.setdefault(reason, partner.browse())
                to_block[reason] |= partner
                blocked += 1
            else:
                partner.activity_schedule(
                    activity_type_id=activity_type.id,
                    summary=self.env._("Research the postal address"),
                    note=self.env._(
                        "Returned letter (line %(line)s): %(reason)s", line=row.line, reason=reason
                    ),
                )
                researched += 1
        for reason, partners in to_block.items():
            partners._postal_block(reason)
        self.result = self.env._(
            "%(blocked)s addresses blocked, %(research)s activities to research an address.",
            blocked=blocked,
            research=researched,
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
