"""Loyalty benchmark (issue 12, acceptance 5): a card programme at production size.

    python3 tests/bench/loyalty.py --db ly_bench --accounts 600000 --vouchers 3500000 \
        --small 20000 --large 200000 --url http://127.0.0.1:8069

The database must have ``loyalty_points`` installed and be served at ``--url`` (XML-RPC,
admin/admin) for the till figures. Population runs at database speed: one template row per
table is made with the ORM and copied by ``INSERT ... SELECT generate_series``
(``populate.py``'s ``_clone``). Then:

- ``card_info`` and ``redeem_voucher`` over XML-RPC, p50/p95 (goal p95 < 50 ms);
- ``submit_receipts`` in batches of 100: receipts per second;
- the monthly run (``points.run._run_process(commit=True)``, chunks with one commit each)
  with ``--small`` and then ``--large`` eligible accounts: seconds and ms per eligible
  account; the ratio large/small of the per-account time (goal: flat, <= 1.5; goal for
  200,000 eligible: < 15 min).

Prints the figures and exits 1 when a goal is missed.
"""

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import odoo_rpc
import populate


def _log(message, started=None):
    suffix = f" ({time.monotonic() - started:.1f} s)" if started is not None else ""
    print(f"[loyalty] {message}{suffix}", flush=True)


def _populate(env, accounts, vouchers, small, seed):
    """Programme, store, ``accounts`` cards with one earn move each (``small`` of them at
    600 points, the rest at 100), ``vouchers`` vouchers (40 % open) and 1,000 vouchers with
    real codes for the redemption figures. Returns what the measurements need."""
    cr = env.cr
    started = time.monotonic()
    program = env["points.program"].create(
        {"name": f"Bench {seed}", "threshold_points": 500, "run_chunk_size": 2000}
    )
    store = env["points.store"].create(
        {"name": "Bench", "code": f"BENCH{seed}", "program_id": program.id}
    )
    partner = env["res.partner"].create({"name": "Bench Template", "zip": "10115"})
    account = env["points.account"].create({"partner_id": partner.id, "program_id": program.id})
    move = env["points.move"].create({"account_id": account.id, "kind": "earn", "points": 1})
    voucher = env["points.voucher"].create({"account_id": account.id, "amount": 5.0})
    env.flush_all()
    pfirst = populate._reserve_ids(cr, "res_partner", accounts)
    populate._clone(
        cr,
        "res_partner",
        partner.id,
        "SELECT generate_series(0, %(n)s - 1) AS g",
        {
            "id": "%(first)s + g.g",
            "name": "'Kunde ' || g.g",
            "complete_name": "'Kunde ' || g.g",
            "ref": "'L' || g.g",
        },
        {"n": accounts, "first": pfirst},
    )
    afirst = populate._reserve_ids(cr, "points_account", accounts)
    populate._clone(
        cr,
        "points_account",
        account.id,
        "SELECT generate_series(0, %(n)s - 1) AS g",
        {
            "id": "%(first)s + g.g",
            "partner_id": "%(pfirst)s + g.g",
            "card_number": "%(prefix)s || lpad(g.g::text, 9, '0')",
            "store_id": "%(store)s",
        },
        {
            "n": accounts,
            "first": afirst,
            "pfirst": pfirst,
            "store": store.id,
            "prefix": f"B{seed}-",
        },
    )
    populate._clone(
        cr,
        "points_move",
        move.id,
        "SELECT generate_series(0, %(n)s - 1) AS g",
        {
            "id": "nextval('points_move_id_seq')",
            "account_id": "%(afirst)s + g.g",
            "partner_id": "%(pfirst)s + g.g",
            "points": "CASE WHEN g.g < %(small)s THEN 600 ELSE 100 END",
            "revenue": "CASE WHEN g.g < %(small)s THEN 600 ELSE 100 END",
        },
        {"n": accounts, "afirst": afirst, "pfirst": pfirst, "small": small},
    )
    for first, count, _start in populate._chunks(0, vouchers):
        populate._clone(
            cr,
            "points_voucher",
            voucher.id,
            "SELECT generate_series(%(first)s, %(first)s + %(n)s - 1) AS g",
            {
                "id": "nextval('points_voucher_id_seq')",
                "code": "%(prefix)s || g.g",
                "account_id": "%(afirst)s + mod(g.g, %(accounts)s)",
                "partner_id": "%(pfirst)s + mod(g.g, %(accounts)s)",
                "state": "(ARRAY['used','used','used','used','expired','expired',"
                "'open','open','open','open'])[mod(g.g, 10) + 1]",
            },
            {
                "first": first,
                "n": count,
                "afirst": afirst,
                "pfirst": pfirst,
                "accounts": accounts,
                "prefix": f"BULK{seed}-",
            },
        )
    rng = random.Random(seed)
    real = env["points.voucher"].create(
        [{"account_id": afirst + rng.randrange(accounts), "amount": 5.0} for _ in range(1000)]
    )
    env.flush_all()
    cr.execute("ANALYZE res_partner, points_account, points_move, points_voucher")
    cr.commit()
    _log(f"populated {accounts:,} cards, {vouchers:,} vouchers", started)
    return {
        "program": program.id,
        "store": store.code,
        "afirst": afirst,
        "pfirst": pfirst,
        "codes": real.mapped("code"),
        "move": move.id,
    }


