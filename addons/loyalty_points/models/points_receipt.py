import logging
from decimal import Decimal, InvalidOperation

from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from clearhouse.loyalty.points import Line, earn_points, eligible_revenue

_logger = logging.getLogger(__name__)

MAX_RECEIPTS = 1000


class PointsReceipt(models.Model):
    """A till receipt of a store; booked once per store and receipt id."""

    _name = "points.receipt"
    _description = "Loyalty Store Receipt"
    _rec_name = "receipt_ref"
    _order = "id desc"

    store_id = fields.Many2one("points.store", required=True, index=True, ondelete="restrict")
    receipt_ref = fields.Char(string="Receipt ID", required=True)
    account_id = fields.Many2one("points.account", required=True, index=True)
    partner_id = fields.Many2one(related="account_id.partner_id")
    company_id = fields.Many2one(related="store_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="store_id.program_id.currency_id")
    date = fields.Datetime(required=True)
    amount_total = fields.Monetary()
    amount_net = fields.Monetary()
    points = fields.Integer()
    move_ids = fields.One2many("points.move", "receipt_id")

    _sql_constraints = [
        (
            "store_receipt_unique",
            "UNIQUE(store_id, receipt_ref)",
            "This receipt of the store is already booked.",
        ),
    ]

    # ------------------------------------------------------------------ API
    @api.model
    def submit_receipts(self, store_code, receipts):
        """Book till receipts; one answer per receipt, in the order sent.

        Each receipt: ``receipt_id``, ``card_number``, ``date`` (ISO), ``total``, ``net``,
        optional ``lines`` (``sku``, ``net``). Answer: ``receipt_id``, ``status``
        (``booked`` / ``duplicate`` / ``rejected``), ``points``, ``balance``, ``error``.
        Sending a receipt again (also at the same moment) books nothing twice.
        """
        store = self.env["points.store"]._api_store(store_code)
        if not isinstance(receipts, list) or len(receipts) > MAX_RECEIPTS:
            raise UserError(
                self.env._("Send a list of at most %(max)s receipts.", max=MAX_RECEIPTS)
            )
        # The store check above is the API user's right; booking needs rights on
        # accounts and the ledger that API users do not hold.
        return self.sudo()._receipts_submit(store, receipts)

    def _receipts_submit(self, store, receipts):
        answers, parsed = [], []
        seen = {}
        for position, raw in enumerate(receipts):
            answer = {
                "receipt_id": raw.get("receipt_id", False) if isinstance(raw, dict) else False
            }
            answers.append(answer)
            try:
                values = self._parse_receipt(raw, position)
            except UserError as exc:
                answer.update(status="rejected", points=0, balance=False, error=str(exc))
                continue
            if values["receipt_ref"] in seen:
                answer["same_as"] = seen[values["receipt_ref"]]
                continue
            seen[values["receipt_ref"]] = position
            parsed.append((answer, values))
        self._receipts_book(store, parsed)
        for answer in answers:
            if "same_as" in answer:
                first = answers[answer.pop("same_as")]
                answer.update({k: v for k, v in first.items() if k != "receipt_id"})
                if answer.get("status") == "booked":
                    answer["status"] = "duplicate"
        return answers

    def _parse_receipt(self, raw, position):
        def bad(field, text):
            raise UserError(
                self.env._(
                    "Receipt %(position)s, field %(field)s: %(text)s",
                    position=position,
                    field=field,
                    text=text,
                )
            )

        if not isinstance(raw, dict):
            bad("receipt", self.env._("a receipt is an object"))
        ref = str(raw.get("receipt_id") or "").strip()
        card = str(raw.get("card_number") or "").strip()
        if not ref:
            bad("receipt_id", self.env._("missing"))
        if not card:
            bad("card_number", self.env._("missing"))
        try:
            date = fields.Datetime.to_datetime(str(raw.get("date") or "").replace("T", " ")[:19])
        except ValueError:
            date = None
        if not date:
            bad("date", self.env._("not an ISO date and time"))
        lines = []
        try:
            net = Decimal(str(raw.get("net", raw.get("total"))))
            total = Decimal(str(raw.get("total", net)))
            for line in raw.get("lines") or []:
                lines.append((str(line.get("sku") or ""), Decimal(str(line["net"]))))
        except (InvalidOperation, KeyError, TypeError, AttributeError):
            bad("net", self.env._("amounts must be numbers"))
        return {
            "receipt_ref": ref,
            "card_number": card,
            "date": date,
            "net": net,
            "total": total,
            "lines": lines or [("", net)],
        }

    def _receipts_book(self, store, parsed):
        if not parsed:
            return
        refs = [values["receipt_ref"] for _answer, values in parsed]
        known = self._known_receipts(store, refs, self.env.cr)
        accounts = self._accounts(store.program_id, {v["card_number"] for _a, v in parsed})
        categories = self._sku_categories({sku for _a, v in parsed for sku, _n in v["lines"]})
        rule = store.program_id._points_rule()
        todo = []
        for answer, values in parsed:
            if values["receipt_ref"] in known:
                answer.update(status="duplicate", **known[values["receipt_ref"]])
                continue
            account = accounts.get(values["card_number"])
            if not account:
                answer.update(
                    status="rejected",
                    points=0,
                    balance=False,
                    error=self.env._("Card %(card)s is unknown.", card=values["card_number"]),
                )
                continue
            lines = [Line(net, categories.get(sku)) for sku, net in values["lines"]]
            day = values["date"].date()
            values["points"] = earn_points(lines, rule, day)
            values["revenue"] = float(eligible_revenue(lines, rule))
            values["account_id"] = account
            todo.append((answer, values))
        raced = self._create_safe(store, todo)
        balances = (
            self.env["points.account"].browse({v["account_id"] for _a, v in todo})._balances()
        )
        for answer, values in todo:
            if values["receipt_ref"] in raced:
                answer.update(status="duplicate", **raced[values["receipt_ref"]])
            else:
                answer.update(
                    status="booked",
                    points=values["points"],
                    balance=balances.get(values["account_id"], 0),
                    error=False,
                )

    def _create_safe(self, store, todo):
        """Create all; a receipt another worker committed meanwhile is theirs (one by one)."""
        if not todo:
            return {}
        try:
            with self.env.cr.savepoint():
                self._create_receipts(store, [values for _a, values in todo])
            return {}
        except UniqueViolation:
            _logger.info("Concurrent receipts of store %s", store.code)
        raced = {}
        for _answer, values in todo:
            try:
                with self.env.cr.savepoint():
                    self._create_receipts(store, [values])
            except UniqueViolation:
                raced[values["receipt_ref"]] = None
        if raced:
            # Our snapshot cannot see the other worker's rows; a fresh cursor can.
            with self.env.registry.cursor() as cr:
                raced.update(self._known_receipts(store, list(raced), cr))
        return raced

    def _create_receipts(self, store, values_list):
        # Plain SQL: a receipt another worker booked meanwhile is an expected answer
        # (duplicate), not an error for the log.
        rows = SQL(", ").join(
            SQL(
                "(%s, %s, %s, %s, %s, %s, %s, %s, %s, NOW() AT TIME ZONE 'UTC',"
                " %s, NOW() AT TIME ZONE 'UTC')",
                store.id,
                store.company_id.id,
                v["receipt_ref"],
                v["account_id"],
                v["date"],
                float(v["total"]),
                float(v["net"]),
                v["points"],
                self.env.uid,
                self.env.uid,
            )
            for v in values_list
        )
        self.env.cr.execute(
            SQL(
                "INSERT INTO points_receipt (store_id, company_id, receipt_ref, account_id, date,"
                " amount_total, amount_net, points, create_uid, create_date, write_uid,"
                " write_date) VALUES %s RETURNING id",
                rows,
            ),
            log_exceptions=False,
        )
        receipts = self.browse([row[0] for row in self.env.cr.fetchall()])
        self.env["points.move"].create(
            [
                {
                    "account_id": v["account_id"],
                    "kind": "earn" if v["points"] >= 0 else "reverse",
                    "points": v["points"],
                    "revenue": v["revenue"],
                    "date": v["date"].date(),
                    "receipt_id": receipt.id,
                }
                for receipt, v in zip(receipts, values_list, strict=True)
            ]
        )
        self.env["points.move"].flush_model()
        self.flush_model()

    def _known_receipts(self, store, refs, cr):
        cr.execute(
            SQL(
                "SELECT r.receipt_ref, r.points,"
                " (SELECT COALESCE(SUM(m.points), 0) FROM points_move m"
                "  WHERE m.account_id = r.account_id)"
                " FROM points_receipt r WHERE r.store_id = %s AND r.receipt_ref = ANY(%s)",
                store.id,
                refs,
            )
        )
        return {
            ref: {"points": points, "balance": balance, "error": False}
            for ref, points, balance in cr.fetchall()
        }

    def _accounts(self, program, cards):
        rows = self.env["points.account"].search_read(
            [("program_id", "=", program.id), ("card_number", "in", list(cards))],
            ["card_number"],
        )
        return {row["card_number"]: row["id"] for row in rows}

    def _sku_categories(self, skus):
        skus = [sku for sku in skus if sku]
        if not skus:
            return {}
        rows = self.env["product.product"].search_read(
            [("default_code", "in", skus)], ["default_code", "categ_id"]
        )
        return {row["default_code"]: row["categ_id"][0] for row in rows}
