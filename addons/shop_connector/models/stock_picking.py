from odoo import models

from .shop_backend import PUSH


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        result = super()._action_done()
        self._shop_notify_shipped()
        return result

    def _shop_invoice_shipped(self):
        """After shipping, the invoice is created, posted, its PDF stored and mailed.

        sudo: the warehouse user validating the delivery needs no accounting rights; the
        invoice is the shop flow's automatic next step. Sending only queues the mail.
        """
        orders = self.sale_id.filtered(lambda o: o.invoice_status == "to invoice")
        if not orders:
            return
        invoices = orders.sudo()._create_invoices()
        invoices.action_post()
        self.env["account.move.send"].sudo()._generate_and_send_invoices(
            invoices, sending_methods={"email"}, allow_raising=False, allow_fallback_pdf=True
        )

    def _shop_notify_shipped(self):
        """Invoice the shipped orders and queue the shipment confirmation of pull shops
        (the customer's shipped mail comes from the kernel, as for every source)."""
        shipped = self.filtered(
            lambda p: (
                p.state == "done"
                and p.picking_type_code == "outgoing"
                and p.sale_id.shop_backend_id
            )
        )
        if not shipped:
            return
        shipped._shop_invoice_shipped()
        log_vals = [
            {
                "backend_id": picking.sale_id.shop_backend_id.id,
                "direction": "export",
                "operation": "shipment",
                "state": "pending",
                "order_id": picking.sale_id.id,
                "picking_id": picking.id,
                "payload": {
                    "order_ref": picking.sale_id.external_ref,
                    "carrier": picking.carrier_id.name or "",
                    "tracking_numbers": [
                        ref.strip()
                        for ref in (picking.carrier_tracking_ref or "").split(",")
                        if ref.strip()
                    ],
                    "urls": [picking.carrier_tracking_url] if picking.carrier_tracking_url else [],
                },
                "payload_summary": f"{picking.sale_id.external_ref}: "
                f"{picking.carrier_tracking_ref or '-'}",
            }
            for picking in shipped
            if picking.sale_id.shop_backend_id.shop_type != PUSH
        ]
        if log_vals:
            # sudo: warehouse users validating deliveries need no rights on the shop queue.
            self.env["shop.sync.log"].sudo().create(log_vals)
