"""Tickets benchmark: incoming mail through the gateway, and distribution.

In-process against an Odoo 18 database with helpdesk_ticket installed (the gateway is
``mail.thread.message_process``, exactly what ``odoo-mailgate.py`` and the IMAP fetcher
call; no RPC in between, so the figures are the gateway's own):

    PYTHONPATH=$PWD python3 tests/bench/tickets.py --db tk_bench \
        --addons-path /opt/odoo18/addons,/opt/odoo18/odoo/addons,$PWD/addons \
        [--mails 10000] [--small 1000] [--large 10000] [--distribute 1000]

Creates a queue with an alias (unique per run), three members on shift around the clock
and 2,000 customers. Then: existing tickets are brought to ``--small`` (batch create, not
timed) and half of the mails are processed (70 % new mails from known customers, 20 %
replies naming ``[T-...]`` in the subject without headers, 10 % auto-replies), one commit
per 100 mails; then the existing tickets are brought to ``--large`` and the other half is
processed. Prints mails/s and the time per mail at both sizes; goal: ratio large/small at
most 1.3. Finally ``--distribute`` unassigned tickets are handed out in one call
(``service.queue._distribute``) and the loads are checked (max - min <= 1).
Exits 1 when a goal is missed. Everything created is left in the database (use a
throw-away one).
"""

import argparse
import sys
import time
import uuid

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry

RATIO_LIMIT = 1.3
CUSTOMERS = 2000
COMMIT_EVERY = 100

MAIL = """From: {name} <{email}>
To: {alias}
Subject: {subject}
Message-ID: <{msgid}@bench.customer.example>
Date: Tue, 01 Dec 2026 09:00:00 +0100
{extra}MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Hello, this is mail {index}. Where is my parcel?
"""


def _setup(env, run):
    env["ir.config_parameter"].set_param("mail.gateway.loop.threshold", 100000)
    domain = env.company.alias_domain_id or env["mail.alias.domain"].create(
        {"name": "bench.example.com"}
    )
    env.company.alias_domain_id = domain
    users = env["res.users"].create(
        [
            {
                "name": f"Bench Agent {run} {index}",
                "login": f"bench-agent-{run}-{index}",
                "groups_id": [
                    Command.link(env.ref("helpdesk_ticket.helpdesk_ticket_group_user").id)
                ],
            }
            for index in range(3)
        ]
    )
    queue = env["service.queue"].create(
        {
            "name": f"Bench {run}",
            "alias_name": f"bench-{run}",
            "distribution_method": "least_open",
            "shift_ids": [
                Command.create(
                    {"user_id": user.id, "weekday": str(day), "hour_from": 0.0, "hour_to": 24.0}
                )
                for user in users
                for day in range(7)
            ],
        }
    )
    partners = env["res.partner"].create(
        [
            {"name": f"Bench Customer {run} {i}", "email": f"customer{i}.{run}@bench.example.org"}
            for i in range(CUSTOMERS)
        ]
    )
    return queue, partners


def _fill(env, queue, partners, target):
    """Bring the queue's tickets to ``target`` by batch create (not timed)."""
    Ticket = env["service.ticket"]
    existing = Ticket.search_count([("queue_id", "=", queue.id)])
    missing = max(0, target - existing)
    for start in range(0, missing, 1000):
        count = min(1000, missing - start)
        Ticket.with_context(tracking_disable=True, mail_create_nolog=True).create(
            [
                {
                    "name": f"Filler {existing + start + i}",
                    "partner_id": partners[(start + i) % len(partners)].id,
                    "queue_id": queue.id,
                    "user_id": queue.shift_ids[0].user_id.id,
                }
                for i in range(count)
            ]
        )
        env.cr.commit()


def _mails(queue, partners, count, offset, numbers):
    alias = queue.alias_id.display_name
    for index in range(offset, offset + count):
        partner = partners[index % len(partners)]
        kind = index % 10
        extra, subject = "", f"Question {index}"
        if kind in (7, 8) and numbers:
            subject = f"AW: Question [{numbers[index % len(numbers)]}]"
        elif kind == 9:
            extra, subject = "Auto-Submitted: auto-replied\n", f"Abwesend {index}"
        yield MAIL.format(
            name=partner.name,
            email=partner.email,
            alias=alias,
            subject=subject,
            msgid=uuid.uuid4().hex,
            extra=extra,
            index=index,
        )


