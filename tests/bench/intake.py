"""Intake benchmark: ``submit_orders`` vs. plain sale.order create+confirm over XML-RPC.

Runs against a running Odoo 18 with promo_orders and its demo campaign (HERBST26):

    python3 tests/bench/intake.py --url http://127.0.0.1:8069 --db clearhouse \
        --login admin --password admin [--orders 1000] [--batch 100]

Both paths get the same 1,000 orders of 3 lines each (all valid) in batches of 100: the
intake with partner matching, validation, bookkeeping and automatic confirmation; the plain
path creates the same partners and orders and confirms them. Prints both rates and the ratio
intake/plain (goal >= 0.8: validation and bookkeeping cost at most 25%).
"""

import random
import time

import odoo_rpc

from clearhouse.intake.generator import DEMO_CATALOGUE, generate_orders


def three_lines(orders, seed):
    """Give every order exactly three distinct premiums and a balance that covers them."""
    rng = random.Random(seed)
    for order in orders:
        lines, points = [], 0
        for sku, _name, price, sizes in rng.sample(DEMO_CATALOGUE, 3):
            line = {"sku": sku, "quantity": 1}
            if sizes:
                line["size"] = rng.choice(sizes)
            lines.append(line)
            points += price
        order["lines"] = lines
        order["declared_points"] = points + rng.choice((0, 50, 500))
    return orders


def main():
    parser = odoo_rpc.parser(__doc__.splitlines()[0])
    parser.add_argument("--campaign", default="HERBST26")
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()

    call = odoo_rpc.connect(args)

    # Set-up (not timed): the bench user may submit, the campaign runs and auto-confirms.
    [campaign] = call(
        "promo.campaign",
        "search_read",
        [("code", "=", args.campaign)],
        fields=["id", "product_ids"],
    )
    odoo_rpc.grant_api(call, "promo.campaign", campaign["id"])
    call("promo.campaign", "write", [campaign["id"]], {"state": "running", "auto_confirm": True})
    premiums = call(
        "promo.campaign.product",
        "search_read",
        [("campaign_id", "=", campaign["id"])],
        fields=["code", "product_tmpl_id"],
    )
    tmpl_code = {p["product_tmpl_id"][0]: p["code"] for p in premiums}
    variants = {}
    for row in call(
        "product.product",
        "search_read",
        [("product_tmpl_id", "in", list(tmpl_code))],
        fields=["product_tmpl_id", "product_template_attribute_value_ids"],
    ):
        names = (
            call(
                "product.template.attribute.value",
                "read",
                row["product_template_attribute_value_ids"],
                ["name"],
            )
            if row["product_template_attribute_value_ids"]
            else []
        )
        size = names[0]["name"] if names else ""
        variants[(tmpl_code[row["product_tmpl_id"][0]], size)] = row["id"]
    countries = {
        c["code"]: c["id"] for c in call("res.country", "search_read", [], fields=["code"])
    }

    stamp = time.strftime("%H%M%S")
    orders = three_lines(
        generate_orders(args.orders, invalid_ratio=0.0, seed=11, ref_prefix=f"BI{stamp}"), 11
    )
    plain_orders = three_lines(
        generate_orders(args.orders, invalid_ratio=0.0, seed=11, ref_prefix=f"BP{stamp}"), 11
    )

    start = time.perf_counter()
    states = {}
    for i in range(0, len(orders), args.batch):
        for result in call(
            "promo.campaign", "submit_orders", args.campaign, orders[i : i + args.batch]
        ):
            state = result["validation"] or result["state"]
            states[state] = states.get(state, 0) + 1
    intake_s = time.perf_counter() - start

    start = time.perf_counter()
    for i in range(0, len(plain_orders), args.batch):
        chunk = plain_orders[i : i + args.batch]
        partner_ids = call(
            "res.partner",
            "create",
            [
                {
                    "name": f"{o['customer']['firstname']} {o['customer']['lastname']}",
                    "email": o["customer"]["email"],
                    "phone": o["customer"]["phone"],
                    "street": o["customer"]["street"],
                    "zip": o["customer"]["zip"],
                    "city": o["customer"]["city"],
                    "country_id": countries[o["customer"]["country"]],
                }
                for o in chunk
            ],
        )
        order_ids = call(
            "sale.order",
            "create",
            [
                {
                    "partner_id": pid,
                    "client_order_ref": o["external_ref"],
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": variants[(ln["sku"], ln.get("size", ""))],
                                "product_uom_qty": ln["quantity"],
                            },
                        )
                        for ln in o["lines"]
                    ],
                }
                for pid, o in zip(partner_ids, chunk, strict=True)
            ],
        )
        call("sale.order", "action_confirm", order_ids)
    plain_s = time.perf_counter() - start

    intake_rate = len(orders) / intake_s
    plain_rate = len(plain_orders) / plain_s
    print(f"orders: {len(orders)} x 3 lines, batches of {args.batch}")
    print(f"intake results: {states}")
    print(f"submit_orders:       {intake_s:8.1f} s  {intake_rate:8.1f} orders/s")
    print(f"plain create+confirm: {plain_s:7.1f} s  {plain_rate:8.1f} orders/s")
    print(f"ratio intake/plain: {intake_rate / plain_rate:.2f} (goal >= 0.80)")


if __name__ == "__main__":
    main()
