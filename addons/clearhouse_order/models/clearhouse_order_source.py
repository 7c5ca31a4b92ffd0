from odoo import api, fields, models

SOURCE_KIND_SELECTION = [
    ("campaign", "Campaign"),
    ("shop", "Webshop"),
    ("store", "Store"),
    ("phone", "Phone"),
    ("other", "Other"),
]


class ClearhouseOrderSource(models.Model):
    """Where orders come from: a campaign website, a webshop, a store, the phone.

    External order references are unique per source, API users act only for the sources
    that list them, and services (routing, holds, tickets) can be configured per source.
    Channels own their configuration model (campaign, shop backend) and keep one source
    each through ``clearhouse.order.source.mixin``.
    """

    _name = "clearhouse.order.source"
    _description = "Order Source"
    _order = "kind, name, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    code = fields.Char(required=True, index=True, help="Short code the source is called by.")
    kind = fields.Selection(SOURCE_KIND_SELECTION, required=True, default="other", index=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    api_user_ids = fields.Many2many(
        "res.users",
        "clearhouse_order_source_api_user_rel",
        "source_id",
        "user_id",
        string="API Users",
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("clearhouse_order.clearhouse_order_group_api").id)
        ],
        help="Technical users (group 'Order intake (API)') that may submit and read the "
        "orders of this source, and nothing else.",
    )
    date_deadline = fields.Date(
        string="Order Deadline",
        help="Orders of this source should be delivered by then (a campaign's deadline).",
    )
    shipping_mail = fields.Boolean(
        string="Shipping Mail",
        default=True,
        help="Customers get a mail with the carrier and the tracking link when their "
        "order leaves the warehouse.",
    )
    res_model = fields.Char(string="Owner Model", readonly=True)
    order_count = fields.Integer(compute="_compute_order_count")

    _sql_constraints = [
        (
            "code_kind_company_uniq",
            "UNIQUE(kind, code, company_id)",
            "An order source of this kind with this code already exists in the company.",
        ),
    ]

    def _compute_order_count(self):
        counts = dict(
            self.env["sale.order"]._read_group(
                [("order_source_id", "in", self.ids)], ["order_source_id"], ["__count"]
            )
        )
        for source in self:
            source.order_count = counts.get(source, 0)

    @api.depends("name", "kind")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for source in self:
            source.display_name = f"{source.name} ({kinds.get(source.kind, '')})"

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "clearhouse_order.sale_order_action_clearhouse"
        )
        action["domain"] = [("order_source_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_open_owner(self):
        """The campaign or shop this source belongs to."""
        self.ensure_one()
        owner = self.res_model and self.env[self.res_model].search(
            [("order_source_id", "=", self.id)], limit=1
        )
        if not owner:
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": owner._name,
            "res_id": owner.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
