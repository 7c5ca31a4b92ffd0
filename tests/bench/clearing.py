"""Clearing benchmark: bulk "Re-validate and Release" of N orders in one call.

Against a running Odoo 18 with promo_clearing and the demo campaign (HERBST26):

    python3 tests/bench/clearing.py --url http://127.0.0.1:8069 --db clearhouse \
        --login admin --password admin [--orders 2000]

Creates N orders with an invalid phone number through ``submit_orders`` (they go to
clearing), then measures three bulk calls on all of them, each one request and one
transaction: re-validation while still invalid (validation cost only), the same after
fixing the phones (validation, release, confirmation and deliveries), and prints orders/s
and the ratios to a quarter-size run (per-order cost must not grow with the batch).
Goal: the 2,000-order re-validation under 60 s on a 2-core machine.
"""

import time

import odoo_rpc

from clearhouse.intake.generator import generate_orders


def main():
    parser = odoo_rpc.parser(__doc__.splitlines()[0])
    parser.add_argument("--campaign", default="HERBST26")
    parser.add_argument("--orders", type=int, default=2000)
    args = parser.parse_args()

    call = odoo_rpc.connect(args)

    [campaign] = call(
        "promo.campaign", "search_read", [("code", "=", args.campaign)], fields=["id"]
    )
    odoo_rpc.grant_api(call, "promo.campaign", campaign["id"])
    call("promo.campaign", "write", [campaign["id"]], {"state": "running"})

    def prepare(count, prefix):
        # A fresh seed per run: new participants, no contact data from earlier runs.
        seed = int(time.time()) + count
        orders = generate_orders(count, invalid_ratio=0.0, seed=seed, ref_prefix=prefix)
        for order in orders:
            order["customer"]["phone"] = "12"  # invalid: every order goes to clearing
        ids = []
        for start in range(0, count, 200):
            ids += [
                r["order_id"]
                for r in call(
                    "promo.campaign", "submit_orders", args.campaign, orders[start : start + 200]
                )
            ]
        return ids

    def timed(method, ids):
        start = time.perf_counter()
        call("sale.order", method, ids)
        return time.perf_counter() - start

    def fix_phones(ids):
        partners = {
            row["partner_shipping_id"][0]
            for row in call("sale.order", "read", ids, ["partner_shipping_id"])
        }
        call("res.partner", "write", list(partners), {"phone": "+49 30 1234567"})

    stamp = time.strftime("%H%M%S")
    figures = {}
    for count in (args.orders // 4, args.orders):
        ids = prepare(count, f"BC{count}-{stamp}")
        states = call("sale.order", "read", ids[:1], ["clearing_state"])[0]["clearing_state"]
        assert states == "in_clearing", states
        still = timed("action_clearing_revalidate", ids)
        fix_phones(ids)
        release = timed("action_clearing_revalidate", ids)
        released = call(
            "sale.order",
            "search_count",
            [("id", "in", ids), ("clearing_state", "=", "released"), ("state", "=", "sale")],
        )
        figures[count] = (still, release, released)
        print(
            f"{count:5d} orders: re-validate (still invalid) {still:6.1f} s "
            f"({count / still:6.1f}/s); fixed -> released+confirmed {release:6.1f} s "
            f"({count / release:6.1f}/s); released {released}"
        )
    small, big = args.orders // 4, args.orders
    for index, label in ((0, "re-validate"), (1, "release+confirm")):
        per_small = figures[small][index] / small
        per_big = figures[big][index] / big
        print(f"per-order cost ratio {big} vs {small} ({label}): {per_big / per_small:.2f}")
    print(
        f"goal: {big} re-validations under 60 s -> {figures[big][0]:.1f} s "
        f"({'met' if figures[big][0] < 60 else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
