from odoo.tests import tagged

from .common import DeskCommon


@tagged("post_install", "-at_install")
class TestFinder(DeskCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.new_customer("Anna Schneider", phone="040 2395998")
        cls.order = cls.confirmed_order("WEB-100001")
        cls.outgoing(cls.order).carrier_tracking_ref = "00340434161094042557"

    def _find(self, text):
        return (
            self.env["res.partner"].with_user(self.agent).search([("desk_search", "ilike", text)])
        )

    def test_find_by_each_key_finds_the_customer(self):
        for text in (
            "hans mueller",
            "Müller",
            "hans@example.com",
            "HANS@example.com",
            "+49 30 44021187",
            "030/44021187",
            self.order.name,
            self.order.name.lower(),
            "WEB-100001",
            "00340434161094042557",
        ):
            with self.subTest(text=text):
                self.assertIn(self.customer, self._find(text), f"{text!r} must find the customer")
                self.assertNotIn(self.other, self._find(text), f"{text!r} finds only him")

    def test_find_unknown_key_finds_nothing(self):
        self.assertFalse(self._find("99999999999999999999"))
        self.assertFalse(self._find("nobody@example.com"))

    def test_find_tracking_number_reads_only_its_kinds(self):
        """A tracking number never scans names: a bounded number of queries."""
        self.env["res.partner"].flush_model()
        with self.assertQueryCount(8):
            self.env["res.partner"]._desk_find("00340434161094042557")
