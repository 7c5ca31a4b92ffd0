from odoo.tests import HttpCase, tagged

from .common import ClearingCase, ClearingFixturesMixin


def _german(env):
    env["res.lang"]._activate_lang("de_DE")
    env["ir.module.module"].search(
        [("name", "in", ("clearhouse_order", "promo_clearing"))]
    )._update_translations(["de_DE"])


@tagged("post_install", "-at_install")
class TestClearingLanguages(ClearingCase):
    """Issues, clearing notes and suggestions are stored as codes and read in the reader's
    language: an English API user's order reads German to a German clerk."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        _german(cls.env)
        cls.clerk.lang = "de_DE"
        cls.clerk2.lang = "en_US"

    def _as(self, records, user):
        """``records`` as ``user`` reads them in the back office (their language)."""
        return records.with_user(user).with_context(lang=user.lang)

    def test_issues_in_each_readers_language(self):
        order = self._order("LANG-1", street="Invalidenstraße")  # an English session
        self.assertEqual(order.clearing_state, "in_clearing")
        issue = order.issue_ids.filtered(lambda i: i.code == "address_house_number_missing")
        german = self._as(issue, self.clerk).message
        english = self._as(issue, self.clerk2).message
        self.assertIn("Hausnummer", german, "the German clerk reads German")
        self.assertIn("has no house number", english, "the English clerk reads English")
        self.assertIn("Hausnummer", self._as(order, self.clerk).clearing_note)
        self.assertIn("has no house number", self._as(order, self.clerk2).clearing_note)
        self.assertIn("Hausnummer", self._as(order.clearing_episode_ids, self.clerk).note)

    def test_hold_note_in_each_readers_language(self):
        self.source.clearing_hold_note = "on"
        order = self._order("LANG-2", note="Bitte beim Nachbarn abgeben")
        self.assertEqual(order.clearing_reason_id.code, "customer_note")
        german = self._as(order, self.clerk).clearing_note
        english = self._as(order, self.clerk2).clearing_note
        self.assertIn("Kundenhinweis", german, "no English inside German sentences")
        self.assertIn("Customer note", english)
        self.assertIn("Bitte beim Nachbarn abgeben", german, "the parameters stay")

    def test_manual_hold_note_in_each_readers_language(self):
        order = self._order("LANG-3")
        order.with_user(self.clerk2).action_clearing_hold()
        self.assertIn("Zurückgehalten von", self._as(order, self.clerk).clearing_note)
        self.assertIn("Held by", self._as(order, self.clerk2).clearing_note)

    def test_suggestion_label_in_each_readers_language(self):
        order = self._order("LANG-4", street="Invalidenstraße", street2="116")
        issue = order.issue_ids.filtered(lambda i: i.code == "address_house_number_missing")
        german = self._as(issue, self.clerk).fix_label
        english = self._as(issue, self.clerk2).fix_label
        self.assertIn("Hausnummer", german, "the German clerk reads a German suggestion")
        self.assertIn("Adresszusatz", german, "the field is named in German too")
        self.assertIn("house number", english)


@tagged("post_install", "-at_install")
class TestSelfServiceLanguage(ClearingFixturesMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_clearing_fixtures()
        _german(cls.env)

    def test_self_service_page_in_the_customers_language(self):
        order = self._order("LANG-PAGE", street="Invalidenstraße")
        order.partner_id.lang = "de_DE"
        order.company_id.write({"email": "service@example.com"})
        page = self.url_open(order._clearing_portal_url()).text
        self.assertIn("Hausnummer", page, "the issue in the customer's German")
        self.assertIn("Bitte prüfen", page, "the page's own text in German")
        self.assertIn(order.company_id.name, page, "the company is named")
        self.assertIn("service@example.com", page, "with a contact line")
        self.assertIn("Clearing Mug", page, "and the order summary")
