from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

# Operators the balance and revenue searches accept (numbers only).
NUMBER_OPERATORS = {"=": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class PointsAccount(models.Model):
    """A customer's card: the balance is the sum of its ledger, never a field typed in."""

    _name = "points.account"
    _description = "Loyalty Points Account"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _rec_name = "card_number"
    _order = "id desc"

    card_number = fields.Char(required=True, index=True, copy=False, tracking=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True
    )
    program_id = fields.Many2one("points.program", required=True, index=True)
    company_id = fields.Many2one(related="program_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="program_id.currency_id")
    store_id = fields.Many2one("points.store", string="Home Store", index=True)
    active = fields.Boolean(default=True)
    birthdate = fields.Date(string="Birth Date", tracking=True)
    birth_month = fields.Integer(compute="_compute_birth_month", store=True, index=True)
    last_purchase_date = fields.Date(
        compute="_compute_last_purchase_date", search="_search_last_purchase_date"
    )
    balance = fields.Integer(
        compute="_compute_balance", search="_search_balance", help="Sum of the ledger."
    )
    revenue_12m = fields.Monetary(
        string="Revenue (12 Months)",
        compute="_compute_revenue_12m",
        search="_search_revenue_12m",
        help="Net revenue that earned points in the last 12 months.",
    )
    move_ids = fields.One2many("points.move", "account_id", string="Ledger")
    voucher_ids = fields.One2many("points.voucher", "account_id", string="Vouchers")
    open_voucher_count = fields.Integer(compute="_compute_open_voucher_count")

    _sql_constraints = [
        (
            "card_unique",
            "UNIQUE(program_id, card_number)",
            "The card number is already used in this programme.",
        ),
        (
            "partner_unique",
            "UNIQUE(program_id, partner_id)",
            "The customer already has a card in this programme.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        missing = [vals for vals in vals_list if not vals.get("card_number")]
        for vals in missing:
            program = self.env["points.program"].browse(vals["program_id"])
            vals["card_number"] = program._next_card_numbers(1)[0]
        return super().create(vals_list)

    def write(self, vals):
        if "program_id" in vals and any(a.move_ids for a in self):
            raise UserError(
                self.env._("An account with a ledger cannot move to another programme.")
            )
        return super().write(vals)

    @api.depends("birthdate")
    def _compute_birth_month(self):
        for account in self:
            account.birth_month = account.birthdate.month if account.birthdate else 0

    def _balances(self):
        """``{account id: balance}`` in one query (also for ids not yet flushed)."""
        if not self.ids:
            return {}
        self.env["points.move"].flush_model(["account_id", "points"])
        self.env.cr.execute(
            SQL(
                "SELECT account_id, SUM(points) FROM points_move"
                " WHERE account_id = ANY(%s) GROUP BY account_id",
                list(self.ids),
            )
        )
        return dict(self.env.cr.fetchall())

    @api.depends("move_ids.points")
    def _compute_balance(self):
        balances = self._balances() if self.ids else {}
        for account in self:
            account.balance = balances.get(account.id, 0)

    def _search_balance(self, operator, value):
        if operator not in NUMBER_OPERATORS:
            raise UserError(self.env._("Unsupported search on the balance: %s", operator))
        having = SQL(
            "COALESCE(SUM(m.points), 0) %s %s", SQL(NUMBER_OPERATORS[operator]), int(value)
        )
        return [
            (
                "id",
                "in",
                SQL(
                    "(SELECT a.id FROM points_account a LEFT JOIN points_move m"
                    " ON m.account_id = a.id GROUP BY a.id HAVING %s)",
                    having,
                ),
            )
        ]

    def _revenue_since(self):
        return fields.Date.context_today(self) - timedelta(days=365)

    @api.depends("move_ids.revenue", "move_ids.date")
    def _compute_revenue_12m(self):
        rows = dict(
            self.env["points.move"]._read_group(
                [("account_id", "in", self.ids), ("date", ">=", self._revenue_since())],
                ["account_id"],
                ["revenue:sum"],
            )
        )
        for account in self:
            account.revenue_12m = rows.get(account, 0.0)

    def _search_revenue_12m(self, operator, value):
        if operator not in NUMBER_OPERATORS:
            raise UserError(self.env._("Unsupported search on the revenue: %s", operator))
        having = SQL(
            "COALESCE(SUM(m.revenue), 0) %s %s", SQL(NUMBER_OPERATORS[operator]), float(value)
        )
        return [
            (
                "id",
                "in",
                SQL(
                    "(SELECT a.id FROM points_account a LEFT JOIN points_move m"
                    " ON m.account_id = a.id AND m.date >= %s GROUP BY a.id HAVING %s)",
                    self._revenue_since(),
                    having,
                ),
            )
        ]

    def _compute_last_purchase_date(self):
        rows = dict(
            self.env["points.move"]._read_group(
                [("account_id", "in", self.ids), ("kind", "=", "earn")],
                ["account_id"],
                ["date:max"],
            )
        )
        for account in self:
            account.last_purchase_date = rows.get(account, False)

    def _search_last_purchase_date(self, operator, value):
        if operator not in NUMBER_OPERATORS:
            raise UserError(self.env._("Unsupported search on the last purchase: %s", operator))
        having = SQL(
            "MAX(m.date) %s %s", SQL(NUMBER_OPERATORS[operator]), fields.Date.to_date(value)
        )
        return [
            (
                "id",
                "in",
                SQL(
                    "(SELECT m.account_id FROM points_move m WHERE m.kind = 'earn'"
                    " GROUP BY m.account_id HAVING %s)",
                    having,
                ),
            )
        ]

    @api.depends("voucher_ids.state")
    def _compute_open_voucher_count(self):
        counts = dict(
            self.env["points.voucher"]._read_group(
                [("account_id", "in", self.ids), ("state", "=", "open")],
                ["account_id"],
                ["__count"],
            )
        )
        for account in self:
            account.open_voucher_count = counts.get(account, 0)

    # ------------------------------------------------------------------ actions
    def action_open_correction(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Points Correction"),
            "res_model": "points.move",
            "view_mode": "form",
            "target": "new",
            "context": {"default_account_id": self.id, "default_kind": "correction"},
        }

    # ------------------------------------------------------------------ till API
    @api.model
    def card_info(self, card_number):
        """Till lookup: customer name, balance and open vouchers of a card.

        For loyalty API users (the programmes of their stores) and loyalty users.
        """
        account = self._api_account(card_number)
        if not account:
            return {"card_number": card_number, "found": False}
        self.env.cr.execute(
            SQL(
                "SELECT code, amount, date_expiry FROM points_voucher"
                " WHERE account_id = %s AND state = 'open'"
                " AND (date_expiry IS NULL OR date_expiry >= %s) ORDER BY date_expiry, id",
                account.id,
                fields.Date.context_today(self),
            )
        )
        vouchers = [
            {"code": code, "amount": amount, "date_expiry": expiry.isoformat() if expiry else False}
            for code, amount, expiry in self.env.cr.fetchall()
        ]
        return {
            "card_number": account.card_number,
            "found": True,
            "name": account.partner_id.name,
            "balance": account.balance,
            "currency": account.currency_id.name,
            "vouchers": vouchers,
        }

    @api.model
    def _api_programs(self):
        """Programmes the current user may serve at a till."""
        user = self.env.user
        if user.has_group("loyalty_points.loyalty_points_group_user"):
            return self.env["points.program"].search([])
        if not user.has_group("loyalty_points.loyalty_points_group_api"):
            raise AccessError(self.env._("Only loyalty API users may call the till API."))
        # API users have no right on programmes; their stores name them.
        return self.env["points.store"].sudo().search([("api_user_ids", "in", user.id)]).program_id

    @api.model
    def _api_account(self, card_number):
        programs = self._api_programs()
        # API users read accounts only through the till answers (no list of customers);
        # the programmes above limit what they reach.
        return (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [("card_number", "=", card_number), ("program_id", "in", programs.ids)], limit=1
            )
        )
