"""Hot reads at production size: p50/p95 over XML-RPC, and the ratio to a small database.

    python3 tests/bench/scale.py --url http://127.0.0.1:8069 --db big --small-db small \
        [--runs 30] [--login admin --password admin]

Both databases are filled by ``populate.py`` (same seed) and served by the same Odoo (2
workers for the figures of issue 15). Each read is the call the web client makes (or the
closest model call), with values picked from the database before timing: the clearing
workbench grouped by reason, the backlog report grouped by reason, by source and as a
pivot (reason x age), the clearing reasons with counts, the clearing dashboard, take next
(a clerk; each taken order is put back untimed), orders by outside reference and by name
or reference (search view, first page with its count), orders by customer name, e-mail
and phone, the customer dropdown (``name_search``) and the customer form with its smart
buttons. Prints p50/p95 in ms per read and database, the ratio big/small of the p95, and
exits 1 when a p95 on the big database is 300 ms or more (the goal of issue 15).
"""

import statistics
import sys
import time
import xmlrpc.client

import odoo_rpc

GOAL_MS = 300
OPEN = ["in_clearing", "in_progress"]
ORDER_LIST = {
    "name": {},
    "external_ref": {},
    "partner_id": {"fields": {"display_name": {}}},
    "date_order": {},
    "amount_total": {},
    "state": {},
    "validation_state": {},
    "clearing_state": {},
}


def connect(args, db, login=None, password=None):
    return odoo_rpc.connect(
        type(args)(
            **dict(vars(args), db=db, login=login or args.login, password=password or args.password)
        )
    )


def search_page(call, domain):
    """What the list view does: first page (80) and, when full, the count."""
    result = call(
        "sale.order",
        "web_search_read",
        domain,
        specification=ORDER_LIST,
        limit=80,
        count_limit=10001,
    )
    return result["length"]


def samples(call):
    """Values to search for, from the database (not timed)."""
    [order] = call(
        "sale.order",
        "search_read",
        [("external_ref", "!=", False)],
        fields=["name", "external_ref", "partner_id"],
        limit=1,
        offset=call("sale.order", "search_count", []) // 2,
        order="id",
    )
    [partner] = call("res.partner", "read", [order["partner_id"][0]], ["name", "email", "phone"])
    return {
        "ref_fragment": order["external_ref"][-8:],
        "name_fragment": order["name"][1:],
        "customer_name": partner["name"],
        "customer_email": partner["email"].split("@")[0],
        "customer_phone": partner["phone"],
        "partner_id": partner["id"],
        "clerk": call(
            "res.users",
            "search_read",
            [("login", "like", "bench-clerk-")],
            fields=["login"],
            limit=1,
        )[0]["login"],
    }


def reads(call, clerk_call, values):
    """``{label: function}`` of the reads of issue 15's table."""

    def workbench():
        return call(
            "sale.order",
            "web_read_group",
            [("clearing_state", "in", OPEN)],
            ["amount_total:sum"],
            ["clearing_reason_id"],
            lazy=True,
        )

    def backlog(groupby, lazy=True):
        def read():
            return call(
                "clearing.backlog.report",
                "web_read_group",
                [],
                ["order_count:sum", "age_hours:avg"],
                groupby,
                lazy=lazy,
            )

        return read

    def reasons():
        return call(
            "clearing.reason",
            "web_search_read",
            [],
            specification={"name": {}, "code": {}, "priority": {}, "order_count": {}},
        )

    def dashboard():
        [wizard_id] = call("clearing.stats.wizard", "create", [{}])
        return call(
            "clearing.stats.wizard",
            "read",
            [wizard_id],
            ["backlog", "avg_hours", "p90_hours", "cleared_per_day", "arrivals_per_day"],
        )

    taken = []

    def take_next():
        action = clerk_call("sale.order", "action_take_next", [])
        if action.get("res_id"):
            taken.append(action["res_id"])
        return action

    def customer_form():
        return call(
            "res.partner",
            "web_read",
            [values["partner_id"]],
            specification={
                "name": {},
                "email": {},
                "phone": {},
                "street": {},
                "zip": {},
                "city": {},
                "sale_order_count": {},
                "promo_participant_ids": {},
            },
        )

    def by_customer(value):
        return lambda: search_page(call, [("partner_id", "child_of", value)])

    return {
        "clearing workbench, grouped by reason": workbench,
        "backlog by reason": backlog(["reason_id"]),
        "backlog by campaign": backlog(["source_id"]),
        "backlog pivot reason x age": backlog(["reason_id", "age_bucket"], lazy=False),
        "clearing reasons with counts": reasons,
        "clearing dashboard": dashboard,
        "take next": take_next,
        "orders by outside reference (ilike)": lambda: search_page(
            call, [("external_ref", "ilike", values["ref_fragment"])]
        ),
        "orders by name or reference": lambda: search_page(
            call,
            [
                "|",
                ("name", "ilike", values["name_fragment"]),
                ("external_ref", "ilike", values["name_fragment"]),
            ],
        ),
        "orders by customer name": by_customer(values["customer_name"]),
        "orders by customer e-mail": by_customer(values["customer_email"]),
        "orders by customer phone": lambda: search_page(
            call, [("partner_id.phone_mobile_search", "ilike", values["customer_phone"])]
        ),
        "customer dropdown (name_search)": lambda: call(
            "res.partner", "name_search", values["customer_name"].split()[-1], limit=8
        ),
        "customer form with smart buttons": customer_form,
    }, taken


def measure(function, runs):
    function()  # warm-up: caches of the worker, not of the data
    times = []
    for _run in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]
    return statistics.median(times), p95


def bench_db(args, db):
    call = connect(args, db)
    values = samples(call)
    clerk_call = connect(args, db, values["clerk"], values["clerk"])
    functions, taken = reads(call, clerk_call, values)
    figures = {}
    for label, function in functions.items():
        try:
            figures[label] = measure(function, args.runs)
        except xmlrpc.client.Fault as fault:
            print(f"{db}: {label}: {fault.faultString.strip().splitlines()[-1]}")
            figures[label] = (float("nan"), float("nan"))
        print(
            f"{db}: {label}: p50 {figures[label][0]:.0f} ms, p95 {figures[label][1]:.0f} ms",
            flush=True,
        )
    if taken:  # put the taken orders back (untimed)
        call("sale.order", "action_clearing_unassign", taken)
    return figures


def main():
    parser = odoo_rpc.parser(__doc__.splitlines()[0])
    parser.add_argument("--small-db", help="the same reads on a small database, for ratios")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    big = bench_db(args, args.db)
    small = bench_db(args, args.small_db) if args.small_db else {}
    print()
    print(f"| read | p50 ms | p95 ms | p95 small | ratio | goal p95 < {GOAL_MS} |")
    print("|---|---|---|---|---|---|")
    missed = []
    for label, (p50, p95) in big.items():
        small_p95 = small.get(label, (None, None))[1]
        ratio = f"{p95 / small_p95:.1f}" if small_p95 else "-"
        small_text = f"{small_p95:.0f}" if small_p95 else "-"
        ok = p95 < GOAL_MS
        if not ok:
            missed.append(label)
        print(
            f"| {label} | {p50:.0f} | {p95:.0f} | {small_text} | {ratio} "
            f"| {'ok' if ok else 'MISSED'} |"
        )
    if missed:
        print(f"goal missed: {', '.join(missed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
