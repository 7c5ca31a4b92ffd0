from odoo import fields
from odoo.tests import freeze_time, tagged

from .common import TicketCommon


@tagged("post_install", "-at_install")
class TestShiftDistribution(TicketCommon):
    """Acceptance 2: shifts on real records, frozen time (Europe/Berlin, CET = UTC+1)."""

    def _tickets(self, count):
        return self.env["service.ticket"].create(
            [
                {"name": f"Question {i}", "partner_id": self.customer.id, "queue_id": self.queue.id}
                for i in range(count)
            ]
        )

    @freeze_time("2026-12-01 08:00:00")  # Tuesday 09:00 Berlin
    def test_morning_members_only_on_tuesday_morning(self):
        tickets = self._tickets(4)
        self.assertEqual(
            set(tickets.user_id.ids),
            {self.morning1.id, self.morning2.id},
            "at 09:00 only the morning shift gets tickets",
        )
        loads = [len(tickets.filtered(lambda t, u=u: t.user_id == u)) for u in tickets.user_id]
        self.assertEqual(loads, [2, 2], "round robin balances the two morning members")

    @freeze_time("2026-12-01 21:00:00")  # Tuesday 22:00 Berlin
    def test_nobody_gets_tickets_at_night_until_next_shift(self):
        urgent = self._ticket(name="Urgent", priority="3")
        normal = self._tickets(2)
        self.assertFalse((urgent | normal).user_id, "at 22:00 nobody is on shift")
        cron = self.env.ref("helpdesk_ticket.ir_cron_assign_waiting")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        self.assertIn(
            "2026-12-02 07:00:00",
            [str(t.call_at) for t in triggers],
            "the cron is triggered at Wednesday 08:00 Berlin, the next shift start",
        )
        self.env["service.queue"]._cron_assign_waiting()
        self.assertFalse((urgent | normal).user_id, "the cron at night hands out nothing")
        with freeze_time("2026-12-02 07:00:05"):  # Wednesday 08:00 Berlin
            self.env["service.queue"]._cron_assign_waiting()
        self.assertEqual(urgent.user_id, self.morning1, "most urgent first, to the first member")
        self.assertEqual(set((urgent | normal).user_id.ids), {self.morning1.id, self.morning2.id})

    @freeze_time("2026-12-01 12:00:00")  # Tuesday 13:00 Berlin
    def test_afternoon_member_takes_over(self):
        self.assertEqual(self._tickets(2).user_id, self.afternoon)

    @freeze_time("2026-12-01 08:00:00")
    def test_member_on_leave_gets_nothing(self):
        resource = self.env["resource.resource"].create(
            {"name": "Morning 1", "user_id": self.morning1.id, "calendar_id": self.calendar.id}
        )
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "resource_id": resource.id,
                "calendar_id": self.calendar.id,
                "date_from": fields.Datetime.to_datetime("2026-12-01 00:00:00"),
                "date_to": fields.Datetime.to_datetime("2026-12-02 00:00:00"),
            }
        )
        self.assertEqual(self._tickets(3).user_id, self.morning2)

    @freeze_time("2026-12-01 08:00:00")
    def test_least_open_prefers_member_with_fewer_open_tickets(self):
        self.queue.distribution_method = "least_open"
        self._ticket(user_id=self.morning1.id)
        self._ticket(user_id=self.morning1.id)
        tickets = self._tickets(2)
        self.assertEqual(tickets.user_id, self.morning2)

    @freeze_time("2026-12-01 08:00:00")
    def test_manual_queue_assigns_nobody(self):
        self.queue.distribution_method = "manual"
        self.assertFalse(self._tickets(2).user_id)

    @freeze_time("2026-12-01 08:00:00")
    def test_distribution_queries_do_not_grow_with_tickets(self):
        self.queue.distribution_method = "manual"
        few, many = self._tickets(3), self._tickets(30)
        self.queue.distribution_method = "round_robin"
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=14):
            self.queue._distribute(few)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=14):
            self.queue._distribute(many)
        self.assertEqual(len(many.user_id), 2, "30 tickets went to the two morning members")
