from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class PromoFixturesMixin:
    """Campaign with a premium catalogue (sized and unsized premiums) and users."""

    @classmethod
    def _setup_promo_fixtures(cls):
        env = cls.env
        cls.company = env.company
        cls.size_attribute = env.ref("promo_orders.product_attribute_size")
        sizes = {v.name: v for v in cls.size_attribute.value_ids if v.name in ("S", "M", "L", "XL")}
        cls.size_values = sizes
        cls.tmpl_shirt = env["product.template"].create(
            {
                "name": "Test T-Shirt",
                "default_code": "T-SHIRT",
                "type": "consu",
                "list_price": 0.0,
                "attribute_line_ids": [
                    Command.create(
                        {
                            "attribute_id": cls.size_attribute.id,
                            "value_ids": [Command.set([v.id for v in sizes.values()])],
                        }
                    )
                ],
            }
        )
        cls.tmpl_mug = env["product.template"].create(
            {"name": "Test Mug", "default_code": "T-MUG", "type": "consu", "list_price": 0.0}
        )
        cls.tmpl_jacket = env["product.template"].create(
            {"name": "Test Jacket", "default_code": "T-JACKET", "type": "consu", "list_price": 0.0}
        )
        cls.tmpl_foreign = env["product.template"].create(
            {"name": "Not a premium", "default_code": "T-OTHER", "type": "consu"}
        )
        cls.campaign = env["promo.campaign"].create(
            {
                "name": "Test Campaign",
                "code": "test26",
                "state": "running",
                "auto_confirm": True,
                "country_ids": [
                    Command.set(
                        [env.ref("base.de").id, env.ref("base.at").id, env.ref("base.ch").id]
                    )
                ],
                "product_ids": [
                    Command.create({"product_tmpl_id": cls.tmpl_shirt.id, "points": 300}),
                    Command.create({"product_tmpl_id": cls.tmpl_mug.id, "points": 100}),
                    Command.create(
                        {
                            "product_tmpl_id": cls.tmpl_jacket.id,
                            "points": 1000,
                            "max_per_participant": 1,
                        }
                    ),
                ],
            }
        )
        cls._holds_off(cls.campaign)
        cls.user = new_test_user(
            env, login="promo_user", groups="promo_orders.promo_orders_group_user"
        )
        cls.manager = new_test_user(
            env, login="promo_manager", groups="promo_orders.promo_orders_group_manager"
        )
        cls.api_user = new_test_user(
            env,
            login="promo_api",
            groups="base.group_user,clearhouse_order.clearhouse_order_group_api",
        )
        cls.campaign.api_user_ids = cls.api_user
        cls.plain_user = new_test_user(env, login="promo_plain", groups="base.group_user")

    @staticmethod
    def _holds_off(campaign):
        """Installed with promo_clearing, its automatic holds would stop some of these
        orders; promo_orders' own tests look at validation alone."""
        hold_fields = [name for name in campaign._fields if name.startswith("clearing_hold_")]
        if hold_fields:
            campaign.write(dict.fromkeys(hold_fields, "off"))

    @classmethod
    def _rule(cls, code, campaign=None):
        return (campaign or cls.campaign).rule_ids.filtered(lambda r: r.rule == code)

    @staticmethod
    def _order_dict(ref, **overrides):
        """A valid order for the test campaign; ``overrides`` replace keys (customer merged)."""
        customer = {
            "firstname": "Anna",
            "lastname": "Schmidt",
            "email": f"{ref.lower()}@example.com",
            "phone": "+49 30 1234567",
            "street": "Invalidenstraße 116",
            "zip": "10115",
            "city": "Berlin",
            "country": "DE",
        }
        customer.update(overrides.pop("customer", {}))
        order = {
            "external_ref": ref,
            "declared_points": 1000,
            "customer": customer,
            "lines": [
                {"sku": "T-SHIRT", "size": "M", "quantity": 1},
                {"sku": "T-MUG", "quantity": 2},
            ],
        }
        order.update(overrides)
        return order

    def _submit(self, orders, campaign=None, channel="api", confirm=True):
        """Submit order dicts through the shared intake, as the API does after its checks."""
        from clearhouse.intake.payload import parse_order_dict

        payloads = [parse_order_dict(o, position=i) for i, o in enumerate(orders)]
        return self.env["promo.intake"]._submit(
            campaign or self.campaign, payloads, channel, confirm=confirm
        )


class PromoOrdersCase(PromoFixturesMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls._setup_promo_fixtures()
