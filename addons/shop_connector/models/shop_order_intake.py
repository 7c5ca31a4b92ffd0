import logging

from psycopg2.errors import UniqueViolation

from odoo import Command, api, models
from odoo.tools import mute_logger

from clearhouse.errors import PayloadError
from clearhouse.intake.payload import MAX_REF, normalize_email, parse_order_dict
from clearhouse.shops.contract import PREPAYMENT, UNKNOWN

_logger = logging.getLogger(__name__)

SHOP_FIELDS = ("order_number", "payment_method")


class ShopOrderIntake(models.AbstractModel):
    """Turns shop order dicts (canonical intake dict + ``order_number`` and
    ``payment_method``) into sale orders and starts the automated flow.

    Every order stands alone: a malformed order becomes an error in its result, the
    valid orders of the same call are created. Batched: one query per kind of lookup.
    """

    _name = "shop.order.intake"
    _description = "Webshop Order Intake"

    @api.model
    def _submit(self, backend, orders):
        backend.ensure_one()
        results = [None] * len(orders)
        parsed = []  # (position, payload, payment_method)
        for position, data in enumerate(orders):
            try:
                payload, method = self._parse(data, position)
            except PayloadError as exc:
                results[position] = self._result(self._number_of(data), errors=[str(exc)])
                continue
            parsed.append((position, payload, method))
        if not parsed:
            return results
        numbers = list({payload.external_ref for _pos, payload, _m in parsed})
        existing = {
            row["shop_order_ref"]: row["id"]
            for row in self.env["sale.order"].search_read(
                [("shop_backend_id", "=", backend.id), ("shop_order_ref", "in", numbers)],
                ["shop_order_ref"],
            )
        }
        products = self._resolve_products(backend, [p for _pos, p, _m in parsed])
        todo, seen, errors = [], set(existing), {}
        for _position, payload, method in parsed:
            if payload.external_ref in seen:
                continue
            seen.add(payload.external_ref)
            unknown = [line.sku for line in payload.lines if line.sku not in products]
            if unknown:
                errors[payload.external_ref] = [
                    self.env._(
                        "Order %(number)s: unknown SKU %(skus)s (neither mapped for this shop "
                        "nor a product's internal reference).",
                        number=payload.external_ref,
                        skus=", ".join(sorted(set(unknown)))[:200],
                    )
                ]
                continue
            todo.append((payload, method))
        created = self._create_safe(backend, todo, products, errors, existing)
        new_orders = self.env["sale.order"].browse(list(created.values()))
        new_orders._shop_start_flow()
        states = {
            row["id"]: row
            for row in self.env["sale.order"].search_read(
                [("id", "in", list(created.values()) + list(existing.values()))],
                ["state", "clearing_state", "shop_awaiting_payment"],
            )
        }
        backend_model = self.env["shop.backend"]
        for position, payload, _method in parsed:
            number = payload.external_ref
            if number in errors:
                results[position] = self._result(number, errors=errors[number])
                continue
            order_id = created.get(number) or existing.get(number)
            row = states.get(order_id)
            results[position] = self._result(
                number,
                order_id=order_id,
                state=backend_model._api_state(row, False) if row else "received",
                duplicate=number in existing,
            )
        # The second copy of a number sent twice in one call is a duplicate of the first.
        firsts = set()
        for result in results:
            if result["order_id"] and result["order_number"] in firsts:
                result["duplicate"] = True
            firsts.add(result["order_number"])
        return results

    @staticmethod
    def _result(number, order_id=False, state="rejected", errors=(), duplicate=False):
        return {
            "order_number": number or False,
            "order_id": order_id or False,
            "state": state,
            "duplicate": duplicate,
            "errors": list(errors),
        }

    @staticmethod
    def _number_of(data):
        number = data.get("order_number") if isinstance(data, dict) else None
        return number[:MAX_REF] if isinstance(number, str) else False

    def _parse(self, data, position):
        """``(OrderPayload, payment_method)``; the order number becomes ``external_ref``."""
        if not isinstance(data, dict):
            raise PayloadError(
                f"Order #{position}: an order must be a mapping of fields.", position=position
            )
        data = dict(data)
        values = {}
        for name in SHOP_FIELDS:
            value = data.pop(name, None)
            if value is None or value == "":
                if name == "order_number":
                    raise PayloadError(f"Order #{position}: order_number is required.", field=name)
                value = ""
            if isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, str):
                raise PayloadError(f"Order #{position}: {name} must be text.", field=name)
            value = value.strip()
            if len(value) > MAX_REF:
                raise PayloadError(
                    f"Order #{position}: {name} is longer than {MAX_REF} characters.",
                    field=name,
                )
            values[name] = value
        data["external_ref"] = values["order_number"]
        return parse_order_dict(data, position=position), values["payment_method"]

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

    def _create_safe(self, backend, todo, products, errors, existing):
        """Create all orders in one go; if that fails, one by one so that only the
        faulty order (or one another transaction created meanwhile) drops out."""
        if not todo:
            return {}
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                return self._create_orders(backend, todo, products)
        except Exception:  # noqa: BLE001 - retried one by one below, errors per order
            _logger.info("Batch of shop orders failed, creating them one by one")
        created = {}
        for payload, method in todo:
            number = payload.external_ref
            try:
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                    created.update(self._create_orders(backend, [(payload, method)], products))
            except UniqueViolation:
                order_id = self._find_committed(backend, number)
                if order_id:
                    existing[number] = order_id
                else:
                    errors[number] = [self.env._("Order %(number)s: conflict.", number=number)]
            except Exception as exc:  # noqa: BLE001 - reported in the order's result
                _logger.info("Shop order %s failed: %s", number, exc)
                errors[number] = [
                    self.env._("Order %(number)s could not be created.", number=number)
                ]
        return created

    def _find_committed(self, backend, number):
        """Another transaction committed this order while ours ran; our snapshot cannot
        see it, a fresh cursor can."""
        with self.env.registry.cursor() as cr:
            cr.execute(
                "SELECT id FROM sale_order WHERE shop_backend_id = %s AND shop_order_ref = %s",
                (backend.id, number),
            )
            row = cr.fetchone()
        return row and row[0]

    def _create_orders(self, backend, todo, products):
        payloads = [payload for payload, _method in todo]
        partner_of, shipping_of = self._match_contacts(backend, payloads)
        categories = backend._payment_categories()
        vals_list = []
        for payload, method in todo:
            number = payload.external_ref
            category = categories.get(method, UNKNOWN)
            vals = {
                "partner_id": partner_of[number],
                "partner_invoice_id": partner_of[number],
                "partner_shipping_id": shipping_of[number],
                "company_id": backend.company_id.id,
                "warehouse_id": backend.warehouse_id.id,
                "client_order_ref": number,
                "shop_backend_id": backend.id,
                "shop_order_ref": number,
                "shop_payment_method": method or False,
                "shop_payment_category": category,
                "shop_awaiting_payment": category == PREPAYMENT,
                "promo_customer_note": payload.note or False,
                "order_line": [
                    Command.create(
                        {"product_id": products[line.sku], "product_uom_qty": line.quantity}
                    )
                    for line in payload.lines
                ],
            }
            if backend.team_id:
                vals["team_id"] = backend.team_id.id
            if backend.pricelist_id:
                vals["pricelist_id"] = backend.pricelist_id.id
            vals_list.append(vals)
        orders = self.env["sale.order"].create(vals_list)
        return {order.shop_order_ref: order.id for order in orders}

    def _match_contacts(self, backend, payloads):
        """Customer by normalised e-mail within the company (one per person, also across
        calls), delivery address as a delivery contact when it differs."""
        company = backend.company_id
        intake = self.env["promo.intake"]
        emails = list({normalize_email(p.customer.email) for p in payloads} - {""})
        by_email = intake._partners_by_email(emails, company)
        countries = intake._countries(payloads)
        partner_of, new_keys, new_vals, new_addresses = {}, [], [], {}
        for payload in payloads:
            email = normalize_email(payload.customer.email)
            if email in by_email:
                partner_of[payload.external_ref] = by_email[email]
                continue
            key = ("new", email or payload.external_ref)
            if key not in new_keys:
                new_keys.append(key)
                new_vals.append(intake._prepare_partner_vals(payload.customer, countries, company))
                new_addresses[key] = intake._payload_address_key(payload)
            partner_of[payload.external_ref] = key
        shipping_of = intake._create_contacts(
            payloads, partner_of, new_keys, new_vals, new_addresses, countries
        )
        return partner_of, shipping_of
