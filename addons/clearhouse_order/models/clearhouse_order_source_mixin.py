from odoo import api, fields, models

# Fields of the owner copied to its source.
SYNCED_FIELDS = ("name", "code", "company_id", "active")


class ClearhouseOrderSourceMixin(models.AbstractModel):
    """A channel's configuration record (campaign, shop) that owns one order source.

    The source is created with the owner and follows its name, code, company and
    archiving; its API users are edited on the owner's form.
    """

    _name = "clearhouse.order.source.mixin"
    _description = "Order Source Owner"
    # The kind of source the owner model creates.
    _order_source_kind = "other"

    order_source_id = fields.Many2one(
        "clearhouse.order.source",
        string="Order Source",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        ondelete="restrict",
    )
    api_user_ids = fields.Many2many(
        related="order_source_id.api_user_ids", readonly=False, string="API Users"
    )

    def _order_source_vals(self, vals):
        values = {
            "kind": self._order_source_kind,
            "res_model": self._name,
            "name": vals.get("name") or vals.get("code") or "?",
            "code": vals.get("code") or vals.get("name") or "?",
        }
        if vals.get("company_id"):
            values["company_id"] = vals["company_id"]
        if "active" in vals:
            values["active"] = vals["active"]
        return values

    @api.model_create_multi
    def create(self, vals_list):
        todo = [vals for vals in vals_list if not vals.get("order_source_id")]
        if todo:
            # sudo: configuring a campaign or shop needs no rights on the source model,
            # the source is part of its owner.
            sources = (
                self.env["clearhouse.order.source"]
                .sudo()
                .create([self._order_source_vals(vals) for vals in todo])
            )
            for vals, source in zip(todo, sources, strict=True):
                vals["order_source_id"] = source.id
        return super().create(vals_list)

    def write(self, vals):
        result = super().write(vals)
        synced = {name: vals[name] for name in SYNCED_FIELDS if name in vals}
        if synced:
            # sudo: see create; the owner's own values are copied, nothing else.
            self.order_source_id.sudo().write(synced)
        return result

    def unlink(self):
        sources = self.order_source_id
        result = super().unlink()
        # sudo: the source is part of its owner and goes with it.
        sources.sudo().unlink()
        return result
