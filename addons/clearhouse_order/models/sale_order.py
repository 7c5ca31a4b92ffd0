from collections import defaultdict

from odoo import api, fields, models

from clearhouse.orders import order_status
from clearhouse.types import Customer
from clearhouse.validation import check_address, normalize_phone, validation_state
from clearhouse.validation.address import normalize_zip

from .clearhouse_order_issue import ISSUE_RULE_SELECTION

INTAKE_CHANNEL_SELECTION = [
    ("api", "API"),
    ("file", "File"),
    ("shop", "Webshop"),
    ("store", "Store"),
    ("manual", "Manual"),
    ("phone", "Phone"),
]
PREPAYMENT_SELECTION = [
    ("none", "No Prepayment"),
    ("awaiting", "Awaiting Payment"),
    ("paid", "Paid"),
]
DRAFT_STATES = ("draft", "sent")
# Changing these on a draft order makes its last validation stale.
REVALIDATE_FIELDS = {"partner_id", "partner_shipping_id", "order_line"}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    order_source_id = fields.Many2one(
        "clearhouse.order.source",
        string="Order Source",
        index=True,
        copy=False,
        readonly=True,
        check_company=True,
        ondelete="restrict",
        tracking=True,
    )
    order_source_kind = fields.Selection(
        related="order_source_id.kind", store=True, index=True, string="Source Kind"
    )
    external_ref = fields.Char(
        string="External Reference",
        index="trigram",
        copy=False,
        readonly=True,
        help="The order number of the source (campaign website, webshop, store); unique "
        "per source.",
    )
    intake_channel = fields.Selection(
        INTAKE_CHANNEL_SELECTION, string="Intake Channel", index=True, copy=False
    )
    customer_note = fields.Text(help="What the customer wrote with the order.")
    prepayment_state = fields.Selection(
        PREPAYMENT_SELECTION,
        string="Prepayment",
        default="none",
        required=True,
        index=True,
        copy=False,
        tracking=True,
        help="Awaiting: the order is confirmed (and shipped) only once its payment arrived.",
    )
    validation_state = fields.Selection(
        [("pending", "Pending"), ("valid", "Valid"), ("invalid", "Invalid")],
        string="Validation",
        index=True,
        copy=False,
        tracking=True,
    )
    issue_ids = fields.One2many(
        "clearhouse.order.issue", "order_id", string="Validation Issues", copy=False
    )
    issue_count = fields.Integer(compute="_compute_issue_count")
    main_issue_rule = fields.Selection(
        ISSUE_RULE_SELECTION,
        string="Main Issue",
        index=True,
        copy=False,
        help="Rule of the first blocking issue (or first warning): what to fix first.",
    )
    shipping_country_id = fields.Many2one(
        related="partner_shipping_id.country_id",
        string="Delivery Country",
        store=True,
        index=True,
    )
    order_phone = fields.Char(
        string="Phone",
        compute="_compute_order_phone",
        search="_search_order_phone",
        help="The delivery phone; searching accepts any way of writing the number.",
    )
    order_zero_value = fields.Boolean(
        string="Zero-Value Order",
        compute="_compute_order_zero_value",
        help="Premiums and other orders of a source without a price: the form hides "
        "prices, taxes, pricelist, payment terms and expiration.",
    )

    @api.depends("partner_shipping_id.phone", "partner_id.phone")
    def _compute_order_phone(self):
        for order in self:
            order.order_phone = order.partner_shipping_id.phone or order.partner_id.phone

    def _search_order_phone(self, operator, value):
        """Phones are stored in E.164: "030 1234567" finds "+49301234567"."""
        if operator not in ("=", "ilike") or not isinstance(value, str) or not value.strip():
            return [("partner_shipping_id.phone", operator, value)]
        country = self.env.company.country_id.code or ""
        check = normalize_phone(value.strip(), country)
        wanted = check.e164 if check.valid else value.strip()
        op = "=" if check.valid else "ilike"
        return [
            "|",
            ("partner_shipping_id.phone", op, wanted),
            ("partner_id.phone", op, wanted),
        ]

    @api.depends("order_source_id", "amount_total", "order_line.price_unit")
    def _compute_order_zero_value(self):
        for order in self:
            order.order_zero_value = bool(
                order.order_source_id
                and not order.amount_total
                and not any(order.order_line.mapped("price_unit"))
            )

    _sql_constraints = [
        (
            "external_ref_source_uniq",
            "UNIQUE(order_source_id, external_ref)",
            "An order with this external reference already exists for this source.",
        ),
    ]

    @api.depends("issue_ids")
    def _compute_issue_count(self):
        counts = dict(
            self.env["clearhouse.order.issue"]._read_group(
                [("order_id", "in", self.ids)], ["order_id"], ["__count"]
            )
        )
        for order in self:
            order.issue_count = counts.get(order, 0)

    def write(self, vals):
        if self._order_revalidate_fields().intersection(vals) and "validation_state" not in vals:
            stale = self.filtered(lambda o: o.validation_state and o.state in DRAFT_STATES)
            if stale:
                super(SaleOrder, stale).write({"validation_state": "pending"})
        return super().write(vals)

    def _order_revalidate_fields(self):
        """Hook: fields whose change makes the validation of a draft order stale."""
        return set(REVALIDATE_FIELDS)

    def action_order_validate(self):
        """Validate again and let automation continue: one button, also for clearing."""
        orders = self.filtered("validation_state")
        orders._order_validate()
        orders._order_automate()
        return True

    def action_order_validate_confirm(self):
        """Manual and phone entry: validate, confirm when clean, else show the issues."""
        self._order_validate()
        invalid = self.filtered(lambda o: o.validation_state == "invalid")
        (self - invalid).filtered(lambda o: o.state in DRAFT_STATES).action_confirm()
        if not invalid:
            return True
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "title": self.env._("Order not confirmed"),
                "message": self.env._(
                    "%(count)s order(s) have blocking validation issues; see the Validation tab.",
                    count=len(invalid),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_confirm(self):
        # Confirming an order whose validation is stale checks it first.
        self.filtered(lambda o: o.validation_state == "pending")._order_validate()
        return super().action_confirm()

    def _confirmation_error_message(self):
        """Veto: an order with blocking validation issues is never confirmed."""
        error = super()._confirmation_error_message()
        if error or self.validation_state != "invalid":
            return error
        messages = self.issue_ids.filtered(lambda i: i.severity == "block").mapped("message")
        return self.env._(
            "%(order)s cannot be confirmed because of blocking validation issues: %(issues)s",
            order=self.display_name,
            issues="; ".join(messages)[:500],
        )

    # ------------------------------------------------------------------ gate
    def _order_hold_reasons(self):
        """``{order id: code}`` of orders that automation must not confirm now.

        The hook where addons hold confirmation (clearing, a missing prepayment, a
        campaign confirmed by hand); extend it and update ``super()``'s answer. Holds stop
        automation only: a user may still confirm; vetoes are
        ``_confirmation_error_message()``.
        """
        return {
            order.id: "awaiting_payment" for order in self if order.prepayment_state == "awaiting"
        }

    def _order_confirm_ready(self):
        """Confirm the draft orders that no hold stops and no veto blocks; returns them."""
        drafts = self.filtered(lambda o: o.state in DRAFT_STATES)
        if not drafts:
            return drafts
        held = drafts._order_hold_reasons()
        ready = drafts.filtered(lambda o: o.id not in held and not o._confirmation_error_message())
        if ready:
            ready.action_confirm()
        return ready

    def _order_automate(self):
        """Automation's step after intake, a fix or a release.

        Addons first take out what they must (clearing sends invalid and held orders to
        the clerks) and pass the rest to ``super()``, which confirms what is ready.
        """
        return self._order_confirm_ready()

    def _order_release_payment(self):
        """The one release of a prepayment: the payment arrived, the order continues."""
        awaiting = self.filtered(lambda o: o.prepayment_state == "awaiting")
        if awaiting:
            awaiting.write({"prepayment_state": "paid"})
            awaiting._order_confirm_ready()
        return awaiting

    # ------------------------------------------------------------ validation
    def _order_validate(self):
        """Re-run the validation of the orders and store issues and state.

        ``_order_validation_issues()`` decides per order; orders it leaves out keep their
        state. Channels extend that hook for their own orders.
        """
        found = self._order_validation_issues()
        orders = self.filtered(lambda o: o.id in found)
        if not orders:
            return orders
        issue_model = self.env["clearhouse.order.issue"]
        issue_model.search([("order_id", "in", orders.ids)]).unlink()
        by_state = defaultdict(list)
        vals_list = []
        for order in orders:
            issues = found[order.id]
            by_state[(validation_state(issues), self._main_issue_rule(issues))].append(order.id)
            for vals in issue_model._prepare_vals(issues):
                vals["order_id"] = order.id
                vals_list.append(vals)
        issue_model.create(vals_list)
        for (state, rule), order_ids in by_state.items():
            self.browse(order_ids).write({"validation_state": state, "main_issue_rule": rule})
        orders._order_store_canonical_contacts()
        return orders

    def _order_store_canonical_contacts(self):
        """Phones and postal codes that validate are stored in their canonical forms
        (E.164, the country's postal code format), as intake stores them."""
        fixes = defaultdict(list)
        for shipping in self.partner_shipping_id:
            country = shipping.country_id.code or ""
            values = {}
            if shipping.phone:
                check = normalize_phone(shipping.phone, country)
                if check.valid and check.e164 != shipping.phone:
                    values["phone"] = check.e164
            if shipping.zip:
                canonical = normalize_zip(shipping.zip, country)
                if canonical and canonical != shipping.zip:
                    values["zip"] = canonical
            if values:
                fixes[tuple(sorted(values.items()))].append(shipping.id)
        for values, partner_ids in fixes.items():
            self.env["res.partner"].browse(partner_ids).write(dict(values))

    def _order_validation_issues(self):
        """``{order id: [core Issue]}`` for the orders this hook validates.

        The kernel checks the delivery address of orders that came from a source (the
        core's postal code, completeness and house number rules). A channel replaces
        this for its own orders: take them out of ``self`` before calling ``super()``.
        """
        return {
            order.id: check_address(order._order_customer())
            for order in self.filtered("order_source_id")
        }

    def _order_customer(self):
        """The delivery address as the core reads it."""
        self.ensure_one()
        shipping = self.partner_shipping_id
        return Customer(
            lastname=shipping.name or "",
            company=shipping.commercial_company_name or "",
            email=self.partner_id.email or "",
            phone=shipping.phone or self.partner_id.phone or "",
            street=shipping.street or "",
            street2=shipping.street2 or "",
            zip=shipping.zip or "",
            city=shipping.city or "",
            state=shipping.state_id.code or "",
            country=shipping.country_id.code or "",
        )

    @staticmethod
    def _main_issue_rule(issues):
        blocking = [i for i in issues if i.severity == "block"]
        first = (blocking or list(issues) or [None])[0]
        return first.rule if first else False

    # ------------------------------------------------------------ outside view
    def _order_api_states(self):
        """``{order id: status}`` as intake and status APIs report it (core statuses).

        Addons that know more about an order (clearing) extend ``_order_status_facts``.
        """
        facts = self._order_status_facts()
        return {order.id: order_status(order.state, **facts[order.id]) for order in self}

    def _order_status_facts(self):
        """``{order id: {"in_clearing", "awaiting_payment", "shipped"}}`` in one query."""
        shipped = set()
        if self.ids:
            # sudo: API users read the status of their own orders without stock rights.
            groups = (
                self.env["stock.picking"]
                .sudo()
                ._read_group(
                    [
                        ("sale_id", "in", self.ids),
                        ("state", "=", "done"),
                        ("picking_type_code", "=", "outgoing"),
                    ],
                    ["sale_id"],
                )
            )
            shipped = {order.id for (order,) in groups}
        return {
            order.id: {
                "in_clearing": False,
                "awaiting_payment": order.prepayment_state == "awaiting",
                "shipped": order.id in shipped,
            }
            for order in self
        }

    def _prepare_invoice(self):
        """Customers find their shop or campaign order number on the invoice."""
        vals = super()._prepare_invoice()
        if self.external_ref and not vals.get("ref"):
            vals["ref"] = self.external_ref
        return vals
