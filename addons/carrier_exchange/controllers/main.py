import json
import logging
from importlib import resources

from odoo import SUPERUSER_ID, http
from odoo.http import request

from clearhouse.logistics.documents import MAX_BYTES
from clearhouse.logistics.signing import verify_signature

_logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Clearhouse-Signature"
SCHEMA_FILES = ("logistics-delivery-1.0.xsd", "logistics-confirmation-1.0.xsd")


class CarrierExchangeController(http.Controller):
    @http.route(
        "/carrier_exchange/schema/<string:name>", type="http", auth="public", methods=["GET"]
    )
    def schema(self, name):
        """The published schemas of delivery orders and confirmations, for partners."""
        if name not in SCHEMA_FILES:
            raise request.not_found()
        data = resources.files("clearhouse.schemas").joinpath(name).read_bytes()
        return request.make_response(
            data,
            headers=[("Content-Type", "application/xml"), ("Cache-Control", "max-age=3600")],
        )

    @http.route(
        "/carrier_exchange/<string:code>/confirmations",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
    )
    def confirmations(self, code, **_kwargs):
        """Shipping confirmations pushed by a partner: bearer token per partner, and the
        body's HMAC-SHA256 signature when the partner has a secret."""
        # Superuser: there is no session; the partner token checked below is the login.
        env = request.env(user=SUPERUSER_ID, su=True)
        partner = env["carrier.exchange.partner"].search([("code", "=", code)], limit=1)
        token = request.httprequest.headers.get("Authorization", "")
        token = token[7:].strip() if token.lower().startswith("bearer ") else ""
        if not partner or not partner._check_inbound_token(token):
            return _answer(401, {"error": "unauthorized"})
        length = request.httprequest.content_length or 0
        if length > MAX_BYTES:
            return _answer(413, {"error": f"the body is larger than {MAX_BYTES} bytes"})
        body = request.httprequest.get_data()[: MAX_BYTES + 1]
        if partner.inbound_hmac_secret and not verify_signature(
            partner.inbound_hmac_secret, body, request.httprequest.headers.get(SIGNATURE_HEADER)
        ):
            return _answer(403, {"error": "invalid signature"})
        partner = partner._in_company_language()
        content_type = request.httprequest.mimetype or ""
        extension = "csv" if "csv" in content_type else "xml"
        if "xml" not in content_type and "csv" not in content_type:
            extension = partner.file_format
        name = request.httprequest.headers.get("X-Clearhouse-Document") or "confirmation"
        file_name = f"{''.join(c for c in name if c.isalnum() or c in '-_.')[:80]}.{extension}"
        document = (
            partner.env["carrier.exchange.document"]
            .with_company(partner.company_id)
            ._receive(partner, file_name, body, "http")
        )
        issues = [
            {
                "line": i.line,
                "reference": i.reference or None,
                "field": i.field or None,
                "message": i.message,
            }
            for i in document.issue_ids
        ]
        status = 422 if document.state == "rejected" else 200
        return _answer(
            status,
            {
                "document": document.name,
                "state": document.state,
                "records": document.record_count,
                "applied": document.applied_count,
                "issues": issues,
            },
        )


def _answer(status, data):
    return request.make_response(
        json.dumps(data), headers=[("Content-Type", "application/json")], status=status
    )
