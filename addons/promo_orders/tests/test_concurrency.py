import threading
import time

from psycopg2.errors import SerializationFailure

from odoo import Command, api
from odoo.tests import TransactionCase, tagged

from clearhouse.intake.payload import parse_order_dict

from .common import PromoFixturesMixin


def _as_request(env, func):
    """Run ``func`` as Odoo runs a request: a serialization failure is retried afresh.

    (``odoo.service.model.retrying`` itself needs the registry lock that post-install
    tests hold.)
    """
    for _try in range(3):
        try:
            return func()
        except SerializationFailure:
            env.cr.rollback()
            env.transaction.clear()
    return func()


@tagged("post_install", "-at_install")
class TestConcurrentIntake(TransactionCase):
    """The same order from two workers at the same moment is created once.

    Uses real, committed transactions (two cursors), so it cleans up after itself.
    """

    def setUp(self):
        super().setUp()
        self._cleanup()  # an interrupted earlier run may have left its data
        registry = self.env.registry
        with registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            tmpl = env["product.template"].create(
                {"name": "Race Mug", "default_code": "RACE-MUG", "type": "consu"}
            )
            env["promo.campaign"].create(
                {
                    "name": "Race",
                    "code": "RACE-TEST",
                    "state": "running",
                    "auto_confirm": False,
                    "product_ids": [Command.create({"product_tmpl_id": tmpl.id, "points": 1})],
                }
            )
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            campaign = env["promo.campaign"].search([("code", "=", "RACE-TEST")])
            orders = env["sale.order"].search([("promo_campaign_id", "in", campaign.ids)])
            partners = (
                env["res.partner"].search(
                    [
                        ("email", "in", ["a@example.com", "b@example.com"]),
                        ("create_date", "!=", False),
                    ]
                )
                | orders.partner_id
            )
            orders.unlink()
            env["promo.participant"].search([("campaign_id", "in", campaign.ids)]).unlink()
            partners.filtered(lambda p: not p.sale_order_ids).unlink()
            campaign.unlink()
            env["product.template"].search([("default_code", "=", "RACE-MUG")]).unlink()

    @property
    def campaign_id(self):
        with self.env.registry.cursor() as cr:
            cr.execute("SELECT id FROM promo_campaign WHERE code = 'RACE-TEST'")
            return cr.fetchone()[0]

    def _payload(self, email):
        order = PromoFixturesMixin._order_dict(
            "RACE-1", participant_number="P-RACE", lines=[{"sku": "RACE-MUG", "quantity": 1}]
        )
        order["customer"]["email"] = email
        return parse_order_dict(order)

    def test_same_reference_from_two_workers(self):
        registry = self.env.registry
        second = {}

        cr1 = registry.cursor()
        try:
            env1 = api.Environment(cr1, self.env.uid, {})
            campaign_id = self.campaign_id
            campaign1 = env1["promo.campaign"].browse(campaign_id)
            [first] = env1["promo.intake"]._submit(
                campaign1, [self._payload("a@example.com")], "api"
            )
            env1.flush_all()

            def worker():
                with registry.cursor() as cr2:
                    # Post-install tests run while the registry lock is held: give the
                    # worker's cursor its transaction directly instead of looking it up.
                    cr2.transaction = api.Transaction(registry)
                    env2 = api.Environment(cr2, self.env.uid, {})
                    campaign2 = env2["promo.campaign"].browse(campaign_id)
                    [second["result"]] = _as_request(
                        env2,
                        lambda: env2["promo.intake"]._submit(
                            campaign2, [self._payload("b@example.com")], "api"
                        ),
                    )

            thread = threading.Thread(target=worker)
            thread.start()
            time.sleep(1.0)  # the worker is now waiting on the unique index
            self.assertTrue(thread.is_alive(), "the second worker waits for the first")
            cr1.commit()
        finally:
            cr1.close()
        thread.join(30)
        self.assertFalse(thread.is_alive(), "the second worker finished")
        self.assertEqual(
            second["result"]["order_id"],
            first["order_id"],
            "the second reply returns the first order's id",
        )
        self.assertTrue(second["result"]["duplicate"])
        self.assertEqual(
            second["result"]["state"], first["state"], "the reply carries the first order's state"
        )
        with registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM sale_order WHERE promo_campaign_id = %s",
                (campaign_id,),
            )
            self.assertEqual(cr.fetchone()[0], 1, "exactly one order exists")

    def test_same_participant_from_two_workers(self):
        """Both workers add participant P-RACE: one row, no exception, no ERROR logged.

        The second worker runs as Odoo runs a request (retried): its insert waits for
        the first, then its fresh try finds the participant the first committed.
        """
        registry = self.env.registry
        campaign_id = self.campaign_id
        with registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            partner_a, partner_b = (
                env["res.partner"]
                .create(
                    [
                        {"name": "Racer A", "email": "a@example.com"},
                        {"name": "Racer B", "email": "b@example.com"},
                    ]
                )
                .ids
            )
        second, errors = {}, []

        def match(env, payload, partner_id):
            intake = env["promo.intake"]
            campaign = env["promo.campaign"].browse(campaign_id)
            # The number leads to its holder, as the intake's identity keys do.
            known = env["promo.participant"].search_read(
                [("campaign_id", "=", campaign_id), ("number", "=", "P-RACE")], ["partner_id"]
            )
            partner_of = {payload.external_ref: known[0]["partner_id"][0] if known else partner_id}
            return intake._match_participants(campaign, [payload], partner_of)

        with self.assertNoLogs("odoo.sql_db", "ERROR"):
            cr1 = registry.cursor()
            try:
                env1 = api.Environment(cr1, self.env.uid, {})
                first = match(env1, self._payload("a@example.com"), partner_a)
                env1.flush_all()

                def worker():
                    try:
                        with registry.cursor() as cr2:
                            cr2.transaction = api.Transaction(registry)
                            env2 = api.Environment(cr2, self.env.uid, {})
                            payload = self._payload("b@example.com")
                            second["result"] = _as_request(
                                env2, lambda: match(env2, payload, partner_b)
                            )
                    except Exception as exc:  # noqa: BLE001 - reported by the test below
                        errors.append(exc)

                thread = threading.Thread(target=worker)
                thread.start()
                time.sleep(1.0)  # the worker now waits on the unique index
                self.assertTrue(thread.is_alive(), "the second worker waits for the first")
                cr1.commit()
            finally:
                cr1.close()
            thread.join(30)
        self.assertFalse(thread.is_alive(), "the second worker finished")
        self.assertEqual(errors, [], "the second worker raised nothing")
        self.assertEqual(second["result"], first, "both use the same participant")
        with registry.cursor() as cr:
            cr.execute(
                "SELECT partner_id FROM promo_participant WHERE campaign_id = %s", (campaign_id,)
            )
            self.assertEqual(cr.fetchall(), [(partner_a,)], "exactly one participant")
