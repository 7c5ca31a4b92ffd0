from datetime import timedelta

from psycopg2.extensions import ISOLATION_LEVEL_READ_COMMITTED

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, create_index, index_exists

from clearhouse.clearing import queue as core_queue

from ..tools.clearing_messages import render_note

CLEARING_STATES = [
    ("automation", "In Automation"),
    ("in_clearing", "In Clearing"),
    ("in_progress", "Being Worked On"),
    ("released", "Released"),
    ("cancelled", "Cancelled"),
]
OPEN_STATES = ("in_clearing", "in_progress")
TAKE_NEXT_INDEX = "sale_order_clearing_take_next_index"
OPEN_INDEX = "sale_order_clearing_open_index"
# The columns of the core's take-next terms; an index for it lists them in this order.
TAKE_NEXT_COLUMNS = {
    "priority": "so.clearing_priority",
    "deadline": "so.clearing_deadline",
    "entered_at": "so.clearing_entered_at",
    "case_id": "so.id",
}


def _take_next_order_by():
    return SQL(", ").join(
        SQL("%s %s", SQL.identifier(*parts), SQL(keywords))
        for parts, keywords in core_queue.order_by_sql_terms(TAKE_NEXT_COLUMNS)
    )


def _take_next_index_terms():
    """The index expressions of take-next's order: plain columns, the core's keywords."""
    columns = {field: column.split(".")[-1] for field, column in TAKE_NEXT_COLUMNS.items()}
    return [
        f'"{parts[0]}" {keywords}' for parts, keywords in core_queue.order_by_sql_terms(columns)
    ]


