import hashlib
import hmac
import logging
import secrets
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.base.models.res_partner import _tz_get
from odoo.addons.queue_job.exception import RetryableJobError

from clearhouse.errors import InputError
from clearhouse.logistics import CONFIRMATION_CSV, CsvProfile
from clearhouse.logistics.documents import CONFIRMATION_COLUMNS, DELIVERY_COLUMNS
from clearhouse.logistics.transports import (
    TRANSPORTS,
    TransportConfig,
    TransportError,
    make_transport,
)

_logger = logging.getLogger(__name__)

MANAGER = "carrier_exchange.carrier_exchange_group_manager"
PROTOCOLS = [
    ("sftp", "SFTP"),
    ("ftp", "FTP"),
    ("ftps", "FTPS"),
    ("https", "HTTPS"),
    ("soap", "SOAP"),
    ("email", "E-mail"),
]
assert {code for code, _label in PROTOCOLS} - {"email"} == set(TRANSPORTS)


class CarrierExchangePartner(models.Model):
    """A logistics provider or carrier we exchange delivery orders and confirmations with.

    Credentials are readable by logistics managers only (field groups); the transfer
    jobs read them as superuser.
    """

    _name = "carrier.exchange.partner"
    _description = "Logistics Partner"
    _inherit = ["mail.thread", "mail.activity.mixin", "clearhouse.job.mixin"]
    _order = "sequence, name"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Short code written into the documents as the partner's identification.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    partner_id = fields.Many2one("res.partner", string="Address", help="The provider's address.")
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        help="Gets a to-do for each transfer that failed for good and each confirmation "
        "file that could not be applied completely.",
    )
    carrier_ids = fields.Many2many(
        "delivery.carrier",
        string="Carriers",
        help="Shipping methods this partner ships with. Confirmations name the carrier; "
        "a carrier not listed here is stored by its name only.",
    )
    packstation = fields.Boolean(
        string="Delivers to Packstations",
        help="Orders to a DHL Packstation are only routed to partners that deliver there.",
    )
    # Transport
    protocol = fields.Selection(PROTOCOLS, required=True, default="sftp", tracking=True)
    host = fields.Char(groups=MANAGER)
    port = fields.Integer(groups=MANAGER)
    login = fields.Char(groups=MANAGER)
    password = fields.Char(groups=MANAGER, copy=False)
    private_key = fields.Text(
        groups=MANAGER, copy=False, help="Private key for SFTP (PEM/OpenSSH text)."
    )
    private_key_passphrase = fields.Char(groups=MANAGER, copy=False)
    host_key = fields.Char(
        groups=MANAGER,
        help="The SFTP server's public key as an OpenSSH line (ssh-ed25519 AAAA...). "
        "Servers with another key are refused.",
    )
    outbound_path = fields.Char(string="Outbound Folder", groups=MANAGER)
    inbound_path = fields.Char(string="Inbound Folder", groups=MANAGER)
    inbound_pattern = fields.Char(string="Inbound File Pattern", default="*", groups=MANAGER)
    archive_path = fields.Char(
        string="Archive Folder",
        groups=MANAGER,
        help="Where fetched confirmation files are moved; empty: they are deleted.",
    )
    url = fields.Char(string="URL", groups=MANAGER)
    token = fields.Char(string="Outbound Token", groups=MANAGER, copy=False)
    hmac_secret = fields.Char(string="Outbound HMAC Secret", groups=MANAGER, copy=False)
    wsdl = fields.Char(string="WSDL", groups=MANAGER)
    soap_operation = fields.Char(string="SOAP Operation", groups=MANAGER)
    verify_tls = fields.Boolean(string="Verify TLS Certificates", default=True, groups=MANAGER)
    ca_bundle = fields.Char(
        string="Trusted Certificates File",
        groups=MANAGER,
        help="Path on the server of a PEM file with the partner's private certificate "
        "authority; empty: the public ones.",
    )
    email_to = fields.Char(string="Send Documents To", groups=MANAGER)
    inbound_email = fields.Char(
        string="Confirmations From",
        help="Sender address of the partner's confirmation e-mails; their attachments "
        "are read as confirmation files.",
    )
    timeout = fields.Integer(default=30, help="Seconds before a transfer is given up.")
    max_attempts = fields.Integer(
        default=6, help="Automatic tries of a transfer before it waits for a person."
    )
    job_capacity = fields.Integer(
        string="Parallel Transfers",
        default=1,
        help="Transfers to this partner running at the same time (its job channel's "
        "capacity; 0: only the limit of the parent channel root.clearhouse).",
    )
    job_channel_id = fields.Many2one(
        "queue.job.channel", string="Job Channel", readonly=True, copy=False
    )
    # Inbound HTTP endpoint
    inbound_token_hash = fields.Char(groups=MANAGER, copy=False)
    inbound_token_set = fields.Boolean(compute="_compute_inbound_token_set")
    inbound_hmac_secret = fields.Char(
        string="Inbound HMAC Secret",
        groups=MANAGER,
        copy=False,
        help="When set, confirmations posted to the endpoint must carry the HMAC-SHA256 "
        "signature of the body in the X-Clearhouse-Signature header.",
    )
    endpoint_url = fields.Char(compute="_compute_endpoint_url", string="Confirmation Endpoint")
    # Format profile
    file_format = fields.Selection(
        [("xml", "XML (Clearhouse schema 1.0)"), ("csv", "CSV")],
        string="Format",
        required=True,
        default="xml",
    )
    csv_delimiter = fields.Char(string="CSV Delimiter", default=";", size=1)
    csv_encoding = fields.Selection(
        [("utf-8", "UTF-8"), ("cp1252", "Windows-1252"), ("iso-8859-15", "ISO 8859-15")],
        default="utf-8",
        string="CSV Encoding",
    )
    csv_decimal_comma = fields.Boolean(string="Decimal Comma")
    csv_columns = fields.Char(
        string="Delivery Columns",
        help="Comma-separated column names of the delivery CSV, in file order. Empty: all columns.",
    )
    attach_delivery_note = fields.Boolean(
        string="Attach Delivery Notes (PDF)",
        help="Send the delivery slips of a document as a PDF next to it.",
    )
    partner_tz = fields.Selection(
        _tz_get,
        string="Partner Time Zone",
        default="Europe/Berlin",
        help="Time zone of confirmation timestamps written without an offset.",
    )
    # Schedule
    interval_minutes = fields.Integer(
        string="Send Every (Minutes)", default=60, help="How often documents are sent."
    )
    next_run = fields.Datetime(default=fields.Datetime.now, copy=False)
    last_run = fields.Datetime(readonly=True, copy=False)
    # Statistics
    document_ids = fields.One2many("carrier.exchange.document", "exchange_partner_id")
    problem_count = fields.Integer(compute="_compute_counts")
    to_send_count = fields.Integer(compute="_compute_counts")
    rule_ids = fields.One2many(
        "carrier.routing.rule", "exchange_partner_id", string="Routing Rules"
    )

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "The partner code must be unique."),
        ("timeout_range", "CHECK(timeout > 0 AND timeout <= 600)", "Timeout: 1 to 600 s."),
        ("interval_positive", "CHECK(interval_minutes > 0)", "The interval must be positive."),
        ("job_capacity_positive", "CHECK(job_capacity >= 0)", "The capacity cannot be negative."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners._exchange_sync_channel()
        return partners

    def write(self, vals):
        result = super().write(vals)
        if {"code", "job_capacity"} & set(vals):
            self._exchange_sync_channel()
        return result

    def _exchange_sync_channel(self):
        """Each partner's jobs run in root.clearhouse.carrier.<code> with its capacity."""
        for partner in self:
            channel = self._job_channel(
                "root.clearhouse.carrier." + self._job_channel_part(partner.code),
                capacity=partner.job_capacity,
            )
            if partner.job_channel_id != channel:
                # sudo: the channel is queue_job's configuration, linked for display.
                partner.sudo().job_channel_id = channel

    def _exchange_channel_name(self):
        self.ensure_one()
        return self.sudo().job_channel_id.complete_name or "root.clearhouse"

    @api.constrains("code")
    def _check_code(self):
        for partner in self:
            code = partner.code or ""
            if not code.strip() or len(code) > 64 or any(c in code for c in "/\\ "):
                raise ValidationError(
                    _(
                        "Partner %(name)s: the code must be 1 to 64 characters without "
                        "spaces or slashes.",
                        name=partner.name,
                    )
                )

    @api.constrains("csv_columns")
    def _check_csv_columns(self):
        for partner in self.filtered("csv_columns"):
            unknown = [c for c in partner._csv_column_list() if c not in DELIVERY_COLUMNS]
            if unknown:
                raise ValidationError(
                    _(
                        "Partner %(name)s: unknown CSV columns %(columns)s; allowed are "
                        "%(allowed)s.",
                        name=partner.name,
                        columns=", ".join(unknown),
                        allowed=", ".join(DELIVERY_COLUMNS),
                    )
                )

    def _compute_inbound_token_set(self):
        for partner in self:
            partner.inbound_token_set = bool(partner.sudo().inbound_token_hash)

    def _compute_endpoint_url(self):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        for partner in self:
            partner.endpoint_url = (
                f"{base}/carrier_exchange/{partner.code}/confirmations" if partner.code else False
            )

    def _compute_counts(self):
        problems = dict(
            self.env["carrier.exchange.document"]._read_group(
                [
                    ("exchange_partner_id", "in", self.ids),
                    ("state", "in", ("failed", "rejected", "partial")),
                ],
                ["exchange_partner_id"],
                ["__count"],
            )
        )
        ready = dict(
            self.env["stock.picking"]._read_group(
                [
                    ("exchange_partner_id", "in", self.ids),
                    ("exchange_state", "in", ("ready", "to_cancel")),
                ],
                ["exchange_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.problem_count = problems.get(partner, 0)
            partner.to_send_count = ready.get(partner, 0)

    # ------------------------------------------------------------------ actions
    def action_generate_inbound_token(self):
        """A new endpoint token, shown once; only its hash is kept."""
        self.ensure_one()
        if not self.env.user.has_group(MANAGER):
            raise UserError(_("Only logistics managers can create endpoint tokens."))
        token = secrets.token_urlsafe(32)
        self.inbound_token_hash = _hash_token(token)
        self.message_post(body=_("A new confirmation endpoint token was created."))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Endpoint token for %(name)s", name=self.name),
                "message": _(
                    "Give this token to the partner now; it is not shown again: %(token)s",
                    token=token,
                ),
                "sticky": True,
                "type": "warning",
            },
        }

    def action_send_now(self):
        """Collect what is ready now; the transfer runs in the background after commit."""
        self.env["carrier.exchange.document"].check_access("write")
        # sudo: documents are created by the exchange itself; users only trigger it.
        # Their send jobs run after this transaction commits.
        documents = self.sudo()._exchange_collect()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": _(
                    "%(count)s document(s) queued; they are sent in the background.",
                    count=len(documents),
                ),
                "type": "info",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_fetch_now(self):
        """Fetch the partner's confirmation files in a job, after this commit."""
        self.env["carrier.exchange.document"].check_access("write")
        # sudo: the fetch is automation (credentials, documents), as in the schedule.
        self.sudo()._exchange_enqueue_fetch()
        return True

    def action_view_problems(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "carrier_exchange.carrier_exchange_document_action_problems"
        )
        action["domain"] = [
            ("exchange_partner_id", "in", self.ids),
            ("state", "in", ("failed", "rejected", "partial")),
        ]
        return action

    def action_view_ready(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "carrier_exchange.stock_picking_action_exchange"
        )
        action["domain"] = [
            ("exchange_partner_id", "in", self.ids),
            ("exchange_state", "in", ("ready", "to_cancel")),
        ]
        return action

    # ------------------------------------------------------------------ helpers
    def _csv_column_list(self):
        return [c.strip() for c in (self.csv_columns or "").split(",") if c.strip()]

    def _delivery_csv_profile(self):
        self.ensure_one()
        return CsvProfile(
            columns=tuple(self._csv_column_list()) or DELIVERY_COLUMNS,
            delimiter=self.csv_delimiter or ";",
            encoding=self.csv_encoding or "utf-8",
            decimal_comma=self.csv_decimal_comma,
        )

    def _confirmation_csv_profile(self):
        self.ensure_one()
        return CsvProfile(
            columns=CONFIRMATION_COLUMNS,
            delimiter=self.csv_delimiter or CONFIRMATION_CSV.delimiter,
            encoding=self.csv_encoding or "utf-8",
        )

    def _get_transport(self):
        """The core transport for this partner; ``TransportError`` if misconfigured."""
        self.ensure_one()
        # sudo: credentials are manager-only fields; the transfer runs for any user.
        partner = self.sudo()
        config = TransportConfig(
            protocol=partner.protocol,
            host=partner.host or "",
            port=partner.port or None,
            user=partner.login or "",
            password=partner.password or "",
            private_key=partner.private_key or "",
            private_key_passphrase=partner.private_key_passphrase or "",
            host_key=partner.host_key or "",
            outbound_path=partner.outbound_path or "",
            inbound_path=partner.inbound_path or "",
            inbound_pattern=partner.inbound_pattern or "*",
            archive_path=partner.archive_path or "",
            url=partner.url or "",
            token=partner.token or "",
            hmac_secret=partner.hmac_secret or "",
            content_type="text/csv" if partner.file_format == "csv" else "application/xml",
            verify_tls=partner.verify_tls,
            ca_bundle=partner.ca_bundle or "",
            wsdl=partner.wsdl or "",
            soap_operation=partner.soap_operation or "",
            timeout=float(partner.timeout or 30),
        )
        return make_transport(config)

    def _in_company_language(self):
        """Background jobs write messages staff read later: in the company's language."""
        lang = self.company_id.partner_id.lang
        return self.with_context(lang=lang) if lang else self

    def _check_inbound_token(self, token):
        self.ensure_one()
        stored = self.sudo().inbound_token_hash  # sudo: manager-only field, compared only
        return bool(stored and token) and hmac.compare_digest(stored, _hash_token(token))

    # ------------------------------------------------------------------ jobs
    @api.model
    def _cron_run_exchange(self):
        """Per due partner: collect documents (each gets its send job) and queue the
        fetch of confirmation files. Nothing here talks to a partner: the jobs do,
        after this transaction committed."""
        now = fields.Datetime.now()
        partners = self.search([("next_run", "<=", now)])
        for partner in partners:
            partner.write(
                {
                    "next_run": now + timedelta(minutes=partner.interval_minutes or 60),
                    "last_run": now,
                }
            )
            partner._in_company_language()._exchange_collect()
        partners._exchange_enqueue_fetch()
        return True

    def _exchange_enqueue_fetch(self):
        for partner in self.filtered(lambda p: p.protocol in ("ftp", "ftps", "sftp")):
            partner._job_enqueue(
                "_exchange_fetch_job",
                "fetch",
                partner._exchange_channel_name(),
                description=_("Fetch confirmations from %(partner)s", partner=partner.name),
            )

    def _exchange_fetch_job(self):
        """Job: fetch and apply the partner's confirmation files, unless the files of
        the last fetch still wait for their archive job (they would be read twice)."""
        self.ensure_one()
        # sudo: job records are readable by job managers only; this looks at its own.
        waiting = (
            self.env["queue.job"]
            .sudo()
            .search_count(
                [
                    ("identity_key", "=", self._job_identity("archive")),
                    ("state", "in", ("pending", "enqueued", "started")),
                ]
            )
        )
        if waiting:
            raise RetryableJobError("files of the last fetch are being archived", 60, True)
        return len(self._in_company_language()._exchange_fetch())

    def _exchange_collect(self):
        """One delivery document and one cancellation document per partner, if due."""
        documents = self.env["carrier.exchange.document"]
        for partner in self:
            documents |= documents._create_outbound(partner)
        return documents

    def _exchange_fetch(self):
        """Read the partner's confirmation files; each is stored before it is archived."""
        self.ensure_one()
        document_model = self.env["carrier.exchange.document"]
        try:
            transport = self._get_transport()
            files = transport.fetch()
        except (TransportError, InputError) as exc:
            _logger.warning("Fetching confirmations from %s failed: %s", self.code, exc)
            self.message_post(
                body=_("Fetching confirmation files failed: %(error)s", error=str(exc))
            )
            return document_model
        transport.close()
        documents = document_model
        for name, data in files:
            documents |= document_model._receive(self, name, data, channel="pull")
        if files:
            # Archived by a job of its own, after the documents are committed: a file
            # never leaves the partner's inbox before it is stored here.
            self.with_delay(
                channel=self._exchange_channel_name(),
                identity_key=self._job_identity("archive"),
                description=_("Archive confirmation files at %(partner)s", partner=self.name),
            )._exchange_archive_job([name for name, _data in files])
        return documents

    def _exchange_archive_job(self, file_names):
        """Job: move fetched (and stored) confirmation files to the archive folder."""
        self.ensure_one()
        transport = self._get_transport()
        archived = 0
        try:
            for name in file_names:
                try:
                    transport.archive(name)
                    archived += 1
                except TransportError as exc:
                    _logger.warning("Archiving %s at %s failed: %s", name, self.code, exc)
                    self._in_company_language().message_post(
                        body=_(
                            "The confirmation file %(file)s was read but could not be "
                            "archived; the next fetch reports it as a duplicate: %(error)s",
                            file=name,
                            error=str(exc),
                        )
                    )
        finally:
            transport.close()
        return f"{archived} of {len(file_names)} archived"


def _hash_token(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
