from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from clearhouse.loyalty.points import Multiplier, PointsRule


class PointsProgram(models.Model):
    """A customer card programme: how revenue earns points and points become vouchers."""

    _name = "points.program"
    _description = "Loyalty Programme"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    card_prefix = fields.Char(
        default="", help="Letters put in front of new card numbers (e.g. the brand)."
    )
    card_sequence_id = fields.Many2one("ir.sequence", copy=False, readonly=True)
    auto_enroll = fields.Boolean(
        default=True,
        help="Customers without a card get one with their first confirmed order.",
    )
    points_per_unit = fields.Float(
        string="Points per Currency Unit", default=1.0, digits=(12, 4), tracking=True
    )
    rounding = fields.Selection(
        [("down", "Down"), ("half_up", "Half up")], default="down", required=True
    )
    excluded_categ_ids = fields.Many2many(
        "product.category",
        string="Excluded Product Categories",
        help="Lines of these categories (and their children) earn no points.",
    )
    multiplier_ids = fields.One2many("points.program.multiplier", "program_id")
    threshold_points = fields.Integer(
        string="Voucher Threshold", default=500, required=True, tracking=True
    )
    voucher_value = fields.Monetary(default=5.0, required=True, tracking=True)
    voucher_validity_days = fields.Integer(default=90, required=True)
    birthday_value = fields.Monetary(string="Birthday Voucher Value", default=10.0)
    birthday_lead_days = fields.Integer(
        default=21, help="Birthday letters leave this many days before the birthday."
    )
    birthday_min_revenue = fields.Monetary(
        string="Birthday Minimum Revenue",
        default=200.0,
        help="Net revenue of the last 12 months a customer needs for a birthday voucher.",
    )
    run_chunk_size = fields.Integer(default=1000, help="Accounts per commit in voucher runs.")
    account_count = fields.Integer(compute="_compute_figures")
    liability = fields.Monetary(
        compute="_compute_figures", help="Value of the open vouchers not yet expired."
    )
    redemption_rate = fields.Float(
        compute="_compute_figures", help="Used vouchers among all vouchers issued, in percent."
    )

    _sql_constraints = [
        ("threshold_positive", "CHECK(threshold_points > 0)", "The threshold must be positive."),
        ("chunk_positive", "CHECK(run_chunk_size > 0)", "The chunk size must be positive."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        programs = super().create(vals_list)
        for program in programs:
            # Sequences are global records; the programme creates its own (no user needs
            # the right to create sequences).
            program.card_sequence_id = (
                self.env["ir.sequence"]
                .sudo()
                .create(
                    {
                        "name": f"Loyalty cards {program.name}",
                        "code": f"points.card.{program.id}",
                        "padding": 9,
                        "company_id": program.company_id.id,
                    }
                )
            )
        return programs

    def _compute_figures(self):
        accounts = dict(
            self.env["points.account"]._read_group(
                [("program_id", "in", self.ids)], ["program_id"], ["__count"]
            )
        )
        vouchers = self.env["points.voucher"]._read_group(
            [("program_id", "in", self.ids)], ["program_id", "state"], ["__count", "amount:sum"]
        )
        stats = {}
        for program, state, count, amount in vouchers:
            stats.setdefault(program, {})[state] = (count, amount)
        for program in self:
            states = stats.get(program, {})
            total = sum(count for count, _amount in states.values())
            program.account_count = accounts.get(program, 0)
            program.liability = states.get("open", (0, 0.0))[1]
            program.redemption_rate = (
                100.0 * states.get("used", (0, 0))[0] / total if total else 0.0
            )

    @api.constrains("points_per_unit", "voucher_value", "voucher_validity_days")
    def _check_amounts(self):
        for program in self:
            if program.points_per_unit < 0 or program.voucher_value <= 0:
                raise ValidationError(
                    self.env._(
                        "Programme %(name)s: points per unit must not be negative and the "
                        "voucher value must be positive.",
                        name=program.name,
                    )
                )
            if program.voucher_validity_days <= 0:
                raise ValidationError(
                    self.env._(
                        "Programme %(name)s: the voucher validity must be at least one day.",
                        name=program.name,
                    )
                )

    def _points_rule(self):
        """The core's rule of this programme (categories as ids, children included)."""
        self.ensure_one()
        categories = self.env["product.category"].search(
            [("id", "child_of", self.excluded_categ_ids.ids)]
        )
        return PointsRule(
            points_per_unit=Decimal(str(self.points_per_unit)),
            excluded_categories=frozenset(categories.ids),
            multipliers=tuple(
                Multiplier(m.date_from, m.date_to, Decimal(str(m.factor)))
                for m in self.multiplier_ids
            ),
            rounding=self.rounding,
        )

    def _next_card_numbers(self, count):
        self.ensure_one()
        # The sequence belongs to the programme; reading the next numbers is no right
        # the caller (an order confirmation, an API user) needs to hold.
        sequence = self.card_sequence_id.sudo()
        return [f"{self.card_prefix or ''}{sequence.next_by_id()}" for _ in range(count)]

    @api.model
    def _for_company(self, company):
        return self.search([("company_id", "=", company.id)], limit=1)


class PointsProgramMultiplier(models.Model):
    _name = "points.program.multiplier"
    _description = "Loyalty Points Multiplier"
    _order = "date_from desc"

    program_id = fields.Many2one("points.program", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="program_id.company_id", store=True)
    name = fields.Char(required=True, translate=True)
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    factor = fields.Float(default=2.0, required=True)

    _sql_constraints = [
        ("dates_ordered", "CHECK(date_from <= date_to)", "The period must end after it starts."),
        ("factor_positive", "CHECK(factor > 0)", "The factor must be positive."),
    ]
