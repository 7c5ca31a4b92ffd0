import logging

from psycopg2.errors import SerializationFailure, UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from clearhouse.loyalty.codes import generate_codes, normalize_code

_logger = logging.getLogger(__name__)

REASONS = ("unknown", "used", "expired", "other_customer", "order_redeemed")


class PointsVoucher(models.Model):
    """A voucher with an unguessable code; used exactly once, through ``_redeem`` only."""

    _name = "points.voucher"
    _description = "Loyalty Voucher"
    _rec_name = "code"
    _order = "id desc"

    code = fields.Char(required=True, readonly=True, copy=False, index=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True)
    account_id = fields.Many2one("points.account", required=True, index=True, ondelete="restrict")
    program_id = fields.Many2one(related="account_id.program_id", store=True, index=True)
    company_id = fields.Many2one(related="account_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="account_id.currency_id")
    amount = fields.Monetary(required=True, readonly=True)
    state = fields.Selection(
        [("open", "Open"), ("used", "Used"), ("expired", "Expired")],
        default="open",
        required=True,
        readonly=True,
        index=True,
    )
    kind = fields.Selection(
        [("threshold", "Points Threshold"), ("birthday", "Birthday"), ("manual", "Manual")],
        default="manual",
        required=True,
        readonly=True,
    )
    date_expiry = fields.Date(string="Valid Until", index=True)
    used_date = fields.Datetime(readonly=True)
    run_id = fields.Many2one("points.run", readonly=True, index="btree_not_null")
    period = fields.Char(readonly=True, help="Period of the run that issued the voucher.")
    step = fields.Integer(readonly=True, help="Number of the voucher within its period.")
    redemption_ids = fields.One2many("points.redemption", "voucher_id", readonly=True)

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "Voucher codes are unique."),
        (
            "period_step_unique",
            "UNIQUE(account_id, period, step)",
            "A run never issues the same voucher of a period twice.",
        ),
        ("amount_positive", "CHECK(amount > 0)", "A voucher has a positive value."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        codes = iter(generate_codes(sum(1 for v in vals_list if not v.get("code"))))
        for vals in vals_list:
            if not vals.get("code"):
                vals["code"] = next(codes)
            if vals.get("account_id") and not vals.get("partner_id"):
                account = self.env["points.account"].browse(vals["account_id"])
                vals["partner_id"] = account.partner_id.id
        return super().create(vals_list)

    @api.model
    def _cron_expire(self):
        """Open vouchers past their last day become expired (one statement)."""
        self.flush_model()
        self.env.cr.execute(
            SQL(
                "UPDATE points_voucher SET state = 'expired', write_date = NOW() AT TIME ZONE 'UTC'"
                " WHERE state = 'open' AND date_expiry < %s",
                fields.Date.context_today(self),
            )
        )
        self.invalidate_model(["state"])
        return self.env.cr.rowcount

    # ------------------------------------------------------------------ redemption
    @api.model
    def redeem_voucher(self, code, order_ref, channel, amount=0.0, card_number=None):
        """Redeem a voucher for an order of a channel: accepted once, refused with a reason.

        Idempotent by ``channel`` + ``order_ref``: asking again answers the first answer.
        ``card_number`` (optional) refuses a voucher of another customer. The till and the
        shop race safely: one ``UPDATE ... WHERE state = 'open'`` decides.
        """
        user = self.env.user
        if not (
            user.has_group("loyalty_points.loyalty_points_group_api")
            or user.has_group("loyalty_points.loyalty_points_group_user")
        ):
            raise AccessError(self.env._("Only loyalty API users may redeem vouchers."))
        if not order_ref or not channel:
            raise UserError(
                self.env._("Redeeming a voucher needs an order reference and a channel.")
            )
        partner_ids = None
        if card_number:
            account = self.env["points.account"]._api_account(card_number)
            partner_ids = account.partner_id.ids or [0]
        # API users hold no rights on vouchers: the answer is all they see.
        return self.sudo()._redeem(code, channel, order_ref, amount, partner_ids=partner_ids)

    def _redeem(self, code, channel, order_ref, amount, partner_ids=None, order=None):
        """The one atomic redemption path (API, till, sale orders). Returns the answer."""
        normal = normalize_code(code or "")
        if not normal:  # wrong length, alphabet or check character: no lookup at all
            return self._answer(code, channel, order_ref, reason="unknown")
        earlier = self._redemption_of(channel, order_ref)
        if earlier:
            return self._answer_earlier(earlier, normal, channel, order_ref)
        self.flush_model()
        self.env["points.redemption"].flush_model()
        today = fields.Date.context_today(self)
        try:
            # Expected races are answered, not logged: no "bad query" for them.
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    SQL(
                        "UPDATE points_voucher SET state = 'used',"
                        " used_date = NOW() AT TIME ZONE 'UTC', write_uid = %s,"
                        " write_date = NOW() AT TIME ZONE 'UTC'"
                        " WHERE code = %s AND state = 'open'"
                        " AND (date_expiry IS NULL OR date_expiry >= %s)"
                        " AND (%s OR partner_id = ANY(%s))"
                        " RETURNING id, amount",
                        self.env.uid,
                        normal,
                        today,
                        partner_ids is None,
                        partner_ids or [0],
                    ),
                    log_exceptions=False,
                )
                row = self.env.cr.fetchone()
                if row:
                    redemption = self._book_redemption(row, channel, order_ref, amount, order)
        except UniqueViolation:
            # Another transaction redeemed a voucher for this order reference meanwhile.
            _logger.info("Concurrent redemption for %s %s", channel, order_ref)
            return self._answer(normal, channel, order_ref, reason="order_redeemed")
        except SerializationFailure:
            # Another transaction changed the voucher after our snapshot was taken: the
            # RPC layer (and ``retrying``) runs the call again in a fresh transaction,
            # which then reads the voucher as used.
            _logger.info("Concurrent redemption of voucher %s", normal)
            raise
        finally:
            self.invalidate_model(["state", "used_date", "redemption_ids"])
        if row:
            return self._answer(normal, channel, order_ref, redemption=redemption)
        return self._answer(normal, channel, order_ref, reason=self._refusal(normal, partner_ids))

    def _book_redemption(self, row, channel, order_ref, amount, order):
        voucher_id, value = row
        applied = min(value, amount) if amount and amount > 0 else value
        # Plain SQL so that a concurrent duplicate is answered without an error in the log.
        self.env.cr.execute(
            SQL(
                "INSERT INTO points_redemption (voucher_id, partner_id, company_id, channel,"
                " order_ref, order_amount, amount, order_id, create_uid, create_date,"
                " write_uid, write_date)"
                " SELECT v.id, v.partner_id, v.company_id, %s, %s, %s, %s, %s, %s,"
                " NOW() AT TIME ZONE 'UTC', %s, NOW() AT TIME ZONE 'UTC'"
                " FROM points_voucher v WHERE v.id = %s RETURNING id",
                channel,
                order_ref,
                amount or 0.0,
                applied,
                order.id if order else None,
                self.env.uid,
                self.env.uid,
                voucher_id,
            ),
            log_exceptions=False,
        )
        return self.env["points.redemption"].browse(self.env.cr.fetchone()[0])

    def _redemption_of(self, channel, order_ref):
        return self.env["points.redemption"].search(
            [("channel", "=", channel), ("order_ref", "=", order_ref)], limit=1
        )

    def _answer_earlier(self, earlier, code, channel, order_ref):
        if earlier.voucher_id.code == code:
            return self._answer(code, channel, order_ref, redemption=earlier, duplicate=True)
        return self._answer(code, channel, order_ref, reason="order_redeemed")

    def _refusal(self, code, partner_ids):
        """Why the update changed nothing: read the voucher as it is now."""
        self.env.cr.execute(
            SQL(
                "SELECT state, date_expiry, partner_id FROM points_voucher WHERE code = %s",
                code,
            )
        )
        row = self.env.cr.fetchone()
        if not row:
            return "unknown"
        state, expiry, partner_id = row
        if state == "used":
            return "used"
        if state == "expired" or (expiry and expiry < fields.Date.context_today(self)):
            return "expired"
        if partner_ids is not None and partner_id not in partner_ids:
            return "other_customer"
        return "used"

    def _answer(self, code, channel, order_ref, reason=None, redemption=None, duplicate=False):
        messages = {
            "unknown": self.env._("The voucher code is unknown."),
            "used": self.env._("The voucher has already been used."),
            "expired": self.env._("The voucher has expired."),
            "other_customer": self.env._("The voucher belongs to another customer."),
            "order_redeemed": self.env._("Another voucher was already redeemed for this order."),
        }
        return {
            "code": code or False,
            "channel": channel,
            "order_ref": order_ref,
            "accepted": bool(redemption),
            "reason": reason or False,
            "message": messages[reason] if reason else self.env._("Voucher accepted."),
            "amount": redemption.amount if redemption else 0.0,
            "duplicate": duplicate,
        }
