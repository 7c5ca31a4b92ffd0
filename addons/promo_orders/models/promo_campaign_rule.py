from odoo import api, fields, models
from odoo.fields import Command

from clearhouse.types import RuleConfig
from clearhouse.validation.rules import RULES

# Labels live here (not only in the core) so that they are translated with the addon.
RULE_SELECTION = [
    ("phone", "Phone number valid for the country"),
    ("address", "Postal code and address complete for the country"),
    ("country", "Destination country allowed"),
    ("packstation", "No Packstation or post box"),
    ("size", "Every sized premium has a size"),
    ("catalogue", "Every product is in the campaign catalogue"),
    ("points", "Points within the participant's balance"),
    ("max_per_participant", "Maximum per participant respected"),
    ("duplicate", "No duplicate order"),
]


class PromoCampaignRule(models.Model):
    """Switch, severity and parameters of one validation rule of a campaign.

    The rule logic itself lives in ``clearhouse.validation``; this model only
    configures it (no stored Python).
    """

    _name = "promo.campaign.rule"
    _description = "Campaign Validation Rule"
    _order = "campaign_id, sequence, id"
    _rec_name = "rule"

    campaign_id = fields.Many2one("promo.campaign", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    rule = fields.Selection(RULE_SELECTION, required=True)
    enabled = fields.Boolean(default=True, help="Switch the rule off to skip it for this campaign.")
    severity = fields.Selection(
        [("block", "Block"), ("warn", "Warn")],
        default="block",
        required=True,
        help="Block: the order stays invalid until fixed. Warn: the issue is shown, the "
        "order is still valid.",
    )
    phone_required = fields.Boolean(
        string="Phone Required",
        default=True,
        help="Phone rule: an order without phone number is an issue.",
    )
    mobile_required = fields.Boolean(
        string="Mobile Required", help="Phone rule: only mobile numbers are accepted."
    )
    description = fields.Char(compute="_compute_description")

    _sql_constraints = [
        (
            "rule_campaign_unique",
            "UNIQUE(campaign_id, rule)",
            "Each rule can only be configured once per campaign.",
        ),
    ]

    @api.depends("rule")
    def _compute_description(self):
        labels = dict(self._fields["rule"]._description_selection(self.env))
        for rule in self:
            rule.description = labels.get(rule.rule, "")

    @api.model
    def _default_rule_commands(self):
        return [
            Command.create(
                {
                    "rule": code,
                    "sequence": (index + 1) * 10,
                    "severity": RULES[code].default_severity,
                    "phone_required": RULES["phone"].default_params.get("required", True),
                    "mobile_required": RULES["phone"].default_params.get("mobile_required", False),
                }
            )
            for index, (code, _label) in enumerate(RULE_SELECTION)
            if code in RULES
        ]

    def _to_rule_config(self):
        self.ensure_one()
        params = {}
        if self.rule == "phone":
            params = {"required": self.phone_required, "mobile_required": self.mobile_required}
        return RuleConfig(
            rule=self.rule, active=self.enabled, severity=self.severity, params=params
        )
