from odoo.tests import TransactionCase, tagged

from .common import ExchangeFixturesMixin


@tagged("post_install", "-at_install")
class TestBadInput(ExchangeFixturesMixin, TransactionCase):
    """Bad confirmation files are reported with file and line; the good records apply."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_exchange_fixtures()
        orders = cls._orders([(cls._customer(), [(cls.mug, 1)]) for _i in range(3)])
        cls.deliveries = cls._deliveries(orders).sorted("id")
        cls.nord.write({"protocol": "email", "email_to": "orders@nord.example"})
        cls.nord._exchange_collect()
        cls._send_due()

    def test_malformed_xml_is_rejected_with_its_line(self):
        data = (
            b'<?xml version="1.0"?>\n'
            b'<confirmations xmlns="urn:clearhouse:logistics-confirmation:1.0">\n'
            b'<confirmation reference="X"\n'
        )
        document = self._upload(self.nord, "broken.xml", data)
        self.assertEqual(document.state, "rejected")
        issue = document.issue_ids
        self.assertEqual(len(issue), 1)
        self.assertTrue(issue.line, "the line of the error is given")
        self.assertEqual(issue.file_name, "broken.xml")
        self.assertEqual(set(self.deliveries.mapped("exchange_state")), {"sent"})

    def test_hostile_xml_with_entities_is_refused_before_parsing(self):
        data = (
            b'<?xml version="1.0"?>\n<!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
            b'<confirmations xmlns="urn:clearhouse:logistics-confirmation:1.0" version="1.0">'
            b'<confirmation reference="&x;" status="lost" timestamp="2026-11-20T10:00:00Z"/>'
            b"</confirmations>"
        )
        document = self._upload(self.nord, "evil.xml", data)
        self.assertEqual(document.state, "rejected")
        self.assertNotIn("root:", document.issue_ids.message)
        self.assertIn("DOCTYPE", document.issue_ids.message)

    def test_mixed_file_applies_good_records_and_reports_the_rest_with_lines(self):
        first, second, _third = self.deliveries
        data = self._confirmation_xml(
            [
                (first.name, "shipped", ["T1"], "DHL"),
                ("WH/OUT/NOPE", "shipped", ["T2"], "DHL"),
                (second.name, "shipped", [], "DHL"),  # shipped without tracking number
                (first.name, "shipped", ["T1"], "DHL"),  # the same status twice in the file
            ]
        )
        self.nord.user_id = self.manager
        document = self._upload(self.nord, "mixed.xml", data)
        self.assertEqual(document.state, "partial")
        self.assertEqual(len(document.activity_ids), 1)
        self.assertEqual(document.activity_ids.user_id, self.manager)
        self.assertEqual((document.record_count, document.applied_count), (4, 1))
        issues = {(i.line, i.reference) for i in document.issue_ids}
        self.assertEqual(
            issues,
            {(4, "WH/OUT/NOPE"), (5, second.name), (6, first.name)},
            "each bad record is named with its line in the file",
        )
        self.assertEqual(first.exchange_state, "shipped")
        self.assertEqual(second.exchange_state, "sent", "nothing half-applied")
        self.assertIn(
            document,
            self.env["carrier.exchange.document"].search(
                [("state", "in", ("failed", "rejected", "partial"))]
            ),
        )

    def test_duplicated_confirmation_in_a_later_file_is_reported_not_applied_twice(self):
        first = self.deliveries[0]
        self._upload(
            self.nord, "a.xml", self._confirmation_xml([(first.name, "shipped", ["T9"], "DHL")])
        )
        again = self._confirmation_xml([(first.name, "shipped", ["T9"], "DHL")])
        document = self._upload(self.nord, "b.xml", again)
        self.assertEqual(document.state, "rejected")
        self.assertIn("already confirmed", document.issue_ids.message)
        self.assertEqual(len(first.exchange_event_ids.filtered(lambda e: e.status == "shipped")), 1)
        same = self._upload(self.nord, "b-copy.xml", again)
        self.assertEqual(same.issue_ids.code, "duplicate_file")

    def test_malformed_csv_is_reported_with_its_line(self):
        self.nord.file_format = "csv"
        first = self.deliveries[0]
        data = (
            "reference;status;timestamp;carrier;tracking_numbers\n"
            f"{first.name};shipped;2026-11-20T10:00:00+01:00;DHL;T100\n"
            f'{self.deliveries[1].name};shipped;"2026-11-20;DHL;T101\n'
        ).encode()
        document = self._upload(self.nord, "broken.csv", data)
        self.assertEqual(document.state, "rejected")
        self.assertEqual(document.issue_ids.line, 3)
        self.assertEqual(first.exchange_state, "sent", "a file that cannot be read applies nothing")

    def test_csv_with_unknown_status_applies_the_rest(self):
        first, second, _third = self.deliveries
        data = (
            "reference;status;timestamp;carrier;tracking_numbers\n"
            f"{first.name};shipped;2026-11-20 10:00;DHL;T100,T101\n"
            f"{second.name};vanished;2026-11-20 10:00;DHL;\n"
        ).encode("cp1252")
        document = self._upload(self.nord, "mixed.csv", data)
        self.assertEqual(document.state, "partial")
        self.assertEqual(document.issue_ids.line, 3)
        self.assertEqual(document.issue_ids.field, "status")
        self.assertEqual(first.carrier_tracking_ref, "T100,T101")
        event = first.exchange_event_ids.filtered(lambda e: e.status == "shipped")
        self.assertEqual(str(event.timestamp), "2026-11-20 09:00:00", "Berlin time stored as UTC")
        self.assertEqual(event.tracking_link, "https://track.example/dhl?id=T100")

    def test_returned_parcel_sends_the_order_to_clearing(self):
        first = self.deliveries[0]
        self._upload(
            self.nord, "s.xml", self._confirmation_xml([(first.name, "shipped", ["T5"], "DHL")])
        )
        self._upload(self.nord, "r.xml", self._confirmation_xml([(first.name, "returned", [], "")]))
        self.assertEqual(first.exchange_state, "returned")
        self.assertEqual(first.sale_id.clearing_reason_id.code, "carrier_returned")
        history = first.sale_id.exchange_event_ids.sorted("id").mapped("status")
        self.assertEqual(history, ["sent", "shipped", "returned"])
        customer = first.sale_id.partner_id
        self.assertEqual(customer.exchange_event_count, 3)

    def test_confirmation_by_email_attachment(self):
        self.nord.inbound_email = "tracking@nord.example"
        first = self.deliveries[0]
        xml = self._confirmation_xml([(first.name, "shipped", ["M1"], "DHL")]).decode()
        message = (
            "From: Nord Tracking <tracking@nord.example>\r\n"
            "To: logistics-confirmations@example.com\r\n"
            "Subject: Confirmations\r\n"
            "Message-ID: <conf-1@nord.example>\r\n"
            "MIME-Version: 1.0\r\n"
            'Content-Type: multipart/mixed; boundary="XX"\r\n\r\n'
            "--XX\r\nContent-Type: text/plain\r\n\r\nSee attachment.\r\n"
            "--XX\r\nContent-Type: application/xml\r\n"
            'Content-Disposition: attachment; filename="c.xml"\r\n\r\n'
            f"{xml}\r\n--XX--\r\n"
        )
        document_id = self.env["mail.thread"].message_process("carrier.exchange.document", message)
        document = self.env["carrier.exchange.document"].browse(document_id)
        self.assertEqual((document.channel, document.state), ("email", "done"))
        self.assertEqual(first.carrier_tracking_ref, "M1")

    def test_email_from_an_unknown_sender_is_kept_and_reported(self):
        message = (
            "From: someone@elsewhere.example\r\nTo: logistics-confirmations@example.com\r\n"
            "Subject: hello\r\nMessage-ID: <x-2@elsewhere.example>\r\n\r\nno attachment\r\n"
        )
        document_id = self.env["mail.thread"].message_process("carrier.exchange.document", message)
        document = self.env["carrier.exchange.document"].browse(document_id)
        self.assertEqual(document.state, "rejected")
        self.assertTrue(document.issue_ids)

    def test_record_problems_read_in_the_readers_language(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"].search(
            [("name", "=", "carrier_exchange")]
        )._update_translations(["de_DE"])
        data = self._confirmation_xml([("WH/OUT/NOPE", "shipped", ["T2"], "DHL")])
        document = self._upload(self.nord, "unknown.xml", data)  # read in English
        issue = document.issue_ids.filtered(lambda i: i.code == "unknown_reference")
        english = issue.with_context(lang="en_US").text
        german = issue.with_context(lang="de_DE").text
        self.assertIn("no delivery with this reference", english)
        self.assertNotEqual(german, english, "the German reader reads German")
        self.assertIn("WH/OUT/NOPE", german, "with the same parameters")
