from odoo import _, api, fields, models
from odoo.fields import Command

from clearhouse.desk import (
    Contact,
    address_key,
    classify_query,
    duplicate_score,
    is_duplicate,
    name_key,
    phone_digits,
    phonetic_key,
)

# How many customers the finder returns at most, per kind of key.
FINDER_LIMIT = 80
# How many messages the timeline of the service view shows.
TIMELINE_LIMIT = 100
MANAGER = "service_desk.service_desk_group_manager"


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Normalised columns of the finder and the duplicate check (one index each).
    desk_name_key = fields.Char(
        compute="_compute_desk_keys", store=True, index="trigram", string="Name Key"
    )
    desk_phonetic_key = fields.Char(
        compute="_compute_desk_keys", store=True, index="btree_not_null", string="Phonetic Key"
    )
    desk_address_key = fields.Char(
        compute="_compute_desk_keys", store=True, index="btree_not_null", string="Address Key"
    )
    desk_phone_digits = fields.Char(
        compute="_compute_desk_keys", store=True, index="btree_not_null", string="Phone Digits"
    )
    desk_mobile_digits = fields.Char(
        compute="_compute_desk_keys", store=True, index="btree_not_null", string="Mobile Digits"
    )
    desk_search = fields.Char(
        string="Find Customer",
        compute="_compute_desk_search",
        search="_search_desk_search",
        help="Name, e-mail, phone, order number, outside order number, tracking number, "
        "card number or voucher code.",
    )
    desk_duplicate_state = fields.Selection(
        [("suspect", "Possible duplicate"), ("checked", "Checked, not a duplicate")],
        string="Duplicate Check",
        index="btree_not_null",
        copy=False,
    )
    desk_duplicate_ids = fields.Many2many(
        "res.partner", compute="_compute_desk_duplicate_ids", string="Possible Duplicates"
    )
    desk_order_ids = fields.Many2many(
        "sale.order", compute="_compute_desk_story", string="Orders (Service)"
    )
    desk_order_count = fields.Integer(compute="_compute_desk_story", string="Order Count")
    desk_message_ids = fields.Many2many(
        "mail.message", compute="_compute_desk_story", string="Communication"
    )
    desk_invoice_ids = fields.Many2many(
        "account.move", compute="_compute_desk_finance", string="Invoices and Refunds"
    )
    desk_payment_ids = fields.Many2many(
        "account.payment", compute="_compute_desk_finance", string="Payments Received"
    )
    desk_prepayment_order_ids = fields.Many2many(
        "sale.order", compute="_compute_desk_finance", string="Prepayments Waiting"
    )
    desk_open_amount = fields.Monetary(compute="_compute_desk_finance", string="Open")
    desk_overdue_amount = fields.Monetary(compute="_compute_desk_finance", string="Overdue")
    desk_refund_amount = fields.Monetary(compute="_compute_desk_finance", string="Refunded")
    desk_related_ids = fields.Many2many(
        "res.partner", compute="_compute_desk_related", string="Related Contacts"
    )
    desk_change_ids = fields.One2many("service.desk.change", "partner_id", string="Changes")

    # ------------------------------------------------------------------ keys
    @api.depends("name", "phone", "mobile", "street", "zip", "country_id")
    def _compute_desk_keys(self):
        for partner in self:
            country = partner.country_id.code or "DE"
            partner.desk_name_key = name_key(partner.name) or False
            partner.desk_phonetic_key = phonetic_key(partner.name) or False
            partner.desk_address_key = address_key(partner.street, partner.zip, country) or False
            partner.desk_phone_digits = phone_digits(partner.phone, country) or False
            partner.desk_mobile_digits = phone_digits(partner.mobile, country) or False

    def _desk_contact(self):
        """The contact as the core's duplicate score reads it."""
        self.ensure_one()
        return Contact(
            name=self.name or "",
            email=self.email or "",
            phone=self.phone or self.mobile or "",
            street=self.street or "",
            zip=self.zip or "",
            city=self.city or "",
            country=self.country_id.code or "DE",
        )

    # ------------------------------------------------------------------ finder
    def _compute_desk_search(self):
        self.desk_search = False

    def _search_desk_search(self, operator, value):
        if operator not in ("ilike", "=", "like", "=ilike") or not isinstance(value, str):
            return [("id", "=", 0)]
        return [("id", "in", self._desk_find(value))]

    @api.model
    def _desk_finders(self):
        """``{kind: function(text) -> partner ids}``; bridges add card and voucher."""
        return {
            "email": self._desk_find_email,
            "phone": self._desk_find_phone,
            "order_ref": self._desk_find_order_ref,
            "tracking": self._desk_find_tracking,
            "name": self._desk_find_name,
        }

    @api.model
    def _desk_find(self, text):
        """Ids of the customers ``text`` points to, searched only by the kinds it may be."""
        finders = self._desk_finders()
        found = []
        for kind in classify_query(text):
            if kind in finders:
                found.extend(finders[kind](text.strip()))
        return list(dict.fromkeys(found))

    @api.model
    def _desk_find_email(self, text):
        return self.search([("email_normalized", "=", text.lower())], limit=FINDER_LIMIT).ids

    @api.model
    def _desk_find_phone(self, text):
        # National numbers read for the company's country and for Germany (the default
        # country of the stored keys).
        countries = {self.env.company.country_id.code or "DE", "DE"}
        digits = [d for d in {phone_digits(text, c) for c in countries} if d]
        if not digits:
            return []
        domain = ["|", ("desk_phone_digits", "in", digits), ("desk_mobile_digits", "in", digits)]
        return self.search(domain, limit=FINDER_LIMIT).ids

    @api.model
    def _desk_find_order_ref(self, text):
        orders = self.env["sale.order"].search_read(
            ["|", ("name", "=", text.upper()), ("external_ref", "=", text)],
            ["partner_id"],
            limit=FINDER_LIMIT,
        )
        return [row["partner_id"][0] for row in orders]

    @api.model
    def _desk_find_tracking(self, text):
        pickings = self.env["stock.picking"].search_read(
            [("carrier_tracking_ref", "=", text.replace(" ", ""))],
            ["partner_id", "sale_id"],
            limit=FINDER_LIMIT,
        )
        order_ids = [row["sale_id"][0] for row in pickings if row["sale_id"]]
        customers = self.env["sale.order"].browse(order_ids).partner_id.ids
        return customers + [row["partner_id"][0] for row in pickings if row["partner_id"]]

    @api.model
    def _desk_find_name(self, text):
        tokens = name_key(text).split()
        if not tokens:
            return []
        domain = [("desk_name_key", "ilike", token) for token in tokens]
        return self.search(domain, limit=FINDER_LIMIT).ids

    # ------------------------------------------------------------------ story
    def _desk_family(self):
        """The contact with its delivery and invoice contacts (orders may name either)."""
        self.ensure_one()
        return self | self.child_ids

    def _compute_desk_story(self):
        for partner in self:
            if not partner.id:
                partner.desk_order_ids = partner.desk_message_ids = False
                partner.desk_order_count = 0
                continue
            family = partner._desk_family()
            orders = self.env["sale.order"].search(
                [("partner_id", "in", family.ids)], order="date_order desc, id desc"
            )
            partner.desk_order_ids = orders
            partner.desk_order_count = len(orders)
            partner.desk_message_ids = self.env["mail.message"].search(
                [
                    ("message_type", "in", ("email", "comment", "email_outgoing")),
                    "|",
                    "&",
                    ("model", "=", "res.partner"),
                    ("res_id", "in", family.ids),
                    "&",
                    ("model", "=", "sale.order"),
                    ("res_id", "in", orders.ids),
                ],
                limit=TIMELINE_LIMIT,
                order="date desc, id desc",
            )

    def _compute_desk_finance(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if not partner.id:
                partner.desk_invoice_ids = partner.desk_payment_ids = False
                partner.desk_prepayment_order_ids = False
                partner.desk_open_amount = partner.desk_overdue_amount = 0.0
                partner.desk_refund_amount = 0.0
                continue
            commercial = partner.commercial_partner_id
            moves = self.env["account.move"].search(
                [
                    ("commercial_partner_id", "=", commercial.id),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("state", "=", "posted"),
                ],
                order="invoice_date desc, id desc",
            )
            partner.desk_invoice_ids = moves
            invoices = moves.filtered(lambda m: m.move_type == "out_invoice")
            open_invoices = invoices.filtered(lambda m: m.payment_state in ("not_paid", "partial"))
            partner.desk_open_amount = sum(open_invoices.mapped("amount_residual"))
            partner.desk_overdue_amount = sum(
                open_invoices.filtered(
                    lambda m: m.invoice_date_due and m.invoice_date_due < today
                ).mapped("amount_residual")
            )
            partner.desk_refund_amount = sum(
                moves.filtered(lambda m: m.move_type == "out_refund").mapped("amount_total")
            )
            partner.desk_payment_ids = self.env["account.payment"].search(
                [
                    ("partner_id", "child_of", commercial.id),
                    ("payment_type", "=", "inbound"),
                    ("state", "not in", ("draft", "canceled")),
                ]
            )
            partner.desk_prepayment_order_ids = self.env["sale.order"].search(
                [
                    ("partner_id", "in", partner._desk_family().ids),
                    ("prepayment_state", "=", "awaiting"),
                ]
            )

    def _compute_desk_related(self):
        for partner in self:
            related = partner.child_ids | partner.parent_id
            if partner.id and partner.desk_address_key:
                related |= self.search(
                    [
                        ("desk_address_key", "=", partner.desk_address_key),
                        ("id", "!=", partner.id),
                    ],
                    limit=20,
                )
            partner.desk_related_ids = related - partner

    # ------------------------------------------------------------------ duplicates
    def _desk_candidate_domain(self):
        """Contacts sharing an indexed key with one of ``self`` (one query for all)."""
        emails = [e for e in self.mapped("email_normalized") if e]
        phonetic = [k for k in self.mapped("desk_phonetic_key") if k]
        phones = [
            p for p in self.mapped("desk_phone_digits") + self.mapped("desk_mobile_digits") if p
        ]
        addresses = [a for a in self.mapped("desk_address_key") if a]
        parts = []
        if emails:
            parts.append([("email_normalized", "in", emails)])
        if phonetic:
            parts.append([("desk_phonetic_key", "in", phonetic)])
        if phones:
            parts.append(
                ["|", ("desk_phone_digits", "in", phones), ("desk_mobile_digits", "in", phones)]
            )
        if addresses:
            parts.append([("desk_address_key", "in", addresses)])
        if not parts:
            return None
        domain = ["|"] * (len(parts) - 1)
        for part in parts:
            domain += part
        return domain

    def _desk_duplicate_map(self):
        """``{partner: candidates}`` scoring as duplicates (one search for all of self)."""
        domain = self._desk_candidate_domain()
        if domain is None:
            return {}
        candidates = self.search(
            domain + [("id", "not in", self.ids), ("type", "=", "contact")],
            limit=max(200, 20 * len(self)),
        )
        contacts = {c: c._desk_contact() for c in candidates}
        result = {}
        for partner in self:
            mine = partner._desk_contact()
            same = [c for c, contact in contacts.items() if is_duplicate(mine, contact)]
            if same:
                result[partner] = self.browse([c.id for c in same])
        return result

    @api.depends("name", "email", "phone", "mobile", "street", "zip")
    def _compute_desk_duplicate_ids(self):
        found = self.filtered("id")._desk_duplicate_map()
        for partner in self:
            partner.desk_duplicate_ids = found.get(partner, self.browse())

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        customers = partners.filtered(lambda p: p.type == "contact" and not p.is_company)
        if customers and not self.env.context.get("desk_skip_duplicate_check"):
            suspects = customers._desk_duplicate_map()
            if suspects:
                self.browse([p.id for p in suspects]).write({"desk_duplicate_state": "suspect"})
        return partners

    @api.onchange("name", "email", "phone", "street", "zip")
    def _onchange_desk_duplicates(self):
        """Warn whoever types a new customer by hand that it may exist already."""
        if self._origin.id or not self.name:
            return None
        mine = self._desk_contact()
        domain = self._desk_candidate_domain()
        if domain is None:
            return None
        candidates = self.search(domain + [("type", "=", "contact")], limit=50)
        same = candidates.filtered(lambda c: is_duplicate(mine, c._desk_contact()))
        if not same:
            return None
        names = "\n".join(
            f"- {c.display_name} ({duplicate_score(mine, c._desk_contact()):.0%})" for c in same
        )
        return {
            "warning": {
                "title": _("Possible duplicate"),
                "message": _("This customer may exist already:\n%(names)s", names=names),
            }
        }

    # ------------------------------------------------------------------ actions
    def action_desk_open(self):
        """The service view of this customer."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref("service_desk.res_partner_view_form_service_desk").id, "form")],
            "name": self.display_name,
        }

    def action_desk_mark_checked(self):
        self.write({"desk_duplicate_state": "checked"})

    def action_desk_merge(self):
        """The merge wizard with these contacts (any number)."""
        return {
            "type": "ir.actions.act_window",
            "res_model": "service.desk.partner.merge",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_partner_ids": [Command.set(self.ids)],
                "default_dst_partner_id": self[:1].id,
            },
        }

    def action_desk_merge_duplicates(self):
        """Merge this contact with its possible duplicates."""
        self.ensure_one()
        return (self | self.desk_duplicate_ids).action_desk_merge()

    def action_desk_mail(self):
        """Mail composer on the customer, templates of the service desk offered."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": "res.partner",
                "default_res_ids": self.ids,
                "default_composition_mode": "comment",
                "default_partner_ids": self.ids,
            },
        }

    def action_desk_phone_order(self):
        """A phone order for this customer through the kernel's intake."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "service.desk.phone.order",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }
