from collections import Counter

from odoo import api, models


class LinkTrackerClick(models.Model):
    _inherit = "link.tracker.click"

    @api.model_create_multi
    def create(self, vals_list):
        clicks = super().create(vals_list)
        per_tracker = Counter(clicks.link_id.ids)
        # sudo: clicks come from anonymous visitors; only the click counters are written.
        links = (
            self.env["review.request.link"].sudo().search([("tracker_id", "in", list(per_tracker))])
        )
        links._review_add_clicks({link.id: per_tracker[link.tracker_id.id] for link in links})
        return clicks
