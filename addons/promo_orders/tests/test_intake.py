import logging

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from clearhouse.intake.generator import generate_orders, generate_orders_with_kinds

from .common import PromoOrdersCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestIntakeApi(PromoOrdersCase):
    def _api(self, orders, code="TEST26", user=None):
        campaign = self.env["promo.campaign"].with_user(user or self.api_user)
        return campaign.submit_orders(code, orders)

    def test_results_one_per_order_in_order(self):
        orders = [self._order_dict(f"A-{i}") for i in range(5)]
        results = self._api(orders)
        self.assertEqual([r["external_ref"] for r in results], [f"A-{i}" for i in range(5)])
        self.assertTrue(all(r["order_id"] for r in results))
        self.assertEqual({r["validation"] for r in results}, {"valid"})
        self.assertEqual({r["state"] for r in results}, {"confirmed"})
        orders = self.env["sale.order"].browse([r["order_id"] for r in results])
        self.assertEqual(set(orders.mapped("intake_channel")), {"api"})

    def test_same_call_twice_returns_same_orders(self):
        orders = [self._order_dict(f"B-{i}") for i in range(3)]
        first = self._api(orders)
        count = self.env["sale.order"].search_count([("promo_campaign_id", "=", self.campaign.id)])
        second = self._api(orders)
        self.assertEqual([r["order_id"] for r in first], [r["order_id"] for r in second])
        self.assertTrue(all(r["duplicate"] for r in second))
        self.assertEqual(
            self.env["sale.order"].search_count([("promo_campaign_id", "=", self.campaign.id)]),
            count,
            "a resubmission creates nothing",
        )
        partners = self.env["res.partner"].search([("email", "=", "b-0@example.com")])
        self.assertEqual(len(partners), 1, "the participant is not created twice")

    def test_same_reference_twice_in_one_call(self):
        results = self._api([self._order_dict("C-1"), self._order_dict("C-1")])
        self.assertEqual(results[0]["order_id"], results[1]["order_id"])
        self.assertFalse(results[0]["duplicate"])
        self.assertTrue(results[1]["duplicate"])

    def test_invalid_orders_come_back_with_issues(self):
        [result] = self._api([self._order_dict("D-1", customer={"zip": "ABC"})])
        self.assertEqual(result["validation"], "invalid")
        codes = {i["code"] for i in result["issues"]}
        self.assertIn("address_zip_invalid", codes)
        issue = next(i for i in result["issues"] if i["code"] == "address_zip_invalid")
        self.assertEqual(issue["field"], "zip")
        self.assertEqual(issue["severity"], "block")

    def test_bad_payloads_rejected_others_kept(self):
        bad = [
            {"external_ref": "E-1"},  # no customer, no lines
            self._order_dict("E-2", lines=[{"sku": "NOPE", "quantity": 1}]),
            self._order_dict("E-3", lines=[{"sku": "T-MUG", "quantity": "many"}]),
            self._order_dict("E-4", customer={"city": "x" * 100000}),
            "not a dict",
        ]
        results = self._api(bad + [self._order_dict("E-OK")])
        self.assertEqual(len(results), 6)
        for result in results[:5]:
            self.assertEqual(result["state"], "rejected", result)
            self.assertFalse(result["order_id"])
            self.assertTrue(result["issues"][0]["message"])
        self.assertEqual(results[1]["issues"][0]["field"], "lines[0].sku", "positions are 0-based")
        self.assertEqual(results[1]["issues"][0]["line"], 0)
        self.assertIn("NOPE", results[1]["issues"][0]["message"])
        self.assertIn("quantity", results[2]["issues"][0]["field"])
        self.assertIn("city", results[3]["issues"][0]["field"])
        self.assertEqual(results[5]["validation"], "valid", "the good order of the call is kept")
        self.assertFalse(
            self.env["sale.order"].search([("external_ref", "in", ["E-1", "E-2", "E-3"])])
        )

    def test_product_outside_catalogue_is_unknown(self):
        [result] = self._api([self._order_dict("E-5", lines=[{"sku": "T-OTHER"}])])
        self.assertEqual(result["state"], "rejected")
        self.assertIn("T-OTHER", result["issues"][0]["message"])

    def test_user_without_intake_group_refused(self):
        with self.assertRaises(AccessError):
            self._api([self._order_dict("F-1")], user=self.plain_user)
        with self.assertRaises(AccessError):
            self._api([self._order_dict("F-1")], user=self.user)

    def test_unknown_or_closed_campaign_refused(self):
        with self.assertRaises(UserError):
            self._api([self._order_dict("G-1")], code="NOPE")
        self.campaign.state = "closed"
        with self.assertRaises(UserError):
            self._api([self._order_dict("G-1")])

    def test_other_company_campaign_invisible_to_api_user(self):
        other = self.env["res.company"].create({"name": "Other Center"})
        self.env["promo.campaign"].create(
            {"name": "B", "code": "OTHERCO", "company_id": other.id, "state": "running"}
        )
        with self.assertRaises(UserError):
            self._api([self._order_dict("H-1")], code="OTHERCO")

    def test_generated_orders_match_their_kind(self):
        """Generator orders meant valid pass, each planted defect is caught."""
        self.campaign.product_ids.max_per_participant = 0
        catalogue = tuple(
            (p.code, p.product_tmpl_id.name, p.points, tuple(p._get_sizes()))
            for p in self.campaign.product_ids
        )
        pairs = generate_orders_with_kinds(
            40, invalid_ratio=0.25, seed=3, catalogue=catalogue, ref_prefix="GK"
        )
        results = self._submit([order for order, _kind in pairs], confirm=False)
        for (order, kind), result in zip(pairs, results, strict=True):
            expected = "valid" if kind == "valid" else ("rejected", "invalid")
            self.assertIn(
                result["validation"] or result["state"], expected, f"{kind}: {order} -> {result}"
            )
        invalid = [r for r in results if r["validation"] != "valid"]
        self.assertEqual(len(invalid), sum(1 for _o, kind in pairs if kind != "valid"))
        self.assertEqual(len(invalid), 10, "25 % of 40 orders are invalid")

    def test_generate_wizard_refused_on_running_campaign(self):
        wizard = (
            self.env["promo.generate.wizard"]
            .with_user(self.manager)
            .create({"campaign_id": self.campaign.id, "count": 2})
        )
        self.assertFalse(self.campaign.can_generate_orders, "running, not a test database")
        with self.assertRaises(UserError):
            wizard.action_generate()

    def test_generate_wizard_creates_orders(self):
        self.env["ir.config_parameter"].set_param("clearhouse.test_database", "1")
        wizard = (
            self.env["promo.generate.wizard"]
            .with_user(self.manager)
            .create(
                {"campaign_id": self.campaign.id, "count": 10, "invalid_ratio": 20.0, "seed": 5}
            )
        )
        action = wizard.action_generate()
        orders = self.env["sale.order"].search(action["domain"])
        self.assertEqual(len(orders), len([o for o in orders if o.external_ref]))
        self.assertGreaterEqual(len(orders), 8, "rejected orders (unknown sku) have no order")


