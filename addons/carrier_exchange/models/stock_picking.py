from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from clearhouse.logistics import (
    DELIVERED,
    LOST,
    RETURNED,
    SHIPPED,
    Cancellation,
    DeliveryLine,
    DeliveryOrder,
    Shipment,
    ShipmentLine,
    route,
)
from clearhouse.logistics.addressing import packstation_of
from clearhouse.types import Customer
from clearhouse.validation import is_packstation

EXCHANGE_STATES = [
    ("unroutable", "Not routable"),
    ("invalid", "Incomplete data"),
    ("ready", "To send"),
    ("queued", "In transfer"),
    ("sent", "Sent"),
    ("shipped", "Shipped"),
    ("delivered", "Delivered"),
    ("returned", "Returned"),
    ("lost", "Lost"),
    ("to_cancel", "Cancellation to send"),
    ("cancel_queued", "Cancellation in transfer"),
    ("cancelled", "Cancelled at partner"),
]
USERS = "carrier_exchange.carrier_exchange_group_user"
VIEWERS = f"{USERS},sales_team.group_sale_salesman"
SENT_STATES = ("queued", "sent", "shipped")
CLEARING_BY_STATUS = {RETURNED: "carrier_returned", LOST: "carrier_lost"}


class StockPicking(models.Model):
    _inherit = "stock.picking"

    exchange_partner_id = fields.Many2one(
        "carrier.exchange.partner",
        string="Logistics Partner",
        copy=False,
        index="btree_not_null",
        tracking=True,
        groups=VIEWERS,
    )
    exchange_state = fields.Selection(
        EXCHANGE_STATES,
        string="Exchange Status",
        copy=False,
        index="btree_not_null",
        # Not tracked: the shipping history (carrier.exchange.event) records each step,
        # and chatter tracking of thousands of deliveries per run costs most of a run.
    )
    exchange_message = fields.Text(string="Exchange Note", copy=False)
    exchange_document_id = fields.Many2one(
        "carrier.exchange.document",
        string="Sent In",
        copy=False,
        index="btree_not_null",
        readonly=True,
        groups=USERS,
    )
    exchange_cancel_document_id = fields.Many2one(
        "carrier.exchange.document",
        string="Cancelled In",
        copy=False,
        readonly=True,
        groups=USERS,
    )
    exchange_event_ids = fields.One2many(
        "carrier.exchange.event", "picking_id", string="Shipping History", groups=VIEWERS
    )

    # ------------------------------------------------------------------ routing
    def _exchange_route(self):
        """Assign open outgoing deliveries to logistics partners, splitting them per
        partner; deliveries no rule can route put their order into clearing.

        Only companies with routing rules route: without rules the addon stays out.
        """
        pickings = self.filtered(
            lambda p: (
                p.picking_type_code == "outgoing"
                and p.state not in ("draft", "done", "cancel")
                and p.exchange_state in (False, "unroutable")
            )
        )
        if not pickings:
            return self.browse()
        # sudo: routing is automation that whoever confirms an order triggers; sales
        # and warehouse users hold no rights on logistics partners and rules.
        pickings = pickings.sudo()
        rule_model = self.env["carrier.routing.rule"].sudo()
        rules_by_company = {}
        assigned = {}  # logistics partner id -> its deliveries, written once per partner
        for picking in pickings:
            company = picking.company_id
            if company not in rules_by_company:
                rules = rule_model.search([("company_id", "=", company.id)])
                rules_by_company[company] = rules._to_core() if rules else None
            rules = rules_by_company[company]
            if rules is None:
                continue
            for delivery, partner_id in picking._exchange_route_one(rules):
                assigned[partner_id] = assigned.get(partner_id, pickings.browse()) | delivery
        routed = pickings.browse()
        for partner_id, deliveries in assigned.items():
            partner = self.env["carrier.exchange.partner"].sudo().browse(partner_id)
            deliveries.write(
                {
                    "exchange_partner_id": partner_id,
                    "exchange_state": "ready",
                    "exchange_message": False,
                }
            )
            carrier = partner.carrier_ids[:1]
            if carrier:
                deliveries.filtered(lambda p, c=partner.carrier_ids: p.carrier_id not in c).write(
                    {"carrier_id": carrier.id}
                )
            routed |= deliveries
        return routed

    def _exchange_route_one(self, rules):
        """Route this delivery: ``[(delivery, partner id), ...]`` after splitting it, or
        ``[]`` when it cannot be routed (then marked and its order sent to clearing)."""
        self.ensure_one()
        moves = self.move_ids.filtered(lambda m: m.state != "cancel")
        result = route(self._exchange_shipment(moves), rules)
        if not result.complete:
            message = "\n".join(
                self._exchange_unroutable_message(item, moves[item.line])
                for item in result.unroutable
            )
            self.write(
                {
                    "exchange_state": "unroutable",
                    "exchange_message": message,
                    "exchange_partner_id": False,
                }
            )
            if self.sale_id:
                self.sale_id._send_to_clearing("carrier_unroutable", message)
            return []
        partner_model = self.env["carrier.exchange.partner"]
        first, *others = result.deliveries
        assignments = [(self, int(first.partner_code))]
        for delivery in others:
            split_moves = moves.browse([moves[i].id for i in delivery.lines])
            new = self.copy({"move_ids": [], "exchange_partner_id": int(delivery.partner_code)})
            split_moves.write({"picking_id": new.id})
            split_moves.move_line_ids.write({"picking_id": new.id})
            assignments.append((new, int(delivery.partner_code)))
            new.message_post(
                body=_(
                    "Split from %(picking)s for logistics partner %(partner)s.",
                    picking=self.name,
                    partner=partner_model.browse(int(delivery.partner_code)).name,
                )
            )
        return assignments

    def _exchange_shipment(self, moves):
        partner = self.partner_id
        customer = self._exchange_customer()
        lines = []
        for move in moves:
            product = move.product_id
            template = product.product_tmpl_id
            categories = tuple(int(i) for i in (product.categ_id.parent_path or "").split("/") if i)
            lines.append(
                ShipmentLine(
                    product_code=str(product.id),
                    quantity=max(1, round(move.product_uom_qty)),
                    weight_kg=product.weight or 0.0,
                    length_cm=template.carrier_length_cm or 0.0,
                    width_cm=template.carrier_width_cm or 0.0,
                    height_cm=template.carrier_height_cm or 0.0,
                    category_ids=categories,
                    key=move.id,
                )
            )
        return Shipment(
            order_ref=self.name,
            country=partner.country_id.code or "",
            lines=tuple(lines),
            campaign_code=str(self.sale_id.order_source_id.id or ""),
            is_packstation=is_packstation(customer),
        )

    def _exchange_unroutable_message(self, item, move):
        label = move.product_id.display_name
        reasons = {
            "unroutable_no_rule": _("no routing rule is configured"),
            "unroutable_campaign": _("no routing rule covers the order source"),
            "unroutable_country": _("no routing rule serves the destination country"),
            "unroutable_packstation_not_supported": _(
                "no partner that delivers to Packstations takes this product"
            ),
            "unroutable_product": _("no routing rule covers the product"),
            "unroutable_category": _("no routing rule covers the product category"),
            "unroutable_too_light": _("the delivery is lighter than rule %(rule)s requires"),
            "unroutable_too_heavy": _("the delivery is heavier than rule %(rule)s allows"),
            "unroutable_too_large": _("a piece is larger than rule %(rule)s allows"),
            "unroutable_not_packstation_size": _(
                "rule %(rule)s takes only parcels of Packstation size, and a piece is larger"
            ),
            "unroutable_packstation_too_large": _("a piece does not fit a Packstation compartment"),
        }
        reason = reasons.get(item.code, item.message)
        if "%(rule)s" in reason:
            reason = reason % {"rule": item.params.get("rule", "")}
        return _(
            "%(picking)s, %(product)s: cannot be routed: %(reason)s.",
            picking=self.name,
            product=label,
            reason=reason,
        )

    def action_exchange_route(self):
        """Route again after a rule, a product or the address was fixed."""
        self.env["carrier.exchange.document"].check_access("write")
        again = self.filtered(lambda p: p.exchange_state in ("unroutable", "invalid"))
        again.write({"exchange_state": False})
        routed = again._exchange_route()
        if again - routed:
            raise UserError(
                "\n".join((again - routed).mapped("exchange_message"))
                or _("These deliveries still cannot be routed.")
            )
        return True

    def _exchange_mark_invalid(self, message):
        self.write({"exchange_state": "invalid", "exchange_message": message})
        for picking in self.filtered("sale_id"):
            picking.sale_id._send_to_clearing("carrier_invalid", message)

    # ------------------------------------------------------------------ documents
    def _exchange_lock(self, domain):
        """Deliveries matching ``domain`` that no other worker holds, locked for us."""
        candidates = self.search(domain, order="id")
        if not candidates:
            return candidates
        self.env.cr.execute(
            SQL(
                "SELECT id FROM stock_picking WHERE id IN %s ORDER BY id FOR UPDATE SKIP LOCKED",
                tuple(candidates.ids),
            )
        )
        locked = self.browse([row[0] for row in self.env.cr.fetchall()])
        # Another worker may have changed them between our search and the lock.
        locked.invalidate_recordset()
        return locked.filtered_domain(domain)

    def _exchange_customer(self):
        partner = self.partner_id
        company = (
            partner.parent_id.name if partner.parent_id and partner.parent_id.is_company else ""
        )
        if partner.is_company:
            company, lastname = partner.name or "", ""
        else:
            lastname = partner.name or ""
        return Customer(
            lastname=lastname,
            company=company or "",
            email=partner.email or "",
            phone=partner.phone or partner.mobile or "",
            street=partner.street or "",
            street2=partner.street2 or "",
            zip=partner.zip or "",
            city=partner.city or "",
            state=partner.state_id.code or "",
            country=partner.country_id.code or "",
        )

    def _exchange_delivery_orders(self):
        orders = []
        for picking in self:
            customer = picking._exchange_customer()
            lines = []
            weight = 0.0
            for move in picking.move_ids.filtered(lambda m: m.state != "cancel"):
                product = move.product_id
                line_weight = (product.weight or 0.0) * move.product_uom_qty
                weight += line_weight
                size = ", ".join(product.product_template_attribute_value_ids.mapped("name"))
                lines.append(
                    DeliveryLine(
                        product_code=product.default_code or f"ID{product.id}",
                        quantity=round(move.product_uom_qty),
                        description=product.name or "",
                        size=size[:64],
                        weight_kg=round(line_weight, 3) or None,
                    )
                )
            orders.append(
                DeliveryOrder(
                    reference=picking.name,
                    order_ref=picking.sale_id.name or picking.origin or picking.name,
                    recipient=customer,
                    lines=tuple(lines),
                    weight_kg=round(weight, 3),
                    service=(picking.carrier_id.name or "")[:64],
                    campaign_code=picking.sale_id.order_source_id.code or "",
                    packstation=packstation_of(customer),
                )
            )
        return orders

    # ------------------------------------------------------------------ cancellation
    def action_cancel(self):
        sent = self.filtered(lambda p: p.exchange_state in SENT_STATES)
        unsent = self.filtered(lambda p: p.exchange_state in ("ready", "unroutable", "invalid"))
        result = super().action_cancel()
        sent.write(
            {
                "exchange_state": "to_cancel",
                "exchange_message": _("Cancelled by %(user)s", user=self.env.user.name),
            }
        )
        unsent.write({"exchange_state": False})
        return result

    def _exchange_cancel_lines(self, quantities, reason=""):
        """Tell the logistics partner not to ship ``{stock.move: quantity}`` of this
        delivery, which it already has; the rest ships. Returns the queued document."""
        self.ensure_one()
        lines = tuple(
            DeliveryLine(
                product_code=move.product_id.default_code or f"ID{move.product_id.id}",
                quantity=round(qty),
                description=move.product_id.name or "",
                size=", ".join(move.product_id.product_template_attribute_value_ids.mapped("name"))[
                    :64
                ],
            )
            for move, qty in quantities.items()
        )
        cancellation = Cancellation(
            reference=self.name,
            order_ref=self.sale_id.name or self.origin or "",
            reason=(reason or "")[:256],
            lines=lines,
        )
        document = self.env["carrier.exchange.document"]._create_line_cancellation(
            self, cancellation
        )
        self.message_post(
            body=_(
                "Cancellation of %(lines)s queued in %(document)s.",
                lines=", ".join(f"{line.quantity} x {line.product_code}" for line in lines),
                document=document.name,
            )
        )
        return document

    # ------------------------------------------------------------------ confirmations
    def _exchange_status_label(self, status):
        """The status as the user reads it, in the user's language."""
        field = self.env["carrier.exchange.event"]._fields["status"]
        return dict(field._description_selection(self.env)).get(status, status)

    def _exchange_apply_confirmation(self, confirmation, document, timestamp):
        """Apply one partner event to this delivery; raise ``UserError`` to skip it."""
        self.ensure_one()
        label = self._exchange_status_label(confirmation.status)
        if self.exchange_state in ("to_cancel", "cancel_queued", "cancelled"):
            raise UserError(
                _(
                    "Delivery %(ref)s was cancelled; the confirmation '%(status)s' is not applied.",
                    ref=self.name,
                    status=label,
                )
            )
        tracking = ",".join(confirmation.tracking_numbers)
        earlier = self.exchange_event_ids.filtered(
            lambda e: e.status == confirmation.status and (e.tracking_numbers or "") == tracking
        )
        if earlier:
            raise UserError(
                _(
                    "Delivery %(ref)s: the status '%(status)s' was already confirmed on "
                    "%(date)s (document %(document)s).",
                    ref=self.name,
                    status=label,
                    date=earlier[0].timestamp,
                    document=earlier[0].document_id.name or "-",
                )
            )
        partner = self.exchange_partner_id
        carrier = partner.carrier_ids.filtered(
            lambda c: (
                confirmation.carrier
                and confirmation.carrier.casefold()
                in (c.name.casefold(), (c.delivery_type or "").casefold())
            )
        )[:1]
        event = self.env["carrier.exchange.event"].create(
            {
                "picking_id": self.id,
                "exchange_partner_id": partner.id,
                "document_id": document.id,
                "status": confirmation.status,
                "timestamp": timestamp,
                "carrier_name": confirmation.carrier or False,
                "carrier_id": carrier.id,
                "tracking_numbers": tracking or False,
                "reason": confirmation.reason or False,
                "source_line": confirmation.line,
            }
        )
        values = {"exchange_state": confirmation.status}
        if confirmation.status == SHIPPED:
            values["carrier_tracking_ref"] = tracking
            if carrier:
                values["carrier_id"] = carrier.id
        self.write(values)
        if confirmation.status in (SHIPPED, DELIVERED) and self.state not in ("done", "cancel"):
            self._exchange_validate()
        clearing = CLEARING_BY_STATUS.get(confirmation.status)
        if clearing and self.sale_id:
            self.sale_id._send_to_clearing(
                clearing,
                _(
                    "%(ref)s reported as '%(status)s' by %(partner)s: %(reason)s",
                    ref=self.name,
                    status=label,
                    partner=partner.name,
                    reason=confirmation.reason or "-",
                ),
            )
        return event

    def _exchange_validate(self):
        """The partner shipped it: the delivery is done with the ordered quantities."""
        for move in self.move_ids.filtered(lambda m: m.state not in ("done", "cancel")):
            move.quantity = move.product_uom_qty
            move.picked = True
        self.with_context(skip_backorder=True, skip_sms=True)._action_done()

    @api.model
    def _exchange_notify_customer(self, events):
        """Hook: tell customers about new shipping events. The webshop addon sends its
        shipped mail when the delivery is done; here the order's chatter keeps a note."""
        latest = {event.picking_id: event for event in events}  # the last one applied wins
        for picking, event in latest.items():
            if not picking.sale_id:
                continue
            picking.sale_id.message_post(
                body=_(
                    "%(ref)s: %(status)s (%(tracking)s)",
                    ref=picking.name,
                    status=self._exchange_status_label(event.status),
                    tracking=event.tracking_numbers or "-",
                ),
                subtype_xmlid="mail.mt_note",
            )
