import logging
from collections import defaultdict

from psycopg2 import IntegrityError
from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, email_normalize

from clearhouse.errors import PayloadError
from clearhouse.intake.contacts import ADDRESS_FIELDS, delivery_address_key
from clearhouse.intake.payload import parse_order_dict
from clearhouse.orders import issue_result, mark_repeats, rejected_result
from clearhouse.orders.status import UNKNOWN as ORDER_UNKNOWN
from clearhouse.validation import normalize_customer

from ..tools.issue_messages import render_issue_message
from ..tools.quiet_sql import quiet_sql_errors

_logger = logging.getLogger(__name__)

# One API call may carry this many orders; bigger loads go through files.
MAX_ORDERS_PER_CALL = 1000
# What the database or the ORM may refuse about one order of a batch.
CREATE_ERRORS = (IntegrityError, UserError, ValidationError)


class ClearhouseOrderIntake(models.AbstractModel):
    """Turns parsed orders into sale orders, for every channel.

    Campaign websites, webshops and stores differ in how they resolve lines and what
    they check; what they share lives here: the API guard, idempotency by external
    reference per source (also when another transaction creates the same reference at the
    same moment), customer and delivery-contact matching, and one answer shape.
    Channels inherit this model (``_inherit = "clearhouse.order.intake"`` with their own
    ``_name``) and override the ``_intake_*`` hooks listed in DEVELOPERS.md.

    Everything is batched: one query per kind of lookup for the whole call.
    """

    _name = "clearhouse.order.intake"
    _description = "Order Intake"

    # ------------------------------------------------------------------ API
    @api.model
    def _intake_api_source(self, owner_model, code):
        """The owner record (campaign, shop) of ``code`` the calling API user may act for.

        AccessError unless the user is in the API group and listed on the owner's source;
        the owner is searched with the user's own record rules.
        """
        if not self.env.user.has_group("clearhouse_order.clearhouse_order_group_api"):
            raise AccessError(
                self.env._("Only users of the group 'Order intake (API)' may submit orders.")
            )
        if not isinstance(code, str) or not code.strip():
            raise UserError(self.env._("The source code must be a text."))
        owner = self.env[owner_model].search(
            [
                ("code", "=ilike", code.strip()),
                ("order_source_id.api_user_ids", "in", self.env.uid),
            ],
            limit=1,
        )
        if not owner:
            raise AccessError(
                self.env._("You may not submit orders for %(code)s.", code=code.strip()[:64])
            )
        return owner

    @api.model
    def _intake_check_list(self, orders, maximum=MAX_ORDERS_PER_CALL):
        if not isinstance(orders, list | tuple):
            raise UserError(self.env._("'orders' must be a list of order dictionaries."))
        if len(orders) > maximum:
            raise UserError(
                self.env._(
                    "At most %(max)s orders per call; send bigger loads in several calls or "
                    "as a file.",
                    max=maximum,
                )
            )

    @api.model
    def _intake_submit_dicts(self, source, orders, channel, **options):
        """Parse the order dicts and submit the readable ones; one result per dict."""
        results = [None] * len(orders)
        parsed = []
        for position, data in enumerate(orders):
            try:
                parsed.append((position, self._intake_parse(data, position, options)))
            except PayloadError as exc:
                results[position] = self._intake_rejected(self._intake_ref_of(data), exc)
        submitted = self._intake_submit(source, [p for _pos, p in parsed], channel, **options)
        for (position, _payload), result in zip(parsed, submitted, strict=True):
            results[position] = result
        return mark_repeats(results)

    @api.model
    def _intake_parse(self, data, position, options):
        """Hook: one order dict -> ``OrderPayload`` (or PayloadError); a channel keeps
        its own fields of the dict in ``options``."""
        return parse_order_dict(data, position=position)

    @staticmethod
    def _intake_ref_of(data):
        ref = data.get("external_ref") if isinstance(data, dict) else None
        return ref.strip()[:64] if isinstance(ref, str) else False

    def _intake_rejected(self, ref, error):
        return rejected_result(ref, [self._intake_error_issue(error)])

    def _intake_error_issue(self, error):
        line = error.params.get("line_index") if isinstance(error.params, dict) else None
        return issue_result(
            code=error.code,
            rule="payload",
            field=error.field or "",
            line=line,
            message=render_issue_message(self.env, _ErrorView(error, line)),
        )

    # --------------------------------------------------------------- intake
    @api.model
    def _intake_submit(self, source, payloads, channel, **options):
        """Create (or find) the orders of ``payloads``; one result each, in order.

        Idempotent by external reference within the source, including when another
        transaction commits the same reference while this one runs. ``options`` go to the
        channel's hooks; ``automate=False`` leaves the new orders where intake put them.
        """
        source.ensure_one()
        if not payloads:
            return []
        refs = list({p.external_ref for p in payloads})
        existing = {
            row["external_ref"]: row["id"]
            for row in self.env["sale.order"].search_read(
                [("order_source_id", "=", source.id), ("external_ref", "in", refs)],
                ["external_ref"],
            )
        }
        todo, seen = [], set(existing)
        for payload in payloads:
            if payload.external_ref not in seen:
                seen.add(payload.external_ref)
                todo.append(payload)
        created, rejected, raced = {}, {}, {}
        if todo:
            created, rejected, raced = self._intake_create_safe(source, todo, channel, options)
            if options.get("automate", True):
                self.env["sale.order"].browse(list(created.values()))._order_automate()
        results = self._intake_results(payloads, created, existing, rejected)
        if raced:
            # Orders another transaction committed meanwhile: our snapshot cannot read
            # them, a fresh cursor can (and reports them as that transaction left them).
            theirs = self._intake_fresh_results([_Ref(ref) for ref in raced], raced)
            results = [
                theirs.get(r["external_ref"], r) if r["external_ref"] in raced else r
                for r in results
            ]
        return mark_repeats(results)

    def _intake_fresh_results(self, payloads, known):
        with self.env.registry.cursor() as cr:
            cr.transaction = api.Transaction(self.env.registry)
            fresh = self.with_env(self.env(cr=cr))
            results = fresh._intake_results(payloads, {}, known, {})
        return {result["external_ref"]: result for result in results}

    def _intake_create_safe(self, source, payloads, channel, options):
        """Batch create; a reference another transaction committed meanwhile is theirs,
        and an order the database refuses drops out alone (one by one, then)."""
        try:
            # The violation is expected and handled: keep it out of the error log.
            with quiet_sql_errors(), self.env.cr.savepoint():
                created, rejected = self._intake_create(source, payloads, channel, options)
            return created, rejected, {}
        except UniqueViolation:
            _logger.info("Concurrent intake of the same orders for source %s", source.code)
        except CREATE_ERRORS:
            _logger.info("A batch of orders for source %s failed; one by one", source.code)
        # The other transaction has committed by now (that ended our wait on the unique
        # index). Our snapshot cannot see its rows; a fresh cursor can.
        raced = self._intake_committed_refs(source, [p.external_ref for p in payloads])
        created, rejected = {}, {}
        for payload in payloads:
            if payload.external_ref in raced:
                continue
            try:
                with quiet_sql_errors(), self.env.cr.savepoint():
                    one, bad = self._intake_create(source, [payload], channel, options)
            except UniqueViolation:
                raced.update(self._intake_committed_refs(source, [payload.external_ref]))
                continue
            except CREATE_ERRORS as exc:
                _logger.info(
                    "Order %s for source %s failed: %s", payload.external_ref, source.code, exc
                )
                bad = {
                    payload.external_ref: PayloadError(
                        str(exc), code="create_failed", record=payload.external_ref
                    )
                }
                one = {}
            created.update(one)
            rejected.update(bad)
        return created, rejected, raced

    def _intake_committed_refs(self, source, refs):
        with self.env.registry.cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT external_ref, id FROM sale_order"
                    " WHERE order_source_id = %s AND external_ref = ANY(%s)",
                    source.id,
                    refs,
                )
            )
            return dict(cr.fetchall())

    def _intake_create(self, source, payloads, channel, options):
        """``({ref: order id}, {ref: PayloadError})`` for ``payloads`` (all new)."""
        lines, rejected = self._intake_resolve_lines(source, payloads, options)
        payloads = [p for p in payloads if p.external_ref not in rejected]
        if not payloads:
            return {}, rejected
        contacts = self._intake_match_contacts(source, payloads)
        vals_list = self._intake_prepare_orders(source, payloads, lines, contacts, channel, options)
        orders = self.env["sale.order"].create(vals_list)
        self._intake_after_create(source, orders, payloads, contacts, options)
        return {order.external_ref: order.id for order in orders}, rejected

    # ---------------------------------------------------------- channel hooks
    def _intake_resolve_lines(self, source, payloads, options):
        """Hook: ``({ref: channel data of the lines}, {ref: PayloadError})``.

        The kernel cannot know products; every channel overrides this.
        """
        raise NotImplementedError

    def _intake_prepare_orders(self, source, payloads, lines, contacts, channel, options):
        """Hook: the ``sale.order`` values of every payload, in order.

        Channels call ``_intake_order_vals`` for the shared part and add their own.
        """
        raise NotImplementedError

    def _intake_after_create(self, source, orders, payloads, contacts, options):
        """Hook: bookkeeping once the orders exist (participants, counters)."""

    def _intake_order_vals(self, source, payload, contact, channel, issues=None):
        """What every channel's order carries; ``issues`` are core validation issues."""
        vals = {
            "partner_id": contact["partner_id"],
            "partner_invoice_id": contact["partner_id"],
            "partner_shipping_id": contact["shipping_id"],
            "company_id": source.company_id.id,
            "order_source_id": source.id,
            "external_ref": payload.external_ref,
            "intake_channel": channel,
            "customer_note": payload.note or False,
        }
        order_date = self._intake_order_date(payload.order_date)
        if order_date:
            vals["date_order"] = order_date
        if issues is not None:
            vals.update(self._intake_validation_vals(issues))
        return vals

    def _intake_validation_vals(self, issues):
        from clearhouse.validation import validation_state

        order_model = self.env["sale.order"]
        return {
            "validation_state": validation_state(issues),
            "main_issue_rule": order_model._main_issue_rule(issues),
            "issue_ids": [
                fields.Command.create(vals)
                for vals in self.env["clearhouse.order.issue"]._prepare_vals(issues)
            ],
        }

    @staticmethod
    def _intake_order_date(value):
        if not value:
            return False
        try:
            return fields.Datetime.to_datetime(value.replace("T", " ")[:19])
        except ValueError:
            return False

    # ---------------------------------------------------------------- results
    def _intake_results(self, payloads, created, existing, rejected):
        order_ids = list(created.values()) + list(existing.values())
        orders = self.env["sale.order"].browse(order_ids)
        states = orders._order_api_states()
        rows = {
            row["id"]: row
            for row in orders.search_read([("id", "in", order_ids)], ["name", "validation_state"])
        }
        issue_model = self.env["clearhouse.order.issue"]
        issues = {
            order.id: found
            for order, found in issue_model.search([("order_id", "in", order_ids)])
            .grouped("order_id")
            .items()
        }
        results = []
        for payload in payloads:
            ref = payload.external_ref
            if ref in rejected:
                results.append(self._intake_rejected(ref, rejected[ref]))
                continue
            order_id = created.get(ref) or existing.get(ref)
            row = rows.get(order_id, {})
            results.append(
                {
                    "external_ref": ref,
                    "order_id": order_id,
                    "order_name": row.get("name") or False,
                    "state": states.get(order_id, "received"),
                    "validation": row.get("validation_state") or False,
                    "duplicate": ref in existing,
                    "issues": issues.get(order_id, issue_model)._as_result(),
                }
            )
        return mark_repeats(results)

    @api.model
    def _intake_status(self, source, refs):
        """The orders of ``refs`` in the answer shape of the intake, for status queries;
        an unknown reference answers ``state: unknown``."""
        rows = self.env["sale.order"].search_read(
            [("order_source_id", "=", source.id), ("external_ref", "in", list(refs))],
            ["external_ref"],
        )
        known = {row["external_ref"]: row["id"] for row in rows}
        payloads = [_Ref(ref) for ref in refs if ref in known]
        results = {r["external_ref"]: r for r in self._intake_results(payloads, {}, known, {})}
        answer = []
        for ref in refs:
            result = results.get(ref) or dict(rejected_result(ref, []), state=ORDER_UNKNOWN)
            answer.append(dict(result, duplicate=False))
        return answer

    # ------------------------------------------------------------- contacts
    def _intake_identity_keys(self, source, payload):
        """Hook: keys that recognise the customer, strongest first (``(kind, value)``).

        The kernel knows the normalised e-mail; campaigns add the participant number.
        """
        email = email_normalize(payload.customer.email or "", strict=False)
        return [("email", email)] if email else []

    def _intake_known_partners(self, source, keys):
        """Hook: ``{key: partner id}`` of known customers for the given identity keys."""
        emails = [value for kind, value in keys if kind == "email"]
        known = {}
        if emails:
            for row in self.env["res.partner"].search_read(
                [
                    ("email_normalized", "in", emails),
                    ("company_id", "in", [source.company_id.id, False]),
                    ("type", "=", "contact"),
                ],
                ["email_normalized"],
                order="id",
            ):
                known.setdefault(("email", row["email_normalized"]), row["id"])
        return known

    def _intake_match_contacts(self, source, payloads):
        """``{ref: {"partner_id", "shipping_id"}}``: customer and delivery address.

        A customer is recognised by any identity key and never created twice, also not
        within one call; another delivery address becomes a delivery contact.
        """
        keys_of = {p.external_ref: self._intake_identity_keys(source, p) for p in payloads}
        known = self._intake_known_partners(
            source, list({key for keys in keys_of.values() for key in keys})
        )
        countries = self._intake_countries(payloads)
        partner_of, pending, new_vals, new_addresses = {}, {}, [], {}
        for payload in payloads:
            keys = keys_of[payload.external_ref]
            partner_id = next((known[key] for key in keys if key in known), None)
            if partner_id:
                partner_of[payload.external_ref] = partner_id
                continue
            slot = next((pending[key] for key in keys if key in pending), None)
            if slot is None:
                slot = len(new_vals)
                new_vals.append(
                    self._intake_partner_vals(payload.customer, countries, source.company_id)
                )
                new_addresses[slot] = self._intake_address_key(payload)
            for key in keys:
                pending.setdefault(key, slot)
            partner_of[payload.external_ref] = ("new", slot)
        new_ids = self.env["res.partner"].create(new_vals).ids if new_vals else []
        for ref, value in partner_of.items():
            if isinstance(value, tuple):
                partner_of[ref] = new_ids[value[1]]
        shipping_of = self._intake_match_shipping(
            payloads,
            partner_of,
            {new_ids[slot]: key for slot, key in new_addresses.items()},
            countries,
        )
        return {
            ref: {"partner_id": partner_of[ref], "shipping_id": shipping_of[ref]}
            for ref in partner_of
        }

    def _intake_countries(self, payloads):
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

    def _intake_address_vals(self, customer, countries):
        """Address values as stored: postal code and phone in their canonical forms when
        they can be made valid, as given otherwise (for clearing to fix)."""
        country_id = countries["by_code"].get(customer.country, False)
        canonical = normalize_customer(customer)
        return {
            "street": customer.street or False,
            "street2": customer.street2 or False,
            "zip": canonical.zip or False,
            "city": customer.city or False,
            "country_id": country_id,
            "state_id": countries["states"].get(
                (country_id, (customer.state or "").upper()), False
            ),
            "phone": canonical.phone or False,
        }

    def _intake_partner_vals(self, customer, countries, company):
        vals = self._intake_address_vals(customer, countries)
        vals.update(
            {
                "name": customer.name or customer.email or self.env._("Customer"),
                "email": customer.email or False,
                "company_id": company.id,
                "customer_rank": 1,
            }
        )
        if customer.company and customer.name != customer.company:
            vals["company_name"] = customer.company
        return vals

    def _intake_address_key(self, payload):
        customer = payload.customer
        return delivery_address_key(
            {name: getattr(customer, name) for name in ADDRESS_FIELDS}, customer.country
        )

    def _intake_match_shipping(self, payloads, partner_of, new_addresses, countries):
        """Delivery address: the partner itself, or a delivery contact when it differs."""
        known_ids = list({pid for pid in partner_of.values() if pid not in new_addresses})
        addresses = dict(new_addresses)
        children = defaultdict(dict)
        if known_ids:
            country_codes = {v: k for k, v in countries["by_code"].items()}
            for row in self.env["res.partner"].search_read(
                [
                    "|",
                    ("id", "in", known_ids),
                    "&",
                    ("parent_id", "in", known_ids),
                    ("type", "=", "delivery"),
                ],
                [*ADDRESS_FIELDS, "country_id", "parent_id", "type"],
                order="id",
            ):
                key = delivery_address_key(
                    row, country_codes.get(row["country_id"] and row["country_id"][0], "?")
                )
                if row["id"] in known_ids:
                    addresses[row["id"]] = key
                elif row["parent_id"]:
                    children[row["parent_id"][0]].setdefault(key, row["id"])
        shipping_of, new_keys, new_vals = {}, [], []
        for payload in payloads:
            ref = payload.external_ref
            partner_id = partner_of[ref]
            key = self._intake_address_key(payload)
            if addresses.get(partner_id) == key:
                shipping_of[ref] = partner_id
            elif key in children[partner_id]:
                shipping_of[ref] = children[partner_id][key]
            else:
                new_key = (partner_id, key)
                if new_key not in new_keys:
                    new_keys.append(new_key)
                    vals = self._intake_address_vals(payload.customer, countries)
                    vals.update(
                        {
                            "parent_id": partner_id,
                            "type": "delivery",
                            "name": payload.customer.name or False,
                        }
                    )
                    new_vals.append(vals)
                shipping_of[ref] = new_key
        if new_vals:
            ids = dict(zip(new_keys, self.env["res.partner"].create(new_vals).ids, strict=True))
            for ref, value in shipping_of.items():
                if isinstance(value, tuple):
                    shipping_of[ref] = ids[value]
        return shipping_of


class _Ref:
    """Just the reference of an order, where the results need no more."""

    def __init__(self, external_ref):
        self.external_ref = external_ref


class _ErrorView:
    """A core error as the message catalogue reads it (code, params, line)."""

    def __init__(self, error, line):
        self.code = error.code
        self.params = dict(error.params or {})
        self.line = line
        self.message = str(error)
