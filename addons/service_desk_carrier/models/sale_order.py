from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _desk_logistics_cancel_lines(self, pickings, quantities, reason_code):
        """A cancellation of exactly these lines to the partner that has the delivery."""
        messages = [super()._desk_logistics_cancel_lines(pickings, quantities, reason_code)]
        reasons = dict(
            self.env["service.desk.change"]._fields["reason_code"]._description_selection(self.env)
        )
        for picking in pickings:
            moves = {}
            for line, qty in quantities.items():
                for move in picking.move_ids.filtered(
                    lambda m, line=line: m.sale_line_id == line and m.state != "cancel"
                ):
                    take = min(qty, move.product_uom_qty)
                    if take > 0:
                        moves[move] = take
                        qty -= take
            if moves:
                # sudo: agents queue the message; logistics documents are not theirs to edit.
                document = picking.sudo()._exchange_cancel_lines(
                    moves, reasons.get(reason_code, reason_code)
                )
                messages.append(document.name)
        return ", ".join(m for m in messages if m)

    def _desk_logistics_change_address(self, pickings):
        """The partner has the delivery: cancel it there and send a new one to the new
        address (the partners take no address changes)."""
        messages = [super()._desk_logistics_change_address(pickings)]
        # sudo: cancelling at the partner queues a logistics document (see above).
        pickings.sudo().action_cancel()
        self.order_line.sudo()._action_launch_stock_rule()
        new = self.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel") and p not in pickings
        )
        new.sudo()._exchange_route()
        messages.append(
            self.env._(
                "Cancelled at the partner: %(old)s; sent again as %(new)s",
                old=", ".join(pickings.mapped("name")),
                new=", ".join(new.mapped("name")),
            )
        )
        return "; ".join(m for m in messages if m)
