import base64

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DeskCommon


@tagged("post_install", "-at_install")
class TestReturnedMail(DeskCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.moved = cls.new_customer("Anna Schneider", ref="K-2002")
        cls.incomplete = cls.new_customer("Clara Becker", ref="K-3003")

    def _import(self, text):
        wizard = (
            self.env["service.desk.returned.mail.import"]
            .with_user(self.lead)
            .create({"file": base64.b64encode(text.encode("cp1252")), "file_name": "r.csv"})
        )
        wizard.action_import()
        return wizard

    def test_file_blocks_or_asks_research_per_reason(self):
        wizard = self._import(
            "Kundennummer;Grund\nK-2002;unbekannt verzogen\nK-3003;Adresse unvollständig\n"
        )
        self.assertTrue(self.moved.postal_blocked)
        self.assertIn("unbekannt verzogen", self.moved.postal_block_reason)
        self.assertFalse(self.incomplete.postal_blocked)
        self.assertEqual(len(self.incomplete.activity_ids), 1, "an agent researches it")
        self.assertIn("1 addresses blocked", wizard.result)
        deliverable = self.env["res.partner"].search(
            self.env["res.partner"]._postal_deliverable_domain()
            + [("id", "in", (self.moved | self.incomplete).ids)]
        )
        self.assertEqual(deliverable, self.incomplete, "blocked addresses leave the exports")

    def test_unknown_reference_names_line_and_keeps_nothing(self):
        with self.assertRaisesRegex(UserError, "Line 3"):
            self._import("Kundennummer;Grund\nK-2002;unbekannt verzogen\nK-9;verzogen\n")
        self.assertFalse(self.moved.postal_blocked, "nothing half-written")

    def test_bad_row_error_names_file_and_line(self):
        with self.assertRaisesRegex(UserError, "r.csv, line 2"):
            self._import("Kundennummer;Grund\nK-2002;\n")
