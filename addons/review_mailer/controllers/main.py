from odoo import fields, http
from odoo.http import request

from clearhouse.reviews import ratings, tokens


class ReviewController(http.Controller):
    """One-click ratings, the feedback page after a low rating and the opt-out link.

    Every page runs as superuser on exactly the request the signed token names: the
    visitor has no account, the token is the permission.
    """

    def _request_from_token(self, token):
        Request = request.env["review.request"].sudo()  # sudo: the signed token authorises
        try:
            request_id, rating = tokens.read_token(
                Request._review_secret(), token, fields.Datetime.now()
            )
        except tokens.RatingTokenError as exc:
            return None, None, exc.code
        review = Request.browse(request_id).exists()
        if not review or review.state != "sent":
            return None, None, "unknown"
        return review, rating, None

    def _refused(self, code):
        return request.render("review_mailer.review_page_refused", {"code": code}, status=403)

    @http.route("/review/rate/<string:token>", type="http", auth="public", methods=["GET"])
    def review_rate(self, token, **kwargs):
        review, rating, error = self._request_from_token(token)
        if error:
            return self._refused(error)
        review._review_record_rating(rating)
        if review.low_rating:
            return request.render(
                "review_mailer.review_page_feedback",
                {"review": review, "token": token, "rating": rating},
            )
        links = review.link_ids.filtered(
            lambda link: ratings.offer_link(
                link.platform_id.selective_allowed,
                link.platform_id.gate_on_rating,
                rating,
                review.source_id.review_low_rating or 2,
            )
        )
        return request.render(
            "review_mailer.review_page_thanks",
            {"review": review, "rating": rating, "links": links},
        )

    @http.route("/review/feedback/<string:token>", type="http", auth="public", methods=["POST"])
    def review_feedback(self, token, feedback="", **kwargs):
        review, _rating, error = self._request_from_token(token)
        if error:
            return self._refused(error)
        text = (feedback or "").strip()[:5000]
        if text:
            review._review_feedback(text)
        return request.render(
            "review_mailer.review_page_thanks", {"review": review, "rating": None, "links": []}
        )

    @http.route(
        "/review/optout/<int:request_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
    )
    def review_optout(self, request_id, token, **kwargs):
        Request = request.env["review.request"].sudo()  # sudo: the signed token authorises
        review = Request.browse(request_id).exists()
        if not review or not tokens.check_optout_token(Request._review_secret(), review.id, token):
            return self._refused("tampered")
        if review.email:
            # sudo: anonymous visitor; adds only the address the request went to.
            request.env["mail.blacklist"].sudo()._add(review.email)
        return request.render("review_mailer.review_page_optout", {"review": review})
