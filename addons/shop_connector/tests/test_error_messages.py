import re
from pathlib import Path
from unittest.mock import patch

import polib

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from odoo.addons.clearhouse_job.tests.common import run_jobs
from odoo.addons.shop_connector.models.shop_backend import ShopBackend

from clearhouse.shops import ShopError
from clearhouse.shops.error_codes import ERROR_CODES

from ..tools.error_messages import DETAIL, MESSAGES
from .common import ShopFixturesMixin

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
I18N = Path(__file__).resolve().parent.parent / "i18n"


class DownShop:
    def __init__(self, error):
        self.error = error

    def push_stock(self, levels):
        raise self.error


@tagged("post_install", "-at_install")
class TestShopErrorCatalogue(TransactionCase):
    def test_every_core_code_has_a_sentence_with_its_params(self):
        self.assertEqual(sorted(set(ERROR_CODES) - set(MESSAGES)), [], "codes without text")
        self.assertEqual(sorted(set(MESSAGES) - set(ERROR_CODES)), [], "texts of no code")
        for code, template in MESSAGES.items():
            with self.subTest(code=code):
                used = set(PLACEHOLDER.findall(template._source))
                self.assertLessEqual(used, set(ERROR_CODES[code]))

    def test_german_catalogue_has_every_sentence(self):
        catalogue = polib.pofile(str(I18N / "de.po"))
        translated = {entry.msgid: entry.msgstr for entry in catalogue if entry.msgstr}
        for text in (*MESSAGES.values(), DETAIL):
            with self.subTest(msgid=text._source[:40]):
                self.assertTrue(text._source in translated, "missing in de.po")
                self.assertEqual(
                    sorted(PLACEHOLDER.findall(translated[text._source])),
                    sorted(PLACEHOLDER.findall(text._source)),
                )


@tagged("post_install", "-at_install")
class TestShopErrorsTranslated(ShopFixturesMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_shop_fixtures(shop_type="woocommerce")
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.env["ir.module.module"].search([("name", "=", "shop_connector")])._update_translations(
            ["de_DE"]
        )

    def test_failed_export_reads_in_the_readers_language(self):
        log = self.env["shop.sync.log"].create(
            {
                "backend_id": self.backend_a.id,
                "direction": "export",
                "operation": "stock",
                "payload": {"levels": []},
            }
        )
        error = ShopError(
            "PUT /wp-json/wc/v3/products/batch: HTTP 401: Invalid signature",
            code="auth",
            status=401,
            retryable=False,
        )
        with patch.object(ShopBackend, "_get_client", lambda self: DownShop(error)):
            run_jobs(self.env, "shop.sync.log", "_sync_job")
        self.assertEqual((log.state, log.error_code), ("failed", "auth"))
        german = log.with_context(lang="de_DE").error_message
        self.assertIn("Status 401", german)
        self.assertNotIn("refused the key", german, "no English sentence for a German reader")
        self.assertIn("Invalid signature", german, "the shop's own words, apart as detail")
        english = log.with_context(lang="en_US").error_message
        self.assertIn("The shop refused the key and secret (status 401)", english)

    def test_configuration_error_is_raised_in_the_users_language(self):
        self.backend_a.base_url = "http://shop.invalid"  # WooCommerce keys need HTTPS
        with self.assertRaises(UserError) as caught:
            self.backend_a.with_context(lang="de_DE")._get_client()
        message = str(caught.exception.args[0])
        self.assertNotIn("not set up correctly", message)
        self.assertIn("HTTPS", message, "the adapter's detail stays")
