from odoo import fields, models

from odoo.addons.promo_clearing.models.sale_order import OPEN_STATES
from odoo.addons.promo_orders.models.promo_issue_messages import render_issue_message

from clearhouse.shops.contract import UNKNOWN
from clearhouse.types import Customer
from clearhouse.validation import check_address

from .shop_payment_mapping import PAYMENT_CATEGORY_SELECTION


class SaleOrder(models.Model):
    _inherit = "sale.order"

    shop_backend_id = fields.Many2one(
        "shop.backend", string="Webshop", index=True, copy=False, readonly=True
    )
    shop_order_ref = fields.Char(string="Shop Order Number", index=True, copy=False, readonly=True)
    shop_payment_method = fields.Char(string="Shop Payment Method", copy=False, readonly=True)
    shop_payment_category = fields.Selection(
        [*PAYMENT_CATEGORY_SELECTION, (UNKNOWN, "Unknown")],
        string="Payment Category",
        copy=False,
        readonly=True,
    )
    shop_awaiting_payment = fields.Boolean(
        string="Awaiting Shop Payment",
        copy=False,
        index=True,
        tracking=True,
        help="Prepayment order: stays unconfirmed until the payment is released.",
    )

    _sql_constraints = [
        (
            "shop_order_ref_uniq",
            "UNIQUE(shop_backend_id, shop_order_ref)",
            "A shop order number is imported once per shop.",
        ),
    ]

    # ---------------------------------------------------------------- flow
    def _shop_start_flow(self):
        """Automation after import: problems to clearing, the rest by payment category.

        Prepayment orders wait for ``_shop_release_prepayment()``; paid, invoice and cash
        on delivery orders are confirmed at once. Customer notes and the other automatic
        holds come from promo_clearing; after a clerk's release the flow continues.
        """
        problems = {order.id: order._shop_address_problem() for order in self}
        problems = {order_id: problem for order_id, problem in problems.items() if problem}
        self.browse(list(problems))._send_to_clearing("address", problems)
        unknown = self.filtered(
            lambda o: o.shop_payment_category == UNKNOWN and o.clearing_state not in OPEN_STATES
        )
        unknown._send_to_clearing(
            "shop_payment",
            {
                order.id: self.env._(
                    "Unknown payment method %(method)s.", method=order.shop_payment_method or "-"
                )
                for order in unknown
            },
        )
        automated = self.filtered(lambda o: o.clearing_state not in OPEN_STATES)
        held = automated._clearing_apply_holds()
        (automated - held).filtered(
            lambda o: not o.shop_awaiting_payment and o.state in ("draft", "sent")
        ).action_confirm()
        template = self.env.ref(
            "shop_connector.mail_template_order_received", raise_if_not_found=False
        )
        if template and self:
            template.send_mail_batch(self.ids)
        return True

    def _shop_address_problem(self):
        """Why the delivery address cannot be shipped to, or False.

        Uses the same postal-code and completeness rules as campaign orders (core
        ``check_address``: required fields, postal-code pattern, house number).
        """
        self.ensure_one()
        address = self.partner_shipping_id
        customer = Customer(
            lastname=address.name or "",
            street=address.street or "",
            street2=address.street2 or "",
            zip=address.zip or "",
            city=address.city or "",
            state=address.state_id.code or "",
            country=address.country_id.code or "",
        )
        issues = check_address(customer)
        if issues:
            return "; ".join(render_issue_message(self.env, issue) for issue in issues)
        return False

    def _shop_release_prepayment(self):
        """The payment of prepayment orders arrived: confirm them (orders in clearing
        are confirmed when the clerk releases them).

        To be unified with payment_matching's ``_release_prepayment()``.
        """
        awaiting = self.filtered("shop_awaiting_payment")
        awaiting.write({"shop_awaiting_payment": False})
        awaiting.filtered(
            lambda o: o.state in ("draft", "sent") and o.clearing_state not in OPEN_STATES
        ).action_confirm()
        return awaiting

    def _clearing_release(self):
        """A released prepayment order still waits for its payment."""
        awaiting = self.filtered("shop_awaiting_payment")
        if not awaiting:
            return super()._clearing_release()
        return super(
            SaleOrder, self.with_context(shop_keep_draft_ids=awaiting.ids)
        )._clearing_release()

    def action_confirm(self):
        keep = self.env.context.get("shop_keep_draft_ids")
        if keep:
            return super(SaleOrder, self.filtered(lambda o: o.id not in keep)).action_confirm()
        return super().action_confirm()
