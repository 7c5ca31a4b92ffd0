from odoo import Command
from odoo.tests import TransactionCase, tagged

from .common import ExchangeFixturesMixin


@tagged("post_install", "-at_install")
class TestRouting(ExchangeFixturesMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_exchange_fixtures()

    def _route(self, lines, country="DE", street="Hauptstrasse 1", street2=False):
        customer = self._customer(country=country, street=street, street2=street2)
        order = self._orders([(customer, [(getattr(self, p), q) for p, q in lines])])
        return order, self._deliveries(order)

    def test_routing_table(self):
        """Each case: order lines, destination, address -> partner per product or a reason."""
        cases = [
            # name, lines, country, street, street2, expected {product: partner code} or reason
            ("small parcel DE", [("mug", 1)], "DE", "Hauptstrasse 1", False, {"MUG": "NORD"}),
            ("small parcel AT", [("mug", 3)], "AT", "Ring 2", False, {"MUG": "NORD"}),
            (
                "furniture by category parent",
                [("chair", 1)],
                "DE",
                "Weg 3",
                False,
                {"CHAIR": "BULK"},
            ),
            (
                "split small and bulky",
                [("mug", 2), ("chair", 1)],
                "DE",
                "Weg 4",
                False,
                {"MUG": "NORD", "CHAIR": "BULK"},
            ),
            (
                "international by country",
                [("mug", 1), ("chair", 1)],
                "FR",
                "Rue 5",
                False,
                {"MUG": "INTL", "CHAIR": "INTL"},
            ),
            (
                "Packstation small parcel",
                [("mug", 1)],
                "DE",
                "Packstation 123",
                "12345678",
                {"MUG": "NORD"},
            ),
            (
                "too heavy for small parcels",
                [("mug", 100)],
                "DE",
                "Weg 6",
                False,
                "heavier than rule Small parcels DACH",
            ),
            (
                "too long for a Packstation-size parcel",
                [("poster", 1)],
                "DE",
                "Weg 7",
                False,
                "rule Small parcels DACH takes only parcels of Packstation size",
            ),
            (
                "heavy for international",
                [("chair", 2)],
                "NL",
                "Straat 8",
                False,
                "heavier than rule International",
            ),
            (
                "country nobody serves",
                [("mug", 1)],
                "US",
                "Main St 9",
                False,
                "no routing rule serves the destination country",
            ),
            (
                "furniture to a Packstation",
                [("chair", 1)],
                "DE",
                "Packstation 123",
                "12345678",
                "takes only parcels of Packstation size",
            ),
        ]
        for name, lines, country, street, street2, expected in cases:
            with self.subTest(case=name):
                order, deliveries = self._route(lines, country, street, street2)
                if isinstance(expected, dict):
                    routed = {
                        move.product_id.default_code: picking.exchange_partner_id.code
                        for picking in deliveries
                        for move in picking.move_ids
                    }
                    self.assertEqual(routed, expected, f"{name}: wrong partner per product")
                    self.assertEqual(
                        len(deliveries),
                        len(set(expected.values())),
                        f"{name}: one delivery per partner expected",
                    )
                    self.assertEqual(set(deliveries.mapped("exchange_state")), {"ready"})
                    self.assertNotEqual(order.clearing_state, "in_clearing")
                else:
                    self.assertEqual(deliveries.exchange_state, "unroutable", name)
                    self.assertFalse(deliveries.exchange_partner_id, name)
                    self.assertIn(expected, deliveries.exchange_message, name)
                    self.assertEqual(order.clearing_state, "in_clearing", name)
                    self.assertEqual(order.clearing_reason_id.code, "carrier_unroutable")
                    self.assertIn(expected, order.clearing_message, name)

    def test_split_delivery_keeps_quantities_and_order_link(self):
        order, deliveries = self._route([("mug", 2), ("chair", 1)])
        self.assertEqual(len(deliveries), 2)
        self.assertEqual(deliveries.sale_id, order)
        qty = {m.product_id: m.product_uom_qty for m in deliveries.move_ids}
        self.assertEqual(qty, {self.mug: 2, self.chair: 1})
        for picking in deliveries:
            self.assertEqual(
                picking.move_ids.move_line_ids.picking_id,
                picking,
                "reserved move lines follow their move into the split delivery",
            )

    def test_source_rule_takes_precedence(self):
        source = self.env["clearhouse.order.source"].create(
            {"name": "Gold", "code": "GOLD", "kind": "campaign"}
        )
        self.env["carrier.routing.rule"].create(
            {
                "name": "Gold campaign",
                "sequence": 1,
                "exchange_partner_id": self.intl.id,
                "source_ids": [Command.set(source.ids)],
            }
        )
        order, deliveries = self._route([("mug", 1)])
        self.assertEqual(deliveries.exchange_partner_id, self.nord, "no source: small parcels")
        # The same delivery as an order of the campaign, routed again.
        order.order_source_id = source
        deliveries.write({"exchange_state": False, "exchange_partner_id": False})
        deliveries._exchange_route()
        self.assertEqual(deliveries.exchange_partner_id, self.intl)

    def test_route_again_after_rule_fix(self):
        order, deliveries = self._route([("mug", 1)], country="US", street="Main St 1")
        self.assertEqual(deliveries.exchange_state, "unroutable")
        self.rule_intl.country_ids |= self.countries["US"]
        order.with_user(self.env.ref("base.user_admin")).action_clearing_release()
        self.assertEqual(deliveries.exchange_state, "ready")
        self.assertEqual(deliveries.exchange_partner_id, self.intl)

    def test_without_rules_nothing_is_routed(self):
        self.env["carrier.routing.rule"].search([]).unlink()
        order, deliveries = self._route([("mug", 1)])
        self.assertFalse(deliveries.exchange_state)
        self.assertNotEqual(order.clearing_state, "in_clearing")
