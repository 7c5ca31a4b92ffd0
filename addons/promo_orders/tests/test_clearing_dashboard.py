import base64
import io
from datetime import timedelta

import openpyxl

from odoo import fields
from odoo.tests import tagged

from clearhouse.clearing import queue as core_queue

from .clearing_common import ClearingCase


@tagged("post_install", "-at_install")
class TestDashboard(ClearingCase):
    def test_backlog_stats_and_xlsx_export(self):
        results = self._submit(
            [self._order_dict(f"D-{i}", customer={"phone": "12"}) for i in range(4)]
        )
        orders = self.env["sale.order"].browse([r["order_id"] for r in results])
        now = fields.Datetime.now()
        episodes = orders.clearing_episode_ids
        for hours, episode in zip((1, 2, 3, 10), episodes, strict=True):
            episode.entered_at = now - timedelta(hours=hours)
        orders[3].clearing_entered_at = now - timedelta(hours=10)
        orders.partner_shipping_id.write({"phone": "+49 30 1234567"})
        orders[:3].action_clearing_revalidate()
        self.campaign.date_deadline = fields.Date.today() + timedelta(days=10)
        wizard = (
            self.env["clearing.stats.wizard"]
            .with_user(self.lead)
            .create({"source_id": self.campaign.order_source_id.id})
        )
        self.assertEqual(wizard.backlog, 1)
        self.assertAlmostEqual(wizard.avg_hours, 2.0, delta=0.05)
        self.assertAlmostEqual(wizard.p90_hours, 3.0, delta=0.05)
        self.assertAlmostEqual(wizard.cleared_per_day, 3 / 14, places=3)
        self.assertTrue(wizard.forecast_text)
        backlog = self.env["clearing.backlog.report"].search([("order_id", "=", orders[3].id)])
        self.assertEqual(backlog.age_bucket, "4_24h")
        action = wizard.action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        self.assertEqual(book.sheetnames[:2], ["Summary", "Backlog"])
        self.assertEqual(book["Summary"]["B1"].value, 1)
        self.assertEqual(book["Backlog"]["D2"].value, 1)

    def test_backlog_age_buckets_are_the_cores(self):
        results = self._submit(
            [self._order_dict(f"B-{i}", customer={"phone": "12"}) for i in range(5)]
        )
        orders = self.env["sale.order"].browse([r["order_id"] for r in results])
        now = fields.Datetime.now()
        ages = (1, 3.9, 4.1, 30, 80)  # around the limits: 4 hours, 1 day, 3 days
        for hours, order in zip(ages, orders, strict=True):
            order.clearing_entered_at = now - timedelta(hours=hours)
        self.env.flush_all()
        rows = self.env["clearing.backlog.report"].search_read(
            [("order_id", "in", orders.ids)], ["order_id", "age_bucket"]
        )
        buckets = {row["order_id"][0]: row["age_bucket"] for row in rows}
        self.assertEqual(
            [buckets[order.id] for order in orders],
            [core_queue.bucket(hours) for hours in ages],
            "the database view buckets ages exactly as the core does",
        )
