import logging

from odoo import api, fields, models
from odoo.tools import SQL

from clearhouse.shops import ShopError, StockLevel

from ..tools.error_messages import render_shop_error

_logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BASE_DELAY_SECONDS = 300  # doubling per attempt, up to half off at random (core backoff)


class ShopSyncLog(models.Model):
    """One exchange with a shop; pending ones are the outgoing queue, failed ones the
    "Sync problems" a person looks at."""

    _name = "shop.sync.log"
    _description = "Webshop Synchronisation Log"
    _inherit = ["clearhouse.job.mixin", "clearhouse.problem.mixin"]
    _order = "id desc"

    backend_id = fields.Many2one("shop.backend", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="backend_id.company_id", store=True, index=True)
    direction = fields.Selection([("import", "Import"), ("export", "Export")], required=True)
    operation = fields.Selection(
        [("order", "Orders"), ("shipment", "Shipment"), ("stock", "Stock")], required=True
    )
    state = fields.Selection(
        [("pending", "Queued"), ("done", "Done"), ("failed", "Failed")],
        required=True,
        default="pending",
        index=True,
    )
    attempts = fields.Integer(readonly=True)
    error_code = fields.Char(
        readonly=True, help="Stable code of the failure (clearhouse.shops.error_codes)."
    )
    error_params = fields.Json(readonly=True)
    error = fields.Text(string="Technical Detail", help="The failure in the adapter's words.")
    error_message = fields.Text(string="Error", compute="_compute_error_message")
    payload = fields.Json()
    payload_summary = fields.Char()
    order_id = fields.Many2one("sale.order", ondelete="set null", index="btree_not_null")
    picking_id = fields.Many2one("stock.picking", ondelete="set null", index="btree_not_null")

    @api.depends("error_code", "error_params", "error")
    @api.depends_context("lang")
    def _compute_error_message(self):
        """The failure in the reader's language (the code's sentence, then the detail)."""
        for log in self:
            if log.error_code:
                log.error_message = render_shop_error(
                    self.env, log.error_code, log.error_params, log.error
                )
            else:
                log.error_message = log.error

    @api.model_create_multi
    def create(self, vals_list):
        logs = super().create(vals_list)
        logs._sync_enqueue()
        return logs

    def action_retry(self):
        """Queue failed exchanges again; their jobs run after this commit (a failed order
        import fetches the shop's new orders again)."""
        failed = self.filtered(lambda log: log.state == "failed")
        failed.write(
            {"state": "pending", "error": False, "error_code": False, "error_params": False}
        )
        failed._sync_enqueue()
        return True

    # -------------------------------------------------------------- jobs
    def _sync_enqueue(self):
        """One job per pending export, in its shop's channel, run after this commit.

        sudo: the exchange is automation (the shop's key and secret are not the
        user's); a pending update merged with newer levels keeps its one job.
        """
        for log in self.sudo().filtered(
            lambda rec: (
                rec.state == "pending" and (rec.direction == "export" or rec.operation == "order")
            )
        ):
            log._job_enqueue(
                "_sync_job",
                "send",
                log.backend_id._shop_channel_name(),
                max_retries=MAX_ATTEMPTS,
                description=self.env._(
                    "Send %(operation)s to %(shop)s",
                    operation=dict(log._fields["operation"]._description_selection(log.env))[
                        log.operation
                    ],
                    shop=log.backend_id.name,
                ),
            )

    def _sync_job(self):
        """Job: send this export once; the row lock and state check keep a second job
        or worker from sending it again."""
        self.ensure_one()
        self.flush_recordset(["state"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM shop_sync_log WHERE id = %s AND state = 'pending' "
                "FOR UPDATE SKIP LOCKED",
                self.id,
            )
        )
        if not self.env.cr.fetchone():
            return "nothing to send"
        self.invalidate_recordset(["state"])
        return "done" if self._process() else self.error

    def _process(self):
        self.ensure_one()
        try:
            client = self.backend_id._get_client()
            if self.operation == "stock":
                levels = [StockLevel(**level) for level in self.payload.get("levels", [])]
                result = client.push_stock(levels)
                if result.errors:
                    raise ShopError(
                        "; ".join(f"{ref}: {msg}" for ref, msg in result.errors)[:2000],
                        code="rejected",
                        retryable=False,
                    )
            elif self.operation == "order" and self.direction == "import":
                self.backend_id._fetch_orders()
            elif self.operation == "shipment":
                data = self.payload
                client.confirm_shipment(
                    data["order_ref"], data["carrier"], data["tracking_numbers"], data["urls"]
                )
        except ShopError as exc:
            self._record_failure(exc)
            return False
        except Exception as exc:  # configuration errors (UserError) too
            _logger.exception("Shop export %s failed", self.id)
            self._record_failure(ShopError(str(exc), code="error", retryable=False))
            return False
        attempts = self._job_try(MAX_ATTEMPTS)[0]
        self.write({"state": "done", "attempts": attempts, "error": False, "error_code": False})
        return True

    def _record_failure(self, exc):
        """Retry later (raises) or mark the export failed for good and tell the hook."""
        attempts = self._job_retry(
            str(exc), exc.retryable, exc.retry_after, limit=MAX_ATTEMPTS, base=BASE_DELAY_SECONDS
        )
        self.write(
            {
                "attempts": attempts,
                "state": "failed",
                **self._error_vals(exc),
            }
        )
        self._sync_failed_for_good()

    @api.model
    def _error_vals(self, exc):
        """What a log keeps of a shop error: its code and params, the English detail."""
        params = {
            key: value
            for key, value in (exc.params or {}).items()
            if isinstance(value, str | int | float)
        }
        return {"error_code": exc.code, "error_params": params, "error": str(exc)[:2000]}

    def _sync_failed_for_good(self):
        """Hook: these exports gave up and wait for a person ("Sync problems").

        Called in the job's transaction after the log is marked failed; other addons
        (tickets) extend it.
        """
        return True