def _process(env, queue, partners, count, offset):
    numbers = (
        env["service.ticket"]
        .search([("queue_id", "=", queue.id)], order="id desc", limit=500)
        .mapped("number")
    )
    gateway = env["mail.thread"].with_context(mail_notify_force_send=False)
    env.cr.commit()
    start = time.perf_counter()
    for index, raw in enumerate(_mails(queue, partners, count, offset, numbers), 1):
        gateway.message_process(False, raw)
        if index % COMMIT_EVERY == 0:
            env.cr.commit()
    env.cr.commit()
    return time.perf_counter() - start


def _distribute(env, run, count):
    users = env["res.users"].create(
        [
            {
                "name": f"Bench Distributor {run} {index}",
                "login": f"bench-dist-{run}-{index}",
                "groups_id": [
                    Command.link(env.ref("helpdesk_ticket.helpdesk_ticket_group_user").id)
                ],
            }
            for index in range(7)
        ]
    )
    queue = env["service.queue"].create(
        {
            "name": f"Bench distribution {run}",
            "alias_name": f"bench-dist-{run}",
            "distribution_method": "manual",
            "shift_ids": [
                Command.create(
                    {"user_id": user.id, "weekday": str(day), "hour_from": 0.0, "hour_to": 24.0}
                )
                for user in users
                for day in range(7)
            ],
        }
    )
    tickets = env["service.ticket"].create(
        [{"name": f"Distribute {i}", "queue_id": queue.id} for i in range(count)]
    )
    queue.distribution_method = "round_robin"
    env.cr.commit()
    start = time.perf_counter()
    queue._distribute(tickets)
    env.cr.commit()
    seconds = time.perf_counter() - start
    loads = [len(tickets.filtered(lambda t, u=u: t.user_id == u)) for u in users]
    return seconds, loads


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--db-host", default="127.0.0.1")
    parser.add_argument("--db-user", default="odoo")
    parser.add_argument("--mails", type=int, default=10000)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10000)
    parser.add_argument("--distribute", type=int, default=1000)
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        [
            "-d", args.db,
            "--addons-path", args.addons_path,
            "--db_host", args.db_host,
            "--db_user", args.db_user,
            "--log-level", "warn",
        ]
    )  # fmt: skip
    run = uuid.uuid4().hex[:6]
    half = args.mails // 2
    with Registry(args.db).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        queue, partners = _setup(env, run)
        cr.commit()
        before = env["service.ticket"].search_count([])
        _fill(env, queue, partners, args.small)
        small = _process(env, queue, partners, half, 0)
        _fill(env, queue, partners, args.large)
        large = _process(env, queue, partners, args.mails - half, half)
        created = env["service.ticket"].search_count([]) - before
        distribute_s, loads = _distribute(env, run, args.distribute)
    per_small = small / half * 1000
    per_large = large / (args.mails - half) * 1000
    ratio = per_large / per_small
    print(f"mails through message_process: {args.mails} (tickets now in queue: {created})")
    print(
        f"at {args.small:>6} existing tickets: {half} mails in {small:.1f} s = "
        f"{half / small:.1f} mails/s, {per_small:.1f} ms/mail"
    )
    print(
        f"at {args.large:>6} existing tickets: {args.mails - half} mails in {large:.1f} s = "
        f"{(args.mails - half) / large:.1f} mails/s, {per_large:.1f} ms/mail"
    )
    print(f"ratio time per mail large/small: {ratio:.2f} (goal <= {RATIO_LIMIT})")
    print(f"distribution: {args.distribute} tickets in {distribute_s:.2f} s, loads {loads}")
    ok = ratio <= RATIO_LIMIT and max(loads) - min(loads) <= 1
    print("OK" if ok else "GOAL MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