@tagged("post_install", "-at_install")
class TestIntakeQueries(PromoOrdersCase):
    """The intake must not issue queries per order or line (acceptance 4)."""

    def _orders(self, prefix, count=50):
        catalogue = (
            ("T-SHIRT", "T-Shirt", 300, ("S", "M", "L", "XL")),
            ("T-MUG", "Mug", 100, ()),
            ("T-JACKET", "Jacket", 1000, ()),
        )
        return generate_orders(
            count, invalid_ratio=0.2, seed=7, catalogue=catalogue, ref_prefix=prefix
        )

    def _baseline(self, orders):
        """One plain batch create of the same partners and orders."""
        variants = {
            (
                p.product_tmpl_id.default_code,
                p.product_template_attribute_value_ids.name or "",
            ): p.id
            for p in (self.tmpl_shirt | self.tmpl_mug | self.tmpl_jacket).product_variant_ids
        }
        countries = {c.code: c.id for c in self.env["res.country"].search([])}
        partner_vals = [
            {
                "name": f"{o['customer'].get('firstname', '')} {o['customer'].get('lastname', '')}",
                "email": o["customer"].get("email"),
                "phone": o["customer"].get("phone"),
                "street": o["customer"].get("street"),
                "zip": o["customer"].get("zip"),
                "city": o["customer"].get("city"),
                "country_id": countries.get(o["customer"].get("country")),
                # the same partners as the intake's: participants belong to the company
                "company_id": self.campaign.company_id.id,
            }
            for o in orders
        ]
        partners = self.env["res.partner"].create(partner_vals)
        self.env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "client_order_ref": o["external_ref"],
                    "order_line": [
                        Command.create(
                            {
                                "product_id": variants.get(
                                    (line["sku"], line.get("size") or ""),
                                    variants[("T-MUG", "")],
                                ),
                                "product_uom_qty": line.get("quantity", 1),
                            }
                        )
                        for line in o["lines"]
                    ],
                }
                for partner, o in zip(partners, orders, strict=True)
            ]
        )

    def _count_queries(self, func):
        self.env.invalidate_all()
        self.env.registry.clear_cache()
        before = self.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def test_50_orders_query_count_close_to_plain_create(self):
        self.campaign.auto_confirm = False  # confirmation is excluded from the comparison
        # Warm up both paths once so that caches (translations, fields) are filled equally.
        self._submit(self._orders("WARM", 2), confirm=False)
        self._baseline(self._orders("WARMB", 2))
        baseline = self._count_queries(lambda: self._baseline(self._orders("BASE")))
        intake = self._count_queries(lambda: self._submit(self._orders("INTAKE"), confirm=False))
        self.assertLessEqual(
            intake,
            1.2 * baseline,
            f"intake of 50 orders took {intake} queries, plain create {baseline}: the "
            "intake must stay within 1.2x (no query per order or line)",
        )
        _logger.info("Intake queries for 50 orders: %s, plain batch create: %s", intake, baseline)
        # Twice the orders: the extra queries of the intake stay constant.
        baseline_100 = self._count_queries(lambda: self._baseline(self._orders("BASE100", 100)))
        intake_100 = self._count_queries(
            lambda: self._submit(self._orders("INT100", 100), confirm=False)
        )
        _logger.info(
            "Intake queries for 100 orders: %s, plain batch create: %s", intake_100, baseline_100
        )
        self.assertLessEqual(
            intake_100 - baseline_100,
            (intake - baseline) + 10,
            f"extra queries grow with the batch: 50 orders {intake} vs {baseline}, "
            f"100 orders {intake_100} vs {baseline_100}",
        )
