from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class KernelCommon(BaseCommon):
    """Orders of a plain order source, as any channel creates them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.env["clearhouse.order.source"].create(
            {"name": "Phone Orders", "code": "KERNEL-TEST", "kind": "phone"}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Kernel Mug", "type": "consu", "list_price": 12.0}
        )
        cls.germany = cls.env.ref("base.de")
        cls.order_user = new_test_user(
            cls.env, login="kernel_user", groups="clearhouse_order.clearhouse_order_group_user"
        )

    @classmethod
    def _partner(cls, name="Erika Mustermann", street="Invalidenstraße 116", **values):
        return cls.env["res.partner"].create(
            dict(
                {
                    "name": name,
                    "email": f"{name.split()[0].lower()}@example.com",
                    "street": street,
                    "zip": "10115",
                    "city": "Berlin",
                    "country_id": cls.germany.id,
                    "lang": "en_US",
                },
                **values,
            )
        )

    @classmethod
    def _order(cls, ref, partner=None, **values):
        return cls.env["sale.order"].create(
            dict(
                {
                    "partner_id": (partner or cls._partner()).id,
                    "order_source_id": cls.source.id,
                    "external_ref": ref,
                    "validation_state": "pending",
                    "order_line": [Command.create({"product_id": cls.product.id})],
                },
                **values,
            )
        )
