from odoo.tests import TransactionCase, new_test_user

from .common import PromoFixturesMixin


class ClearingFixturesMixin(PromoFixturesMixin):
    @classmethod
    def _setup_clearing_fixtures(cls):
        cls._setup_promo_fixtures()
        cls.clerk = new_test_user(
            cls.env, login="clerk1", groups="promo_clearing.promo_clearing_group_clerk"
        )
        cls.clerk2 = new_test_user(
            cls.env, login="clerk2", groups="promo_clearing.promo_clearing_group_clerk"
        )
        cls.lead = new_test_user(
            cls.env, login="lead1", groups="promo_clearing.promo_clearing_group_lead"
        )
        # Holds are tested on their own; keep them out of the way elsewhere.
        cls.campaign.write(
            {
                "clearing_hold_note": "off",
                "clearing_hold_packstation": "off",
                "clearing_hold_value": "off",
                "clearing_hold_duplicate": "off",
            }
        )

    def _order(self, result):
        return self.env["sale.order"].browse(result["order_id"])


class ClearingCase(ClearingFixturesMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls._setup_clearing_fixtures()
