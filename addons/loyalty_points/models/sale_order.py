from collections import defaultdict
from decimal import Decimal

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from clearhouse.loyalty.points import Line, earn_points, eligible_revenue

CHANNEL = "sale_order"


class SaleOrder(models.Model):
    """Every confirmed order earns points; a cancelled one gives them back; a voucher on
    the order is redeemed at confirmation through the one atomic path."""

    _inherit = "sale.order"

    points_voucher_code = fields.Char(
        string="Loyalty Voucher", copy=False, help="Voucher code the customer redeems."
    )
    points_redemption_id = fields.Many2one("points.redemption", copy=False, readonly=True)
    points_move_ids = fields.One2many("points.move", "order_id", string="Points Moves")
    points_earned = fields.Integer(compute="_compute_points_earned")

    @api.depends("points_move_ids.points")
    def _compute_points_earned(self):
        # sudo: the order's own points total is shown to whoever may read the order (a
        # clearing clerk without loyalty rights opens it too); the ledger stays hidden.
        for order in self:
            order.points_earned = sum(order.sudo().points_move_ids.mapped("points"))

    def action_confirm(self):
        self.filtered("points_voucher_code")._loyalty_redeem()
        result = super().action_confirm()
        self.filtered(lambda o: o.state == "sale")._loyalty_earn()
        return result

    def _action_cancel(self):
        result = super()._action_cancel()
        self._loyalty_reverse()
        return result

    # ------------------------------------------------------------------ vouchers
    def _loyalty_redeem(self, raise_refused=True):
        """Redeem each order's voucher (atomic); a refusal stops the confirmation.

        With ``raise_refused=False`` (automation) the refused orders are answered as
        ``{order: refusal answer}`` instead and keep their draft state.
        """
        refused = {}
        voucher_model = self.env["points.voucher"].sudo()  # the order's user redeems for it
        product = self.env.ref("loyalty_points.product_loyalty_voucher")
        for order in self.filtered(lambda o: not o.points_redemption_id):
            customer = order.partner_id.commercial_partner_id
            partner_ids = (customer | customer.child_ids | order.partner_id).ids
            answer = voucher_model._redeem(
                order.points_voucher_code,
                CHANNEL,
                order.name,
                order.amount_total,
                partner_ids=partner_ids,
                order=order,
            )
            if not answer["accepted"]:
                if not raise_refused:
                    refused[order] = answer
                    continue
                raise UserError(
                    self.env._(
                        "Order %(order)s: voucher %(code)s refused: %(reason)s",
                        order=order.name,
                        code=order.points_voucher_code,
                        reason=answer["message"],
                    )
                )
            redemption = voucher_model._redemption_of(CHANNEL, order.name)
            order.write(
                {
                    "points_voucher_code": answer["code"],
                    "points_redemption_id": redemption.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "name": self.env._("Voucher %(code)s", code=answer["code"]),
                                "price_unit": -answer["amount"],
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        return refused

    # ------------------------------------------------------------------ points
    def _loyalty_accounts(self):
        """``{order: account}`` for the confirmed orders, enrolling where the programme does."""
        result = {}
        missing = defaultdict(lambda: self.env["res.partner"])
        programs = {}
        for order in self:
            program = programs.setdefault(
                order.company_id, self.env["points.program"]._for_company(order.company_id)
            )
            if program:
                missing[program] |= order.partner_id.commercial_partner_id
        accounts = {}
        for program, partners in missing.items():
            found = self.env["points.account"].search(
                [("program_id", "=", program.id), ("partner_id", "in", partners.ids)]
            )
            known = {a.partner_id: a for a in found}
            new = partners.filtered(lambda p, known=known: p not in known)
            if new and program.auto_enroll:
                created = self.env["points.account"].create(
                    [{"program_id": program.id, "partner_id": p.id} for p in new]
                )
                known.update({a.partner_id: a for a in created})
            accounts[program] = known
        for order in self:
            program = programs[order.company_id]
            account = accounts.get(program, {}).get(order.partner_id.commercial_partner_id)
            if account:
                result[order] = account
        return result

    def _loyalty_earn(self):
        # Orders of any source earn; the ledger is written by the system, not the user.
        orders = self.sudo()
        booked = orders._loyalty_booked()
        moves = []
        for order, account in orders._loyalty_accounts().items():
            if booked.get(order.id, 0) > 0:
                continue  # confirmed again without a cancel in between: earned already
            rule = account.program_id._points_rule()
            lines = [
                Line(Decimal(str(line.price_subtotal)), line.product_id.categ_id.id)
                for line in order.order_line
                if not line.display_type
            ]
            points = earn_points(lines, rule, order.date_order.date())
            if points:
                moves.append(
                    {
                        "account_id": account.id,
                        "kind": "earn",
                        "points": points,
                        "revenue": float(eligible_revenue(lines, rule)),
                        "order_id": order.id,
                        "date": order.date_order.date(),
                    }
                )
        self.env["points.move"].sudo().create(moves)

    def _loyalty_booked(self):
        rows = (
            self.env["points.move"]
            .sudo()
            ._read_group([("order_id", "in", self.ids)], ["order_id"], ["points:sum"])
        )
        return {order.id: points for order, points in rows}

    def _loyalty_reverse(self):
        """Take back what the cancelled orders still hold on the ledger."""
        moves = self.env["points.move"].sudo()
        rows = moves._read_group(
            [("order_id", "in", self.ids)],
            ["order_id", "account_id"],
            ["points:sum", "revenue:sum"],
        )
        moves.create(
            [
                {
                    "account_id": account.id,
                    "kind": "reverse",
                    "points": -points,
                    "revenue": -revenue,
                    "order_id": order.id,
                    "reason": self.env._("Order cancelled"),
                }
                for order, account, points, revenue in rows
                if points
            ]
        )
