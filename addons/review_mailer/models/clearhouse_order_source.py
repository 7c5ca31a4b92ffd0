from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.base.models.res_partner import _tz_get

from clearhouse.reviews import schedule

WEEKDAY_FIELDS = (
    "review_on_mon",
    "review_on_tue",
    "review_on_wed",
    "review_on_thu",
    "review_on_fri",
    "review_on_sat",
    "review_on_sun",
)


class ClearhouseOrderSource(models.Model):
    """Review requests are configured per source (shop): when they go and to whom not."""

    _inherit = "clearhouse.order.source"

    review_enabled = fields.Boolean(
        string="Review Requests",
        help="Customers of this source get a review request some days after delivery.",
    )
    review_delay_days = fields.Integer(
        string="Days After Delivery", default=7, help="Whole days between delivery and request."
    )
    review_hour_from = fields.Integer(string="Send From (hour)", default=9)
    review_hour_to = fields.Integer(string="Send Until (hour)", default=18)
    review_on_mon = fields.Boolean(string="Monday", default=True)
    review_on_tue = fields.Boolean(string="Tuesday", default=True)
    review_on_wed = fields.Boolean(string="Wednesday", default=True)
    review_on_thu = fields.Boolean(string="Thursday", default=True)
    review_on_fri = fields.Boolean(string="Friday", default=True)
    review_on_sat = fields.Boolean(string="Saturday")
    review_on_sun = fields.Boolean(string="Sunday")
    review_tz = fields.Selection(
        _tz_get, string="Send Window Time Zone", default="Europe/Berlin", required=True
    )
    review_daily_cap = fields.Integer(
        string="Daily Cap", help="At most this many requests per day; 0: no cap."
    )
    review_cooldown_days = fields.Integer(
        string="Cooldown (days)",
        default=90,
        help="A customer asked within this many days (by any source) is not asked again.",
    )
    review_min_amount = fields.Monetary(
        string="Minimum Order Value", currency_field="review_currency_id"
    )
    review_currency_id = fields.Many2one(related="company_id.currency_id")
    review_skip_b2b = fields.Boolean(
        string="Skip Business Customers", help="No requests to customers that are companies."
    )
    review_link_days = fields.Integer(
        string="Rating Links Valid (days)", default=30, help="How long the rating links work."
    )
    review_low_rating = fields.Integer(
        string="Low Rating At Or Below",
        default=2,
        help="Ratings at or below this open the feedback page and a follow-up.",
    )

    @api.constrains(
        "review_delay_days",
        "review_hour_from",
        "review_hour_to",
        "review_daily_cap",
        "review_cooldown_days",
        "review_link_days",
        "review_low_rating",
        *WEEKDAY_FIELDS,
    )
    def _check_review_schedule(self):
        for source in self.filtered("review_enabled"):
            if min(source.review_delay_days, source.review_daily_cap) < 0:
                raise ValidationError(
                    _("Source %(name)s: days and caps cannot be negative.", name=source.name)
                )
            if source.review_cooldown_days < 0 or source.review_link_days < 1:
                raise ValidationError(
                    _(
                        "Source %(name)s: the cooldown cannot be negative and rating links "
                        "must be valid for at least one day.",
                        name=source.name,
                    )
                )
            if not 1 <= source.review_low_rating <= 4:
                raise ValidationError(
                    _("Source %(name)s: a low rating lies between 1 and 4.", name=source.name)
                )
            try:
                source._review_window()
            except ValueError as exc:
                raise ValidationError(
                    _(
                        "Source %(name)s: the send window needs hours from 0 to 24 "
                        "(from before until) and at least one weekday.",
                        name=source.name,
                    )
                ) from exc

    def write(self, vals):
        result = super().write(vals)
        if "review_delay_days" in vals:
            scheduled = self.env["review.request"].search(
                [("source_id", "in", self.ids), ("state", "=", "scheduled")]
            )
            scheduled._compute_due_at()
        return result

    def _review_window(self):
        self.ensure_one()
        return schedule.SendWindow(
            hour_from=self.review_hour_from,
            hour_to=self.review_hour_to,
            weekdays=frozenset(i for i, name in enumerate(WEEKDAY_FIELDS) if self[name]),
            tz=self.review_tz or "UTC",
        )
