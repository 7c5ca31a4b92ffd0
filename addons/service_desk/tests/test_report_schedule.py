import base64
import io
from datetime import datetime

from odoo.tests import freeze_time, tagged

from .common import DeskCommon

NOW = datetime(2026, 3, 9, 8, 0)  # a Monday: last week is 2 to 8 March


@tagged("post_install", "-at_install")
class TestReportSchedule(DeskCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(NOW):
            confirmed = cls.confirmed_order("SCH-1") | cls.confirmed_order("SCH-2")
            draft = cls.new_order("SCH-3")
            outside = cls.confirmed_order("SCH-4")
        confirmed.date_order = datetime(2026, 3, 3, 10, 0)
        draft.date_order = datetime(2026, 3, 8, 20, 0)
        outside.date_order = datetime(2026, 2, 20, 10, 0)
        cls.schedule = (
            cls.env["service.desk.report.schedule"]
            .with_user(cls.lead)
            .create(
                {
                    "name": "Weekly Status",
                    "report": "orders_status",
                    "period": "week",
                    "interval": "weekly",
                    "partner_ids": [(6, 0, cls.customer.ids)],
                    "next_run": datetime(2026, 3, 9, 6, 0),
                }
            )
        )
        cls.Schedule = cls.env["service.desk.report.schedule"]

    def _mails(self):
        return self.env["mail.mail"].search(
            [("model", "=", self.schedule._name), ("res_id", "=", self.schedule.id)]
        )

    @staticmethod
    def _cells(attachment):
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(base64.b64decode(attachment.datas))).active
        return [list(row) for row in sheet.iter_rows(values_only=True)]

    def test_due_schedule_queues_one_mail_with_grouped_counts(self):
        with freeze_time(NOW):
            self.Schedule._cron_send_due()
        mail = self._mails()
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertEqual(len(mail.attachment_ids), 1)
        self.assertTrue(mail.attachment_ids.name.endswith(".xlsx"))
        rows = self._cells(mail.attachment_ids)
        self.assertEqual(rows[0][0], "Status")
        self.assertEqual(rows[0][2], "Count")
        counts = {row[0]: row[2] for row in rows[1:]}
        self.assertEqual(counts, {"Quotation": 1, "Sales Order": 2})
        self.assertEqual(str(self.schedule.last_period_start), "2026-03-02")
        self.assertEqual(self.schedule.next_run, datetime(2026, 3, 16, 6, 0))

    def test_cron_twice_sends_once(self):
        with freeze_time(NOW):
            self.Schedule._cron_send_due()
            # Even when made due again within the same period, the period is not mailed twice.
            self.schedule.next_run = datetime(2026, 3, 9, 7, 0)
            self.Schedule._cron_send_due()
            self.Schedule._cron_send_due()
        self.assertEqual(len(self._mails()), 1)
        self.assertEqual(self.schedule.next_run, datetime(2026, 3, 16, 7, 0))

    def test_not_due_sends_nothing(self):
        with freeze_time(datetime(2026, 3, 9, 5, 0)):
            self.Schedule._cron_send_due()
        self.assertFalse(self._mails())
        self.assertFalse(self.schedule.last_period_start)
        self.schedule.active = False
        with freeze_time(NOW):
            self.Schedule._cron_send_due()
        self.assertFalse(self._mails())

    def test_user_cannot_see_schedules(self):
        self.assertFalse(self.schedule.with_user(self.agent).has_access("read"))

    def test_labels_in_the_recipients_language(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.customer.lang = "de_DE"
        with freeze_time(NOW):
            self.Schedule._cron_send_due()
        mail = self._mails()
        self.assertIn("02.03.2026 bis 08.03.2026", mail.subject)
        self.assertEqual(self._cells(mail.attachment_ids)[0][2], "Anzahl")
