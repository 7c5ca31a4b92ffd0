"""Tickets benchmark: incoming mail through the gateway, and distribution.

In-process against an Odoo 18 database with helpdesk_ticket installed (the gateway is
``mail.thread.message_process``, exactly what ``odoo-mailgate.py`` and the IMAP fetcher
call; no RPC in between, so the figures are the gateway's own):

    PYTHONPATH=$PWD python3 tests/bench/tickets.py --db tk_bench \
        --addons-path /opt/odoo18/addons,/opt/odoo18/odoo/addons,$PWD/addons \
        [--mails 10000] [--small 1000] [--large 10000] [--distribute 1000]

Creates two queues with aliases (unique per run), three members on shift around the clock
each, and 2,000 customers; queue S is filled to ``--small`` tickets and queue L to
``--large`` (batch create, not timed). Then the mails (70 % new mails from known customers,
20 % replies naming a ``[T-...]`` of that queue in the subject without headers, 10 %
auto-replies) go through the gateway in alternating chunks of 100, S, L, S, L, ..., one
commit per chunk: the two sizes are measured side by side, so a shared machine's load
changes hit both alike (measured one after the other, a change of load alone gave ratios
from 0.98 to 2.0). Prints mails/s, ms and SQL queries per mail for both queues; goal: time
per mail L/S at most 1.3. Finally ``--distribute`` unassigned tickets are handed out in one
call (``service.queue._distribute``) and the loads are checked (max - min <= 1).
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


def _agents(env, prefix, count):
    group = env.ref("helpdesk_ticket.helpdesk_ticket_group_user")
    return env["res.users"].create(
        [
            {
                "name": f"Bench {prefix} {index}",
                "login": f"bench-{prefix}-{index}",
                "groups_id": [Command.link(group.id)],
            }
            for index in range(count)
        ]
    )


def _queue(env, name, alias, users, method):
    return env["service.queue"].create(
        {
            "name": name,
            "alias_name": alias,
            "distribution_method": method,
            "shift_ids": [
                Command.create(
                    {"user_id": user.id, "weekday": str(day), "hour_from": 0.0, "hour_to": 24.0}
                )
                for user in users
                for day in range(7)
            ],
        }
    )


def _setup(env, run):
    env["ir.config_parameter"].set_param("mail.gateway.loop.threshold", 100000)
    domain = env.company.alias_domain_id or env["mail.alias.domain"].create(
        {"name": "bench.example.com"}
    )
    env.company.alias_domain_id = domain
    queues = [
        _queue(env, f"Bench {run} {size}", f"bench-{run}-{size}", _agents(env, f"{run}-{size}", 3),
               "least_open")
        for size in ("small", "large")
    ]  # fmt: skip
    partners = env["res.partner"].create(
        [
            {"name": f"Bench Customer {run} {i}", "email": f"customer{i}.{run}@bench.example.org"}
            for i in range(CUSTOMERS)
        ]
    )
    return queues, partners


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
    """Raw mails to the queue's alias: new, replies by reference, auto-replies."""
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


def _process(env, queues, partners, count):
    """Alternate chunks between the queues; returns {queue id: (seconds, queries, mails)}."""
    gateway = env["mail.thread"].with_context(mail_notify_force_send=False)
    numbers = {
        queue.id: env["service.ticket"]
        .search([("queue_id", "=", queue.id)], order="id desc", limit=500)
        .mapped("number")
        for queue in queues
    }
    totals = {queue.id: [0.0, 0, 0] for queue in queues}
    env.cr.commit()
    for chunk in range(0, count, COMMIT_EVERY):
        queue = queues[(chunk // COMMIT_EVERY) % len(queues)]
        size = min(COMMIT_EVERY, count - chunk)
        mails = list(_mails(queue, partners, size, chunk, numbers[queue.id]))
        queries, start = env.cr.sql_log_count, time.perf_counter()
        for raw in mails:
            gateway.message_process(False, raw)
        env.cr.commit()
        total = totals[queue.id]
        total[0] += time.perf_counter() - start
        total[1] += env.cr.sql_log_count - queries
        total[2] += size
    return totals


def _distribute(env, run, count):
    users = _agents(env, f"{run}-dist", 7)
    queue = _queue(env, f"Bench distribution {run}", f"bench-dist-{run}", users, "manual")
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
    with Registry(args.db).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        (small_queue, large_queue), partners = _setup(env, run)
        cr.commit()
        _fill(env, small_queue, partners, args.small)
        _fill(env, large_queue, partners, args.large)
        totals = _process(env, [small_queue, large_queue], partners, args.mails)
        distribute_s, loads = _distribute(env, run, args.distribute)
        print(f"mails through message_process: {args.mails}")
        per_mail = {}
        for queue, size in ((small_queue, args.small), (large_queue, args.large)):
            seconds, queries, mails = totals[queue.id]
            per_mail[size] = seconds / mails * 1000
            print(
                f"queue with {size:>6} existing tickets: {mails} mails in {seconds:.1f} s = "
                f"{mails / seconds:.1f} mails/s, {per_mail[size]:.1f} ms/mail, "
                f"{queries / mails:.1f} queries/mail"
            )
    ratio = per_mail[args.large] / per_mail[args.small]
    print(f"ratio time per mail {args.large}/{args.small}: {ratio:.2f} (goal <= {RATIO_LIMIT})")
    print(f"distribution: {args.distribute} tickets in {distribute_s:.2f} s, loads {loads}")
    ok = ratio <= RATIO_LIMIT and max(loads) - min(loads) <= 1
    print("OK" if ok else "GOAL MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
