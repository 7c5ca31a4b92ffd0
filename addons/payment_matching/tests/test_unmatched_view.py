from lxml import etree

from odoo.osv import expression
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import PaymentMatchingCase


def _filter_groups(node):
    """Filter domains grouped as the web client groups them.

    Consecutive ``<filter>`` elements form one group (OR-ed); a ``<separator/>``, a
    ``<field>`` or a ``<group>`` ends it. Group-by filters have no domain and are left out.
    """
    groups, current = [], []
    for child in node:
        if child.tag == "filter":
            current.append(child)
            continue
        if current:
            groups.append(current)
            current = []
        if child.tag == "group":
            groups.extend(_filter_groups(child))
    if current:
        groups.append(current)
    return [[f for f in group if f.get("domain")] for group in groups]


@tagged("post_install", "-at_install")
class TestUnmatchedLinesView(PaymentMatchingCase):
    def _opening_domain(self, action, user):
        """The domain the list opens with: the action's domain and its default filters."""
        context = safe_eval(action.context or "{}")
        defaults = {
            key.removeprefix("search_default_")
            for key, value in context.items()
            if key.startswith("search_default_") and value
        }
        Line = self.env["account.bank.statement.line"].with_user(user)
        views = Line.get_views([(action.view_id.id, "list"), (action.search_view_id.id, "search")])
        arch = etree.fromstring(views["views"]["search"]["arch"])
        domains = []
        for group in _filter_groups(arch):
            chosen = [safe_eval(f.get("domain")) for f in group if f.get("name") in defaults]
            if chosen:
                domains.append(expression.OR(chosen))
        self.assertTrue(domains, "the action opens with default filters")
        return expression.AND([safe_eval(action.domain or "[]"), *domains])

    def test_default_shows_only_incoming_unmatched_lines(self):
        invoice = self._invoice(60.0)
        incoming = self._line(60.0, "Danke")
        outgoing = self._line(-25.0, "Lastschrift Telefon")
        matched = self._line(60.0, f"Rechnung {invoice.name}")
        matched._propose_matches().filtered(lambda p: invoice in p.invoice_ids)[:1]._confirm()
        self.assertTrue(matched.payment_matched)
        action = self.env.ref("payment_matching.account_bank_statement_line_action_unmatched")
        domain = self._opening_domain(action, self.matcher)
        found = (
            self.env["account.bank.statement.line"]
            .with_user(self.matcher)
            .search(expression.AND([domain, [("id", "in", (incoming | outgoing | matched).ids)]]))
        )
        self.assertEqual(found.ids, incoming.ids, "outgoing and matched lines are not shown")

    def test_filter_groups_follow_the_web_client(self):
        """The helper itself: OR within a group, AND across separators."""
        arch = etree.fromstring(
            "<search><filter name='a' domain='[(1, \"=\", 1)]'/>"
            "<filter name='b' domain='[(2, \"=\", 2)]'/><separator/>"
            "<filter name='c' domain='[(3, \"=\", 3)]'/>"
            "<group><filter name='g' context=\"{'group_by': 'x'}\"/></group></search>"
        )
        names = [[f.get("name") for f in group] for group in _filter_groups(arch)]
        self.assertEqual(names, [["a", "b"], ["c"], []])
