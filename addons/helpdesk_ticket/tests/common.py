from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon

BERLIN = "Europe/Berlin"


class TicketCommon(BaseCommon):
    """A queue worked in shifts: two morning members, one afternoon member (Mon-Fri)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env.company.partner_id.tz = BERLIN
        cls.alias_domain = env["mail.alias.domain"].create(
            {
                "name": "service.example.com",
                "bounce_alias": "bounce",
                "catchall_alias": "catchall",
                "default_from": "notifications",
            }
        )
        env.company.alias_domain_id = cls.alias_domain
        env.company.email = "service@service.example.com"
        cls.calendar = env["resource.calendar"].create(
            {"name": "Service Hours", "tz": BERLIN, "hours_per_day": 8.0}
        )
        cls.manager = new_test_user(
            env, login="tk_manager", groups="helpdesk_ticket.helpdesk_ticket_group_manager"
        )
        cls.morning1 = new_test_user(
            env, login="tk_morning1", groups="helpdesk_ticket.helpdesk_ticket_group_user"
        )
        cls.morning2 = new_test_user(
            env, login="tk_morning2", groups="helpdesk_ticket.helpdesk_ticket_group_user"
        )
        cls.afternoon = new_test_user(
            env, login="tk_afternoon", groups="helpdesk_ticket.helpdesk_ticket_group_user"
        )
        shifts = []
        for day in "01234":
            for user, start, end in (
                (cls.morning1, 8.0, 12.0),
                (cls.morning2, 8.0, 12.0),
                (cls.afternoon, 12.0, 17.0),
            ):
                shifts.append(
                    Command.create(
                        {"user_id": user.id, "weekday": day, "hour_from": start, "hour_to": end}
                    )
                )
        cls.queue = env["service.queue"].create(
            {
                "name": "Orders",
                "alias_name": "tk-orders",
                "resource_calendar_id": cls.calendar.id,
                "distribution_method": "round_robin",
                "shift_ids": shifts,
                "sla_policy_ids": [
                    Command.create(
                        {"priority": "1", "first_response_hours": 2, "resolution_hours": 16}
                    )
                ],
            }
        )
        cls.customer = env["res.partner"].create(
            {"name": "Erika Mustermann", "email": "Erika.Mustermann@Example.com", "lang": "en_US"}
        )
        cls.stage_solved = env.ref("helpdesk_ticket.stage_solved")
        cls.stage_new = env.ref("helpdesk_ticket.stage_new")

    @classmethod
    def _ticket(cls, name="Where is my parcel?", **values):
        return cls.env["service.ticket"].create(
            dict({"name": name, "partner_id": cls.customer.id, "queue_id": cls.queue.id}, **values)
        )
