from odoo import Command, api, models

from clearhouse.errors import PayloadError
from clearhouse.intake.payload import MAX_REF, parse_order_dict
from clearhouse.shops.contract import PREPAYMENT, UNKNOWN
from clearhouse.validation import check_address


class ShopOrderIntake(models.AbstractModel):
    """Webshop orders through the kernel's intake (``clearhouse.order.intake``).

    A shop order is the canonical intake dict plus ``payment_method``. Every order stands
    alone: a malformed one becomes a rejected result, the valid orders of the same call
    are created. The shop adds its product mapping, payment categories and the address
    check to the kernel's steps.
    """

    _name = "shop.order.intake"
    _inherit = "clearhouse.order.intake"
    _description = "Webshop Order Intake"

    @api.model
    def _submit(self, backend, orders, channel="shop"):
        backend.ensure_one()
        return self._intake_submit_dicts(backend.order_source_id, orders, channel, backend=backend)

    def _intake_parse(self, data, position, options):
        """The payment method is the shop's own field; the rest is the canonical dict."""
        if isinstance(data, dict) and "payment_method" in data:
            data = dict(data)
            method = data.pop("payment_method")
            if isinstance(method, int) and not isinstance(method, bool):
                method = str(method)
            if method is not None and not isinstance(method, str):
                raise PayloadError(
                    f"Order #{position}: payment_method must be text.",
                    code="payment_method_invalid",
                    field="payment_method",
                    position=position,
                )
            method = (method or "").strip()
            if len(method) > MAX_REF:
                raise PayloadError(
                    f"Order #{position}: payment_method is longer than {MAX_REF} characters.",
                    code="payment_method_invalid",
                    field="payment_method",
                    position=position,
                )
        else:
            method = ""
        payload = parse_order_dict(data, position=position)
        options.setdefault("payment_methods", {}).setdefault(payload.external_ref, method)
        return payload

    def _intake_resolve_lines(self, source, payloads, options):
        products = self._resolve_products(options["backend"], payloads)
        resolved, rejected = {}, {}
        for payload in payloads:
            unknown = [
                (index, line.sku)
                for index, line in enumerate(payload.lines)
                if line.sku not in products
            ]
            if unknown:
                index, sku = unknown[0]
                rejected[payload.external_ref] = PayloadError(
                    f"Order {payload.external_ref}: unknown SKU {sku} (neither mapped for "
                    "this shop nor a product's internal reference).",
                    code="unknown_sku",
                    record=payload.external_ref,
                    field=f"lines[{index}].sku",
                    line_index=index,
                    sku=sku,
                )
                continue
            resolved[payload.external_ref] = [
                {"product_id": products[line.sku], "product_uom_qty": line.quantity}
                for line in payload.lines
            ]
        return resolved, rejected

    def _intake_prepare_orders(self, source, payloads, lines, contacts, channel, options):
        backend = options["backend"]
        categories = backend._payment_categories()
        methods = options.get("payment_methods", {})
        vals_list = []
        for payload in payloads:
            ref = payload.external_ref
            method = methods.get(ref, "")
            category = categories.get(method, UNKNOWN)
            vals = self._intake_order_vals(
                source, payload, contacts[ref], channel, check_address(payload.customer)
            )
            vals.update(
                {
                    "warehouse_id": backend.warehouse_id.id,
                    "shop_backend_id": backend.id,
                    "shop_payment_method": method or False,
                    "shop_payment_category": category,
                    "prepayment_state": "awaiting" if category == PREPAYMENT else "none",
                    "order_line": [Command.create(vals) for vals in lines[ref]],
                }
            )
            if backend.team_id:
                vals["team_id"] = backend.team_id.id
            if backend.pricelist_id:
                vals["pricelist_id"] = backend.pricelist_id.id
            vals_list.append(vals)
        return vals_list

    def _intake_after_create(self, source, orders, payloads, contacts, options):
        template = self.env.ref(
            "shop_connector.mail_template_order_received", raise_if_not_found=False
        )
        if template and orders:
            # Queued (mail.mail); the mail cron sends it after this transaction committed.
            template.send_mail_batch(orders.ids)

    def _resolve_products(self, backend, payloads):
        """``{sku: product id}``: the shop's mapping first, else the internal reference."""
        skus = list({line.sku for payload in payloads for line in payload.lines})
        products = {
            row["sku"]: row["product_id"][0]
            for row in self.env["shop.product.mapping"].search_read(
                [("backend_id", "=", backend.id), ("sku", "in", skus)], ["sku", "product_id"]
            )
        }
        rest = [sku for sku in skus if sku not in products]
        if rest:
            for row in self.env["product.product"].search_read(
                [
                    ("default_code", "in", rest),
                    ("sale_ok", "=", True),
                    ("company_id", "in", [backend.company_id.id, False]),
                ],
                ["default_code"],
                order="id",
            ):
                products.setdefault(row["default_code"], row["id"])
        return products
