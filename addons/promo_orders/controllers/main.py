from importlib import resources

from odoo import http
from odoo.http import request

SCHEMA_FILES = {
    "promo_orders-1.0.xsd": "application/xml",
    "sample_orders.xml": "application/xml",
}


class PromoOrdersSchema(http.Controller):
    """Publishes the order file schema and a sample file for campaign website builders."""

    @http.route("/promo_orders/schema/<string:name>", type="http", auth="public", methods=["GET"])
    def schema(self, name):
        if name not in SCHEMA_FILES:
            raise request.not_found()
        data = resources.files("clearhouse.schemas").joinpath(name).read_bytes()
        return request.make_response(
            data, headers=[("Content-Type", SCHEMA_FILES[name]), ("Cache-Control", "max-age=3600")]
        )
