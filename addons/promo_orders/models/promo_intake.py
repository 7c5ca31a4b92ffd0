import logging
from collections import defaultdict

from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger

from clearhouse.errors import PayloadError
from clearhouse.intake.contacts import ADDRESS_FIELDS, delivery_address_key
from clearhouse.intake.payload import normalize_email, parse_order_dict
from clearhouse.types import Customer, OrderLine, ResolvedLine, ValidationInput
from clearhouse.validation.address import normalize_customer
from clearhouse.validation.engine import validate, validation_state
from clearhouse.validation.phone import normalize_phone
from clearhouse.validation.rules import order_signature

from .promo_issue_messages import render_issue_message

_logger = logging.getLogger(__name__)

# One API call may carry this many orders; bigger loads go through files.
MAX_ORDERS_PER_CALL = 1000


class PromoIntake(models.AbstractModel):
    """Turns parsed orders into validated sale orders, for every intake channel.

    API, file import, manual generation and re-validation share this code so that an
    order behaves the same whichever way it arrived. Everything is batched: one query
    per kind of lookup for the whole call, never one per order or line.
    """

    _name = "promo.intake"
    _description = "Campaign Order Intake"

    # ------------------------------------------------------------------ API
    @api.model
    def _submit_api(self, campaign_code, orders):
        if not self.env.user.has_group("promo_orders.promo_orders_group_intake"):
            raise AccessError(
                self.env._("Only users of the group 'Campaign intake (API)' may submit orders.")
            )
        if not isinstance(orders, list | tuple):
            raise UserError(self.env._("'orders' must be a list of order dictionaries."))
        if len(orders) > MAX_ORDERS_PER_CALL:
            raise UserError(
                self.env._(
                    "At most %(max)s orders per call; send bigger loads in several calls or "
                    "as a file.",
                    max=MAX_ORDERS_PER_CALL,
                )
            )
        if not isinstance(campaign_code, str):
            raise UserError(self.env._("The campaign code must be a text."))
        # Searched with the API user's rights: record rules keep other companies out.
        campaign = self.env["promo.campaign"].search(
            [("code", "=", campaign_code.strip().upper())], limit=1
        )
        if not campaign:
            raise UserError(
                self.env._("There is no campaign with the code %(code)s.", code=campaign_code)
            )
        if campaign.state != "running":
            raise UserError(
                self.env._(
                    "The campaign %(code)s does not take orders (it is not running).",
                    code=campaign.code,
                )
            )
        results = [None] * len(orders)
        payloads = []
        for position, data in enumerate(orders):
            try:
                payloads.append((position, parse_order_dict(data, position=position)))
            except PayloadError as exc:
                results[position] = self._rejected_result(data, exc)
        # sudo: membership of the intake group checked above is the authorisation; API
        # users get no direct rights on partners and orders, and the campaign was found
        # with the API user's own record rules (company).
        intake = self.sudo().with_company(campaign.company_id)
        submitted = intake._submit(campaign.sudo(), [p for _pos, p in payloads], "api")
        for (position, _payload), result in zip(payloads, submitted, strict=True):
            results[position] = result
        return results

    def _rejected_result(self, data, error):
        ref = data.get("external_ref") if isinstance(data, dict) else None
        return {
            "external_ref": ref if isinstance(ref, str) else False,
            "order_id": False,
            "state": "rejected",
            "order_state": False,
            "duplicate": False,
            "issues": [self._error_as_issue(error)],
        }

    def _error_as_issue(self, error):
        return {
            "rule": "payload",
            "code": error.code,
            "field": error.field or "",
            "line": error.line or False,
            "message": str(error),
            "severity": "block",
            "suggestion": "",
        }

    # --------------------------------------------------------------- intake
    @api.model
    def _submit(self, campaign, payloads, channel, batch=None, confirm=True):
        """Create (or find) the orders of ``payloads``; returns one result dict each.

        Idempotent by external reference within the campaign, including when another
        transaction commits the same reference while this one runs.
        """
        campaign.ensure_one()
        if not payloads:
            return []
        order_model = self.env["sale.order"]
        refs = list({p.external_ref for p in payloads})
        existing = {
            row["promo_external_ref"]: row["id"]
            for row in order_model.search_read(
                [("promo_campaign_id", "=", campaign.id), ("promo_external_ref", "in", refs)],
                ["promo_external_ref"],
            )
        }
        todo, seen = [], set()
        for payload in payloads:
            if payload.external_ref not in existing and payload.external_ref not in seen:
                seen.add(payload.external_ref)
                todo.append(payload)
        rejected = {}
        if todo:
            created, rejected, raced = self._create_orders_safe(campaign, todo, channel, batch)
            existing.update({ref: row["id"] for ref, row in raced.items()})
            new_orders = order_model.browse(created.values())
            if confirm:
                new_orders._promo_auto_confirm()
        else:
            created, raced = {}, {}
        return self._results(payloads, created, existing, rejected, raced)

    def _results(self, payloads, created, existing, rejected, raced):
        order_ids = list(created.values()) + list(existing.values())
        orders = {row["id"]: row for row in raced.values()}
        orders |= {
            row["id"]: row
            for row in self.env["sale.order"].search_read(
                [("id", "in", order_ids)],
                ["state", "promo_validation_state"],
            )
        }
        issues = defaultdict(list)
        for row in self.env["promo.order.issue"].search_read(
            [("order_id", "in", order_ids)],
            [
                "order_id",
                "rule",
                "code",
                "field_name",
                "line_index",
                "message",
                "severity",
                "suggestion",
            ],
        ):
            issues[row["order_id"][0]].append(
                {
                    "rule": row["rule"],
                    "code": row["code"],
                    "field": row["field_name"] or "",
                    "line": row["line_index"] or False,
                    "message": row["message"],
                    "severity": row["severity"],
                    "suggestion": row["suggestion"] or "",
                }
            )
        results = []
        for payload in payloads:
            ref = payload.external_ref
            if ref in rejected:
                results.append(
                    {
                        "external_ref": ref,
                        "order_id": False,
                        "state": "rejected",
                        "order_state": False,
                        "duplicate": False,
                        "issues": [self._error_as_issue(rejected[ref])],
                    }
                )
                continue
            order_id = created.get(ref) or existing.get(ref)
            row = orders.get(order_id, {})
            results.append(
                {
                    "external_ref": ref,
                    "order_id": order_id,
                    "state": row.get("promo_validation_state") or "pending",
                    "order_state": row.get("state") or False,
                    "duplicate": ref in existing,
                    "issues": issues.get(order_id, []),
                }
            )
        # A reference sent twice in one call: the second copy is a duplicate of the first.
        seen = set()
        for result in results:
            if result["order_id"] and result["external_ref"] in seen:
                result["duplicate"] = True
            seen.add(result["external_ref"])
        return results

    def _create_orders_safe(self, campaign, payloads, channel, batch):
        """Batch create; on a reference race with another transaction, return its order."""
        try:
            # The violation is expected and handled: keep it out of the error log.
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                created, rejected = self._create_orders(campaign, payloads, channel, batch)
            return created, rejected, {}
        except UniqueViolation:
            _logger.info("Concurrent intake of the same orders in campaign %s", campaign.code)
        # The other transaction has committed by now (that is what ended our wait on the
        # unique index). Our snapshot cannot see its rows, a fresh cursor can.
        refs = [p.external_ref for p in payloads]
        with self.env.registry.cursor() as cr:
            cr.transaction = api.Transaction(self.env.registry)
            cr.execute(
                "SELECT promo_external_ref, id, state, promo_validation_state FROM sale_order "
                "WHERE promo_campaign_id = %s AND promo_external_ref = ANY(%s)",
                (campaign.id, refs),
            )
            rows = cr.fetchall()
        # Rows of the other transaction, as our own snapshot cannot read them.
        raced = {
            ref: {"id": order_id, "state": state, "promo_validation_state": validation}
            for ref, order_id, state, validation in rows
        }
        rest = [p for p in payloads if p.external_ref not in raced]
        created, rejected = {}, {}
        if rest:
            with self.env.cr.savepoint():
                created, rejected = self._create_orders(campaign, rest, channel, batch)
        return created, rejected, raced

    def _create_orders(self, campaign, payloads, channel, batch):
        catalogue = self._load_catalogue(campaign)
        rejected = {}
        resolved = {}
        for payload in payloads:
            try:
                resolved[payload.external_ref] = self._resolve_payload_lines(catalogue, payload)
            except PayloadError as exc:
                rejected[payload.external_ref] = exc
        payloads = [p for p in payloads if p.external_ref not in rejected]
        if not payloads:
            return {}, rejected
        contacts = self._match_contacts(campaign, payloads)
        partner_ids = {c["partner_id"] for c in contacts.values()}
        history = self._load_history(campaign, catalogue, partner_ids)
        policy = campaign._get_policy()
        vals_list = []
        for payload in payloads:
            lines, line_vals = resolved[payload.external_ref]
            contact = contacts[payload.external_ref]
            partner_history = history[contact["partner_id"]]
            inp = ValidationInput(
                customer=payload.customer,
                lines=tuple(self._with_history(line, partner_history) for line in lines),
                declared_points=payload.declared_points,
                other_order_signatures=tuple(partner_history["signatures"]),
            )
            issues = validate(inp, policy)
            # Orders of the same participant within this call count for the next ones.
            partner_history["signatures"].append(order_signature(lines))
            for line in lines:
                partner_history["ordered"][line.sku] += line.quantity
            vals_list.append(
                self._prepare_order_vals(
                    campaign, payload, contact, line_vals, issues, channel, batch
                )
            )
        orders = self.env["sale.order"].create(vals_list)
        participants = self.env["promo.participant"].browse(
            {c["participant_id"] for c in contacts.values()}
        )
        self._update_declared_points(participants, payloads, contacts)
        created = {order.promo_external_ref: order.id for order in orders}
        return created, rejected

    def _update_declared_points(self, participants, payloads, contacts):
        by_points = defaultdict(list)
        for payload in payloads:
            if payload.declared_points is not None:
                by_points[payload.declared_points].append(
                    contacts[payload.external_ref]["participant_id"]
                )
        for points, participant_ids in by_points.items():
            participants.browse(participant_ids).write({"last_declared_points": points})

    @staticmethod
    def _with_history(line, partner_history):
        return ResolvedLine(
            sku=line.sku,
            quantity=line.quantity,
            in_catalogue=line.in_catalogue,
            points=line.points,
            sizes=line.sizes,
            size=line.size,
            max_per_participant=line.max_per_participant,
            already_ordered=partner_history["ordered"].get(line.sku, 0),
        )

    def _prepare_order_vals(self, campaign, payload, contact, line_vals, issues, channel, batch):
        state = validation_state(issues)
        vals = {
            "partner_id": contact["partner_id"],
            "partner_invoice_id": contact["partner_id"],
            "partner_shipping_id": contact["shipping_id"],
            "company_id": campaign.company_id.id,
            "promo_campaign_id": campaign.id,
            "promo_participant_id": contact["participant_id"],
            "promo_channel": channel,
            "promo_external_ref": payload.external_ref,
            "promo_declared_points": payload.declared_points or 0,
            "promo_customer_note": payload.note or False,
            "promo_validation_state": state,
            "promo_main_rule": self._main_rule(issues),
            "promo_import_batch_id": batch.id if batch else False,
            "client_order_ref": payload.external_ref,
            "order_line": [fields.Command.create(vals) for vals in line_vals],
            "promo_issue_ids": [
                fields.Command.create(vals) for vals in self._prepare_issue_vals(issues)
            ],
        }
        if campaign.team_id:
            vals["team_id"] = campaign.team_id.id
        order_date = self._parse_order_date(payload.order_date)
        if order_date:
            vals["date_order"] = order_date
        return vals

    @staticmethod
    def _parse_order_date(value):
        if not value:
            return False
        try:
            return fields.Datetime.to_datetime(value.replace("T", " ")[:19])
        except ValueError:
            return False

    @staticmethod
    def _main_rule(issues):
        blocking = [i for i in issues if i.severity == "block"]
        first = (blocking or issues or [None])[0]
        return first.rule if first else False

    def _prepare_issue_vals(self, issues):
        return [
            {
                "sequence": index,
                "rule": issue.rule,
                "code": issue.code,
                "field_name": issue.field,
                "line_index": (issue.line + 1) if issue.line is not None else 0,
                "message": render_issue_message(self.env, issue),
                "severity": issue.severity,
                "suggestion": issue.suggestion or False,
            }
            for index, issue in enumerate(issues)
        ]

    # ------------------------------------------------------------ catalogue
    def _load_catalogue(self, campaign):
        """Premiums of the campaign with their sizes and variants, in three queries."""
        premiums = self.env["promo.campaign.product"].search_read(
            [("campaign_id", "=", campaign.id)],
            ["code", "product_tmpl_id", "points", "max_per_participant"],
        )
        tmpl_ids = [p["product_tmpl_id"][0] for p in premiums]
        size_values = {}
        sizes_by_tmpl = defaultdict(list)
        # Default order of template attribute values follows the values' sequence.
        for row in self.env["product.template.attribute.value"].search_read(
            [("product_tmpl_id", "in", tmpl_ids), ("attribute_id.promo_is_size", "=", True)],
            ["name", "product_tmpl_id"],
        ):
            size = row["name"].strip().upper()
            size_values[row["id"]] = size
            sizes_by_tmpl[row["product_tmpl_id"][0]].append(size)
        variants = {}
        variant_info = {}
        for row in self.env["product.product"].search_read(
            [("product_tmpl_id", "in", tmpl_ids)],
            ["product_tmpl_id", "product_template_attribute_value_ids"],
            order="id",
        ):
            tmpl_id = row["product_tmpl_id"][0]
            size = next(
                (
                    size_values[value]
                    for value in row["product_template_attribute_value_ids"]
                    if value in size_values
                ),
                "",
            )
            variants.setdefault((tmpl_id, size), row["id"])
            variant_info[row["id"]] = (tmpl_id, size)
        by_code, by_tmpl = {}, {}
        for premium in premiums:
            tmpl_id = premium["product_tmpl_id"][0]
            info = {
                "code": premium["code"],
                "tmpl_id": tmpl_id,
                "points": premium["points"],
                "max": premium["max_per_participant"],
                "sizes": tuple(sizes_by_tmpl.get(tmpl_id, ())),
            }
            by_code[premium["code"]] = info
            by_tmpl[tmpl_id] = info
        return {
            "by_code": by_code,
            "by_tmpl": by_tmpl,
            "variants": variants,
            "variant_info": variant_info,
        }

    def _resolve_payload_lines(self, catalogue, payload):
        """Match the order's premium codes and sizes to variants of the catalogue.

        A code the campaign does not know at all cannot become an order line: the order
        is rejected with an error naming the line.
        """
        lines, line_vals = [], []
        for index, line in enumerate(payload.lines):
            premium = catalogue["by_code"].get(line.sku.strip().upper())
            if not premium:
                raise PayloadError(
                    f"Unknown premium code '{line.sku}': it is not in the campaign catalogue",
                    code="unknown_sku",
                    record=payload.external_ref,
                    field=f"lines[{index + 1}].sku",
                    sku=line.sku,
                )
            size = (line.size or "").strip().upper()
            variant = catalogue["variants"].get(
                (premium["tmpl_id"], size if premium["sizes"] else "")
            )
            size_missing = False
            if not variant:
                # No (valid) size for a sized premium: keep the line on a placeholder variant,
                # flagged, so that the order is complete but cannot be confirmed.
                size_missing = True
                variant = catalogue["variants"].get(
                    (premium["tmpl_id"], premium["sizes"][0] if premium["sizes"] else "")
                )
            if not variant:
                raise PayloadError(
                    f"The premium '{line.sku}' has no saleable variant",
                    code="no_variant",
                    record=payload.external_ref,
                    field=f"lines[{index + 1}].sku",
                )
            lines.append(
                ResolvedLine(
                    sku=premium["code"],
                    quantity=line.quantity,
                    in_catalogue=True,
                    points=premium["points"],
                    sizes=premium["sizes"],
                    size=size,
                    max_per_participant=premium["max"],
                )
            )
            line_vals.append(
                {
                    "product_id": variant,
                    "product_uom_qty": line.quantity,
                    "promo_size_missing": size_missing,
                }
            )
        return lines, line_vals

    # -------------------------------------------------------------- history
    def _load_history(self, campaign, catalogue, partner_ids):
        """What each participant already ordered in the campaign (quantities, signatures)."""
        history = defaultdict(lambda: {"ordered": defaultdict(int), "signatures": []})
        for partner_id, orders in self._order_history(campaign, catalogue, partner_ids).items():
            for lines in orders.values():
                history[partner_id]["signatures"].append(order_signature(lines))
                for line in lines:
                    history[partner_id]["ordered"][line.sku] += line.quantity
        return history

    @staticmethod
    def _line_sku(catalogue, product_id):
        tmpl_id, size = catalogue["variant_info"].get(product_id, (None, ""))
        premium = catalogue["by_tmpl"].get(tmpl_id)
        return (premium["code"] if premium else f"product:{product_id}"), size

    # ------------------------------------------------------------- contacts
    def _match_contacts(self, campaign, payloads):
        """Find or create partner, delivery address and participant of every order.

        A person is recognised by participant number (within the campaign) or by
        normalised e-mail (within the company) and never created twice, also not within
        one call.
        """
        company = campaign.company_id
        numbers = {p.participant_number for p in payloads if p.participant_number}
        emails = {normalize_email(p.customer.email) for p in payloads if p.customer.email}
        by_number = {}
        if numbers:
            for row in self.env["promo.participant"].search_read(
                [("campaign_id", "=", campaign.id), ("number", "in", list(numbers))],
                ["number", "partner_id"],
            ):
                by_number[row["number"]] = row["partner_id"][0]
        by_email = self._partners_by_email(emails, company)
        countries = self._countries(payloads)

        # 1. partner per order: existing, or one new partner per person of this call
        partner_of = {}
        new_keys, new_vals = [], []
        key_of_number, key_of_email, new_addresses = {}, {}, {}
        for payload in payloads:
            email = normalize_email(payload.customer.email)
            number = payload.participant_number
            partner_id = by_number.get(number) or by_email.get(email)
            if partner_id:
                partner_of[payload.external_ref] = partner_id
                continue
            key = key_of_number.get(number) or key_of_email.get(email)
            if not key:
                key = ("new", len(new_keys))
                new_keys.append(key)
                new_vals.append(self._prepare_partner_vals(payload.customer, countries, company))
                new_addresses[key] = self._payload_address_key(payload)
            if number:
                key_of_number.setdefault(number, key)
            if email:
                key_of_email.setdefault(email, key)
            partner_of[payload.external_ref] = key
        shipping_of = self._create_contacts(
            payloads, partner_of, new_keys, new_vals, new_addresses, countries
        )
        participant_of = self._match_participants(campaign, payloads, partner_of)
        return {
            p.external_ref: {
                "partner_id": partner_of[p.external_ref],
                "shipping_id": shipping_of[p.external_ref],
                "participant_id": participant_of[p.external_ref],
            }
            for p in payloads
        }

    def _partners_by_email(self, emails, company):
        """Known customers by normalised e-mail within ``company``: {email: partner id}."""
        by_email = {}
        if emails:
            for row in self.env["res.partner"].search_read(
                [
                    ("promo_email_normalized", "in", list(emails)),
                    ("company_id", "in", [company.id, False]),
                    ("type", "=", "contact"),
                ],
                ["promo_email_normalized"],
                order="id",
            ):
                by_email.setdefault(row["promo_email_normalized"], row["id"])
        return by_email

    def _create_contacts(self, payloads, partner_of, new_keys, new_vals, new_addresses, countries):
        """Create the new partners in one batch, resolve ``partner_of`` keys to their ids
        (in place) and return the delivery address of every order."""
        new_partners = self.env["res.partner"].create(new_vals) if new_vals else []
        new_ids = dict(zip(new_keys, [p.id for p in new_partners], strict=True))
        for ref, value in partner_of.items():
            if isinstance(value, tuple):
                partner_of[ref] = new_ids[value]
        return self._match_shipping(
            payloads,
            partner_of,
            {new_ids[key]: address for key, address in new_addresses.items()},
            countries,
        )

    def _countries(self, payloads):
        codes = list({p.customer.country for p in payloads if p.customer.country})
        countries = {"by_code": {}, "states": {}}
        if not codes:
            return countries
        for country in self.env["res.country"].search_read([("code", "in", codes)], ["code"]):
            countries["by_code"][country["code"]] = country["id"]
        states = list({p.customer.state.upper() for p in payloads if p.customer.state})
        if states:
            for state in self.env["res.country.state"].search_read(
                [("country_id.code", "in", codes), ("code", "in", states)],
                ["code", "country_id"],
            ):
                countries["states"][(state["country_id"][0], state["code"].upper())] = state["id"]
        return countries

    def _prepare_address_vals(self, customer, countries):
        country_id = countries["by_code"].get(customer.country, False)
        # Postal code and phone stored canonical ("1012 AB", E.164) when valid; as given
        # otherwise, for clearing to fix.
        customer = normalize_customer(customer)
        return {
            "street": customer.street or False,
            "street2": customer.street2 or False,
            "zip": customer.zip or False,
            "city": customer.city or False,
            "country_id": country_id,
            "state_id": countries["states"].get(
                (country_id, (customer.state or "").upper()), False
            ),
            "phone": customer.phone or False,
        }

    def _prepare_partner_vals(self, customer, countries, company):
        vals = self._prepare_address_vals(customer, countries)
        vals.update(
            {
                "name": customer.name or customer.email or self.env._("Participant"),
                "email": customer.email or False,
                "company_id": company.id,
                "customer_rank": 1,
            }
        )
        if customer.company and customer.name != customer.company:
            vals["company_name"] = customer.company
        return vals

    @staticmethod
    def _payload_address_key(payload):
        customer = payload.customer
        return delivery_address_key(
            {name: getattr(customer, name) for name in ADDRESS_FIELDS}, customer.country
        )

    def _match_shipping(self, payloads, partner_of, new_addresses, countries):
        """Delivery address: the partner itself, or a delivery contact when it differs."""
        known_ids = list({pid for pid in partner_of.values() if pid not in new_addresses})
        addresses = dict(new_addresses)
        children = defaultdict(dict)
        if known_ids:
            fields_ = [*ADDRESS_FIELDS, "country_id", "parent_id", "type"]
            rows = self.env["res.partner"].search_read(
                [
                    "|",
                    ("id", "in", known_ids),
                    "&",
                    ("parent_id", "in", known_ids),
                    ("type", "=", "delivery"),
                ],
                fields_,
                order="id",
            )
            country_codes = {v: k for k, v in countries["by_code"].items()}
            for row in rows:
                key = delivery_address_key(
                    row, country_codes.get(row["country_id"] and row["country_id"][0], "?")
                )
                if row["id"] in known_ids:
                    addresses[row["id"]] = key
                elif row["parent_id"]:
                    children[row["parent_id"][0]].setdefault(key, row["id"])
        shipping_of, new_keys, new_vals = {}, [], []
        for payload in payloads:
            partner_id = partner_of[payload.external_ref]
            customer = payload.customer
            key = self._payload_address_key(payload)
            if addresses.get(partner_id) == key:
                shipping_of[payload.external_ref] = partner_id
            elif key in children[partner_id]:
                shipping_of[payload.external_ref] = children[partner_id][key]
            else:
                new_key = (partner_id, key)
                if new_key not in new_keys:
                    new_keys.append(new_key)
                    vals = self._prepare_address_vals(customer, countries)
                    vals.update(
                        {
                            "parent_id": partner_id,
                            "type": "delivery",
                            "name": customer.name or False,
                        }
                    )
                    new_vals.append(vals)
                shipping_of[payload.external_ref] = new_key
        if new_vals:
            created = self.env["res.partner"].create(new_vals)
            ids = dict(zip(new_keys, created.ids, strict=True))
            for ref, value in shipping_of.items():
                if isinstance(value, tuple):
                    shipping_of[ref] = ids[value]
        return shipping_of

    def _match_participants(self, campaign, payloads, partner_of):
        partner_ids = list(set(partner_of.values()))
        numbers = [p.participant_number for p in payloads if p.participant_number]
        existing, used_numbers = {}, set()
        for row in self.env["promo.participant"].search_read(
            [
                ("campaign_id", "=", campaign.id),
                "|",
                ("partner_id", "in", partner_ids),
                ("number", "in", numbers),
            ],
            ["partner_id", "number"],
        ):
            existing[row["partner_id"][0]] = row["id"]
            used_numbers.add(row["number"])
        to_create = {}
        for payload in payloads:
            partner_id = partner_of[payload.external_ref]
            if partner_id in existing or partner_id in to_create:
                continue
            number = payload.participant_number
            # A number already held by someone else is not taken over.
            if number in used_numbers:
                number = False
            used_numbers.add(number)
            to_create[partner_id] = {
                "campaign_id": campaign.id,
                "partner_id": partner_id,
                "number": number or False,
            }
        if to_create:
            created = self.env["promo.participant"].create(list(to_create.values()))
            existing.update(zip(to_create, created.ids, strict=True))
        return {p.external_ref: existing[partner_of[p.external_ref]] for p in payloads}

    # ---------------------------------------------------------- re-validate
    def _validate_orders(self, orders):
        """Re-run the campaign rules on existing orders and store the outcome.

        Same rules and inputs as at intake; history comes from the participant's other
        orders in the campaign (only older ones count as duplicates of this one).
        """
        orders = orders.filtered("promo_campaign_id")
        issue_model = self.env["promo.order.issue"]
        issue_model.search([("order_id", "in", orders.ids)]).unlink()
        by_state = defaultdict(list)
        issue_vals = []
        phone_fixes = {}
        for campaign in orders.promo_campaign_id:
            campaign_orders = orders.filtered(lambda o, c=campaign: o.promo_campaign_id == c)
            catalogue = self._load_catalogue(campaign)
            history = self._order_history(campaign, catalogue, campaign_orders.partner_id.ids)
            policy = campaign._get_policy()
            for order in campaign_orders:
                customer = self._customer_of(order)
                lines = self._resolved_lines_of(order, catalogue)
                partner_orders = history.get(order.partner_id.id, {})
                ordered = defaultdict(int)
                signatures = []
                for other_id, other_lines in partner_orders.items():
                    if other_id == order.id:
                        continue
                    for line in other_lines:
                        ordered[line.sku] += line.quantity
                    if other_id < order.id:
                        signatures.append(order_signature(other_lines))
                inp = ValidationInput(
                    customer=customer,
                    lines=tuple(self._with_history(line, {"ordered": ordered}) for line in lines),
                    declared_points=order.promo_declared_points,
                    other_order_signatures=tuple(signatures),
                )
                issues = validate(inp, policy)
                state = validation_state(issues)
                by_state[(state, self._main_rule(issues))].append(order.id)
                for vals in self._prepare_issue_vals(issues):
                    vals["order_id"] = order.id
                    issue_vals.append(vals)
                check = normalize_phone(customer.phone, customer.country)
                shipping = order.partner_shipping_id
                if check.valid and check.e164 != shipping.phone and shipping.phone:
                    phone_fixes[shipping.id] = check.e164
        issue_model.create(issue_vals)
        for (state, rule), order_ids in by_state.items():
            self.env["sale.order"].browse(order_ids).write(
                {"promo_validation_state": state, "promo_main_rule": rule}
            )
        by_phone = defaultdict(list)
        for partner_id, phone in phone_fixes.items():
            by_phone[phone].append(partner_id)
        for phone, partner_ids in by_phone.items():
            self.env["res.partner"].browse(partner_ids).write({"phone": phone})
        return True

    def _order_history(self, campaign, catalogue, partner_ids):
        """Lines of the participants' non-cancelled orders: {partner: {order: [OrderLine]}}."""
        by_partner = defaultdict(lambda: defaultdict(list))
        partner_ids = [p for p in partner_ids if p]
        if not partner_ids:
            return by_partner
        for row in self.env["sale.order.line"].search_read(
            [
                ("order_id.promo_campaign_id", "=", campaign.id),
                ("order_id.partner_id", "in", partner_ids),
                ("order_id.state", "!=", "cancel"),
                ("display_type", "=", False),
            ],
            ["order_id", "order_partner_id", "product_id", "product_uom_qty"],
        ):
            sku, size = self._line_sku(catalogue, row["product_id"] and row["product_id"][0])
            line = OrderLine(sku=sku, quantity=int(row["product_uom_qty"]), size=size)
            by_partner[row["order_partner_id"][0]][row["order_id"][0]].append(line)
        return by_partner

    @staticmethod
    def _customer_of(order):
        shipping = order.partner_shipping_id
        return Customer(
            lastname=shipping.name or "",
            company=shipping.commercial_company_name or "",
            email=order.partner_id.email or "",
            phone=shipping.phone or order.partner_id.phone or "",
            street=shipping.street or "",
            street2=shipping.street2 or "",
            zip=shipping.zip or "",
            city=shipping.city or "",
            state=shipping.state_id.code or "",
            country=shipping.country_id.code or "",
        )

    @staticmethod
    def _resolved_lines_of(order, catalogue):
        lines = []
        for line in order.order_line.filtered(lambda ln: not ln.display_type):
            tmpl_id, size = catalogue["variant_info"].get(line.product_id.id, (None, ""))
            premium = catalogue["by_tmpl"].get(tmpl_id)
            if line.promo_size_missing:
                size = ""
            lines.append(
                ResolvedLine(
                    sku=premium["code"]
                    if premium
                    else (line.product_id.default_code or line.product_id.display_name),
                    quantity=int(line.product_uom_qty),
                    in_catalogue=bool(premium),
                    points=premium["points"] if premium else 0,
                    sizes=premium["sizes"] if premium else (),
                    size=size,
                    max_per_participant=premium["max"] if premium else 0,
                )
            )
        return lines
