from markupsafe import Markup

from odoo import api, fields, models, tools

from clearhouse.tickets import parse_reference

from .service_sla_policy import PRIORITIES
from .service_ticket_stage import DONE_KINDS


class ServiceTicket(models.Model):
    """A customer case someone owns, with its order, customer and shipments one click away."""

    _name = "service.ticket"
    _description = "Service Ticket"
    _inherit = ["portal.mixin", "mail.thread.cc", "mail.activity.mixin"]
    _order = "priority desc, opened_at desc, id desc"
    _primary_email = "partner_email"
    # Customers answer in the portal chatter with read access only (their own tickets).
    _mail_post_access = "read"

    number = fields.Char(
        string="Reference", readonly=True, copy=False, index=True, default="/", tracking=True
    )
    name = fields.Char(string="Subject", required=True, tracking=True)
    description = fields.Html(sanitize_style=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    queue_id = fields.Many2one("service.queue", index=True, tracking=True)
    queue_answer_template_ids = fields.Many2many(
        related="queue_id.answer_template_ids", string="Answer Templates"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assigned To",
        index=True,
        tracking=True,
        domain=[("share", "=", False)],
    )
    assigned_at = fields.Datetime(readonly=True, copy=False)
    opened_at = fields.Datetime(
        readonly=True, copy=False, index=True, default=fields.Datetime.now, string="Opened On"
    )
    stage_id = fields.Many2one(
        "service.ticket.stage",
        index=True,
        tracking=True,
        copy=False,
        group_expand="_read_group_expand_stages",
        default=lambda self: self._default_stage(),
    )
    stage_kind = fields.Selection(related="stage_id.kind", store=True, index=True)
    priority = fields.Selection(PRIORITIES, default="1", required=True, index=True, tracking=True)
    tag_ids = fields.Many2many("service.ticket.tag", string="Tags")
    color = fields.Integer()
    partner_id = fields.Many2one("res.partner", string="Customer", index=True, tracking=True)
    partner_email = fields.Char(
        compute="_compute_partner_email", store=True, readonly=False, string="Customer E-mail"
    )
    partner_review_needed = fields.Boolean(related="partner_id.ticket_review_needed")
    order_id = fields.Many2one("sale.order", string="Order", index=True, tracking=True)
    picking_id = fields.Many2one("stock.picking", string="Delivery", index=True)
    invoice_id = fields.Many2one(
        "account.move", string="Invoice", index=True, domain=[("move_type", "like", "out_")]
    )
    res_model = fields.Char(string="Source Model", index=True, readonly=True)
    res_id = fields.Many2oneReference(string="Source Record", model_field="res_model", index=True)
    source_display = fields.Char(compute="_compute_source_display", string="Source")
    picking_count = fields.Integer(compute="_compute_picking_count", string="Shipments")
    # SLA
    first_response_deadline = fields.Datetime(string="First Answer Due", index=True, copy=False)
    resolution_deadline = fields.Datetime(string="Resolution Due", index=True, copy=False)
    first_response_at = fields.Datetime(string="First Answer", readonly=True, copy=False)
    solved_at = fields.Datetime(string="Solved On", readonly=True, copy=False, index=True)
    first_response_late = fields.Boolean(
        string="First Answer Late", readonly=True, copy=False, index=True
    )
    resolution_late = fields.Boolean(string="Resolved Late", readonly=True, copy=False, index=True)
    first_response_hours = fields.Float(
        string="Hours to First Answer", readonly=True, copy=False, aggregator="avg"
    )
    resolution_hours = fields.Float(
        string="Hours to Resolution", readonly=True, copy=False, aggregator="avg"
    )
    is_open = fields.Boolean(compute="_compute_is_open", search="_search_is_open")

    _sql_constraints = [
        ("number_unique", "UNIQUE(number)", "A ticket with this reference already exists."),
    ]

    # ------------------------------------------------------------ defaults, computes
    def _default_stage(self):
        return self.env["service.ticket.stage"].search([("kind", "=", "new")], limit=1)

    @api.model
    def _read_group_expand_stages(self, stages, domain):
        queue_id = self.env.context.get("default_queue_id")
        search_domain = [("queue_ids", "=", False)]
        if queue_id:
            search_domain = ["|", ("queue_ids", "=", False), ("queue_ids", "in", [queue_id])]
        return stages.sudo().search(search_domain).sudo(False) | stages

    @api.depends("partner_id.email")
    def _compute_partner_email(self):
        for ticket in self:
            if ticket.partner_id.email:
                ticket.partner_email = ticket.partner_id.email

    @api.depends("res_model", "res_id")
    def _compute_source_display(self):
        for ticket in self:
            record = ticket._source_record()
            ticket.source_display = record.display_name if record else False

    @api.depends("order_id.picking_ids", "picking_id")
    def _compute_picking_count(self):
        for ticket in self:
            ticket.picking_count = len(ticket._pickings())

    @api.depends("stage_kind")
    def _compute_is_open(self):
        for ticket in self:
            ticket.is_open = ticket.stage_kind not in DONE_KINDS

    def _search_is_open(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Unsupported search on open tickets."))
        positive = (operator == "=") == value
        return [("stage_kind", "not in" if positive else "in", list(DONE_KINDS))]

    @api.depends("number", "name")
    def _compute_display_name(self):
        for ticket in self:
            ticket.display_name = f"[{ticket.number}] {ticket.name or ''}"

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for ticket in self:
            ticket.access_url = f"/my/tickets/{ticket.id}"
        return result

    def _source_record(self):
        self.ensure_one()
        if not self.res_model or not self.res_id or self.res_model not in self.env:
            return False
        record = self.env[self.res_model].browse(self.res_id).exists()
        return record or False

    def _pickings(self):
        self.ensure_one()
        return self.order_id.picking_ids | self.picking_id

    # ------------------------------------------------------------ create / write
    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        for vals in vals_list:
            vals.setdefault("opened_at", now)
            if vals.get("number", "/") == "/":
                vals["number"] = self.env["ir.sequence"].next_by_code("service.ticket") or "/"
            if vals.get("order_id") and not vals.get("partner_id"):
                order = self.env["sale.order"].browse(vals["order_id"])
                vals["partner_id"] = order.partner_id.id
            if vals.get("queue_id") and not vals.get("company_id"):
                vals["company_id"] = (
                    self.env["service.queue"].browse(vals["queue_id"]).company_id.id
                )
        keys = [
            (vals.get("queue_id"), vals.get("priority", "1"), vals["opened_at"])
            for vals in vals_list
        ]
        deadlines = self._sla_deadline_values({key for key in keys if key[0]})
        for vals, key in zip(vals_list, keys, strict=True):
            for field, value in deadlines.get(key, {}).items():
                vals.setdefault(field, value)
        tickets = super().create(vals_list)
        tickets._distribute_unassigned()
        return tickets

    def write(self, vals):
        stage = self.env["service.ticket.stage"].browse(vals.get("stage_id"))
        solving = self.filtered("is_open") if stage.kind in DONE_KINDS else self.browse()
        if stage and stage.kind not in DONE_KINDS:
            vals = dict(vals, solved_at=False, resolution_late=False, resolution_hours=0.0)
        result = super().write(vals)
        if solving and "solved_at" not in vals:
            solving._apply_resolution_times(fields.Datetime.now())
        if {"priority", "queue_id"} & set(vals):
            self._compute_sla_deadlines()
        if vals.get("queue_id") and "user_id" not in vals:
            self.filtered(lambda t: not t.user_id)._distribute_unassigned()
        return result

    def _distribute_unassigned(self):
        waiting = self.filtered(lambda t: not t.user_id and t.queue_id and t.is_open)
        for queue, tickets in waiting.grouped("queue_id").items():
            queue._distribute(tickets)

    # ------------------------------------------------------------ SLA
    def _sla_deadline_values(self, pairs):
        """``{(queue id, priority, start): deadline values}``, counted in the queue's
        working hours (``resource.calendar.plan_hours``, public holidays included)."""
        queues = self.env["service.queue"].browse({queue_id for queue_id, _p, _s in pairs})
        policies = self.env["service.sla.policy"].search([("queue_id", "in", queues.ids)])
        by_key = {(p.queue_id.id, p.priority): p for p in policies}
        result = {}
        for queue_id, priority, start in pairs:
            policy = by_key.get((queue_id, priority))
            calendar = policy.queue_id.resource_calendar_id if policy else False
            values = {"first_response_deadline": False, "resolution_deadline": False}
            if calendar:
                for field, hours in (
                    ("first_response_deadline", policy.first_response_hours),
                    ("resolution_deadline", policy.resolution_hours),
                ):
                    if hours:
                        values[field] = calendar.plan_hours(hours, start, compute_leaves=True)
            result[(queue_id, priority, start)] = values
        return result

    def _compute_sla_deadlines(self):
        keys = {ticket: (ticket.queue_id.id, ticket.priority, ticket.opened_at) for ticket in self}
        deadlines = self._sla_deadline_values(set(keys.values()))
        for key, tickets in self.grouped(lambda t: keys[t]).items():
            tickets.write(deadlines[key])

    def _hours_since_create(self, moment):
        return round((moment - (self.opened_at or moment)).total_seconds() / 3600.0, 2)

    def _apply_resolution_times(self, now):
        for ticket in self:
            ticket.write(
                {
                    "solved_at": now,
                    "resolution_late": bool(
                        ticket.resolution_deadline and now > ticket.resolution_deadline
                    ),
                    "resolution_hours": ticket._hours_since_create(now),
                }
            )

    def _register_first_response(self):
        now = fields.Datetime.now()
        for ticket in self.filtered(lambda t: not t.first_response_at):
            ticket.write(
                {
                    "first_response_at": now,
                    "first_response_late": bool(
                        ticket.first_response_deadline and now > ticket.first_response_deadline
                    ),
                    "first_response_hours": ticket._hours_since_create(now),
                }
            )

    # ------------------------------------------------------------ actions
    def action_assign_to_me(self):
        self.check_access("write")
        self.write({"user_id": self.env.uid, "assigned_at": fields.Datetime.now()})
        return True

    def action_solve(self):
        """Move tickets to the first 'solved' stage."""
        self.check_access("write")
        stage = self.env["service.ticket.stage"].search([("kind", "=", "solved")], limit=1)
        self.filtered("is_open").write({"stage_id": stage.id})
        return True

    def action_answer(self):
        """Open the mail composer offering the queue's answer templates (the first preset)."""
        self.ensure_one()
        templates = self.queue_answer_template_ids
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Answer"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [
                (
                    self.env.ref("helpdesk_ticket.mail_compose_message_view_form_ticket_answer").id,
                    "form",
                )
            ],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_composition_mode": "comment",
                "default_template_id": templates[:1].id,
                "service_queue_template_ids": templates.ids,
            },
        }

    def action_open_order(self):
        self.ensure_one()
        return self.order_id.get_formview_action() if self.order_id else False

    def action_open_customer(self):
        self.ensure_one()
        return self.partner_id.get_formview_action() if self.partner_id else False

    def action_open_source(self):
        self.ensure_one()
        record = self._source_record()
        return record.get_formview_action() if record else False

    def action_view_pickings(self):
        self.ensure_one()
        pickings = self._pickings()
        action = self.env["ir.actions.actions"]._for_xml_id("stock.action_picking_tree_all")
        action["domain"] = [("id", "in", pickings.ids)]
        action["context"] = {"create": False}
        if len(pickings) == 1:
            action["views"] = [(False, "form")]
            action["res_id"] = pickings.id
        return action

    # ------------------------------------------------------------ closing from elsewhere
    def _ticket_solve(self, note):
        """Solve open tickets with an internal note (bridges call it: order released...)."""
        tickets = self.filtered("is_open")
        if not tickets:
            return tickets
        stage = self.env["service.ticket.stage"].search([("kind", "=", "solved")], limit=1)
        tickets.write({"stage_id": stage.id})
        for ticket in tickets:
            ticket.message_post(body=note, subtype_xmlid="mail.mt_note")
        return tickets

    def _ticket_reopen(self, note):
        """Reopen solved tickets (back to 'in progress') with an internal note."""
        stage = self.env["service.ticket.stage"].search([("kind", "=", "progress")], limit=1)
        self.write({"stage_id": stage.id})
        for ticket in self:
            ticket.message_post(body=note, subtype_xmlid="mail.mt_note")
        return self

    # ------------------------------------------------------------ mail
    def _message_compute_subject(self):
        self.ensure_one()
        return f"[{self.number}] {self.name}"

    def _ticket_subject(self, subject):
        self.ensure_one()
        if not subject:
            return self._message_compute_subject()
        if parse_reference(subject) == self.number:
            return subject
        return f"{subject} [{self.number}]"

    def message_post(self, **kwargs):
        if len(self) == 1 and kwargs.get("message_type", "notification") == "comment":
            kwargs["subject"] = self._ticket_subject(kwargs.get("subject"))
        message = super().message_post(**kwargs)
        if (
            message.message_type == "comment"
            and not message.subtype_id.internal
            and message.author_id.user_ids.filtered(lambda u: not u.share)
        ):
            self._register_first_response()
        return message

    def _notify_by_email_prepare_rendering_context(
        self,
        message,
        msg_vals=False,
        model_description=False,
        force_email_company=False,
        force_email_lang=False,
    ):
        context = super()._notify_by_email_prepare_rendering_context(
            message,
            msg_vals=msg_vals,
            model_description=model_description,
            force_email_company=force_email_company,
            force_email_lang=force_email_lang,
        )
        if len(self) == 1 and self.number:
            reference = Markup("<p>%s</p>") % self.with_context(
                lang=force_email_lang or self.env.lang
            ).env._("Ticket reference: [%(number)s]", number=self.number)
            signature = context.get("signature") or ""
            if tools.is_html_empty(signature):
                signature = Markup("")
            context["signature"] = Markup(signature) + reference
            context["email_add_signature"] = True
        return context

    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        if self.partner_id and not any(
            r.get("partner_id") == self.partner_id.id for r in recipients
        ):
            self._message_add_suggested_recipient(
                recipients, partner=self.partner_id, reason=self.env._("Customer")
            )
        return recipients

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A mail to a queue's alias: a ticket for the sender's customer (or a new contact)."""
        msg_dict.pop("ticket_automatic", None)
        values = dict(custom_values or {})
        queue = self.env["service.queue"].browse(values.get("queue_id")).exists()
        company = queue.company_id or self.env.company
        partner = self._mail_customer(msg_dict.get("email_from"), company)
        values.setdefault("name", msg_dict.get("subject") or self.env._("(no subject)"))
        values.setdefault("partner_id", partner.id)
        values.setdefault("company_id", company.id)
        values.setdefault("description", msg_dict.get("body"))
        values["partner_email"] = msg_dict.get("email_from")
        ticket = super(ServiceTicket, self.with_context(mail_create_nosubscribe=True)).message_new(
            msg_dict, custom_values=values
        )
        if partner:
            ticket.message_subscribe(partner_ids=partner.ids)
        if queue.acknowledge_template_id:
            ticket.message_post_with_source(
                queue.acknowledge_template_id,
                subtype_xmlid="mail.mt_comment",
                message_type="comment",
            )
        return ticket

    def message_update(self, msg_dict, update_vals=None):
        """A customer's answer reopens a ticket waiting for them or already solved.

        Auto-replies (flagged by the routing) are kept on the ticket but reopen nothing.
        """
        automatic = msg_dict.pop("ticket_automatic", False)
        reopen = self.filtered(lambda t: not automatic and t.stage_kind in ("waiting", "solved"))
        if reopen:
            stage = self.env["service.ticket.stage"].search([("kind", "=", "progress")], limit=1)
            reopen.write({"stage_id": stage.id})
        return super().message_update(msg_dict, update_vals=update_vals)

    @api.model
    def _mail_customer(self, email_from, company):
        """The sender's customer by normalised e-mail; unknown senders get a contact to check."""
        normalized = tools.email_normalize(email_from or "")
        if not normalized:
            return self.env["res.partner"]
        Partner = self.env["res.partner"]
        partner = Partner.search(
            [
                ("email_normalized", "=", normalized),
                ("company_id", "in", [company.id, False]),
            ],
            order="company_id, commercial_partner_id, id",
            limit=1,
        )
        if partner:
            return partner
        name = tools.parse_contact_from_email(email_from)[0] or normalized
        # sudo: the mail gateway's user may not create contacts; the contact is flagged
        # so that a person checks it.
        return (
            Partner.sudo()
            .create(
                {
                    "name": name,
                    "email": normalized,
                    "company_id": company.id,
                    "ticket_review_needed": True,
                }
            )
            .sudo(False)
        )
