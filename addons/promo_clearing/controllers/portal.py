from odoo import http
from odoo.http import request


class ClearingSelfService(http.Controller):
    """Signed links for customers to fix what they can fix themselves (size, address, phone).

    The signed token is the authorisation: it names one order, expires, and any change
    to it invalidates the signature. Nothing else is reachable through these routes.
    """

    def _order_from_token(self, token):
        # sudo: the anonymous customer holds a signed token for exactly this order.
        detector = request.env["clearing.hold.detector"].sudo()
        order, error = detector._order_from_token(token)
        if order:
            # The page speaks the customer's language, not the browser's or the API user's.
            lang = order.partner_id.lang or order.company_id.partner_id.lang
            if lang:
                request.update_context(lang=lang)
                order = order.with_context(lang=lang)
        return order, error

    @staticmethod
    def _render(template, values):
        # A bare page: no portal header/footer (menus, language switch) for anonymous users.
        return request.render(template, dict(values, no_header=True, no_footer=True))

    @http.route(
        "/clearing/fix/<string:token>", type="http", auth="public", methods=["GET"], sitemap=False
    )
    def fix_form(self, token, **kwargs):
        order, error = self._order_from_token(token)
        if error:
            return self._render("promo_clearing.portal_clearing_invalid", {"error": error})
        return self._render(
            "promo_clearing.portal_clearing_fix", order._clearing_portal_values(token)
        )

    # csrf=False: the signed, expiring token in the URL authorises this one order.
    @http.route(
        "/clearing/fix/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
        csrf=False,
    )
    def fix_submit(self, token, **post):
        order, error = self._order_from_token(token)
        if error:
            return self._render("promo_clearing.portal_clearing_invalid", {"error": error})
        order._clearing_apply_customer_fix(post)
        return self._render(
            "promo_clearing.portal_clearing_done",
            {"order": order, "released": order.clearing_state == "released"},
        )
