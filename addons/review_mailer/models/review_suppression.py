from odoo import fields, models

from .review_request import SUPPRESSION_REASON_SELECTION


class ReviewSuppression(models.Model):
    """Why a request was not sent: one line per reason that applied."""

    _name = "review.suppression"
    _description = "Review Request Suppression"
    _order = "date desc, id desc"

    request_id = fields.Many2one("review.request", required=True, index=True, ondelete="cascade")
    reason = fields.Selection(SUPPRESSION_REASON_SELECTION, required=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    order_id = fields.Many2one(related="request_id.order_id", store=True, index=True)
    partner_id = fields.Many2one(related="request_id.partner_id", store=True)
    source_id = fields.Many2one(related="request_id.source_id", store=True, index=True)
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
