"""Where the time of ``submit_orders`` goes: ms and SQL queries per order, in-process.

    python3 tests/bench/intake_profile.py -d bench [--orders 100] [--rounds 3] [--profile 25]

Runs against a database with ``promo_orders`` and its demo campaign (HERBST26), inside
the Odoo process (no HTTP): each round submits ``--orders`` new valid orders of 3 lines
through ``promo.campaign.submit_orders`` as an API user, in one transaction that is
rolled back afterwards, so rounds and runs are repeatable. Prints ms per order and SQL
queries per order of each round; ``--profile N`` adds cProfile's N most expensive
functions (cumulative) of the last round.
"""

import argparse
import cProfile
import io
import pstats
import sys
import time

import populate


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--db", required=True)
    parser.add_argument("--campaign", default="HERBST26")
    parser.add_argument("--orders", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0)
    args = parser.parse_args()

    populate.odoo_config(args.db)
    from intake import three_lines  # after odoo_config: it finds the core

    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    from clearhouse.intake.generator import generate_orders

    registry = Registry(args.db)
    figures = []
    for round_no in range(args.rounds):
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            campaign = env["promo.campaign"].search([("code", "=", args.campaign)])
            admin = env.ref("base.user_admin")
            admin.groups_id |= env.ref("clearhouse_order.clearhouse_order_group_api")
            campaign.write({"api_user_ids": [(4, admin.id)], "auto_confirm": True})
            orders = three_lines(
                generate_orders(
                    args.orders, invalid_ratio=0.0, seed=round_no, ref_prefix=f"PROF{round_no}"
                ),
                round_no,
            )
            env.flush_all()
            user_env = env(user=admin.id, su=False)
            profiler = cProfile.Profile() if args.profile else None
            queries = cr.sql_log_count
            start = time.perf_counter()
            if profiler:
                profiler.enable()
            results = user_env["promo.campaign"].submit_orders(args.campaign, orders)
            user_env.flush_all()
            if profiler:
                profiler.disable()
            seconds = time.perf_counter() - start
            queries = cr.sql_log_count - queries
            states = {}
            for result in results:
                states[result["state"]] = states.get(result["state"], 0) + 1
            figures.append((seconds * 1000 / args.orders, queries / args.orders))
            print(
                f"round {round_no}: {seconds * 1000 / args.orders:.1f} ms/order, "
                f"{queries / args.orders:.1f} queries/order, states {states}",
                flush=True,
            )
            cr.rollback()
    best = min(figures)
    print(f"best of {args.rounds}: {best[0]:.1f} ms/order, {best[1]:.1f} queries/order")
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.profile)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
