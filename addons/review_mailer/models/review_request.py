import datetime
import logging

from markupsafe import Markup, escape

from odoo import _, api, fields, models, modules
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from clearhouse.reviews import blocks, ratings, render, schedule, steering, suppression, tokens
from clearhouse.reviews.urls import normalize_email, url_values

_logger = logging.getLogger(__name__)

REQUEST_STATE_SELECTION = [
    ("scheduled", "Scheduled"),
    ("sent", "Sent"),
    ("suppressed", "Suppressed"),
]
SUPPRESSION_REASON_SELECTION = [
    (suppression.NO_EMAIL, "No e-mail address"),
    (suppression.CANCELLED, "Order cancelled"),
    (suppression.RETURNED, "Order returned"),
    (suppression.COMPLAINT, "Open complaint"),
    (suppression.OPTED_OUT, "Opted out"),
    (suppression.BOUNCED, "Address bounced"),
    (suppression.COOLDOWN, "Asked recently"),
    (suppression.BELOW_MINIMUM, "Below minimum order value"),
    (suppression.B2B, "Business customer"),
]
RATING_SELECTION = [(str(r), str(r)) for r in tokens.RATINGS]
BATCH_SIZE = 500


class ReviewRequest(models.Model):
    """One review request per order: scheduled at delivery, sent (to the mail queue) or
    suppressed with its reasons, then rated by the customer."""

    _name = "review.request"
    _description = "Review Request"
    _inherit = ["mail.thread"]
    _order = "due_at desc, id desc"
    _check_company_auto = True
    _mail_post_access = "read"

    name = fields.Char(related="order_id.name", store=True)
    order_id = fields.Many2one(
        "sale.order", required=True, index=True, ondelete="cascade", readonly=True
    )
    partner_id = fields.Many2one(related="order_id.partner_id", store=True, index=True)
    source_id = fields.Many2one(related="order_id.order_source_id", store=True, index=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    email = fields.Char(index=True, readonly=True, help="Normalised address the request went to.")
    lang = fields.Char(string="Language", readonly=True)
    state = fields.Selection(
        REQUEST_STATE_SELECTION, default="scheduled", required=True, index=True, tracking=True
    )
    delivered_at = fields.Datetime(required=True, readonly=True)
    due_at = fields.Datetime(
        compute="_compute_due_at", store=True, index=True, help="Delivery plus the source's delay."
    )
    sent_at = fields.Datetime(readonly=True, index=True)
    mail_message_id = fields.Many2one("mail.message", string="Mail", readonly=True)
    suppression_reason = fields.Selection(
        SUPPRESSION_REASON_SELECTION, readonly=True, index=True, tracking=True
    )
    suppression_ids = fields.One2many("review.suppression", "request_id", string="Suppressions")
    link_ids = fields.One2many("review.request.link", "request_id", string="Links")
    rating = fields.Integer(readonly=True, aggregator="avg", tracking=True)
    rated_at = fields.Datetime(readonly=True)
    low_rating = fields.Boolean(readonly=True, index=True)
    feedback = fields.Text(readonly=True)
    clicked = fields.Boolean(readonly=True, help="The customer opened at least one review link.")
    amount_total = fields.Monetary(related="order_id.amount_total")
    currency_id = fields.Many2one(related="order_id.currency_id")

    _sql_constraints = [
        ("order_uniq", "UNIQUE(order_id)", "An order has one review request, never two."),
        ("rating_range", "CHECK(rating >= 0 AND rating <= 5)", "Ratings are 1 to 5."),
    ]

    @api.depends("delivered_at")
    def _compute_due_at(self):
        """A change of the source's delay moves only its scheduled requests (see the
        source's ``write``), not the history of sent ones."""
        for request in self:
            request.due_at = request.delivered_at and schedule.due_at(
                request.delivered_at, max(request.source_id.review_delay_days, 0)
            ).replace(tzinfo=None)

    # --- the cron --------------------------------------------------------------------

    @api.model
    def _cron_queue_due(self, batch_size=BATCH_SIZE):
        """Queue the mails of due requests, source by source, inside each source's send
        window and under its daily cap; batches commit outside tests (the mail queue sends
        only what is committed, so a crash never mails twice)."""
        now = fields.Datetime.now()
        sources = self.env["clearhouse.order.source"].search([("review_enabled", "=", True)])
        queued = self.browse()
        for source in sources:
            queued |= self._review_queue_source(source, now, batch_size)
        return queued

    def _review_queue_source(self, source, now, batch_size):
        window = source._review_window()
        if not window.contains(now):
            return self.browse()
        queued = self.browse()
        day_start = window.day_start(now).replace(tzinfo=None)
        sent_today = self.search_count(
            [("source_id", "=", source.id), ("state", "=", "sent"), ("sent_at", ">=", day_start)]
        )
        while True:
            limit = schedule.allowance(source.review_daily_cap, sent_today, batch_size)
            requests = limit and self.search(
                [("source_id", "=", source.id), ("state", "=", "scheduled"), ("due_at", "<=", now)],
                limit=limit,
                order="due_at, id",
            )
            if not requests:
                return queued
            sent = requests._review_process(now)
            sent_today += len(sent)
            queued |= sent
            if not modules.module.current_test:
                # Chunked background job: each batch stands on its own (see the docstring).
                self.env.cr.commit()  # pylint: disable=invalid-commit

    def _review_process(self, now):
        """Suppress what must not go, queue the mails of the rest; the queued requests.

        Only scheduled requests, locked first: a request another transaction is sending
        (the cron, a manager's "Send now") is skipped, never mailed twice."""
        requests = self._review_lock_scheduled()
        reasons = requests._review_suppression_reasons(now)
        suppressed = requests.filtered(lambda r: reasons.get(r.id))
        suppressed._review_suppress(reasons, now)
        to_send = requests - suppressed
        to_send._review_queue_mails(now)
        return to_send

    def _review_lock_scheduled(self):
        if not self:
            return self
        self.flush_recordset(["state"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM review_request WHERE id IN %s AND state = 'scheduled' "
                "ORDER BY id FOR UPDATE SKIP LOCKED",
                tuple(self.ids),
            )
        )
        locked = {row[0] for row in self.env.cr.fetchall()}
        return self.filtered(lambda r: r.id in locked)

    # --- suppression -----------------------------------------------------------------

    def _review_suppression_reasons(self, now):
        """{request id: [reason codes]} read in one query per kind of fact."""
        orders = self.order_id
        emails = {r.id: normalize_email(r.order_id.partner_id.email) for r in self}
        # sudo: the opt-out list is read to respect it, nothing of it is shown.
        blacklisted = set(
            self.env["mail.blacklist"]
            .sudo()
            .search([("email", "in", [e for e in emails.values() if e])])
            .mapped("email")
        )
        cooldown = max(self.source_id.mapped("review_cooldown_days") or [0])
        last_asked = dict(
            self._read_group(
                [
                    ("state", "=", "sent"),
                    ("email", "in", [e for e in emails.values() if e]),
                    ("sent_at", ">=", now - datetime.timedelta(days=cooldown)),
                ],
                ["email"],
                ["sent_at:max"],
            )
            if cooldown
            else []
        )
        returned = {
            order.id
            for [order] in self.env["stock.picking"]._read_group(
                [("sale_id", "in", orders.ids), ("return_id", "!=", False), ("state", "=", "done")],
                ["sale_id"],
            )
        }
        complaints = orders._review_complaint_order_ids()
        result = {}
        for request in self:
            order, source = request.order_id, request.source_id
            facts = suppression.SuppressionFacts(
                email=emails[request.id],
                cancelled=order.state == "cancel",
                returned=order.id in returned,
                open_complaint=order.id in complaints,
                opted_out=emails[request.id] in blacklisted,
                bounce_count=order.partner_id.message_bounce,
                last_asked_at=last_asked.get(emails[request.id]),
                cooldown_days=source.review_cooldown_days,
                amount=order.amount_total,
                min_amount=source.review_min_amount,
                is_company=order.partner_id.commercial_partner_id.is_company,
                skip_b2b=source.review_skip_b2b,
            )
            result[request.id] = suppression.suppression_reasons(facts, now)
        return result

    def _review_suppress(self, reasons, now):
        if not self:
            return
        self.env["review.suppression"].create(
            [
                {"request_id": request.id, "reason": code, "date": now}
                for request in self
                for code in reasons[request.id]
            ]
        )
        for request in self:
            request.write(
                {
                    "state": "suppressed",
                    "suppression_reason": reasons[request.id][0],
                    "email": normalize_email(request.order_id.partner_id.email),
                }
            )

    # --- composing and queuing -------------------------------------------------------

    def _review_secret(self):
        # sudo: the database secret signs the links; it is never shown or sent.
        return self.env["ir.config_parameter"].sudo().get_param("database.secret")

    def _review_rating_url(self, rating, expires_at, secret):
        if not isinstance(self.id, int):
            return "#"  # a preview: no request yet, no link
        token = tokens.make_token(secret, self.id, rating, expires_at)
        return f"{self.get_base_url()}/review/rate/{token}"

    def _review_optout_url(self, secret):
        if not isinstance(self.id, int):
            return "#"
        token = tokens.make_optout_token(secret, self.id)
        return f"{self.get_base_url()}/review/optout/{self.id}/{token}"

    def _review_context(self):
        """What composing a batch needs, read once: core blocks, rules and platforms."""
        company_ids = self.company_id.ids
        block_records = self.env["review.block"].search(
            [("company_id", "in", [False, *company_ids])]
        )
        rule_records = self.env["review.rule"].search([("company_id", "in", company_ids)])
        platforms = rule_records.line_ids.platform_id
        return {
            "blocks": [b._review_core() for b in block_records],
            "block_records": {b.id: b for b in block_records},
            "rules": [r._review_core() for r in rule_records if r.line_ids],
            "platforms": {p.id: p for p in platforms},
            "platform_cores": {p.id: p._review_core() for p in platforms},
        }

    @staticmethod
    def _review_product_categories(product):
        """The product's category and its parents (``parent_path`` holds them)."""
        path = product.categ_id.parent_path or ""
        return frozenset(int(part) for part in path.split("/") if part)

    def _review_lines(self):
        self.ensure_one()
        lines = self.order_id.order_line.filtered(
            lambda line: not line.display_type and line.product_id.type == "consu"
        )
        products = lines.product_id
        return products

    def _review_link_specs(self, ctx):
        """[(kind, product, core Link)] of this request: a link per product and a general one."""
        self.ensure_one()
        order = self.order_id
        email = normalize_email(order.partner_id.email)
        specs = []
        for product in self._review_lines():
            categories = self._review_product_categories(product)
            rule = steering.match_rule(
                ctx["rules"], order.order_source_id.id, product.id, categories
            )
            link = rule and self._review_link(ctx, rule, email, product)
            if link:
                specs.append(("product", product, link))
        rule = steering.match_rule(ctx["rules"], order.order_source_id.id)
        link = rule and self._review_link(ctx, rule, email, None)
        if link:
            specs.append(("platform", self.env["product.product"], link))
        return specs

    def _review_link(self, ctx, rule, email, product):
        weight = steering.choose_weight(rule, email)
        platform = ctx["platforms"][weight.platform]
        if not ratings.offer_link(platform.selective_allowed, platform.gate_on_rating):
            return None
        values = url_values(
            order_ref=self.order_id.external_ref or self.order_id.name,
            sku=product and product.default_code,
            ean=product and product.barcode,
            email=email,
            product_name=product and product.name,
        )
        if product is None:
            weight = steering.PlatformWeight(weight.platform, weight.weight, False)
        link = steering.review_link(ctx["platform_cores"][platform.id], weight, values)
        return link if link.url else None

    def _review_create_links(self, ctx):
        """Link records with their link trackers (clicks are counted by the tracker)."""
        vals_list = []
        for request in self:
            for kind, product, link in request._review_link_specs(ctx):
                vals_list.append(
                    {
                        "request_id": request.id,
                        "kind": kind,
                        "product_id": product.id,
                        "platform_id": link.platform,
                        "url": link.url,
                        "product_specific": link.product_specific,
                    }
                )
        links = self.env["review.request.link"].create(vals_list)
        links._review_track()
        return links

    def _review_compose(self, ctx, links, secret, now):
        """(subject, body) of this request's mail in the customer's language."""
        self.ensure_one()
        order = self.order_id
        lang = order.partner_id.lang or self.env.lang or "en_US"
        categories = frozenset().union(
            *(self._review_product_categories(p) for p in self._review_lines())
        )
        facts = blocks.OrderFacts(order.order_source_id.id, order.amount_total, lang, categories)
        chosen = blocks.select_blocks(ctx["blocks"], facts)
        product_blocks = [b for b in chosen if b.kind in blocks.PER_LINE_KINDS]
        expires = now + datetime.timedelta(days=max(self.source_id.review_link_days, 1))
        base = {
            "customer_name": escape(order.partner_id.name or ""),
            "order_ref": escape(order.external_ref or order.name),
            "shop_name": escape(order.order_source_id.name or order.company_id.name),
            "rating_links": self._review_rating_links(expires, secret),
            "unsubscribe_url": escape(self._review_optout_url(secret)),
        }
        parts, subject, products_done = [], "", False
        my_links = links.filtered(lambda link: link.request_id == self)
        for block in chosen:
            record = ctx["block_records"][block.key]
            if block.kind == "greeting" and record.subject and not subject:
                subject = render.fill(record.subject, {k: str(v) for k, v in base.items()})
            if block.kind in blocks.PER_LINE_KINDS:
                if not products_done:
                    parts += self._review_product_parts(ctx, product_blocks, my_links, base)
                products_done = True
                continue
            values = dict(base)
            if block.kind == "platform":
                general = my_links.filtered(lambda link: link.kind == "platform")[:1]
                if not general:
                    continue
                values.update(self._review_link_values(general))
            parts.append(self._review_fill(record.body, values))
        subject = subject or _("How was your order %(order)s?", order=base["order_ref"])
        return subject, Markup("").join(parts)

    def _review_product_parts(self, ctx, product_blocks, links, base):
        parts = []
        for link in links.filtered(lambda link: link.kind == "product"):
            block = blocks.product_block_for_line(
                product_blocks, self._review_product_categories(link.product_id)
            )
            if block:
                values = dict(base, product_name=escape(link.product_id.name or ""))
                values.update(self._review_link_values(link))
                parts.append(self._review_fill(ctx["block_records"][block.key].body, values))
        return parts

    @staticmethod
    def _review_link_values(link):
        return {
            "platform_name": escape(link.platform_id.name or ""),
            "review_url": escape(link.tracked_url or link.url),
        }

    @staticmethod
    def _review_fill(body, values):
        # The body is sanitized HTML written by staff; every value is escaped above.
        return Markup(render.fill(str(body or ""), {k: str(v) for k, v in values.items()}))

    def _review_rating_links(self, expires, secret):
        links = [
            Markup('<a href="%s" style="%s">%s</a>')
            % (
                self._review_rating_url(rating, expires, secret),
                (
                    "display:inline-block;padding:6px 12px;margin:2px;border:1px solid #875A7B;"
                    "border-radius:4px;text-decoration:none;"
                ),
                "★" * rating,
            )
            for rating in tokens.RATINGS
        ]
        return Markup('<p class="review-rating">%s</p>') % Markup(" ").join(links)

    def _review_queue_mails(self, now):
        """One mail.mail per request, in one batch; the mail queue sends after commit."""
        if not self:
            return
        ctx = self._review_context()
        links = self._review_create_links(ctx)
        secret = self._review_secret()
        reply_to = self._notify_get_reply_to()
        vals_list = []
        for request in self:
            order = request.order_id
            lang = order.partner_id.lang or "en_US"
            subject, body = request.with_context(lang=lang)._review_compose(ctx, links, secret, now)
            vals_list.append(
                {
                    "subject": subject,
                    "body_html": body,
                    "email_from": order.company_id.email_formatted or self.env.user.email_formatted,
                    "email_to": order.partner_id.email_formatted,
                    "reply_to": reply_to.get(request.id),
                    "model": self._name,
                    "res_id": request.id,
                    "message_type": "email_outgoing",
                    "auto_delete": True,
                }
            )
        mails = self.env["mail.mail"].sudo().create(vals_list)  # sudo: mail.mail is system-only
        for request, mail in zip(self, mails, strict=True):
            request.write(
                {
                    "state": "sent",
                    "sent_at": now,
                    "email": normalize_email(request.order_id.partner_id.email),
                    "lang": request.order_id.partner_id.lang or "en_US",
                    "mail_message_id": mail.mail_message_id.id,
                }
            )

    # --- ratings, replies --------------------------------------------------------------

    def _review_record_rating(self, rating, feedback=None):
        """Store the customer's rating; a low one opens the follow-up once."""
        self.ensure_one()
        low = ratings.is_low(rating, self.source_id.review_low_rating or 2)
        was_low = self.low_rating
        self.write(
            {
                "rating": rating,
                "rated_at": fields.Datetime.now(),
                "low_rating": low,
                **({"feedback": feedback} if feedback else {}),
            }
        )
        if low and not was_low:
            self._review_low_rating()

    def _review_low_rating(self):
        """Somebody calls the unhappy customer: an activity on the order (the ticket bridge
        opens a ticket instead)."""
        self.ensure_one()
        order = self.order_id
        order.activity_schedule(
            "review_mailer.mail_activity_type_review_complaint",
            summary=_(
                "Low rating %(rating)s/5 for %(order)s", rating=self.rating, order=order.name
            ),
            note=escape(self.feedback or ""),
            user_id=order.user_id.id or self.env.user.id,
        )

    def _review_feedback(self, feedback):
        """The text of the feedback page, after a low rating."""
        self.ensure_one()
        self.feedback = feedback
        self._review_feedback_received()

    def _review_feedback_received(self):
        order = self.order_id
        activities = order.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("review_mailer.mail_activity_type_review_complaint")
            )
        )
        activities.write({"note": escape(self.feedback or "")})
        order.message_post(
            body=_(
                "Feedback after rating %(rating)s/5: %(text)s",
                rating=self.rating,
                text=self.feedback,
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    def _message_post_after_hook(self, message, msg_values):
        result = super()._message_post_after_hook(message, msg_values)
        if message.message_type == "email" and message.author_id != self.env.user.partner_id:
            for request in self:
                request._review_reply_received(message)
        return result

    def _review_reply_received(self, message):
        """A reply to the request mail reaches a person: it lands in the order's chatter,
        where the order's followers are notified."""
        self.ensure_one()
        self.order_id.message_post(
            body=message.body,
            author_id=message.author_id.id,
            email_from=message.email_from,
            subject=message.subject,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=message.attachment_ids.ids,
        )

    # --- UI ------------------------------------------------------------------------------

    def action_view_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.order_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_queue_now(self):
        """Managers: send a scheduled request now, outside window and cap (still suppressed
        for any reason that applies)."""
        if not self.env.user.has_group("review_mailer.review_mailer_group_manager"):
            raise AccessError(_("Only review managers may send requests by hand."))
        scheduled = self.filtered(lambda r: r.state == "scheduled")
        if not scheduled:
            raise UserError(_("Only scheduled requests can be sent."))
        scheduled._review_process(fields.Datetime.now())
