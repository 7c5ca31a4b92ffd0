import hashlib
import logging
import time
from datetime import datetime, timezone

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.queue_job.exception import RetryableJobError

from clearhouse.errors import InputError, PayloadError
from clearhouse.logistics import (
    Cancellation,
    DocumentHeader,
    Party,
    cancellations_to_csv,
    cancellations_to_xml,
    check_delivery,
    deliveries_to_csv,
    deliveries_to_xml,
    parse_confirmations_csv,
    parse_confirmations_xml,
)
from clearhouse.logistics.documents import MAX_BYTES, as_utc, confirmation_format
from clearhouse.logistics.transports import TransportError

from .carrier_exchange_messages import (
    FILE_MESSAGES,
    RECORD_MESSAGES,
    error_params,
    render,
    render_issue,
)

_logger = logging.getLogger(__name__)

OUTBOUND_STATES = ("queued", "sent", "acknowledged", "failed")
PROBLEM_STATES = ("failed", "rejected", "partial")
# A cancellation whose delivery document is still on the way asks again after this.
WAIT_FOR_DELIVERY_SECONDS = 300


class CarrierExchangeDocument(models.Model):
    """One file exchanged with a logistics partner: what was in it, where it went, and
    what came of it. Outbound documents are the transfer queue; failed, rejected and
    partly applied ones are the "Transfer problems" a person looks at."""

    _name = "carrier.exchange.document"
    _description = "Logistics Exchange Document"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "clearhouse.job.mixin",
        "clearhouse.problem.mixin",
    ]
    _order = "id desc"

    name = fields.Char(required=True, readonly=True, index=True)
    exchange_partner_id = fields.Many2one(
        "carrier.exchange.partner",
        string="Logistics Partner",
        readonly=True,
        ondelete="restrict",
        index=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    direction = fields.Selection(
        [("outbound", "Outbound"), ("inbound", "Inbound")],
        required=True,
        readonly=True,
        index=True,
    )
    kind = fields.Selection(
        [
            ("delivery", "Delivery orders"),
            ("cancellation", "Cancellations"),
            ("line_cancellation", "Line cancellations"),
            ("confirmation", "Shipping confirmations"),
        ],
        required=True,
        readonly=True,
    )
    channel = fields.Selection(
        [
            ("pull", "File server"),
            ("email", "E-mail"),
            ("http", "HTTP endpoint"),
            ("upload", "Manual upload"),
        ],
        readonly=True,
    )
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("sent", "Sent"),
            ("acknowledged", "Acknowledged"),
            ("failed", "Failed"),
            ("received", "Received"),
            ("done", "Processed"),
            ("partial", "Partly processed"),
            ("rejected", "Rejected"),
        ],
        required=True,
        readonly=True,
        index=True,
        tracking=True,
    )
    picking_ids = fields.Many2many(
        "stock.picking",
        "carrier_exchange_document_picking_rel",
        "document_id",
        "picking_id",
        string="Deliveries",
        readonly=True,
    )
    delivery_count = fields.Integer(compute="_compute_delivery_count")
    attachment_id = fields.Many2one("ir.attachment", string="File", readonly=True)
    delivery_note_id = fields.Many2one("ir.attachment", string="Delivery Notes", readonly=True)
    file_name = fields.Char(readonly=True)
    checksum = fields.Char(readonly=True, index="btree_not_null", help="SHA-256 of the file.")
    file_size = fields.Integer(readonly=True)
    attempts = fields.Integer(readonly=True)
    last_error = fields.Text(readonly=True)
    sent_at = fields.Datetime(readonly=True)
    receipt_location = fields.Char(readonly=True)
    receipt_reference = fields.Char(readonly=True, string="Partner's Reference")
    record_count = fields.Integer(readonly=True, string="Records")
    applied_count = fields.Integer(readonly=True, string="Applied")
    issue_ids = fields.One2many(
        "carrier.exchange.document.issue", "document_id", string="Issues", readonly=True
    )
    issue_count = fields.Integer(compute="_compute_issue_count")

    def _compute_delivery_count(self):
        for document in self:
            document.delivery_count = len(document.picking_ids)

    def _compute_issue_count(self):
        counts = dict(
            self.env["carrier.exchange.document.issue"]._read_group(
                [("document_id", "in", self.ids)], ["document_id"], ["__count"]
            )
        )
        for document in self:
            document.issue_count = counts.get(document, 0)

    # ------------------------------------------------------------------ actions
    def action_retry(self):
        """Queue failed transfers again; their jobs send them after this commit."""
        failed = self.filtered(lambda d: d.direction == "outbound" and d.state == "failed")
        if not failed:
            raise UserError(_("Only failed outbound documents can be retried."))
        failed.write({"state": "queued", "last_error": False})
        failed.message_post(body=_("Queued again for transfer."))
        failed._exchange_enqueue_send()
        return True

    def action_view_deliveries(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "carrier_exchange.stock_picking_action_exchange"
        )
        action["domain"] = [("id", "in", self.picking_ids.ids)]
        return action

    # ------------------------------------------------------------------ outbound
    @api.model
    def _create_outbound(self, partner):
        """Collect the partner's ready deliveries and cancellations into documents."""
        pickings = self.env["stock.picking"]
        ready = pickings._exchange_lock(
            [
                ("exchange_partner_id", "=", partner.id),
                ("exchange_state", "=", "ready"),
                ("state", "not in", ("draft", "done", "cancel")),
            ]
        )
        to_cancel = pickings._exchange_lock(
            [("exchange_partner_id", "=", partner.id), ("exchange_state", "=", "to_cancel")]
        )
        documents = self.browse()
        if ready:
            documents |= self._create_delivery_document(partner, ready)
        if to_cancel:
            documents |= self._create_cancellation_document(partner, to_cancel)
        return documents

    def _create_delivery_document(self, partner, pickings):
        orders, invalid = {}, pickings.browse()
        for picking, order in zip(pickings, pickings._exchange_delivery_orders(), strict=True):
            try:
                check_delivery(order)
            except PayloadError as exc:
                invalid |= picking
                picking._exchange_mark_invalid(str(exc))
                continue
            orders[picking] = order
        if not orders:
            return self.browse()
        valid = pickings.browse([p.id for p in orders])
        name, header = self._new_header(partner, "delivery")
        if partner.file_format == "csv":
            payload = deliveries_to_csv(
                header, list(orders.values()), partner._delivery_csv_profile()
            )
        else:
            payload = deliveries_to_xml(header, list(orders.values()))
        document = self._create_document(partner, name, "delivery", payload, valid)
        if partner.attach_delivery_note:
            document._attach_delivery_notes()
        valid.write({"exchange_state": "queued", "exchange_document_id": document.id})
        return document

    def _create_cancellation_document(self, partner, pickings):
        name, header = self._new_header(partner, "cancellation")
        cancellations = [
            Cancellation(
                reference=p.name,
                order_ref=p.sale_id.name or p.origin or "",
                reason=p.exchange_message or "",
            )
            for p in pickings
        ]
        if partner.file_format == "csv":
            payload = cancellations_to_csv(header, cancellations)
        else:
            payload = cancellations_to_xml(header, cancellations)
        document = self._create_document(partner, name, "cancellation", payload, pickings)
        pickings.write(
            {"exchange_state": "cancel_queued", "exchange_cancel_document_id": document.id}
        )
        return document

    def _create_line_cancellation(self, picking, cancellation):
        """Queue a cancellation of some lines (``Cancellation`` with ``lines``) of a
        delivery the partner already has; the delivery keeps its state."""
        partner = picking.exchange_partner_id
        name, header = self._new_header(partner, "cancellation")
        if partner.file_format == "csv":
            payload = cancellations_to_csv(header, [cancellation])
        else:
            payload = cancellations_to_xml(header, [cancellation])
        return self._create_document(partner, name, "line_cancellation", payload, picking)

    def _new_header(self, partner, kind):
        sequence = self.env["ir.sequence"].sudo()  # sudo: numbering only, no data read
        number = sequence.next_by_code("carrier.exchange.document") or str(int(time.time()))
        prefix = "DEL" if kind == "delivery" else "CAN"
        name = f"{partner.code}-{prefix}-{number}"
        company = partner.company_id
        header = DocumentHeader(
            document_id=name,
            created=datetime.now(timezone.utc).replace(microsecond=0),
            sender=Party(code=_party_code(company), name=company.name or ""),
            partner=Party(code=partner.code, name=partner.name or ""),
        )
        return name, header

    def _create_document(self, partner, name, kind, payload, pickings, **values):
        extension = "csv" if partner.file_format == "csv" else "xml"
        file_name = f"{name}.{extension}"
        document = self.create(
            {
                "name": name,
                "exchange_partner_id": partner.id,
                "company_id": partner.company_id.id,
                "direction": "outbound",
                "kind": kind,
                "state": "queued",
                "picking_ids": [fields.Command.set(pickings.ids)],
                "file_name": file_name,
                "checksum": hashlib.sha256(payload).hexdigest(),
                "file_size": len(payload),
                "record_count": len(pickings),
                **values,
            }
        )
        document.attachment_id = self._store_file(document, file_name, payload)
        document._exchange_enqueue_send()
        return document

    def _store_file(self, document, file_name, payload):
        # sudo: attachments of documents are technical files; access follows the document.
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": file_name,
                    "raw": payload,
                    "res_model": self._name,
                    "res_id": document.id,
                    "mimetype": "text/csv" if file_name.endswith(".csv") else "application/xml",
                }
            )
        )

    def _attach_delivery_notes(self):
        self.ensure_one()
        report = self.env.ref("stock.action_report_delivery")
        pdf, _type = (
            self.env["ir.actions.report"].sudo()._render_qweb_pdf(report, self.picking_ids.ids)
        )
        # sudo: technical attachment of the document, see _store_file.
        self.delivery_note_id = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"{self.name}.pdf",
                    "raw": pdf,
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": "application/pdf",
                }
            )
        )

    def _exchange_enqueue_send(self):
        """One send job per document, in its partner's channel, after this commit.

        sudo: the transfer is automation on behalf of whoever queued the document (the
        partner's credentials and the shipping history are not theirs to write).
        """
        for document in self.sudo():
            partner = document.exchange_partner_id
            document._job_enqueue(
                "_exchange_send_job",
                "send",
                partner._exchange_channel_name(),
                max_retries=partner.max_attempts or 1,
                description=_(
                    "Send %(document)s to %(partner)s", document=document.name, partner=partner.name
                ),
            )

    def _exchange_send_job(self):
        """Job: send this outbound document once, unless it went out or was handled.

        The row lock and the state check make a second job or a second worker find
        nothing to do; a cancellation waits until the delivery orders it cancels left.
        """
        self.ensure_one()
        if not self._lock_for_transfer():
            return "nothing to send"
        if self.kind in ("cancellation", "line_cancellation") and self.picking_ids.filtered(
            lambda p: p.exchange_document_id.state in ("queued", "failed")
        ):
            raise RetryableJobError(
                "waiting for the delivery document", WAIT_FOR_DELIVERY_SECONDS, ignore_retry=True
            )
        document = self.with_env(self.exchange_partner_id._in_company_language().env)
        return "sent" if document._transfer() else document.last_error

    def _lock_for_transfer(self):
        """Whether this worker may send the document: row locked, still due."""
        self.ensure_one()
        self.flush_recordset(["state"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM carrier_exchange_document WHERE id = %s "
                "AND state = 'queued' FOR UPDATE SKIP LOCKED",
                self.id,
            )
        )
        if not self.env.cr.fetchone():
            return False
        self.invalidate_recordset(["state"])
        return self.state == "queued"

    def _transfer(self):
        """Send this document once; record the outcome. True if it went out.

        A failure a retry can cure raises ``RetryableJobError`` (see ``_job_retry``).
        """
        self.ensure_one()
        partner = self.exchange_partner_id
        files = [(self.file_name, self.attachment_id.raw)]
        if self.delivery_note_id:
            files.append((self.delivery_note_id.name, self.delivery_note_id.raw))
        try:
            if partner.protocol == "email":
                receipt_location, reference = self._send_by_mail()
            else:
                transport = partner._get_transport()
                try:
                    receipts = [transport.send(name, payload) for name, payload in files]
                finally:
                    transport.close()
                receipt_location = receipts[0].location
                reference = receipts[0].reference
        except TransportError as exc:
            self._record_failure(str(exc), exc.retryable, exc.retry_after)
            return False
        except UserError as exc:
            self._record_failure(str(exc), False)
            return False
        now = fields.Datetime.now()
        self.write(
            {
                "state": "sent",
                "attempts": self._job_try(1)[0],
                "sent_at": now,
                "last_error": False,
                "receipt_location": (receipt_location or "")[:256],
                "receipt_reference": reference or False,
            }
        )
        if self.kind == "line_cancellation":
            # The delivery itself goes on: only some of its lines will not ship.
            return True
        status = "sent" if self.kind == "delivery" else "cancelled"
        # A delivery cancelled while its document was on the way keeps that state.
        waiting = "queued" if self.kind == "delivery" else "cancel_queued"
        self.picking_ids.filtered(lambda p: p.exchange_state == waiting).write(
            {"exchange_state": status}
        )
        self.env["carrier.exchange.event"].create(
            [
                {
                    "picking_id": picking.id,
                    "exchange_partner_id": partner.id,
                    "document_id": self.id,
                    "status": status,
                    "timestamp": now,
                }
                for picking in self.picking_ids
            ]
        )
        return True

    def _send_by_mail(self):
        partner = self.exchange_partner_id.sudo()  # sudo: the address is manager-only
        if not partner.email_to:
            raise UserError(
                _("Partner %(name)s has no address to send documents to.", name=partner.name)
            )
        attachments = self.attachment_id | self.delivery_note_id
        # Queued only: the mail queue sends it after this transaction commits.
        mail = (
            self.env["mail.mail"]
            .sudo()
            .create(
                {
                    "subject": _("Document %(name)s", name=self.name),
                    "body_html": _(
                        "<p>Please find attached document %(name)s.</p>", name=self.name
                    ),
                    "email_to": partner.email_to,
                    "email_from": self.company_id.email_formatted or self.env.user.email_formatted,
                    "attachment_ids": [fields.Command.set(attachments.ids)],
                    "auto_delete": False,
                }
            )
        )
        return partner.email_to, str(mail.id)

    def _record_failure(self, message, retryable, retry_after=None):
        """Retry later (raises) or mark the document failed for good and tell the hook."""
        attempts = self._job_retry(
            message, retryable, retry_after, limit=self.exchange_partner_id.max_attempts or 1
        )
        self.write({"state": "failed", "attempts": attempts, "last_error": message[:4000]})
        text = _(
            "Transfer failed after %(attempts)s attempt(s) and needs manual handling: %(error)s",
            attempts=attempts,
            error=message,
        )
        self.message_post(body=text)
        self._schedule_problem_activity(text)
        self._exchange_failed_for_good()

    def _exchange_send_job_failed(self, **failure):
        """queue_job's on-fail method: the send job crashed for good (an error no
        transport reports, e.g. a bug); the document must not wait as "queued"."""
        for document in self.filtered(lambda d: d.state == "queued"):
            message = failure.get("exc_message") or failure.get("exc_name") or ""
            document.write({"state": "failed", "last_error": str(message)[:4000]})
            document.message_post(
                body=_("The transfer job stopped with an error: %(error)s", error=message)
            )
            document._exchange_failed_for_good()

    def _exchange_failed_for_good(self):
        """Hook: the transfer of these documents gave up and waits for a person.

        Called in the job's transaction after the document is marked failed; other
        addons (tickets) extend it.
        """
        return True

    def _schedule_problem_activity(self, note):
        """A to-do for the partner's responsible, so that a problem is not only listed."""
        user = self.exchange_partner_id.user_id
        if not user or self.activity_ids.filtered(lambda a: a.user_id == user):
            return
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=_("Logistics document %(name)s needs attention", name=self.name),
            note=note,
            user_id=user.id,
        )

    # ------------------------------------------------------------------ inbound
    @api.model
    def _receive(self, partner, file_name, data, channel):
        """Store a confirmation file and apply it; never raises for bad content."""
        data = bytes(data or b"")
        document = self._new_inbound(partner, file_name, data, channel)
        if not partner:
            document._reject(_("No logistics partner is known for this sender."), None)
            return document
        checksum = document.checksum
        earlier = self.search(
            [
                ("id", "!=", document.id),
                ("direction", "=", "inbound"),
                ("exchange_partner_id", "=", partner.id),
                ("checksum", "=", checksum),
            ],
            limit=1,
        )
        if earlier:
            document._reject(
                _(
                    "The same file was already processed as %(document)s; nothing applied.",
                    document=earlier.name,
                ),
                None,
                code="duplicate_file",
            )
            return document
        document._process_confirmations(data)
        return document

    def _new_inbound(self, partner, file_name, data, channel):
        checksum = hashlib.sha256(data).hexdigest()
        name = self.env["ir.sequence"].sudo().next_by_code("carrier.exchange.document.in")
        document = self.create(
            {
                "name": name or file_name,
                "exchange_partner_id": partner.id if partner else False,
                "company_id": (partner.company_id if partner else self.env.company).id,
                "direction": "inbound",
                "kind": "confirmation",
                "channel": channel,
                "state": "received",
                "file_name": file_name,
                "checksum": checksum,
                "file_size": len(data),
            }
        )
        document.attachment_id = self._store_file(document, file_name or "confirmation", data)
        return document

    def _process_confirmations(self, data):
        self.ensure_one()
        partner = self.exchange_partner_id
        try:
            if confirmation_format(self.file_name, partner.file_format) == "csv":
                result = parse_confirmations_csv(
                    data, partner._confirmation_csv_profile(), max_bytes=MAX_BYTES
                )
            else:
                result = parse_confirmations_xml(data, max_bytes=MAX_BYTES)
        except InputError as exc:
            self._reject(
                _(
                    "The file cannot be read: %(error)s",
                    error=render(exc, FILE_MESSAGES, self.env.lang),
                ),
                exc.line,
                code=exc.code,
                field=getattr(exc, "field", None),
            )
            return
        issues = [
            {
                "line": error.line,
                "reference": error.record if not str(error.record or "").startswith("#") else False,
                "field": error.field,
                "code": error.code,
                "params": error_params(error),
                "message": render(error, RECORD_MESSAGES, self.env.lang),
            }
            for error in result.errors
        ]
        refs = {c.reference for c in result.confirmations}
        pickings = self.env["stock.picking"].search(
            [("name", "in", list(refs)), ("exchange_partner_id", "=", partner.id)]
        )
        by_ref = {p.name: p for p in pickings}
        events = self.env["carrier.exchange.event"]
        applied = 0
        for confirmation in result.confirmations:
            picking = by_ref.get(confirmation.reference)
            if picking is None:
                issues.append(
                    {
                        "line": confirmation.line,
                        "reference": confirmation.reference,
                        "field": "reference",
                        "code": "unknown_reference",
                        "params": {"ref": confirmation.reference, "partner": partner.name},
                        "message": _(
                            "Confirmation for delivery %(ref)s: no delivery with this "
                            "reference was sent to %(partner)s.",
                            ref=confirmation.reference,
                            partner=partner.name,
                        ),
                    }
                )
                continue
            try:
                with self.env.cr.savepoint():
                    events |= picking._exchange_apply_confirmation(
                        confirmation, self, as_utc(confirmation.timestamp, partner.partner_tz)
                    )
                applied += 1
            except UserError as exc:
                issues.append(
                    {
                        "line": confirmation.line,
                        "reference": confirmation.reference,
                        "field": "status",
                        "code": "not_applied",
                        "message": str(exc.args[0] if exc.args else exc),
                    }
                )
        if issues:
            self.env["carrier.exchange.document.issue"].create(
                [dict(issue, document_id=self.id) for issue in issues]
            )
        state = "done" if not issues else ("partial" if applied else "rejected")
        self.write(
            {
                "state": state,
                "record_count": result.total,
                "applied_count": applied,
                "picking_ids": [fields.Command.set(events.picking_id.ids)],
            }
        )
        if issues:
            self._schedule_problem_activity(
                _("%(count)s record(s) of the file could not be applied.", count=len(issues))
            )
        if events:
            outbound = events.picking_id.exchange_document_id.filtered(lambda d: d.state == "sent")
            outbound.write({"state": "acknowledged"})
            events.picking_id._exchange_notify_customer(events)

    def _reject(self, message, line, code="unreadable", field=None):
        self.env["carrier.exchange.document.issue"].create(
            {"document_id": self.id, "line": line, "code": code, "field": field, "message": message}
        )
        self.state = "rejected"
        self._schedule_problem_activity(message)

    # ------------------------------------------------------------------ e-mail
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A partner's e-mail: every attachment is read as a confirmation file."""
        sender = (msg_dict.get("email_from") or "").lower()
        # sudo: the mail gateway runs as the alias user; partners are looked up by address.
        partners = (
            self.env["carrier.exchange.partner"].sudo().search([("inbound_email", "!=", False)])
        )
        partner = next((p for p in partners if p.inbound_email.strip().lower() in sender), None)
        model = self.with_env(partner._in_company_language().env) if partner else self
        documents = model.browse()
        for attachment in msg_dict.get("attachments") or []:
            file_name, content = attachment[0], attachment[1]
            if isinstance(content, str):
                content = content.encode("utf-8")
            documents |= model._receive(partner, file_name, content, "email")
        if not documents:
            subject = msg_dict.get("subject") or "e-mail"
            documents = model._new_inbound(partner, subject, b"", "email")
            if not partner:
                documents._reject(
                    model.env._("No logistics partner is known for this sender."), None
                )
            documents._reject(
                model.env._("The e-mail has no attachment to read."), None, code="no_attachment"
            )
        return documents[0].with_env(self.env)


class CarrierExchangeDocumentIssue(models.Model):
    """A record of an inbound file that could not be applied, with its line."""

    _name = "carrier.exchange.document.issue"
    _description = "Logistics Document Issue"
    _order = "document_id desc, line, id"

    document_id = fields.Many2one(
        "carrier.exchange.document", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="document_id.company_id", store=True, index=True)
    file_name = fields.Char(related="document_id.file_name")
    line = fields.Integer()
    reference = fields.Char(index="btree_not_null")
    field = fields.Char()
    code = fields.Char()
    params = fields.Json(help="Values the text is rendered with, in the reader's language.")
    message = fields.Text(required=True, help="The text as written when the file was read.")
    text = fields.Text(
        string="Problem", compute="_compute_text", help="The problem in your language."
    )

    @api.depends("code", "params", "message")
    @api.depends_context("lang")
    def _compute_text(self):
        for issue in self:
            issue.text = render_issue(self.env.lang, issue.code, issue.params, issue.message)


def _party_code(company):
    code = "".join(ch for ch in (company.name or "COMPANY") if ch.isalnum())[:32]
    return code or f"COMPANY{company.id}"