def _p(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000


def _till(args, world, calls):
    call = odoo_rpc.connect(args)
    rng = random.Random(args.seed)
    timings = {"card_info": [], "redeem_voucher": []}
    for _ in range(calls):
        card = f"B{args.seed}-" + str(rng.randrange(args.accounts)).zfill(9)
        started = time.perf_counter()
        call("points.account", "card_info", card)
        timings["card_info"].append(time.perf_counter() - started)
    refused = 0
    for index, code in enumerate(world["codes"][:calls]):
        started = time.perf_counter()
        answer = call(
            "points.voucher", "redeem_voucher", code, f"BENCH{args.seed}-{index}", "bench", 50.0
        )
        timings["redeem_voucher"].append(time.perf_counter() - started)
        refused += not answer["accepted"]
    batches, size = 10, 100
    started = time.perf_counter()
    for batch in range(batches):
        receipts = [
            {
                "receipt_id": f"R{args.seed}-{batch}-{n}",
                "card_number": f"B{args.seed}-" + str(rng.randrange(args.accounts)).zfill(9),
                "date": "2026-12-01T10:00:00",
                "total": 23.8,
                "net": 20.0,
            }
            for n in range(size)
        ]
        answers = call("points.receipt", "submit_receipts", world["store"], receipts)
        assert all(a["status"] == "booked" for a in answers), answers[:3]
    per_second = batches * size / (time.perf_counter() - started)
    return timings, refused, per_second


def _monthly(env, world, period):
    run = env["points.run"].create(
        {"program_id": world["program"], "period": period, "state": "queued"}
    )
    env.cr.commit()
    started = time.monotonic()
    run._run_process(commit=True)
    seconds = time.monotonic() - started
    return seconds, run.account_count, run.voucher_count


def main():
    parser = odoo_rpc.parser(__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=600_000)
    parser.add_argument("--vouchers", type=int, default=3_500_000)
    parser.add_argument("--small", type=int, default=20_000)
    parser.add_argument("--large", type=int, default=200_000)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    odoo = populate.odoo_config(args.db)
    from odoo.modules.registry import Registry

    registry = Registry(args.db)
    failed = []
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        world = _populate(env, args.accounts, args.vouchers, args.small, args.seed)
    timings, refused, per_second = _till(args, world, args.calls)
    for name, values in timings.items():
        p50, p95 = _p(values, 0.5), _p(values, 0.95)
        print(f"{name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms over {len(values)} XML-RPC calls")
        if p95 >= 50:
            failed.append(f"{name} p95 {p95:.1f} ms >= 50 ms")
    print(f"redeem_voucher refused: {refused} (expected 0)")
    print(f"submit_receipts: {per_second:.0f} receipts/s (batches of 100)")
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        small = _monthly(env, world, f"B{args.seed}-1")
        # Make ``--large`` cards eligible again: one more earn move of 500 each.
        populate._clone(
            cr,
            "points_move",
            world["move"],
            "SELECT generate_series(0, %(n)s - 1) AS g",
            {
                "id": "nextval('points_move_id_seq')",
                "account_id": "%(afirst)s + g.g",
                "partner_id": "%(pfirst)s + g.g",
                "points": "CASE WHEN g.g < %(small)s THEN 500 ELSE 400 END",
            },
            {
                "n": args.large,
                "afirst": world["afirst"],
                "pfirst": world["pfirst"],
                "small": args.small,
            },
        )
        cr.execute("ANALYZE points_move, points_voucher")
        cr.commit()
        large = _monthly(env, world, f"B{args.seed}-2")
    per = []
    for label, (seconds, served, issued) in (("small", small), ("large", large)):
        per.append(seconds / max(served, 1) * 1000)
        print(
            f"monthly run ({label}): {served:,} eligible of {args.accounts:,} cards, "
            f"{issued:,} vouchers in {seconds:.1f} s = {per[-1]:.2f} ms per eligible card"
        )
    ratio = per[1] / per[0]
    print(f"per-card time large/small: {ratio:.2f}")
    if ratio > 1.5:
        failed.append(f"monthly run per-card ratio {ratio:.2f} > 1.5")
    if large[0] * args.large / max(large[1], 1) > 900:
        failed.append("monthly run over the large set would take > 15 min")
    for failure in failed:
        print("GOAL MISSED:", failure)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
