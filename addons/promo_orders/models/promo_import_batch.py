import hashlib
import logging
import os
import shutil

from odoo import api, fields, models, modules
from odoo.exceptions import UserError
from odoo.tools import SQL

from clearhouse.errors import InputError
from clearhouse.intake.csv import parse_orders_csv
from clearhouse.intake.xml import parse_orders_xml

_logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 50 * 1024 * 1024
# Orders processed per job (one transaction each); a crash loses at most one
# uncommitted chunk, which its job processes again (intake is idempotent by reference).
CHUNK_SIZE = 200
IMPORT_CHANNEL = "root.clearhouse.import"
# Files up to this many orders are processed right away in the wizard's request.
SYNC_LIMIT = 200


class PromoImportBatch(models.Model):
    """One imported order file: its progress, counts and per-order errors."""

    _name = "promo.import.batch"
    _description = "Campaign Order Import Batch"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "clearhouse.job.mixin",
        "clearhouse.problem.mixin",
    ]
    _order = "id desc"

    name = fields.Char(required=True, readonly=True)
    campaign_id = fields.Many2one(
        "promo.campaign", required=True, index=True, readonly=True, ondelete="restrict"
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    file_name = fields.Char(readonly=True)
    file_format = fields.Selection([("xml", "XML"), ("csv", "CSV")], required=True, readonly=True)
    attachment_id = fields.Many2one("ir.attachment", string="File", readonly=True)
    checksum = fields.Char(readonly=True, index=True, help="SHA-256 of the file content.")
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("running", "In Progress"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        default="queued",
        required=True,
        index=True,
        tracking=True,
    )
    position = fields.Integer(
        string="Processed Orders", readonly=True, help="Orders of the file handled so far."
    )
    total_count = fields.Integer(string="Orders in File", readonly=True)
    created_count = fields.Integer(string="Created", readonly=True)
    duplicate_count = fields.Integer(
        string="Already Known", readonly=True, help="Orders whose reference already existed."
    )
    invalid_count = fields.Integer(string="Invalid", readonly=True)
    error_count = fields.Integer(string="Rejected", compute="_compute_error_count", store=True)
    progress = fields.Float(compute="_compute_progress")
    message = fields.Text(string="File Error", readonly=True)
    date_done = fields.Datetime(readonly=True)
    error_ids = fields.One2many("promo.import.error", "batch_id", string="Errors", readonly=True)
    order_ids = fields.One2many("sale.order", "promo_import_batch_id", string="Orders")
    order_count = fields.Integer(compute="_compute_order_count")

    _sql_constraints = [
        (
            "checksum_campaign_unique",
            "UNIQUE(campaign_id, checksum)",
            "This file has already been imported into the campaign.",
        ),
    ]

    @api.depends("error_ids")
    def _compute_error_count(self):
        groups = self.env["promo.import.error"]._read_group(
            [("batch_id", "in", self.ids)], ["batch_id"], ["__count"]
        )
        counts = {batch.id: count for batch, count in groups}
        for batch in self:
            batch.error_count = counts.get(batch.id, 0)

    def _compute_order_count(self):
        groups = self.env["sale.order"]._read_group(
            [("promo_import_batch_id", "in", self.ids)], ["promo_import_batch_id"], ["__count"]
        )
        counts = {batch.id: count for batch, count in groups}
        for batch in self:
            batch.order_count = counts.get(batch.id, 0)

    @api.depends("position", "total_count", "state")
    def _compute_progress(self):
        for batch in self:
            if batch.state == "done":
                batch.progress = 100.0
            elif batch.total_count:
                batch.progress = 100.0 * batch.position / batch.total_count
            else:
                batch.progress = 0.0

    # -------------------------------------------------------------- create
    @api.model
    def _detect_format(self, file_name, data):
        name = (file_name or "").lower()
        if name.endswith(".xml"):
            return "xml"
        if name.endswith((".csv", ".txt")):
            return "csv"
        return "xml" if data.lstrip()[:1] == b"<" else "csv"

    @api.model
    def _create_from_file(self, campaign, file_name, data):
        """Register a file for import; refuses files already imported (same checksum)."""
        if len(data) > MAX_FILE_BYTES:
            raise UserError(
                self.env._(
                    "The file %(name)s is too large (%(size)s MB, at most %(max)s MB).",
                    name=file_name,
                    size=round(len(data) / 1024 / 1024, 1),
                    max=MAX_FILE_BYTES // 1024 // 1024,
                )
            )
        checksum = hashlib.sha256(data).hexdigest()
        known = self.search(
            [("campaign_id", "=", campaign.id), ("checksum", "=", checksum)], limit=1
        )
        if known:
            raise UserError(
                self.env._(
                    "The file %(name)s has already been imported as %(batch)s.",
                    name=file_name,
                    batch=known.name,
                )
            )
        batch = self.create(
            {
                "name": file_name or checksum[:12],
                "campaign_id": campaign.id,
                "file_name": file_name,
                "file_format": self._detect_format(file_name, data),
                "checksum": checksum,
            }
        )
        batch.attachment_id = self.env["ir.attachment"].create(
            {
                "name": file_name or batch.name,
                "raw": data,
                "res_model": self._name,
                "res_id": batch.id,
            }
        )
        return batch

    # ------------------------------------------------------------- process
    def _parse(self):
        self.ensure_one()
        data = self.attachment_id.raw or b""
        if self.file_format == "xml":
            result = parse_orders_xml(data, max_bytes=MAX_FILE_BYTES)
            code = result.campaign_code
            if code and code.strip().upper() != self.campaign_id.code:
                raise InputError(
                    f"The file is for campaign {code}, not {self.campaign_id.code}",
                    code="campaign_mismatch",
                    field="campaign",
                )
        else:
            result = parse_orders_csv(data, max_bytes=MAX_FILE_BYTES)
        return result

    def _process_chunk(self, chunk_size=None):
        """Process the next chunk of orders of the file; returns True when finished."""
        self.ensure_one()
        chunk_size = chunk_size or CHUNK_SIZE
        try:
            result = self._parse()
        except InputError as exc:
            self._import_fail(str(exc))
            return True
        total = len(result.orders) + len(result.errors)
        vals = {"state": "running", "total_count": total}
        if self.position == 0 and not self.error_ids and result.errors:
            # File-level parse findings per order are recorded once, with the first chunk.
            self.env["promo.import.error"].create(
                [self._prepare_error_vals(error) for error in result.errors]
            )
        start = self.position
        chunk = result.orders[start : start + chunk_size]
        if chunk:
            results = self.env["promo.intake"]._submit(self.campaign_id, chunk, "file", batch=self)
            error_vals = []
            for payload, res in zip(chunk, results, strict=True):
                if res["state"] == "rejected":
                    for issue in res["issues"]:
                        error_vals.append(
                            {
                                "batch_id": self.id,
                                "external_ref": payload.external_ref,
                                "field_name": issue["field"],
                                "message": issue["message"],
                            }
                        )
            if error_vals:
                self.env["promo.import.error"].create(error_vals)
            vals.update(
                created_count=self.created_count
                + sum(1 for r in results if r["order_id"] and not r["duplicate"]),
                duplicate_count=self.duplicate_count + sum(1 for r in results if r["duplicate"]),
                invalid_count=self.invalid_count
                + sum(1 for r in results if r["state"] == "invalid" and not r["duplicate"]),
            )
        vals["position"] = start + len(chunk)
        finished = vals["position"] >= len(result.orders)
        if finished:
            vals.update(state="done", date_done=fields.Datetime.now())
        self.write(vals)
        if finished:
            self.message_post(
                body=self.env._(
                    "Import finished: %(created)s orders created, %(dup)s already known, "
                    "%(invalid)s invalid, %(errors)s rejected.",
                    created=self.created_count,
                    dup=self.duplicate_count,
                    invalid=self.invalid_count,
                    errors=self.error_count,
                )
            )
        return finished

    def _prepare_error_vals(self, error):
        return {
            "batch_id": self.id,
            "external_ref": error.record or False,
            "field_name": error.field or False,
            "file_line": error.line or 0,
            "message": str(error),
        }

    def action_process(self):
        """Process small files now; larger ones in background jobs, one per chunk."""
        for batch in self.filtered(lambda b: b.state in ("queued", "running")):
            data_size = batch.attachment_id.file_size or 0
            if data_size <= 512 * 1024:
                while not batch._process_chunk(chunk_size=SYNC_LIMIT):
                    pass
            else:
                batch._import_enqueue()
        return True

    def action_retry(self):
        """Process a failed batch again from where it stopped (nothing is created twice)."""
        self.filtered(lambda b: b.state == "failed").write({"state": "queued", "message": False})
        return self.action_process()

    def _import_fail(self, message):
        """The file cannot be imported (further): failed for good, and tell the hook."""
        self.write({"state": "failed", "message": message})
        self.message_post(body=self.env._("Import failed: %(error)s", error=message))
        self._import_failed_for_good()

    def _import_failed_for_good(self):
        """Hook: these batches stopped and wait for a person (file error or crash).

        Called after the batch is marked failed; other addons (tickets) extend it.
        """
        return True

    # ------------------------------------------------------------- jobs
    def _import_enqueue(self):
        """The job for the next chunk, run after this transaction commits."""
        for batch in self:
            batch._job_enqueue(
                "_import_job",
                "chunk",
                IMPORT_CHANNEL,
                description=self.env._("Import %(file)s", file=batch.name),
            )

    def _import_job(self):
        """Job: process the next chunk and queue the one after it.

        One chunk per job is one commit per chunk: a worker killed in the middle loses
        only its chunk, which the job queue runs again (intake is idempotent). The row
        lock keeps two workers off the same batch.
        """
        self.ensure_one()
        self.flush_recordset(["state"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM promo_import_batch WHERE id = %s "
                "AND state IN ('queued', 'running') FOR UPDATE SKIP LOCKED",
                self.id,
            )
        )
        if not self.env.cr.fetchone():
            return "nothing to import"
        self.invalidate_recordset(["state", "position"])
        if not self._process_chunk():
            self._import_enqueue()
            return f"{self.position} of {self.total_count} orders"
        return self.state

    def _import_job_failed(self, **failure):
        """queue_job's on-fail method: the job crashed for good (not a file error)."""
        for batch in self.filtered(lambda b: b.state in ("queued", "running")):
            batch._import_fail(failure.get("exc_message") or failure.get("exc_name") or "")

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "promo_orders.sale_order_action_promo"
        )
        action["domain"] = [("promo_import_batch_id", "=", self.id)]
        return action

    @api.model
    def _cron_import_folder(self):
        """Pick up files from the folder set in the system parameter
        ``promo_orders.import_folder``: ``<folder>/<CAMPAIGN CODE>/*.xml|*.csv``.

        Registered files move to ``done/``, refused ones to ``error/`` with a log line.
        """
        folder = self.env["ir.config_parameter"].sudo().get_param("promo_orders.import_folder")
        if not folder or not os.path.isdir(folder):
            return 0
        count = 0
        # Commit each registered file (and its job) before moving it, so a file is
        # never moved without its batch.
        commit = not modules.module.current_test
        campaigns = {c.code: c for c in self.env["promo.campaign"].search([])}
        for code in sorted(os.listdir(folder)):
            campaign = campaigns.get(code.upper())
            sub = os.path.join(folder, code)
            if not campaign or not os.path.isdir(sub):
                continue
            for file_name in sorted(os.listdir(sub)):
                path = os.path.join(sub, file_name)
                if not os.path.isfile(path) or not file_name.lower().endswith((".xml", ".csv")):
                    continue
                with open(path, "rb") as handle:
                    data = handle.read(MAX_FILE_BYTES + 1)
                try:
                    with self.env.cr.savepoint():
                        self._create_from_file(campaign, file_name, data)._import_enqueue()
                    if commit:
                        self.env.cr.commit()  # pylint: disable=invalid-commit
                    target = "done"
                    count += 1
                except UserError as exc:
                    _logger.warning("Import file %s refused: %s", path, exc)
                    target = "error"
                os.makedirs(os.path.join(sub, target), exist_ok=True)
                shutil.move(path, os.path.join(sub, target, file_name))
        return count

    def action_download_file(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }


class PromoImportError(models.Model):
    """An order of an import file that could not be imported, and why."""

    _name = "promo.import.error"
    _description = "Campaign Order Import Error"
    _order = "batch_id, file_line, id"
    _rec_name = "message"

    batch_id = fields.Many2one("promo.import.batch", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="batch_id.company_id", store=True, index=True)
    external_ref = fields.Char(string="Order Reference", index=True)
    field_name = fields.Char(string="Field")
    file_line = fields.Integer(string="Line")
    message = fields.Text(required=True)
