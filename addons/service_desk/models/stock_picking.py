from odoo import models
from odoo.tools import create_index


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _auto_init(self):
        """The finder looks deliveries up by tracking number (stock_delivery has no index)."""
        result = super()._auto_init()
        create_index(
            self.env.cr,
            "stock_picking_carrier_tracking_ref_desk_idx",
            self._table,
            ["carrier_tracking_ref"],
            where="carrier_tracking_ref IS NOT NULL",
        )
        return result

    def _desk_logistics_sent(self):
        """Deliveries whose order already left for logistics and cannot simply be reduced;
        the carrier bridge knows which (none without it)."""
        return self.browse()
