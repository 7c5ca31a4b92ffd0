"""Review mailer benchmark: N due review requests queued by the cron, in-process.

Against a database with review_mailer installed (no demo needed), with the Odoo 18
source importable:

    python3 tests/bench/review_mailer.py -d rv_bench \
        --addons-path /opt/odoo18/addons,/opt/odoo18/odoo/addons,addons [--orders 20000]

Creates N and N/10 one-line orders of two shop sources (always-open send window, no
cap, no cooldown; a 70/30 platform rule), each with a request delivered 8 days ago
(created directly: the warehouse is not what is measured), then runs the cron's
per-source step (``_review_queue_source``, batches of 500, one commit per batch as in
production) on each source and prints orders/s and queries per order. Goal: queries per
order do not grow from N/10 to N (ratio <= 1.1), and 20,000 requests queued in < 10 min
on a 2-core machine. Everything it creates carries the code prefix BENCH-REVIEW.
"""

import argparse
import datetime
import sys
import time

import odoo
from odoo import SUPERUSER_ID, Command, api


def _setup(env, count, code):
    # Preparing is not measured: no chatter messages and tracking for the fixtures.
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
    source = env["clearhouse.order.source"].create(
        {
            "name": f"Bench shop {code}",
            "code": code,
            "kind": "shop",
            "shipping_mail": False,
            "review_enabled": True,
            "review_hour_from": 0,
            "review_hour_to": 24,
            "review_on_sat": True,
            "review_on_sun": True,
            "review_cooldown_days": 0,
        }
    )
    platforms = env["review.platform"].create(
        [
            {
                "name": "Trusted Shops",
                "code": f"{code}-ts",
                "url_template": "https://ts.example/review?order={order_ref}",
                "product_url_template": "https://ts.example/p/{sku}?order={order_ref}",
            },
            {"name": "Google", "code": f"{code}-g", "url_template": "https://g.example/r"},
        ]
    )
    env["review.rule"].create(
        {
            "name": code,
            "source_ids": [Command.link(source.id)],
            "line_ids": [
                Command.create({"platform_id": platforms[0].id, "weight": 70}),
                Command.create({"platform_id": platforms[1].id, "weight": 30}),
            ],
        }
    )
    product = env["product.product"].create(
        {"name": f"Bench product {code}", "type": "consu", "default_code": code, "list_price": 30}
    )
    delivered = datetime.datetime.now() - datetime.timedelta(days=8)
    for start in range(0, count, 1000):
        size = min(1000, count - start)
        partners = env["res.partner"].create(
            [
                {"name": f"Bench {code} {start + i}", "email": f"{code}.{start + i}@example.com"}
                for i in range(size)
            ]
        )
        orders = env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "order_source_id": source.id,
                    "external_ref": f"{code}-{start + i}",
                    "order_line": [Command.create({"product_id": product.id})],
                }
                for i, partner in enumerate(partners)
            ]
        )
        env["review.request"].create(
            [{"order_id": order.id, "delivered_at": delivered} for order in orders]
        )
        env.cr.commit()
        print(f"  {code}: {start + size} orders prepared", flush=True)
    return source.with_env(env(context={}))


def _measure(env, source):
    env.invalidate_all()
    before = env.cr.sql_log_count
    start = time.perf_counter()
    queued = env["review.request"]._review_queue_source(source, datetime.datetime.now(), 500)
    seconds = time.perf_counter() - start
    queries = env.cr.sql_log_count - before
    return len(queued), seconds, queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--db_host", default="127.0.0.1")
    parser.add_argument("--db_user", default="odoo")
    parser.add_argument("--orders", type=int, default=20000)
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        [
            "-d", args.database,
            "--addons-path", args.addons_path,
            "--db_host", args.db_host,
            "--db_user", args.db_user,
        ]
    )  # fmt: skip
    registry = odoo.modules.registry.Registry(args.database)
    stamp = time.strftime("%H%M%S")
    figures = {}
    for count in (args.orders // 10, args.orders):
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            source = _setup(env, count, f"BENCH-REVIEW-{count}-{stamp}")
            queued, seconds, queries = _measure(env, source)
            cr.commit()
        figures[count] = (queued, seconds, queries)
        print(
            f"{count:>6} due requests: {queued} queued in {seconds:.1f} s "
            f"({queued / seconds:.0f} orders/s), {queries} queries "
            f"({queries / max(queued, 1):.2f} per order)",
            flush=True,
        )
    small, large = figures[args.orders // 10], figures[args.orders]
    per_small = small[2] / max(small[0], 1)
    per_large = large[2] / max(large[0], 1)
    ratio = per_large / per_small
    time_ratio = (large[1] / max(large[0], 1)) / (small[1] / max(small[0], 1))
    print(f"queries per order ratio {args.orders} vs {args.orders // 10}: {ratio:.2f}")
    print(f"seconds per order ratio: {time_ratio:.2f}")
    ok = ratio <= 1.1 and large[0] == args.orders and large[1] < 600
    print("goals met" if ok else "GOAL MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
