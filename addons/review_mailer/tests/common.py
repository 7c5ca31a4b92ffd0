import datetime

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon

# Wednesday 2 December 2026, 10:00 UTC (11:00 in Berlin): "day 0" of the tests.
DAY0 = datetime.datetime(2026, 12, 2, 10, 0)


class ReviewCommon(BaseCommon):
    """A webshop source with review requests on (7 days, 9-18 Monday to Friday, Berlin),
    two platforms split 70/30, German and English customers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref("base.lang_de").active = True
        cls.source = cls.env["clearhouse.order.source"].create(
            {
                "name": "Mustershop",
                "code": "REVIEW-TEST",
                "kind": "shop",
                "shipping_mail": False,
                "review_enabled": True,
                "review_delay_days": 7,
                "review_hour_from": 9,
                "review_hour_to": 18,
                "review_tz": "Europe/Berlin",
                "review_cooldown_days": 0,
            }
        )
        cls.category_shoes = cls.env["product.category"].create({"name": "Shoes"})
        cls.category_running = cls.env["product.category"].create(
            {"name": "Running", "parent_id": cls.category_shoes.id}
        )
        cls.shoe = cls.env["product.product"].create(
            {
                "name": "Trail Runner",
                "type": "consu",
                "list_price": 80.0,
                "default_code": "TR-1",
                "barcode": "4006381333931",
                "categ_id": cls.category_running.id,
            }
        )
        cls.mug = cls.env["product.product"].create(
            {"name": "Mug", "type": "consu", "list_price": 12.0}
        )
        cls.trusted = cls.env["review.platform"].create(
            {
                "name": "Trusted Shops",
                "code": "trusted",
                "url_template": "https://ts.example/review?order={order_ref}",
                "product_url_template": "https://ts.example/product/{sku}?order={order_ref}",
                "selective_allowed": True,
            }
        )
        cls.google = cls.env["review.platform"].create(
            {"name": "Google", "code": "google", "url_template": "https://g.example/review"}
        )
        cls.rule = cls.env["review.rule"].create(
            {
                "name": "Shop 70/30",
                "source_ids": [Command.link(cls.source.id)],
                "line_ids": [
                    Command.create({"platform_id": cls.trusted.id, "weight": 70}),
                    Command.create({"platform_id": cls.google.id, "weight": 30}),
                ],
            }
        )
        cls.review_user = new_test_user(
            cls.env, login="review_user", groups="review_mailer.review_mailer_group_user"
        )
        cls.review_manager = new_test_user(
            cls.env,
            login="review_manager",
            groups="review_mailer.review_mailer_group_manager,sales_team.group_sale_salesman",
        )
        cls._counter = 0

    @classmethod
    def _partner(cls, lang="en_US", **values):
        cls._counter += 1
        return cls.env["res.partner"].create(
            {
                "name": f"Customer {cls._counter}",
                "email": f"customer{cls._counter}@example.com",
                "lang": lang,
                **values,
            }
        )

    @classmethod
    def _order(cls, partner=None, products=None, **values):
        cls._counter += 1
        return cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls._partner()).id,
                "order_source_id": cls.source.id,
                "external_ref": f"WEB-{cls._counter}",
                "order_line": [
                    Command.create({"product_id": p.id}) for p in (products or cls.shoe)
                ],
                **values,
            }
        )

    @classmethod
    def _deliver(cls, order):
        """Confirm the order and validate its delivery (the done date is 'now')."""
        order.action_confirm()
        for picking in order.picking_ids:
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
            picking.move_ids.picked = True
            picking._action_done()
        return order.review_request_ids

    @classmethod
    def _request(cls, order=None, delivered_at=None):
        """A scheduled request without going through the warehouse (fast fixtures)."""
        return cls.env["review.request"].create(
            {
                "order_id": (order or cls._order()).id,
                "delivered_at": delivered_at or fields.Datetime.now(),
            }
        )

    def _mails(self, requests):
        return self.env["mail.mail"].search(
            [("model", "=", "review.request"), ("res_id", "in", requests.ids)]
        )
