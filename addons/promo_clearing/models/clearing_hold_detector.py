from datetime import timedelta

from odoo import api, fields, models

from clearhouse.clearing import holds as core_holds
from clearhouse.clearing import tokens as core_tokens
from clearhouse.types import Customer
from clearhouse.validation import order_signature

from .sale_order import OPEN_STATES


class ClearingHoldDetector(models.AbstractModel):
    """Bridge between orders and the core's hold detectors and signed links."""

    _name = "clearing.hold.detector"
    _description = "Clearing Hold Detection"

    @api.model
    def _detect(self, orders):
        """Holds per order, in batch: {order: [{"code", "message", "params"}]}."""
        if not orders:
            return {}
        recent = self._recent_orders(orders)
        result = {}
        for order in orders:
            config = self._hold_config(order.order_source_id, order.company_id)
            snapshot = core_holds.OrderSnapshot(
                ref=order.name,
                customer=self._customer(order),
                lines=self._lines(order),
                note=order.customer_note or "",
                value=order.amount_total,
                ordered_at=order.date_order,
                recent_orders=tuple(recent.get(order.partner_id.id, ())),
            )
            result[order] = [
                {"code": hold.code, "message": hold.message, "params": dict(hold.params or {})}
                for hold in core_holds.detect_holds(snapshot, config)
            ]
        return result

    def _hold_config(self, source, company):
        switches = {
            core_holds.CUSTOMER_NOTE: "note",
            core_holds.PACKSTATION_OVERSIZE: "packstation",
            core_holds.VALUE_ABOVE_THRESHOLD: "value",
            core_holds.SUSPECTED_DUPLICATE: "duplicate",
        }
        enabled = tuple(
            code
            for code, switch in switches.items()
            if source._clearing_hold_enabled(switch, company)
        )
        return core_holds.HoldConfig(
            enabled=enabled,
            value_threshold=company.clearing_value_threshold,
            duplicate_days=company.clearing_duplicate_days,
            packstation_limits=core_holds.PackstationLimits(
                max_weight_kg=company.clearing_packstation_max_weight,
                max_length_cm=company.clearing_packstation_max_length,
                max_width_cm=company.clearing_packstation_max_width,
                max_height_cm=company.clearing_packstation_max_height,
            ),
        )

    @staticmethod
    def _customer(order):
        shipping = order.partner_shipping_id
        return Customer(
            lastname=shipping.name or "",
            email=order.partner_id.email or "",
            street=shipping.street or "",
            street2=shipping.street2 or "",
            zip=shipping.zip or "",
            city=shipping.city or "",
            country=shipping.country_id.code or "",
        )

    @staticmethod
    def _lines(order):
        return tuple(
            core_holds.SnapshotLine(
                sku=f"product:{line.product_id.id}",
                quantity=int(line.product_uom_qty),
                weight_kg=line.product_id.weight,
                length_cm=line.product_id.pack_length,
                width_cm=line.product_id.pack_width,
                height_cm=line.product_id.pack_height,
            )
            for line in order.order_line
            if not line.display_type
        )

    def _recent_orders(self, orders):
        """Other recent orders of the same customers, read once for the whole batch."""
        days = max(orders.company_id.mapped("clearing_duplicate_days") or [14])
        since = fields.Datetime.now() - timedelta(days=days)
        others = self.env["sale.order"].search(
            [
                ("partner_id", "in", orders.partner_id.ids),
                ("id", "not in", orders.ids),
                ("state", "!=", "cancel"),
                ("date_order", ">=", since),
            ]
        )
        by_partner = {}
        for other in others:
            by_partner.setdefault(other.partner_id.id, []).append(
                core_holds.RecentOrder(
                    ref=other.name,
                    signature=order_signature(self._lines(other)),
                    ordered_at=other.date_order,
                    address_key=core_holds.address_key(self._customer(other)),
                    email=other.partner_id.email or "",
                )
            )
        return by_partner

    # ----------------------------------------------------------- tokens
    def _secret(self):
        # sudo: the database secret signs links; it is never shown to anyone.
        return self.env["ir.config_parameter"].sudo().get_param("database.secret")

    @api.model
    def _make_token(self, order, expires):
        return core_tokens.make_token(
            self._secret(), order.id, ("size", "address", "phone"), expires
        )

    @api.model
    def _order_from_token(self, token):
        try:
            data = core_tokens.read_token(self._secret(), token, fields.Datetime.now())
        except core_tokens.TokenError as exc:
            return self.env["sale.order"], exc.code
        order = self.env["sale.order"].browse(data.order_id).exists()
        if not order or order.clearing_state not in OPEN_STATES:
            return self.env["sale.order"], "invalid"
        return order, None
