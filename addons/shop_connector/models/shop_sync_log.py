import logging
import threading
from datetime import timedelta

from odoo import api, fields, models

from clearhouse.remote import backoff
from clearhouse.shops import ShopError, StockLevel

_logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BASE_DELAY_SECONDS = 300  # doubling per attempt, up to half off at random (core backoff)
BATCH = 50


class ShopSyncLog(models.Model):
    """One exchange with a shop; pending ones are the outgoing queue, failed ones the
    "Sync problems" a person looks at."""

    _name = "shop.sync.log"
    _inherit = ["clearhouse.problem.mixin"]
    _description = "Webshop Synchronisation Log"
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
    next_try = fields.Datetime(index=True)
    error = fields.Text()
    payload = fields.Json()
    payload_summary = fields.Char()
    order_id = fields.Many2one("sale.order", ondelete="set null", index="btree_not_null")
    picking_id = fields.Many2one("stock.picking", ondelete="set null", index="btree_not_null")

    def action_retry(self):
        """Queue failed exchanges again; the next queue run sends them (a failed order
        import fetches the shop's new orders again)."""
        self.filtered(lambda log: log.state == "failed").write(
            {"state": "pending", "next_try": fields.Datetime.now(), "error": False}
        )
        return True

    # -------------------------------------------------------------- queue
    @api.model
    def _cron_process_queue(self):
        """Send due exports. Runs outside any user request, after the transaction that
        queued them committed; each exchange commits on its own so a slow shop (calls
        have a timeout) holds no locks on orders and a crash loses at most one result.
        """
        logs = self.search(
            [("state", "=", "pending"), ("next_try", "<=", fields.Datetime.now())],
            order="next_try, id",
            limit=BATCH,
        )
        for log in logs:
            log._process()
            if not getattr(threading.current_thread(), "testing", False):
                # Documented exception to "no commit": one committed result per HTTP call.
                self.env.cr.commit()  # pylint: disable=invalid-commit

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
            self._record_failure(str(exc), exc.retryable, exc.retry_after)
            return False
        except Exception as exc:  # configuration errors (UserError) too
            _logger.exception("Shop export %s failed", self.id)
            self._record_failure(str(exc), False)
            return False
        self.write({"state": "done", "attempts": self.attempts + 1, "error": False})
        return True

    def _record_failure(self, message, retryable, retry_after=None):
        attempts = self.attempts + 1
        if retryable and attempts < MAX_ATTEMPTS:
            self.write(
                {
                    "attempts": attempts,
                    "error": message,
                    "next_try": fields.Datetime.now()
                    + timedelta(
                        seconds=backoff(attempts, base=BASE_DELAY_SECONDS, retry_after=retry_after)
                    ),
                }
            )
        else:
            self.write({"attempts": attempts, "error": message, "state": "failed"})
