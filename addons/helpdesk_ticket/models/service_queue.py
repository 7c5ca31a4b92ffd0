import ast
from datetime import timezone

from odoo import api, fields, models

from clearhouse.tickets import Member, Window, assign_batch, next_shift_start, waiting_order

from .service_ticket_stage import DONE_KINDS

DISTRIBUTION_METHODS = [
    ("manual", "Manual"),
    ("round_robin", "Round Robin"),
    ("least_open", "Least Open Tickets"),
]


class ServiceQueue(models.Model):
    """Where tickets land: mailbox alias, members on shifts, SLA policies, answer templates."""

    _name = "service.queue"
    _description = "Ticket Queue"
    _inherit = ["mail.alias.mixin", "mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        default=lambda self: self.env.company.resource_calendar_id,
        help="SLA deadlines count these hours (and the calendar's public holidays).",
    )
    distribution_method = fields.Selection(
        DISTRIBUTION_METHODS,
        required=True,
        default="round_robin",
        help="Manual: nobody gets tickets automatically. Round robin: members on shift in "
        "turn. Least open: the member on shift with the fewest open tickets.",
    )
    shift_ids = fields.One2many("service.queue.shift", "queue_id", string="Shifts")
    member_ids = fields.Many2many(
        "res.users", compute="_compute_member_ids", string="Members", store=False
    )
    last_assignee_id = fields.Many2one("res.users", readonly=True, copy=False)
    sla_policy_ids = fields.One2many("service.sla.policy", "queue_id", string="SLA Policies")
    stage_ids = fields.Many2many("service.ticket.stage", string="Stages")
    answer_template_ids = fields.Many2many(
        "mail.template",
        string="Answer Templates",
        domain=[("model", "=", "service.ticket")],
        help="Templates the team inserts from the composer of this queue's tickets.",
    )
    acknowledge_template_id = fields.Many2one(
        "mail.template",
        string="Acknowledgement",
        domain=[("model", "=", "service.ticket")],
        help="Sent to the customer when a mail opens a ticket; empty sends nothing.",
    )
    ticket_ids = fields.One2many("service.ticket", "queue_id")
    portal_default = fields.Boolean(
        string="Portal Tickets",
        help="Tickets customers open in the portal land in this queue (the first one, by "
        "sequence, of the customer's company).",
    )
    open_ticket_count = fields.Integer(compute="_compute_ticket_counts")
    unassigned_ticket_count = fields.Integer(compute="_compute_ticket_counts")

    @api.depends("shift_ids.user_id")
    def _compute_member_ids(self):
        for queue in self:
            queue.member_ids = queue.shift_ids.user_id

    def _compute_ticket_counts(self):
        domain = [("queue_id", "in", self.ids), ("stage_kind", "not in", DONE_KINDS)]
        groups = self.env["service.ticket"]._read_group(
            domain, ["queue_id", "user_id"], ["__count"]
        )
        open_counts, unassigned = {}, {}
        for queue, user, count in groups:
            open_counts[queue.id] = open_counts.get(queue.id, 0) + count
            if not user:
                unassigned[queue.id] = unassigned.get(queue.id, 0) + count
        for queue in self:
            queue.open_ticket_count = open_counts.get(queue.id, 0)
            queue.unassigned_ticket_count = unassigned.get(queue.id, 0)

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get("service.ticket").id
        if self.id:
            values["alias_defaults"] = defaults = ast.literal_eval(self.alias_defaults or "{}")
            defaults["queue_id"] = self.id
        return values

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("helpdesk_ticket.service_ticket_action")
        action["domain"] = [("queue_id", "=", self.id)]
        action["context"] = {"default_queue_id": self.id, "search_default_open": 1}
        return action

    @api.model
    def _portal_queue(self, company):
        domain = [("company_id", "in", [company.id] if company else self.env.companies.ids)]
        return self.search(domain + [("portal_default", "=", True)], limit=1) or self.search(
            domain, limit=1
        )

    # ------------------------------------------------------------ distribution
    def _prepare_distribution_members(self, now):
        """Core members of this queue: windows from shifts, leaves, open-ticket loads."""
        self.ensure_one()
        users = self.shift_ids.user_id
        if not users:
            return []
        loads = dict(
            self.env["service.ticket"]._read_group(
                [("user_id", "in", users.ids), ("stage_kind", "not in", DONE_KINDS)],
                ["user_id"],
                ["__count"],
            )
        )
        leaves = self._distribution_leaves(users, now)
        windows = {}
        for shift in self.shift_ids:
            windows.setdefault(shift.user_id.id, []).append(
                Window(int(shift.weekday), shift.hour_from, shift.hour_to)
            )
        return [
            Member(
                key=user.id,
                windows=tuple(windows.get(user.id, ())),
                leaves=tuple(leaves.get(user.id, [])) + tuple(leaves.get(False, [])),
                load=loads.get(user, 0),
            )
            for user in users
        ]

    def _distribution_leaves(self, users, now):
        """``{user id: [(start, end)]}`` of resource leaves; key False = the calendar's holidays."""
        domain = [
            ("date_to", ">", fields.Datetime.to_string(now.replace(tzinfo=None))),
            "|",
            ("resource_id.user_id", "in", users.ids),
            "&",
            ("resource_id", "=", False),
            ("calendar_id", "in", self.resource_calendar_id.ids),
        ]
        # sudo: leaves are HR data that ticket users cannot read; only their dates are used.
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search_read(domain, ["date_from", "date_to", "resource_id"])
        )
        resources = (
            self.env["resource.resource"]
            .sudo()
            .browse({leave["resource_id"][0] for leave in leaves if leave["resource_id"]})
        )
        user_of = {resource.id: resource.user_id.id for resource in resources}
        result = {}
        for leave in leaves:
            key = user_of.get(leave["resource_id"][0]) if leave["resource_id"] else False
            result.setdefault(key, []).append(
                (
                    leave["date_from"].replace(tzinfo=timezone.utc),
                    leave["date_to"].replace(tzinfo=timezone.utc),
                )
            )
        return result

    def _distribution_tz(self):
        return self.company_id.partner_id.tz or self.resource_calendar_id.tz or "UTC"

    def _distribute(self, tickets):
        """Assign ``tickets`` (of this queue, unassigned) to members on shift now.

        Tickets nobody can take now stay unassigned: the cron hands them out at the next
        shift start. Returns the tickets that got an assignee.
        """
        self.ensure_one()
        if self.distribution_method == "manual" or not tickets:
            return tickets.browse()
        now = fields.Datetime.now().replace(tzinfo=timezone.utc)
        members = self._prepare_distribution_members(now)
        if not members:
            return tickets.browse()
        opened = fields.Datetime.now()
        order = waiting_order((t.id, t.priority, t.opened_at or opened) for t in tickets)
        ordered = tickets.browse(order)
        keys = assign_batch(
            members,
            len(ordered),
            now,
            self._distribution_tz(),
            self.distribution_method,
            self.last_assignee_id.id or None,
        )
        by_user = {}
        for ticket, key in zip(ordered, keys, strict=True):
            if key:
                by_user.setdefault(key, []).append(ticket.id)
        for user_id, ticket_ids in by_user.items():
            tickets.browse(ticket_ids).write(
                {"user_id": user_id, "assigned_at": fields.Datetime.now()}
            )
        last = next((key for key in reversed(keys) if key), None)
        if last:
            # sudo: the round-robin pointer moves whoever creates the ticket (a mail, a clerk).
            self.sudo().last_assignee_id = last
        if not all(keys):
            self._schedule_next_shift(members, now)
        return tickets.browse([tid for ids in by_user.values() for tid in ids])

    def _schedule_next_shift(self, members, now):
        """Tickets wait: run the hand-out cron when the next shift starts."""
        start = next_shift_start(members, now, self._distribution_tz())
        cron = self.env.ref("helpdesk_ticket.ir_cron_assign_waiting", raise_if_not_found=False)
        if start and cron:
            # sudo: scheduling the cron is bookkeeping of the distribution, not a user's act.
            cron.sudo()._trigger(at=start.replace(tzinfo=None))

    @api.model
    def _cron_assign_waiting(self):
        """Hand out unassigned open tickets to members on shift, most urgent and oldest first."""
        waiting = self.env["service.ticket"].search(
            [
                ("user_id", "=", False),
                ("stage_kind", "not in", DONE_KINDS),
                ("queue_id.distribution_method", "!=", "manual"),
            ]
        )
        for queue, tickets in waiting.grouped("queue_id").items():
            queue._distribute(tickets)
