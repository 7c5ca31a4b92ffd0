from odoo.tests import HttpCase, tagged

from clearhouse.logistics.signing import sign

from .common import ExchangeFixturesMixin

SECRET = "test-hmac-secret-not-real"


@tagged("post_install", "-at_install")
class TestEndpoint(ExchangeFixturesMixin, HttpCase):
    """Partners push confirmations to /carrier_exchange/<code>/confirmations."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_exchange_fixtures()
        orders = cls._orders([(cls._customer(), [(cls.mug, 1)]) for _i in range(2)])
        cls.deliveries = cls._deliveries(orders).sorted("id")
        cls.nord.write({"protocol": "email", "email_to": "orders@nord.example"})
        cls.nord._exchange_collect()
        cls._send_due()
        action = cls.nord.action_generate_inbound_token()
        cls.token = action["params"]["message"].rsplit(" ", 1)[-1]

    def _post(self, body, token=None, signature=None, code="NORD"):
        headers = {
            "Content-Type": "application/xml",
            "Authorization": f"Bearer {token or self.token}",
        }
        if signature:
            headers["X-Clearhouse-Signature"] = signature
        return self.url_open(f"/carrier_exchange/{code}/confirmations", data=body, headers=headers)

    def test_wrong_or_missing_token_is_refused(self):
        body = self._confirmation_xml([(self.deliveries[0].name, "shipped", ["E1"], "DHL")])
        self.assertEqual(self._post(body, token="wrong").status_code, 401)
        self.assertEqual(self._post(body, code="BULK").status_code, 401, "token is per partner")
        self.assertEqual(self.deliveries[0].exchange_state, "sent")

    def test_confirmation_with_token_is_applied(self):
        first, second = self.deliveries
        body = self._confirmation_xml(
            [(first.name, "shipped", ["E1"], "DHL"), ("UNKNOWN-1", "delivered", [], "")]
        )
        response = self._post(body)
        self.assertEqual(response.status_code, 200, response.text)
        answer = response.json()
        self.assertEqual((answer["records"], answer["applied"], answer["state"]), (2, 1, "partial"))
        self.assertEqual(answer["issues"][0]["reference"], "UNKNOWN-1")
        self.assertEqual(answer["issues"][0]["line"], 4)
        self.assertEqual(first.exchange_state, "shipped")
        self.assertEqual(second.exchange_state, "sent")

    def test_signature_is_required_when_the_partner_has_a_secret(self):
        self.nord.inbound_hmac_secret = SECRET
        body = self._confirmation_xml([(self.deliveries[1].name, "shipped", ["E2"], "DHL")])
        self.assertEqual(self._post(body).status_code, 403)
        self.assertEqual(self._post(body, signature=sign("other", body)).status_code, 403)
        response = self._post(body, signature=sign(SECRET, body))
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(self.deliveries[1].carrier_tracking_ref, "E2")

    def test_unreadable_body_is_answered_with_the_reason(self):
        response = self._post(b"<confirmations><oops")
        self.assertEqual(response.status_code, 422)
        self.assertTrue(response.json()["issues"][0]["message"])

    def test_schemas_are_published(self):
        response = self.url_open("/carrier_exchange/schema/logistics-confirmation-1.0.xsd")
        self.assertEqual(response.status_code, 200)
        self.assertIn(b"urn:clearhouse:logistics-confirmation:1.0", response.content)
        self.assertEqual(self.url_open("/carrier_exchange/schema/secret.txt").status_code, 404)

    def test_issues_are_written_in_the_company_language(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env.ref("base.module_carrier_exchange")._update_translations(["de_DE"])
        self.company.partner_id.lang = "de_DE"
        body = self._confirmation_xml([("WH/OUT/UNKNOWN", "delivered", [], "")])
        answer = self._post(body).json()
        self.assertIn("Lieferung", answer["issues"][0]["message"], answer)

    def test_unreadable_file_is_reported_in_the_company_language(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env.ref("base.module_carrier_exchange")._update_translations(["de_DE"])
        self.company.partner_id.lang = "de_DE"
        answer = self._post(b"<confirmations><broken></confirmations>").json()
        message = answer["issues"][0]["message"]
        first_line = message.splitlines()[0]
        self.assertIn(
            "Die Datei kann nicht gelesen werden: Die Datei ist nicht wohlgeformt", message
        )
        self.assertNotIn("well-formed", first_line, "no English inside the German sentence")
