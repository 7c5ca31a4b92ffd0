"""Shop intake benchmark: 1,000 shop orders through ``shop.backend.submit_shop_orders``.

Against a running Odoo 18 with shop_connector installed:

    python3 tests/bench/shop_intake.py --url http://127.0.0.1:8069 --db clearhouse \
        --login admin --password admin [--orders 1000] [--batch 100]

Creates (once) a push backend "BENCH" with two mapped products and a paid payment method,
submits the orders (paid: confirmed at once, with deliveries) and compares with plain
``sale.order`` create+confirm of the same orders over XML-RPC. Prints both rates and the
ratio shop intake / plain.
"""

import time

import odoo_rpc

from clearhouse.intake.generator import generate_orders


def main():
    parser = odoo_rpc.parser(__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()
    call = odoo_rpc.connect(args)

    # Set-up (not timed).
    products = []
    for code, name in (("BENCH-MUG", "Bench Mug"), ("BENCH-CAP", "Bench Cap")):
        found = call("product.product", "search", [("default_code", "=", code)])
        products.append(
            found[0]
            if found
            else call(
                "product.product",
                "create",
                {"name": name, "default_code": code, "type": "consu", "list_price": 10.0},
            )
        )
    backend = call("shop.backend", "search", [("code", "=", "BENCH")])
    if not backend:
        call(
            "shop.backend",
            "create",
            {
                "name": "Bench shop",
                "code": "BENCH",
                "shop_type": "push",
                "payment_mapping_ids": [(0, 0, {"code": "paypal", "category": "paid"})],
                "product_mapping_ids": [
                    (0, 0, {"sku": "BENCH-MUG", "product_id": products[0]}),
                    (0, 0, {"sku": "BENCH-CAP", "product_id": products[1]}),
                ],
            },
        )
    odoo_rpc.grant_api(
        call, "shop.backend", call("shop.backend", "search", [("code", "=", "BENCH")])[0]
    )
    countries = {
        c["code"]: c["id"] for c in call("res.country", "search_read", [], fields=["code"])
    }
    stamp = time.strftime("%H%M%S")
    base = generate_orders(
        args.orders, invalid_ratio=0.0, seed=int(time.time()), ref_prefix=f"SB{stamp}"
    )
    orders = [
        {
            "external_ref": order["external_ref"],
            "payment_method": "paypal",
            "customer": {k: v for k, v in order["customer"].items() if k != "company"},
            "lines": [{"sku": "BENCH-MUG", "quantity": 1}, {"sku": "BENCH-CAP", "quantity": 2}],
        }
        for order in base
    ]
    start = time.perf_counter()
    states = {}
    for i in range(0, len(orders), args.batch):
        for result in call(
            "shop.backend", "submit_shop_orders", "BENCH", orders[i : i + args.batch]
        ):
            states[result["state"]] = states.get(result["state"], 0) + 1
    shop_s = time.perf_counter() - start

    start = time.perf_counter()
    for i in range(0, len(orders), args.batch):
        chunk = orders[i : i + args.batch]
        partner_ids = call(
            "res.partner",
            "create",
            [
                {
                    "name": f"{o['customer']['firstname']} {o['customer']['lastname']}",
                    "email": o["customer"]["email"],
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
                    "client_order_ref": f"P-{o['external_ref']}",
                    "order_line": [
                        (0, 0, {"product_id": products[0], "product_uom_qty": 1}),
                        (0, 0, {"product_id": products[1], "product_uom_qty": 2}),
                    ],
                }
                for pid, o in zip(partner_ids, chunk, strict=True)
            ],
        )
        call("sale.order", "action_confirm", order_ids)
    plain_s = time.perf_counter() - start
    print(f"shop orders: {len(orders)} x 2 lines, batches of {args.batch}; results {states}")
    print(f"submit_shop_orders:   {shop_s:7.1f} s  {len(orders) / shop_s:7.1f} orders/s")
    print(f"plain create+confirm: {plain_s:7.1f} s  {len(orders) / plain_s:7.1f} orders/s")
    print(f"ratio shop intake/plain: {plain_s / shop_s:.2f}")


if __name__ == "__main__":
    main()
