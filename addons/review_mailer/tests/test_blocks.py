from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import DAY0, ReviewCommon


@tagged("post_install", "-at_install")
class TestBlocks(ReviewCommon):
    """Acceptance 2: conditions and languages pick the blocks; product vs general links."""

    def _sent(self, order):
        request = self._request(order, DAY0)
        request._review_process(DAY0)
        self.assertEqual(request.state, "sent")
        return request, self._mails(request)

    def test_german_customer_gets_german_blocks(self):
        request, mail = self._sent(self._order(self._partner(lang="de_DE")))
        self.assertIn("Wie zufrieden sind Sie mit Ihrer Bestellung", mail.subject)
        self.assertIn("Hallo Customer", mail.body_html)
        self.assertIn("jetzt auf", mail.body_html, "the German product block")
        self.assertNotIn("Dear", mail.body_html)
        self.assertEqual(request.lang, "de_DE")

    def test_english_and_fallback_language(self):
        for lang in ("en_US", "fr_FR"):
            self.env.ref("base.lang_fr").active = True
            _request, mail = self._sent(self._order(self._partner(lang=lang)))
            self.assertIn("Dear Customer", mail.body_html, f"{lang}: English blocks")
            self.assertNotIn("Hallo", mail.body_html)

    def test_blocks_in_sequence_with_rating_and_unsubscribe_links(self):
        request, mail = self._sent(self._order())
        body = mail.body_html
        positions = [body.index(t) for t in ("Dear", "thank you", "One click", "Trail Runner")]
        self.assertEqual(positions, sorted(positions), "blocks follow their sequence")
        self.assertEqual(body.count("/review/rate/"), 5, "five one-click rating links")
        self.assertIn(f"/review/optout/{request.id}/", body)

    def test_category_and_value_conditions(self):
        special = self.env["review.block"].create(
            {
                "name": "Shoe care tip",
                "kind": "text",
                "sequence": 35,
                "lang": "en_US",
                "category_ids": [Command.link(self.category_shoes.id)],
                "min_amount": 50,
                "body": "<p>SHOE-CARE-TIP</p>",
            }
        )
        _r, shoe_mail = self._sent(self._order())  # Trail Runner, category Running < Shoes
        _r, mug_mail = self._sent(self._order(products=self.mug))
        self.assertIn("SHOE-CARE-TIP", shoe_mail.body_html, "a parent category matches")
        self.assertNotIn("SHOE-CARE-TIP", mug_mail.body_html)
        special.min_amount = 500
        _r, cheap_mail = self._sent(self._order())
        self.assertNotIn("SHOE-CARE-TIP", cheap_mail.body_html, "below the block's minimum")

    def test_source_condition(self):
        other = self.source.copy({"code": "OTHER-SHOP", "name": "Other Shop"})
        self.env["review.block"].create(
            {
                "name": "Other shop greeting",
                "kind": "greeting",
                "sequence": 10,
                "lang": "en_US",
                "source_ids": [Command.link(other.id)],
                "body": "<p>OTHER-SHOP-HELLO</p>",
            }
        )
        _r, mail = self._sent(self._order())
        self.assertNotIn("OTHER-SHOP-HELLO", mail.body_html)
        self.assertIn("Dear", mail.body_html)

    def test_product_link_or_general_link(self):
        order = self._order(products=self.shoe | self.mug)
        self.rule.line_ids.filtered(lambda line: line.platform_id == self.google).weight = 0
        request, _mail = self._sent(order)
        shoe_link = request.link_ids.filtered(lambda link: link.product_id == self.shoe)
        mug_link = request.link_ids.filtered(lambda link: link.product_id == self.mug)
        general = request.link_ids.filtered(lambda link: link.kind == "platform")
        self.assertTrue(shoe_link.product_specific, "the shoe has a SKU: product link")
        self.assertEqual(
            shoe_link.url, f"https://ts.example/product/TR-1?order={order.external_ref}"
        )
        self.assertFalse(mug_link.product_specific, "the mug has no SKU: general link")
        self.assertEqual(mug_link.url, f"https://ts.example/review?order={order.external_ref}")
        self.assertFalse(general.product_specific)
        self.assertTrue(all(request.link_ids.mapped("tracker_id")), "every link is tracked")

    def test_same_customer_same_platform(self):
        partner = self._partner()
        first, _m = self._sent(self._order(partner))
        second, _m = self._sent(self._order(partner))
        self.assertEqual(first.link_ids.platform_id, second.link_ids.platform_id)

    def test_unknown_placeholder_refused(self):
        with self.assertRaises(ValidationError):
            self.env["review.block"].create(
                {"name": "Bad", "kind": "text", "body": "<p>{password}</p>"}
            )

    def test_unknown_url_placeholder_refused(self):
        with self.assertRaises(ValidationError):
            self.trusted.url_template = "https://ts.example/{customer_id}"

    def test_google_cannot_be_gated(self):
        with self.assertRaises(ValidationError):
            self.google.gate_on_rating = True

    def test_gated_platform_not_in_mail(self):
        self.trusted.gate_on_rating = True
        self.rule.line_ids.filtered(lambda line: line.platform_id == self.google).weight = 0
        request, mail = self._sent(self._order())
        self.assertFalse(request.link_ids, "a gated platform waits for a good rating")
        self.assertNotIn("ts.example", mail.body_html)

    def test_preview_for_chosen_order(self):
        order = self._order(self._partner(lang="de_DE"))
        with Form(self.env["review.preview"].with_user(self.review_user)) as preview:
            preview.order_id = order
            self.assertIn("Hallo", preview.body)
            self.assertIn("Trail Runner", preview.body)
            self.assertIn(
                "ts.example" if "Trusted" in preview.link_summary else "g.example",
                preview.link_summary,
            )
        self.assertFalse(order.review_request_ids, "a preview stores nothing")
        self.assertFalse(self.env["review.request.link"].search([("request_id", "=", False)]))
