import base64
import os
import tempfile
from importlib import resources
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.clearhouse_job.tests.common import run_jobs
from odoo.addons.promo_orders.models import promo_import_batch
from odoo.addons.queue_job.tests.common import trap_jobs

from clearhouse.intake.csv import orders_to_csv
from clearhouse.intake.generator import DEMO_CATALOGUE
from clearhouse.intake.xml import orders_to_xml

from .common import PromoOrdersCase

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<orders xmlns="urn:clearhouse:promo-orders:1.0" campaign="XTEST">
<order external_ref="&lol9;"/></orders>
"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE orders [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<orders xmlns="urn:clearhouse:promo-orders:1.0" campaign="XTEST">
<order external_ref="X-1"><note>&xxe;</note></order></orders>
"""


@tagged("post_install", "-at_install")
class TestImport(PromoOrdersCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        size_values = {v.name: v.id for v in cls.size_attribute.value_ids}
        premiums = []
        for sku, name, points, sizes in DEMO_CATALOGUE:
            vals = {"name": name, "default_code": f"X{sku}", "type": "consu", "list_price": 0}
            if sizes:
                vals["attribute_line_ids"] = [
                    Command.create(
                        {
                            "attribute_id": cls.size_attribute.id,
                            "value_ids": [Command.set([size_values[s] for s in sizes])],
                        }
                    )
                ]
            tmpl = cls.env["product.template"].create(vals)
            premiums.append(
                Command.create({"product_tmpl_id": tmpl.id, "code": sku, "points": points})
            )
        cls.xcampaign = cls.env["promo.campaign"].create(
            {
                "name": "Sample campaign",
                "code": "XTEST",
                "state": "running",
                "auto_confirm": True,
                "product_ids": premiums,
            }
        )
        cls._holds_off(cls.xcampaign)

    def _sample(self):
        data = resources.files("clearhouse.schemas").joinpath("sample_orders.xml").read_bytes()
        return data.replace(b'campaign="HERBST26"', b'campaign="XTEST"')

    def _import(self, data, name="orders.xml", campaign=None):
        wizard = (
            self.env["promo.import.wizard"]
            .with_user(self.user)
            .create(
                {
                    "campaign_id": (campaign or self.xcampaign).id,
                    "file": base64.b64encode(data),
                    "file_name": name,
                }
            )
        )
        action = wizard.action_import()
        return self.env["promo.import.batch"].browse(action["res_id"])

    def test_sample_file_imports(self):
        batch = self._import(self._sample())
        self.assertEqual(batch.state, "done")
        self.assertFalse(batch.error_ids, batch.error_ids.mapped("message"))
        self.assertGreater(batch.created_count, 3)
        self.assertEqual(batch.created_count, batch.total_count)
        self.assertEqual(len(batch.order_ids), batch.created_count)
        self.assertEqual(set(batch.order_ids.mapped("intake_channel")), {"file"})
        valid = batch.order_ids.filtered(lambda o: o.validation_state == "valid")
        self.assertTrue(valid, "the sample holds valid orders")
        self.assertEqual(set(valid.mapped("state")), {"sale"})

    def test_same_file_twice_refused(self):
        data = self._sample()
        batch = self._import(data)
        count = len(batch.order_ids)
        with self.assertRaises(UserError):
            self._import(data)
        self.assertEqual(
            self.env["sale.order"].search_count([("promo_campaign_id", "=", self.xcampaign.id)]),
            count,
        )

    def test_same_orders_in_another_file_not_duplicated(self):
        first = self._import(self._sample())
        again = self._import(
            self._sample().replace(b"<orders ", b"<!-- copy --><orders "), name="copy.xml"
        )
        self.assertEqual(again.state, "done")
        self.assertEqual(again.created_count, 0)
        self.assertEqual(again.duplicate_count, first.created_count)

    def test_malformed_xml_fails_batch_with_line(self):
        batch = self._import(b"<?xml version='1.0'?>\n<orders>\n<order>\n</orders>")
        self.assertEqual(batch.state, "failed")
        self.assertIn("line", batch.message.lower())
        self.assertFalse(batch.order_ids)

    def test_wrong_root_fails_batch(self):
        batch = self._import(b"<?xml version='1.0'?><invoices/>")
        self.assertEqual(batch.state, "failed")
        self.assertTrue(batch.message)

    def test_unknown_product_and_missing_size_reported_per_order(self):
        orders = [
            self._xorder("U-1", [{"sku": "PR-NOPE", "quantity": 1}]),
            self._xorder("U-2", [{"sku": "PR-TSHIRT", "quantity": 1}]),
            self._xorder("U-3", [{"sku": "PR-MUG", "quantity": 1}]),
        ]
        batch = self._import(orders_to_xml("XTEST", orders))
        self.assertEqual(batch.state, "done")
        error = batch.error_ids
        self.assertEqual(len(error), 1)
        self.assertEqual(error.external_ref, "U-1")
        self.assertEqual(error.field_name, "lines[0].sku", "positions are 0-based")
        self.assertIn("PR-NOPE", error.message)
        by_ref = {o.external_ref: o for o in batch.order_ids}
        self.assertEqual(set(by_ref), {"U-2", "U-3"}, "the good orders are kept")
        self.assertEqual(
            by_ref["U-2"].issue_ids.filtered(lambda i: i.code == "size_missing").line_no,
            1,
        )
        self.assertEqual(by_ref["U-3"].validation_state, "valid")

    def test_schema_error_names_order_and_field(self):
        data = orders_to_xml(
            "XTEST",
            [
                self._xorder("S-1", [{"sku": "PR-MUG", "quantity": 1}]),
                self._xorder("S-2", [{"sku": "PR-MUG", "quantity": 1}]),
            ],
        )
        data = data.replace(b'quantity="1"', b'quantity="lots"', 1)
        batch = self._import(data)
        self.assertEqual(batch.error_ids.external_ref, "S-1")
        self.assertIn("quantity", batch.error_ids.field_name)
        self.assertTrue(batch.error_ids.file_line)
        self.assertEqual(batch.order_ids.mapped("external_ref"), ["S-2"])

    def test_billion_laughs_rejected_without_expansion(self):
        batch = self._import(BILLION_LAUGHS)
        self.assertEqual(batch.state, "failed")
        self.assertIn("DOCTYPE", batch.message, "refused by the scan, before any parsing")
        self.assertFalse(batch.order_ids)

    def test_external_entity_rejected_without_reading(self):
        batch = self._import(XXE)
        self.assertEqual(batch.state, "failed")
        self.assertNotIn("root:", batch.message or "")
        self.assertFalse(batch.order_ids)

    def test_csv_windows_1252(self):
        orders = [
            self._xorder(
                "CSV-1",
                [{"sku": "PR-MUG", "quantity": 1}],
                city="München",
                street="Königstraße 3",
                zip="80331",
            )
        ]
        data = orders_to_csv(orders, delimiter=";", encoding="cp1252")
        batch = self._import(data, name="orders.csv")
        self.assertEqual(batch.state, "done", batch.message)
        self.assertEqual(batch.order_ids.partner_shipping_id.city, "München")
        self.assertEqual(batch.order_ids.validation_state, "valid")

    def test_chunks_resume_without_duplicates(self):
        orders = [self._xorder(f"R-{i}", [{"sku": "PR-MUG", "quantity": 1}]) for i in range(7)]
        batch = self.env["promo.import.batch"]._create_from_file(
            self.xcampaign, "big.xml", orders_to_xml("XTEST", orders)
        )
        self.assertFalse(batch._process_chunk(chunk_size=3))
        self.assertEqual(batch.position, 3)
        self.assertEqual(batch.state, "running")
        self.assertAlmostEqual(batch.progress, 3 / 7 * 100, places=3)
        # A worker dies after creating the next chunk but before recording progress:
        self.assertFalse(batch._process_chunk(chunk_size=3))
        batch.position = 3
        # The restarted job processes the chunk again without duplicating anything.
        while not batch._process_chunk(chunk_size=3):
            pass
        self.assertEqual(batch.state, "done")
        refs = (
            self.env["sale.order"]
            .search([("promo_campaign_id", "=", self.xcampaign.id)])
            .mapped("external_ref")
        )
        self.assertEqual(sorted(refs), sorted(f"R-{i}" for i in range(7)))

    def _import_jobs(self, batch):
        return self.env["queue.job"].search(
            [("identity_key", "=", batch._job_identity("chunk"))], order="id"
        )

    def test_background_import_runs_one_job_per_chunk(self):
        orders = [self._xorder(f"Q-{i}", [{"sku": "PR-MUG", "quantity": 1}]) for i in range(5)]
        batch = self.env["promo.import.batch"]._create_from_file(
            self.xcampaign, "queued.xml", orders_to_xml("XTEST", orders)
        )
        with trap_jobs() as trap:
            batch._import_enqueue()
            batch._import_enqueue()
        trap.assert_jobs_count(1, only=batch._import_job)
        self.assertEqual(trap.enqueued_jobs[0].channel, "root.clearhouse.import")
        batch._import_enqueue()
        with patch.object(promo_import_batch, "CHUNK_SIZE", 2):
            for expected in (2, 4, 5):
                run_jobs(self.env, "promo.import.batch", "_import_job")
                self.assertEqual(batch.position, expected, "one chunk per job")
        self.assertEqual(batch.state, "done")
        self.assertEqual(batch.created_count, 5)
        jobs = self._import_jobs(batch)
        self.assertEqual(jobs.mapped("state"), ["done"] * 3)
        self.assertFalse(run_jobs(self.env, "promo.import.batch"), "nothing left to run")

    def test_failed_file_and_crashed_job_call_the_hook(self):
        model = type(self.env["promo.import.batch"])
        broken = self.env["promo.import.batch"]._create_from_file(
            self.xcampaign, "broken.xml", b"<orders"
        )
        crashed = self.env["promo.import.batch"]._create_from_file(
            self.xcampaign,
            "crashed.xml",
            orders_to_xml("XTEST", [self._xorder("C-1", [{"sku": "PR-MUG"}])]),
        )
        with patch.object(model, "_import_failed_for_good", autospec=True) as hook:
            broken._import_job()
            crashed._import_job_failed(exc_name="KeyError", exc_message="worker lost")
        self.assertEqual(broken.state, "failed")
        self.assertEqual((crashed.state, crashed.message), ("failed", "worker lost"))
        self.assertEqual([call.args[0] for call in hook.call_args_list], [broken, crashed])

    def test_folder_import_registers_and_moves_files(self):
        with tempfile.TemporaryDirectory() as folder:
            inbox = os.path.join(folder, "xtest")
            os.makedirs(inbox)
            good = orders_to_xml("XTEST", [self._xorder("F-1", [{"sku": "PR-MUG"}])])
            with open(os.path.join(inbox, "good.xml"), "wb") as handle:
                handle.write(good)
            with open(os.path.join(inbox, "again.xml"), "wb") as handle:
                handle.write(good)  # same content: refused as already imported
            self.env["ir.config_parameter"].set_param("promo_orders.import_folder", folder)
            count = self.env["promo.import.batch"]._cron_import_folder()
            self.assertEqual(count, 1)
            self.assertEqual(sorted(os.listdir(os.path.join(inbox, "done"))), ["again.xml"])
            self.assertEqual(os.listdir(os.path.join(inbox, "error")), ["good.xml"])
        batch = self.env["promo.import.batch"].search([("campaign_id", "=", self.xcampaign.id)])
        self.assertEqual(batch.file_name, "again.xml")
        self.assertEqual(batch.state, "queued", "the background job processes it")

    def _xorder(self, ref, lines, **customer):
        order = self._order_dict(ref, lines=lines)
        order["customer"].update(customer)
        return order
