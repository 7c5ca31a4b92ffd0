from odoo import Command
from odoo.tests import new_test_user


class ShopFixturesMixin:
    """Two push shops with their API users, products, payment mappings; holds set
    explicitly (CI installs every addon: promo_clearing's defaults must not decide)."""

    @classmethod
    def _setup_shop_fixtures(cls, shop_type="push"):
        env = cls.env
        cls.company = env.company
        cls.company.write(
            {
                "clearing_hold_note": True,
                "clearing_hold_packstation": False,
                "clearing_hold_value": False,
                "clearing_hold_duplicate": False,
            }
        )
        cls.warehouse = env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        product_model = env["product.product"]
        cls.product_a = product_model.create(
            {"name": "Shop Mug", "default_code": "SH-MUG", "is_storable": True, "list_price": 9.0}
        )
        cls.product_b = product_model.create(
            {"name": "Shop Cap", "default_code": "SH-CAP", "is_storable": True, "list_price": 15.0}
        )
        cls.product_c = product_model.create(
            {"name": "Shop Bag", "default_code": "INTERNAL-BAG", "is_storable": True}
        )
        for product in cls.product_a | cls.product_b | cls.product_c:
            env["stock.quant"]._update_available_quantity(product, cls.warehouse.lot_stock_id, 1000)
        cls.api_user_a = new_test_user(
            env,
            login="shop_api_a",
            groups="base.group_user,clearhouse_order.clearhouse_order_group_api",
        )
        cls.api_user_b = new_test_user(
            env,
            login="shop_api_b",
            groups="base.group_user,clearhouse_order.clearhouse_order_group_api",
        )
        cls.plain_user = new_test_user(env, login="shop_plain", groups="base.group_user")
        cls.shop_user = new_test_user(
            env, login="shop_clerk", groups="shop_connector.shop_connector_group_user"
        )
        payments = [
            Command.create({"code": "bacs", "category": "prepayment"}),
            Command.create({"code": "paypal", "category": "paid"}),
            Command.create({"code": "invoice", "category": "invoice"}),
            Command.create({"code": "cod", "category": "cod"}),
        ]
        backend_vals = {
            "shop_type": shop_type,
            "base_url": "https://shop.invalid" if shop_type != "push" else False,
            "warehouse_id": cls.warehouse.id,
            "company_id": cls.company.id,
            "stock_minimum": 5,
        }
        cls.backend_a = env["shop.backend"].create(
            dict(
                backend_vals,
                name="Shop A",
                code="SHOPA",
                api_user_ids=[Command.set(cls.api_user_a.ids)],
                payment_mapping_ids=payments,
                product_mapping_ids=[
                    Command.create({"sku": "BAG-1", "product_id": cls.product_c.id}),
                    Command.create({"sku": "SH-MUG", "product_id": cls.product_a.id}),
                ],
            )
        )
        cls.backend_b = env["shop.backend"].create(
            dict(
                backend_vals,
                name="Shop B",
                code="SHOPB",
                api_user_ids=[Command.set(cls.api_user_b.ids)],
                payment_mapping_ids=payments,
                product_mapping_ids=[
                    Command.create({"sku": "SH-MUG", "product_id": cls.product_a.id}),
                ],
            )
        )

    @staticmethod
    def _order_dict(number, payment="paypal", email=None, sku="SH-MUG", quantity=1, **customer):
        values = {
            "firstname": "Erika",
            "lastname": "Mustermann",
            "email": email if email is not None else f"customer-{number}@example.com",
            "street": "Hauptstrasse 1",
            "zip": "10115",
            "city": "Berlin",
            "country": "DE",
        }
        values.update(customer)
        return {
            "external_ref": number,
            "payment_method": payment,
            "customer": values,
            "lines": [{"sku": sku, "quantity": quantity}],
        }

    def _submit(self, user, code, orders):
        return self.env["shop.backend"].with_user(user).submit_shop_orders(code, orders)

    def _order(self, backend, number):
        return self.env["sale.order"].search(
            [("shop_backend_id", "=", backend.id), ("external_ref", "=", number)]
        )
