from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from ..models.res_partner import TRIGRAM_SEARCH_FIELDS


@tagged("post_install", "-at_install")
class TestSearchIndexes(TransactionCase):
    """The customer and order searches of the search views read trigram indexes.

    On a small database the planner prefers reading the table, so sequential scans are
    priced out: a plan that still reads the whole table means an index is missing for
    one of the OR-ed conditions (an OR can combine indexes only when each has one).
    """

    def _plan(self, model, domain):
        query = self.env[model]._search(domain)
        self.env.flush_all()
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute(SQL("EXPLAIN %s", query.select()))
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.env.cr.execute("RESET enable_seqscan")
        return plan

    def test_customer_name_search_uses_a_trigram_index_per_field(self):
        if not self.registry.has_trigram:
            self.skipTest("pg_trgm is not available")
        # What the customer dropdown and the "Customer" search of the orders search.
        plan = self._plan("res.partner", [("display_name", "ilike", "schmidt")])
        self.assertNotIn("Seq Scan on res_partner", plan)
        self.assertIn("BitmapOr", plan)
        self.assertEqual(plan.count("Bitmap Index Scan"), len(TRIGRAM_SEARCH_FIELDS))
        self.assertIn("res_partner__complete_name_trgm_index", plan)
        self.assertIn("res_partner__email_trgm_index", plan)

    def test_order_name_or_reference_search_uses_trigram_indexes(self):
        if not self.registry.has_trigram:
            self.skipTest("pg_trgm is not available")
        plan = self._plan(
            "sale.order",
            ["|", ("name", "ilike", "0012345"), ("external_ref", "ilike", "0012345")],
        )
        self.assertNotIn("Seq Scan on sale_order", plan)
        self.assertIn("sale_order__name_index", plan)
        self.assertIn("sale_order__external_ref_index", plan)
