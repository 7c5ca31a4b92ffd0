from odoo import api, fields, models

from clearhouse.logistics.addressing import tracking_links

STATUSES = [
    ("sent", "Sent to partner"),
    ("shipped", "Shipped"),
    ("delivered", "Delivered"),
    ("returned", "Returned to sender"),
    ("lost", "Lost"),
    ("cancelled", "Cancelled"),
]


class CarrierExchangeEvent(models.Model):
    """One step of a delivery's shipping history: what, when, from which document."""

    _name = "carrier.exchange.event"
    _description = "Shipping Status"
    _order = "timestamp desc, id desc"

    picking_id = fields.Many2one(
        "stock.picking", string="Delivery", required=True, ondelete="cascade", index=True
    )
    order_id = fields.Many2one(
        related="picking_id.sale_id", store=True, index="btree_not_null", string="Order"
    )
    customer_id = fields.Many2one(
        "res.partner",
        compute="_compute_customer_id",
        store=True,
        index="btree_not_null",
        string="Customer",
    )
    company_id = fields.Many2one(related="picking_id.company_id", store=True, index=True)
    exchange_partner_id = fields.Many2one(
        "carrier.exchange.partner", string="Logistics Partner", index=True, ondelete="set null"
    )
    document_id = fields.Many2one(
        "carrier.exchange.document",
        ondelete="set null",
        index="btree_not_null",
        string="Document",
    )
    status = fields.Selection(STATUSES, required=True, index=True)
    timestamp = fields.Datetime(required=True, index=True)
    carrier_name = fields.Char(string="Carrier (as reported)")
    carrier_id = fields.Many2one("delivery.carrier", ondelete="set null")
    tracking_numbers = fields.Char()
    tracking_urls = fields.Text(compute="_compute_tracking_urls", string="Tracking Links")
    tracking_link = fields.Char(compute="_compute_tracking_urls", string="Tracking Link")
    reason = fields.Char()
    source_line = fields.Integer(string="Line in Document")

    @api.depends("order_id.partner_id", "picking_id.partner_id")
    def _compute_customer_id(self):
        for event in self:
            partner = event.order_id.partner_id or event.picking_id.partner_id
            event.customer_id = partner.commercial_partner_id

    @api.depends("carrier_id.tracking_url", "tracking_numbers")
    def _compute_tracking_urls(self):
        for event in self:
            links = tracking_links(
                event.carrier_id.tracking_url, (event.tracking_numbers or "").split(",")
            )
            event.tracking_urls = "\n".join(links) or False
            event.tracking_link = links[0] if links else False
