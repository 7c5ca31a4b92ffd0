from odoo import _, api, fields, models
from odoo.exceptions import UserError

from clearhouse.intake.generator import generate_orders
from clearhouse.intake.payload import parse_order_dict
from clearhouse.types import CampaignPolicy


class PromoCampaign(models.Model):
    _name = "promo.campaign"
    _description = "Promotion Campaign"
    _inherit = ["mail.thread", "mail.activity.mixin", "clearhouse.order.source.mixin"]
    _order = "date_start desc, id desc"
    _order_source_kind = "campaign"

    name = fields.Char(required=True, tracking=True, translate=True)
    code = fields.Char(
        required=True,
        index=True,
        tracking=True,
        help="Short unique code the campaign website sends with every order.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", check_company=True, help="Sales team of the orders."
    )
    date_start = fields.Date(string="Start", tracking=True)
    date_deadline = fields.Date(
        related="order_source_id.date_deadline", readonly=False, string="Order Deadline"
    )
    date_end = fields.Date(string="End", tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("closed", "Closed")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    can_generate_orders = fields.Boolean(
        compute="_compute_can_generate_orders",
        help="Test orders are for campaigns still in draft, or for test databases (system "
        "parameter clearhouse.test_database).",
    )
    country_ids = fields.Many2many(
        "res.country",
        string="Allowed Destination Countries",
        help="Orders may only ship to these countries. Leave empty to allow every country.",
    )
    product_ids = fields.One2many(
        "promo.campaign.product", "campaign_id", string="Premium Catalogue", copy=True
    )
    rule_ids = fields.One2many(
        "promo.campaign.rule", "campaign_id", string="Validation Rules", copy=True
    )
    participant_ids = fields.One2many("promo.participant", "campaign_id", string="Participants")
    points_policy = fields.Selection(
        [("lte", "Points of the order at most the balance"), ("eq", "Points equal the balance")],
        default="lte",
        required=True,
        help="How the premium points of an order must compare with the participant's balance.",
    )
    auto_confirm = fields.Boolean(
        string="Confirm Valid Orders Automatically",
        default=True,
        help="Valid orders are confirmed at once and flow to logistics; invalid ones wait "
        "for clearing.",
    )
    order_ids = fields.One2many("sale.order", "promo_campaign_id", string="Orders")
    order_count = fields.Integer(compute="_compute_order_counts")
    order_valid_count = fields.Integer(compute="_compute_order_counts")
    order_invalid_count = fields.Integer(compute="_compute_order_counts")
    order_pending_count = fields.Integer(compute="_compute_order_counts")
    participant_count = fields.Integer(compute="_compute_participant_count")
    clearing_order_count = fields.Integer(related="order_source_id.clearing_order_count")
    clearing_hold_note = fields.Selection(
        related="order_source_id.clearing_hold_note", readonly=False
    )
    clearing_hold_packstation = fields.Selection(
        related="order_source_id.clearing_hold_packstation", readonly=False
    )
    clearing_hold_value = fields.Selection(
        related="order_source_id.clearing_hold_value", readonly=False
    )
    clearing_hold_duplicate = fields.Selection(
        related="order_source_id.clearing_hold_duplicate", readonly=False
    )
    description = fields.Html(translate=True)

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "A campaign with this code already exists."),
    ]

    def _compute_order_counts(self):
        groups = self.env["sale.order"]._read_group(
            [("promo_campaign_id", "in", self.ids)],
            ["promo_campaign_id", "validation_state"],
            ["__count"],
        )
        counts = {(campaign.id, state): count for campaign, state, count in groups}
        for campaign in self:
            valid = counts.get((campaign.id, "valid"), 0)
            invalid = counts.get((campaign.id, "invalid"), 0)
            pending = counts.get((campaign.id, "pending"), 0)
            campaign.order_valid_count = valid
            campaign.order_invalid_count = invalid
            campaign.order_pending_count = pending
            campaign.order_count = valid + invalid + pending

    def _compute_participant_count(self):
        groups = self.env["promo.participant"]._read_group(
            [("campaign_id", "in", self.ids)], ["campaign_id"], ["__count"]
        )
        counts = {campaign.id: count for campaign, count in groups}
        for campaign in self:
            campaign.participant_count = counts.get(campaign.id, 0)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("code"):
                vals["code"] = vals["code"].strip().upper()
            if "rule_ids" not in vals:
                vals["rule_ids"] = self.env["promo.campaign.rule"]._default_rule_commands()
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("code"):
            vals["code"] = vals["code"].strip().upper()
        return super().write(vals)

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        for campaign, vals in zip(self, vals_list, strict=True):
            if "code" not in (default or {}):
                vals["code"] = f"{campaign.code}-COPY"
            vals["name"] = self.env._("%(name)s (copy)", name=campaign.name)
        return vals_list

    def action_start(self):
        self.write({"state": "running"})

    def action_close(self):
        self.write({"state": "closed"})

    def action_reset_draft(self):
        self.write({"state": "draft"})

    def action_add_missing_rules(self):
        """Campaigns created before a rule existed get it with its defaults."""
        for campaign in self:
            present = set(campaign.rule_ids.mapped("rule"))
            commands = [
                cmd
                for cmd in self.env["promo.campaign.rule"]._default_rule_commands()
                if cmd[2]["rule"] not in present
            ]
            if commands:
                campaign.rule_ids = commands

    def _action_orders(self, domain_extra=None, name=None):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "promo_orders.sale_order_action_promo"
        )
        action["domain"] = [("promo_campaign_id", "=", self.id)] + (domain_extra or [])
        action["context"] = {
            "default_promo_campaign_id": self.id,
            "default_intake_channel": "manual",
        }
        if name:
            action["name"] = name
        return action

    def action_view_orders(self):
        return self._action_orders()

    def action_view_valid_orders(self):
        return self._action_orders([("validation_state", "=", "valid")], _("Valid Orders"))

    def action_view_invalid_orders(self):
        return self._action_orders([("validation_state", "=", "invalid")], _("Invalid Orders"))

    def action_view_clearing(self):
        return self.order_source_id.action_view_clearing()

    def action_view_participants(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "promo_orders.promo_participant_action"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"default_campaign_id": self.id}
        return action

    def _get_policy(self):
        """The campaign as the core's ``CampaignPolicy``."""
        self.ensure_one()
        return CampaignPolicy(
            allowed_countries=tuple(self.country_ids.mapped("code")),
            points_policy=self.points_policy,
            rules=tuple(rule._to_rule_config() for rule in self.rule_ids),
        )

    @api.model
    def _get_by_code(self, code):
        campaign = self.search([("code", "=", (code or "").strip().upper())], limit=1)
        if not campaign:
            raise UserError(_("There is no campaign with the code %(code)s.", code=code))
        return campaign

    @api.model
    def submit_orders(self, campaign_code, orders):
        """Intake API for campaign websites (XML-RPC / JSON-RPC / JSON-2).

        Takes a list of order dicts (see the README) and returns one result per order:
        in the shape every intake API shares (``clearhouse.orders.results``). Idempotent by
        external reference. Only API users listed on the campaign may call it.
        """
        return self.env["promo.intake"]._submit_api(campaign_code, orders)

    @api.depends("state")
    def _compute_can_generate_orders(self):
        # sudo: reading one switch of the database, not a secret.
        test_db = self.env["ir.config_parameter"].sudo().get_param("clearhouse.test_database")
        for campaign in self:
            campaign.can_generate_orders = campaign.state == "draft" or bool(test_db)

    def _generate_orders(self, count, invalid_ratio=0.2, seed=0, ref_prefix="GEN"):
        """Realistic test orders through the normal intake (tests, demos, benchmarks)."""
        self.ensure_one()
        catalogue = tuple(
            (
                premium.code,
                premium.product_tmpl_id.name,
                premium.points,
                tuple(premium._get_sizes()),
            )
            for premium in self.product_ids
        )
        orders = generate_orders(
            count,
            invalid_ratio=invalid_ratio,
            seed=seed,
            catalogue=catalogue,
            ref_prefix=ref_prefix,
        )
        payloads = [parse_order_dict(order, position=i) for i, order in enumerate(orders)]
        return self.env["promo.intake"]._submit(self, payloads, "manual")