class SaleOrder(models.Model):
    _inherit = "sale.order"

    clearing_state = fields.Selection(
        CLEARING_STATES,
        default="automation",
        required=True,
        index=True,
        copy=False,
        tracking=True,
    )
    clearing_reason_id = fields.Many2one(
        "clearing.reason", string="Clearing Reason", index=True, copy=False, tracking=True
    )
    clearing_message = fields.Char(
        string="Clearing Note (Text)",
        copy=False,
        tracking=True,
        help="Why the order is in clearing, as written when it entered (English for holds).",
    )
    clearing_note_parts = fields.Json(
        copy=False, help="Codes and parameters of the clearing note, rendered when read."
    )
    clearing_note = fields.Char(
        string="Clearing Note",
        compute="_compute_clearing_note",
        search="_search_clearing_note",
        help="Why the order is in clearing, in your language.",
    )
    clearing_team_id = fields.Many2one(
        related="clearing_reason_id.team_id", store=True, index=True, string="Clearing Team"
    )
    clearing_priority = fields.Selection(
        related="clearing_reason_id.priority", store=True, index=True, string="Priority"
    )
    clearing_instructions = fields.Html(related="clearing_reason_id.instructions")
    clearing_reason_kind = fields.Selection(related="clearing_reason_id.kind")
    # What the clerk fixes, editable on the order form (written to the contacts).
    clearing_phone = fields.Char(
        related="partner_shipping_id.phone", readonly=False, string="Delivery Phone"
    )
    clearing_email = fields.Char(related="partner_id.email", readonly=False, string="E-mail")
    clearing_street = fields.Char(related="partner_shipping_id.street", readonly=False)
    clearing_street2 = fields.Char(related="partner_shipping_id.street2", readonly=False)
    clearing_zip = fields.Char(related="partner_shipping_id.zip", readonly=False)
    clearing_city = fields.Char(related="partner_shipping_id.city", readonly=False)
    clearing_country_id = fields.Many2one(
        related="partner_shipping_id.country_id", readonly=False, string="Country"
    )
    # The issues of each editable field, shown next to it (in the reader's language).
    clearing_hint_phone = fields.Char(compute="_compute_clearing_hints")
    clearing_hint_email = fields.Char(compute="_compute_clearing_hints")
    clearing_hint_address = fields.Char(compute="_compute_clearing_hints")
    clearing_hint_lines = fields.Char(compute="_compute_clearing_hints")
    clearing_user_id = fields.Many2one(
        "res.users", string="Clerk", index=True, copy=False, tracking=True
    )
    clearing_taken_at = fields.Datetime(string="Worked On Since", copy=False)
    clearing_entered_at = fields.Datetime(string="In Clearing Since", index=True, copy=False)
    clearing_deadline = fields.Date(
        related="order_source_id.date_deadline", store=True, index=True, string="Deadline"
    )
    clearing_hours_total = fields.Float(
        string="Hours in Closed Stays",
        copy=False,
        digits=(16, 2),
        help="Time spent in clearing over all finished stays, for reporting.",
    )
    clearing_hours = fields.Float(
        string="Hours in Clearing",
        compute="_compute_clearing_hours",
        digits=(16, 2),
        help="Time in clearing so far, the open stay included.",
    )
    clearing_due_at = fields.Datetime(
        string="Due",
        compute="_compute_clearing_due_at",
        help="The case's own deadline: the source's deadline or the reason's service time "
        "after it entered, whichever comes first.",
    )
    clearing_episode_ids = fields.One2many(
        "clearing.episode", "order_id", string="Clearing History"
    )
    clearing_released_once = fields.Boolean(
        copy=False, help="Released by a clerk once: automatic holds do not stop it again."
    )

    @api.depends("clearing_message", "clearing_note_parts")
    @api.depends_context("lang")
    def _compute_clearing_note(self):
        lang = self.env.lang
        for order in self:
            order.clearing_note = render_note(
                lang, order.clearing_note_parts, order.clearing_message
            )

    def _compute_clearing_hours(self):
        now = fields.Datetime.now()
        for order in self:
            open_hours = 0.0
            if order.clearing_state in OPEN_STATES and order.clearing_entered_at:
                open_hours = (now - order.clearing_entered_at).total_seconds() / 3600.0
            order.clearing_hours = order.clearing_hours_total + open_hours

    @api.depends("clearing_entered_at", "clearing_deadline", "clearing_reason_id.service_hours")
    def _compute_clearing_due_at(self):
        for order in self:
            order.clearing_due_at = core_queue.case_deadline(
                order.clearing_entered_at,
                order.clearing_reason_id.service_hours,
                order.clearing_deadline,
                order.company_id.partner_id.tz or "UTC",
            )

    @api.depends("issue_ids.message", "issue_ids.field_name")
    @api.depends_context("lang")
    def _compute_clearing_hints(self):
        groups = {
            "clearing_hint_phone": {"phone"},
            "clearing_hint_email": {"email"},
            "clearing_hint_address": {"street", "street2", "zip", "city", "state", "country"},
            "clearing_hint_lines": {"lines", "size", "points"},
        }
        for order in self:
            for name, field_names in groups.items():
                order[name] = "; ".join(
                    order.issue_ids.filtered(lambda i, f=field_names: i.field_name in f).mapped(
                        "message"
                    )
                )

    def _search_clearing_note(self, operator, value):
        return [("clearing_message", operator, value)]

    def init(self):
        """Indexes of the clearing backlog (2 % of millions of orders).

        - take-next: the open, unassigned orders in the core's queue order, so that
          ``_clearing_take_next_query`` reads the first free row instead of sorting the
          backlog;
        - open backlog: every column the workbench, the backlog report and the dashboard
          filter, group and sum by, so that their aggregates are index-only scans of the
          open orders instead of heap reads.
        """
        result = super().init()
        create_index(
            self.env.cr,
            TAKE_NEXT_INDEX,
            self._table,
            _take_next_index_terms(),
            where="clearing_state = 'in_clearing' AND clearing_user_id IS NULL",
        )
        if not index_exists(self.env.cr, OPEN_INDEX):
            self.env.cr.execute(
                SQL(
                    """
                    CREATE INDEX %s ON sale_order (clearing_reason_id, order_source_id)
                    INCLUDE (company_id, clearing_state, clearing_team_id, clearing_user_id,
                             clearing_priority, clearing_entered_at, clearing_deadline,
                             amount_total)
                    WHERE clearing_state IN ('in_clearing', 'in_progress')
                    """,
                    SQL.identifier(OPEN_INDEX),
                )
            )
        return result

    # ------------------------------------------------------------ entering
    @staticmethod
    def _clearing_note_vals(note):
        """Stored values of a note: a text as written, or parts ``[{code, params, text}]``."""
        if isinstance(note, (list, tuple)):
            parts = [dict(part) for part in note]
            text = "; ".join(part.get("text") or part.get("code") or "" for part in parts)
            return {"clearing_message": text[:500] or False, "clearing_note_parts": parts or False}
        return {"clearing_message": note or False, "clearing_note_parts": False}

    def _send_to_clearing(self, reason_code, message=False):
        """Put orders into clearing. The one documented entry point for other addons.

        ``reason_code`` is a ``clearing.reason`` code (unknown codes use the manual hold).
        ``message`` is one note for all orders or ``{order id: note}``; a note is a text or,
        to be read in each reader's language, a list of parts ``{code, params, text}``
        (codes of holds, of validation issues or of ``NOTE_MESSAGES``). Orders already in
        clearing only get the new reason and message.
        """
        if not self:
            return self
        if isinstance(message, dict):
            messages = message
        else:
            messages = dict.fromkeys(self.ids, message)
        # sudo: automation (an API user, an import) sends orders to clearing without
        # holding clearing rights itself; the clerks work them afterwards.
        reason = self.env["clearing.reason"].sudo()._get_by_code(reason_code)
        now = fields.Datetime.now()
        entering = self.filtered(lambda o: o.clearing_state not in OPEN_STATES)
        (self - entering).write({"clearing_reason_id": reason.id})
        # One write per distinct note, not per order.
        for orders in self.grouped(lambda o: repr(messages.get(o.id))).values():
            orders.write(self._clearing_note_vals(messages.get(orders[0].id)))
        if entering:
            entering.write(
                {
                    "clearing_state": "in_clearing",
                    "clearing_reason_id": reason.id,
                    "clearing_entered_at": now,
                    "clearing_user_id": False,
                    "clearing_taken_at": False,
                }
            )
            self.env["clearing.episode"].sudo().create(
                [
                    {
                        "order_id": order.id,
                        "reason_id": reason.id,
                        "message": order.clearing_message,
                        "message_parts": order.clearing_note_parts,
                        "entered_at": now,
                    }
                    for order in entering
                ]
            )
        # State, reason and note are tracked: the chatter shows who, when and why.
        return self

    def action_order_validate(self):
        """Re-validating an order in clearing is "Re-validate and Release"."""
        in_clearing = self.filtered(lambda o: o.clearing_state in OPEN_STATES)
        super(SaleOrder, self - in_clearing).action_order_validate()
        if in_clearing:
            in_clearing.action_clearing_revalidate()
        return True

    def _order_hold_reasons(self):
        holds = super()._order_hold_reasons()
        holds.update(
            {order.id: "clearing" for order in self if order.clearing_state in OPEN_STATES}
        )
        return holds

    def _order_automate(self):
        """Automation: invalid orders and held orders go to clearing instead of on.

        Orders already in clearing only continue through a clerk's release.
        """
        in_clearing = self.filtered(lambda o: o.clearing_state in OPEN_STATES)
        automated = self - in_clearing
        invalid = automated.filtered(lambda o: o.validation_state == "invalid")
        for rule, orders in invalid.grouped("main_issue_rule").items():
            orders._send_to_clearing(rule or "manual", orders._clearing_issue_summary())
        held = (automated - invalid)._clearing_apply_holds()
        return super(SaleOrder, automated - invalid - held)._order_automate()

    def _order_status_facts(self):
        facts = super()._order_status_facts()
        for order in self:
            facts[order.id]["in_clearing"] = order.clearing_state in OPEN_STATES
        return facts

    def _clearing_issue_summary(self):
        """The blocking issues as note parts: read in each reader's language."""
        return {
            order.id: [
                {
                    "code": issue.code,
                    "params": issue.params or {},
                    "line": issue.line_no - 1 if issue.line_no else None,
                    "text": issue.detail or issue.code,
                }
                for issue in order.issue_ids
                if issue.severity == "block"
            ]
            for order in self
        }

    def _clearing_apply_holds(self):
        """Automatic holds on orders automation would confirm; returns the held ones."""
        candidates = self.filtered(
            lambda o: (
                o.state in ("draft", "sent")
                and not o.clearing_released_once
                and o.clearing_state not in OPEN_STATES
            )
        )
        held = {}  # hold code -> {order id: message}
        for order, holds in candidates._clearing_detect_holds().items():
            if holds:
                held.setdefault(holds[0]["code"], {})[order.id] = [
                    {"code": h["code"], "params": h.get("params") or {}, "text": h["message"]}
                    for h in holds
                ]
        for code, messages in held.items():
            self.browse(list(messages))._send_to_clearing(code, messages)
        return self.browse([order_id for messages in held.values() for order_id in messages])

    def _clearing_detect_holds(self):
        return self.env["clearing.hold.detector"]._detect(self)

    # -------------------------------------------------------------- working
    def action_take_next(self):
        """Assign the next order to the current clerk, in the core's queue order
        (``clearhouse.clearing.queue.TAKE_NEXT_ORDER``: highest priority, nearest
        deadline, oldest first), among unassigned orders of the clerk's teams.

        Called from the list header, the selected records (if any) do not matter.
        """
        order = self._clearing_claim_next()
        if not order:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "info",
                    "title": self.env._("Nothing to do"),
                    "message": self.env._("No unassigned order is waiting in your teams."),
                },
            }
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": order.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_clearing_release_next(self):
        """Release this order (re-validated) and open the next case of the clerk's teams.

        Orders that still have issues stay open, with a warning, instead of moving on.
        """
        self.ensure_one()
        if self.clearing_reason_id.kind == "validation":
            self.action_clearing_revalidate()
        else:
            self.action_clearing_release()
        if self.clearing_state in OPEN_STATES:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "title": self.env._("Still in clearing"),
                    "message": self.env._(
                        "%(order)s still has issues: %(issues)s",
                        order=self.display_name,
                        issues=self.clearing_note or "-",
                    ),
                    "next": {"type": "ir.actions.client", "tag": "soft_reload"},
                },
            }
        return self.action_take_next()

    def _clearing_claim_next(self):
        """Lock, take and return the next order of the current clerk (or an empty set).

        Odoo's transactions are REPEATABLE READ: a request whose snapshot is older than
        another clerk's committed take still sees that order free, and locking or writing
        it is a serialization failure (PostgreSQL logs an ERROR, Odoo retries the whole
        request). Locks cannot help, they end with the other transaction. So the claim runs
        in a transaction of its own, READ COMMITTED: ``FOR UPDATE SKIP LOCKED`` skips the
        orders another clerk is taking and re-checks the ones just committed against the
        WHERE clause, then the claim commits. The request's own transaction never writes
        the claimed order. When the request has already written something (the claim
        must see it) or runs in a test cursor, the claim stays in the request's
        transaction.
        """
        self.env.flush_all()
        self.env.cr.execute("SELECT txid_current_if_assigned() IS NULL")
        fresh = self.env.cr.fetchone()[0] and not self.env.registry.in_test_mode()
        if not fresh:
            order = self._clearing_lock_next()
            order.action_clearing_take()
            return order
        with self.env.registry.cursor() as cr:
            cr.connection.set_isolation_level(ISOLATION_LEVEL_READ_COMMITTED)
            # The registry is at hand: no lookup (which waits for the registry lock).
            cr.transaction = api.Transaction(self.env.registry)
            order = self.with_env(self.env(cr=cr))._clearing_lock_next()
            order.action_clearing_take()
            order_id = order.id
        # committed: the request's transaction only reads the order from now on
        return self.browse(order_id)

    def _clearing_lock_next(self):
        """The next order for the current clerk, row-locked (SKIP LOCKED), or empty."""
        self.env.cr.execute(self._clearing_take_next_query())
        row = self.env.cr.fetchone()
        return self.browse(row[0] if row else [])

    def _clearing_take_next_query(self, limit=1):
        """SQL of take-next; ``sale_order_clearing_take_next_index`` serves its WHERE and
        ORDER BY (no sort of the backlog: see ``init``)."""
        teams = self.env["clearing.team"].search([("member_ids", "in", self.env.uid)])
        team_filter = SQL(
            "(so.clearing_team_id IS NULL OR so.clearing_team_id = ANY(%s))", teams.ids
        )
        return SQL(
            """
            SELECT so.id FROM sale_order so
             WHERE so.clearing_state = 'in_clearing'
               AND so.clearing_user_id IS NULL
               AND so.company_id = ANY(%s)
               AND %s
             ORDER BY %s
             LIMIT %s
             FOR UPDATE OF so SKIP LOCKED
            """,
            self.env.companies.ids,
            team_filter,
            _take_next_order_by(),
            limit,
        )

    def action_clearing_take(self):
        for order in self:
            if order.clearing_state not in OPEN_STATES:
                raise UserError(
                    self.env._("Order %(order)s is not in clearing.", order=order.display_name)
                )
        self.write(
            {
                "clearing_state": "in_progress",
                "clearing_user_id": self.env.uid,
                "clearing_taken_at": fields.Datetime.now(),
            }
        )
        return True

    def action_clearing_unassign(self):
        self.filtered(lambda o: o.clearing_state == "in_progress").write(
            {"clearing_state": "in_clearing", "clearing_user_id": False, "clearing_taken_at": False}
        )
        return True

    def action_clearing_hold(self):
        """Manual hold from the order form."""
        user = self.env.user.name
        self._send_to_clearing(
            "manual", [{"code": "manual_hold", "params": {"user": user}, "text": f"Held by {user}"}]
        )
        return True

    def action_clearing_revalidate(self):
        """Re-validate and release: clean orders continue exactly like valid ones."""
        orders = self.filtered(lambda o: o.clearing_state in OPEN_STATES)
        orders._order_validate()
        releasable = orders.filtered(
            lambda o: o.validation_state != "invalid" and o.clearing_reason_id.kind == "validation"
        )
        # Orders that stay get the reason of their first remaining issue.
        moved = (orders - releasable).filtered(
            lambda o: (
                o.validation_state == "invalid" and o.clearing_reason_id.code != o.main_issue_rule
            )
        )
        for rule, stay in moved.grouped("main_issue_rule").items():
            stay._send_to_clearing(rule, stay._clearing_issue_summary())
        releasable._clearing_release()
        return self._clearing_result_notification(releasable, orders - releasable)

    def action_clearing_release(self):
        """Release holds after a clerk's check; validation issues must be fixed first."""
        orders = self.filtered(lambda o: o.clearing_state in OPEN_STATES)
        orders._order_validate()
        releasable = orders.filtered(lambda o: o.validation_state != "invalid")
        releasable._clearing_release()
        return self._clearing_result_notification(releasable, orders - releasable)

    def _clearing_release(self):
        if not self:
            return
        now = fields.Datetime.now()
        self._clearing_close_episodes("released", now)
        self.write(
            {
                "clearing_state": "released",
                "clearing_user_id": False,
                "clearing_taken_at": False,
                "clearing_released_once": True,
            }
        )
        # The order continues exactly like one that never needed a clerk.
        self._order_automate()

    def _clearing_close_episodes(self, outcome, now):
        # sudo: bookkeeping of the stays, also when the release comes from automation.
        episodes = (
            self.env["clearing.episode"]
            .sudo()
            .search([("order_id", "in", self.ids), ("left_at", "=", False)])
        )
        episodes.write({"left_at": now, "outcome": outcome, "user_id": self.env.uid})
        hours = {}
        for episode in episodes:
            hours[episode.order_id.id] = hours.get(episode.order_id.id, 0.0) + (
                episode.duration_hours
            )
        for order in self:
            if order.id in hours:
                order.clearing_hours_total += hours[order.id]

    def _clearing_cancel(self, reason_text, mail_template=None):
        """Cancel orders from clearing with a reason; optionally tell the customer."""
        now = fields.Datetime.now()
        self._clearing_close_episodes("cancelled", now)
        self.write(
            {
                "clearing_state": "cancelled",
                "clearing_message": reason_text,
                "clearing_note_parts": False,
                "clearing_user_id": False,
                "clearing_taken_at": False,
            }
        )
        self.filtered(lambda o: o.state != "cancel")._action_cancel()
        if mail_template:
            mail_template.with_context(clearing_cancel_reason=reason_text).send_mail_batch(self.ids)

    def _clearing_result_notification(self, released, remaining):
        message = self.env._(
            "%(released)s order(s) released, %(remaining)s still in clearing.",
            released=len(released),
            remaining=len(remaining),
        )
        if len(self) == 1 and not remaining:
            return True
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if not remaining else "warning",
                "title": self.env._("Clearing"),
                "message": message,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # ---------------------------------------------------------- self-service
    def _clearing_portal_url(self, days=None):
        """Signed link for the customer to fix size, address and phone."""
        self.ensure_one()
        days = days or self.company_id.clearing_link_days or 14
        expires = fields.Datetime.now() + timedelta(days=days)
        token = self.env["clearing.hold.detector"]._make_token(self, expires)
        return f"{self.get_base_url()}/clearing/fix/{token}"

    def action_clearing_send_fix_link(self):
        """Mail the customer a signed link to fix size, address or phone."""
        template = self.env.ref("promo_clearing.mail_template_clearing_fix_request")
        for order in self:
            if not order.partner_id.email:
                raise UserError(
                    self.env._(
                        "The customer of %(order)s has no e-mail address.",
                        order=order.display_name,
                    )
                )
            template.with_context(clearing_fix_url=order._clearing_portal_url()).send_mail(order.id)
            order.message_post(body=self.env._("Self-service link sent to the customer."))
        return True

    def _clearing_fixable_issues(self):
        self.ensure_one()
        return self.issue_ids.filtered(
            lambda i: i.severity == "block" and i.rule in ("phone", "address")
        )

    def _clearing_portal_values(self, token):
        self.ensure_one()
        issues = self._clearing_fixable_issues()
        rules = set(issues.mapped("rule"))
        return {
            "order": self,
            "token": token,
            "issues": issues,
            "size_lines": [],
            "fix_address": "address" in rules,
            "fix_phone": "phone" in rules,
            "shipping": self.partner_shipping_id,
        }

    def _clearing_apply_customer_fix(self, post):
        """Apply what the customer submitted, re-validate, release when clean."""
        self.ensure_one()
        values = self._clearing_portal_values(token=None)
        address = {}
        if values["fix_address"]:
            address.update(
                {
                    name: (post.get(name) or "").strip()[:128]
                    for name in ("street", "street2", "zip", "city")
                }
            )
        if values["fix_phone"]:
            address["phone"] = (post.get("phone") or "").strip()[:64]
        if address:
            self.partner_shipping_id.write(address)
        self.message_post(body=self.env._("The customer corrected the order online."))
        self.action_clearing_revalidate()
        return True
