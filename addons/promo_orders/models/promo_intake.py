import logging
from collections import defaultdict

from odoo import Command, api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from clearhouse.errors import PayloadError
from clearhouse.types import OrderLine, ResolvedLine, ValidationInput
from clearhouse.validation.engine import validate
from clearhouse.validation.rules import order_signature

_logger = logging.getLogger(__name__)


class PromoIntake(models.AbstractModel):
    """Campaign orders through the kernel's intake (``clearhouse.order.intake``).

    API, file import, manual generation and re-validation share this code so that an
    order behaves the same whichever way it arrived. The campaign adds its premium
    catalogue, its participants and its validation rules to the kernel's steps.
    """

    _name = "promo.intake"
    _inherit = "clearhouse.order.intake"
    _description = "Campaign Order Intake"

    # ------------------------------------------------------------------ API
    @api.model
    def _submit_api(self, campaign_code, orders):
        self._intake_check_list(orders)
        if not isinstance(campaign_code, str):
            raise UserError(self.env._("The campaign code must be a text."))
        # Searched with the API user's rights: only campaigns that list the user.
        campaign = self._intake_api_source("promo.campaign", campaign_code.strip().upper())
        if campaign.state != "running":
            raise UserError(
                self.env._(
                    "The campaign %(code)s does not take orders (it is not running).",
                    code=campaign.code,
                )
            )
        # sudo: the API group and the campaign's user list checked above are the
        # authorisation; API users get no direct rights on partners and orders.
        intake = self.sudo().with_company(campaign.company_id)
        campaign = campaign.sudo()
        return intake._intake_submit_dicts(
            campaign.order_source_id, list(orders), "api", campaign=campaign
        )

    @api.model
    def _submit(self, campaign, payloads, channel, batch=None, confirm=True):
        """Create (or find) the orders of ``payloads``; one result dict each."""
        campaign.ensure_one()
        return self._intake_submit(
            campaign.order_source_id,
            payloads,
            channel,
            campaign=campaign,
            batch=batch,
            automate=confirm,
        )

    # ---------------------------------------------------------- kernel hooks
    def _intake_resolve_lines(self, source, payloads, options):
        catalogue = self._load_catalogue(options["campaign"])
        options["catalogue"] = catalogue
        resolved, rejected = {}, {}
        for payload in payloads:
            try:
                resolved[payload.external_ref] = self._resolve_payload_lines(catalogue, payload)
            except PayloadError as exc:
                rejected[payload.external_ref] = exc
        return resolved, rejected

    def _intake_identity_keys(self, source, payload):
        keys = super()._intake_identity_keys(source, payload)
        if payload.participant_number:
            keys.insert(0, ("participant", payload.participant_number))
        return keys

    def _intake_known_partners(self, source, keys):
        known = super()._intake_known_partners(source, keys)
        numbers = [value for kind, value in keys if kind == "participant"]
        if numbers:
            for row in self.env["promo.participant"].search_read(
                [("campaign_id.order_source_id", "=", source.id), ("number", "in", numbers)],
                ["number", "partner_id"],
            ):
                known[("participant", row["number"])] = row["partner_id"][0]
        return known

    def _intake_prepare_orders(self, source, payloads, lines, contacts, channel, options):
        campaign, catalogue = options["campaign"], options["catalogue"]
        partner_of = {ref: contact["partner_id"] for ref, contact in contacts.items()}
        participant_of = self._match_participants(campaign, payloads, partner_of)
        history = self._load_history(campaign, catalogue, set(partner_of.values()))
        policy = campaign._get_policy()
        batch = options.get("batch")
        vals_list = []
        for payload in payloads:
            resolved, line_vals = lines[payload.external_ref]
            partner_history = history[partner_of[payload.external_ref]]
            inp = ValidationInput(
                customer=payload.customer,
                lines=tuple(self._with_history(line, partner_history) for line in resolved),
                declared_points=payload.declared_points,
                other_order_signatures=tuple(partner_history["signatures"]),
            )
            issues = validate(inp, policy)
            # Orders of the same participant within this call count for the next ones.
            partner_history["signatures"].append(order_signature(resolved))
            for line in resolved:
                partner_history["ordered"][line.sku] += line.quantity
            vals = self._intake_order_vals(
                source, payload, contacts[payload.external_ref], channel, issues
            )
            vals.update(
                {
                    "promo_campaign_id": campaign.id,
                    "promo_participant_id": participant_of[payload.external_ref],
                    "promo_declared_points": payload.declared_points or 0,
                    "promo_import_batch_id": batch.id if batch else False,
                    "order_line": [Command.create(vals) for vals in line_vals],
                }
            )
            if campaign.team_id:
                vals["team_id"] = campaign.team_id.id
            vals_list.append(vals)
        options["participant_of"] = participant_of
        return vals_list

    def _intake_after_create(self, source, orders, payloads, contacts, options):
        participant_of = options["participant_of"]
        by_points = defaultdict(list)
        for payload in payloads:
            if payload.declared_points is not None:
                by_points[payload.declared_points].append(participant_of[payload.external_ref])
        participants = self.env["promo.participant"]
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
                    field=f"lines[{index}].sku",
                    line_index=index,
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
                    field=f"lines[{index}].sku",
                    line_index=index,
                    sku=line.sku,
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

    # ------------------------------------------------------------ participants
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
            existing.update(self._insert_participants(campaign, list(to_create.values())))
        return {p.external_ref: existing[partner_of[p.external_ref]] for p in payloads}

    def _insert_participants(self, campaign, vals_list):
        """``{partner id: participant id}`` of new participants, without a logged ERROR.

        Two transactions may add the same participant at once (several nodes take
        intake). Under Odoo's REPEATABLE READ the later one can neither see nor reference
        the row the first one committed after its snapshot, so it cannot go on with it:
        ``ON CONFLICT DO NOTHING`` makes PostgreSQL answer such a race with a
        serialization failure (instead of a unique violation) which is not logged here
        and which Odoo's request retry and queue_job retry in a fresh transaction; that
        one finds the participant by its number.
        """
        participants = self.env["promo.participant"]
        participants.flush_model()
        uid = self.env.uid
        rows = [
            SQL(
                "(%s, %s, %s, %s, %s, %s, NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC')",
                campaign.id,
                campaign.company_id.id,
                vals["partner_id"],
                vals["number"] or None,
                uid,
                uid,
            )
            for vals in vals_list
        ]
        query = SQL(
            "INSERT INTO promo_participant (campaign_id, company_id, partner_id, number,"
            " create_uid, write_uid, create_date, write_date) VALUES %s"
            " ON CONFLICT DO NOTHING RETURNING partner_id, id",
            SQL(", ").join(rows),
        )
        # A race ends in a serialization failure that the caller's retry handles.
        self.env.cr.execute(query, log_exceptions=False)
        created = dict(self.env.cr.fetchall())
        missing = [vals["partner_id"] for vals in vals_list if vals["partner_id"] not in created]
        if missing:
            # Skipped by a row this transaction can see: take that one.
            for row in participants.search_read(
                [("campaign_id", "=", campaign.id), ("partner_id", "in", missing)],
                ["partner_id"],
            ):
                created[row["partner_id"][0]] = row["id"]
        return created

    # ---------------------------------------------------------- re-validate
    def _campaign_issues(self, orders):
        """``{order id: [core Issue]}``: the campaign rules on existing orders.

        Same rules and inputs as at intake; history comes from the participant's other
        orders in the campaign (only older ones count as duplicates of this one).
        """
        found = {}
        for campaign in orders.promo_campaign_id:
            campaign_orders = orders.filtered(lambda o, c=campaign: o.promo_campaign_id == c)
            catalogue = self._load_catalogue(campaign)
            history = self._order_history(campaign, catalogue, campaign_orders.partner_id.ids)
            policy = campaign._get_policy()
            for order in campaign_orders:
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
                lines = self._resolved_lines_of(order, catalogue)
                inp = ValidationInput(
                    customer=order._order_customer(),
                    lines=tuple(self._with_history(line, {"ordered": ordered}) for line in lines),
                    declared_points=order.promo_declared_points,
                    other_order_signatures=tuple(signatures),
                )
                found[order.id] = validate(inp, policy)
        return found

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
