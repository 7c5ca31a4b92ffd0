import base64
from pathlib import Path

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

# The core's test files, in the repository (an installed clearhouse has no tests/).
DATA = Path(__file__).resolve().parents[3] / "clearhouse" / "tests" / "data" / "payments"


class PaymentMatchingCase(AccountTestInvoicingCommon):
    """A bank journal, a customer, test users per group and helpers for lines and items."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env.user.groups_id |= cls.env.ref("payment_matching.payment_matching_group_manager")
        company = cls.env.company
        cls.bank_journal = cls.company_data["default_journal_bank"]
        cls.eur = cls.env.ref("base.EUR")
        cls.eur.active = True
        cls.eur_journal = cls.env["account.journal"].create(
            {
                "name": "Volksbank EUR",
                "code": "VBEUR",
                "type": "bank",
                "currency_id": cls.eur.id if cls.eur != company.currency_id else False,
            }
        )
        cls.customer = cls.env["res.partner"].create({"name": "Erika Mustermann"})
        cls.goods = cls.env["product.product"].create(
            {"name": "Widget", "type": "consu", "list_price": 50.0, "taxes_id": [Command.clear()]}
        )
        user_values = {"company_id": company.id, "company_ids": [Command.set(company.ids)]}
        cls.matcher = new_test_user(
            cls.env,
            login="pm_matcher",
            groups="base.group_user,payment_matching.payment_matching_group_user",
            **user_values,
        )
        cls.plain_user = new_test_user(
            cls.env, login="pm_plain", groups="base.group_user", **user_values
        )

    @classmethod
    def _file(cls, name):
        return base64.b64encode((DATA / name).read_bytes())

    def _import(self, data, filename, file_format="camt053", journal=None, **values):
        wizard = self.env["payment.statement.import.wizard"].create(
            {
                "journal_id": (journal or self.eur_journal).id,
                "data_file": data,
                "filename": filename,
                "file_format": file_format,
                **values,
            }
        )
        return wizard.action_import()

    def _invoice(self, amount=119.0):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": "2026-03-01",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.goods.id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    def _order(self, quantity=2):
        return self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "prepayment_state": "awaiting",
                "date_order": "2026-03-01 10:00:00",
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.goods.id,
                            "product_uom_qty": quantity,
                            "price_unit": 50.0,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )

    def _line(self, amount, remittance, payer="Erika Mustermann"):
        return self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.bank_journal.id,
                "date": "2026-03-10",
                "amount": amount,
                "payment_ref": remittance,
                "partner_name": payer,
            }
        )
