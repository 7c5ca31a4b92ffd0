"""Clients of ``multinode.sh``: intake on several nodes at once, cron jobs, replica reads.

    python3 tests/bench/multinode_clients.py intake --urls URL1,URL2 --db DB [--orders 600]
    python3 tests/bench/multinode_clients.py crons-create --url URL --db DB [--crons 20]
    python3 tests/bench/multinode_clients.py crons-check --url URL --db DB
    python3 tests/bench/multinode_clients.py report --url URL --db DB

``intake``: ``--clients`` threads send the same ``--orders`` campaign orders (valid, 3
lines) in batches of 50, each client to the nodes in turn and in its own order, so that
every reference reaches several nodes at nearly the same time. Checks that every
reference got exactly one order, that all answers for a reference name that order, and
that no order is missing; prints orders per second (unique orders / wall time). Exits 1
on a duplicate or a lost order.
``crons-create`` makes ``--crons`` daily jobs due now that each write one log line;
``crons-check`` counts the lines per job (each must be 1 once the nodes ran them).
``report`` reads the clearing backlog report as the web client does (JSON-RPC
``/web/dataset/call_kw``, a read-only method): with ``db_replica_host`` set, Odoo serves
it from the replica.
"""

import argparse
import json
import sys
import threading
import time
import urllib.request
import xmlrpc.client
from http.cookiejar import CookieJar

from intake import three_lines

from clearhouse.intake.generator import generate_orders

CRON_NAME = "multinode bench job"


def rpc(url, db, login="admin", password="admin"):
    uid = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").authenticate(db, login, password, {})
    proxy = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)

    def call(model, method, *params, **kw):
        return proxy.execute_kw(db, uid, password, model, method, list(params), kw)

    call.uid = uid
    return call


def intake(args):
    urls = args.urls.split(",")
    call = rpc(urls[0], args.db)
    [campaign] = call(
        "promo.campaign", "search_read", [("code", "=", args.campaign)], fields=["id"]
    )
    group = call(
        "ir.model.data",
        "search_read",
        [("module", "=", "clearhouse_order"), ("name", "=", "clearhouse_order_group_api")],
        fields=["res_id"],
    )[0]["res_id"]
    call("res.users", "write", [call.uid], {"groups_id": [(4, group)]})
    call(
        "promo.campaign",
        "write",
        [campaign["id"]],
        {"api_user_ids": [(4, call.uid)], "state": "running", "auto_confirm": True},
    )
    prefix = f"MN{time.strftime('%H%M%S')}"
    orders = three_lines(
        generate_orders(args.orders, invalid_ratio=0.0, seed=7, ref_prefix=prefix), 7
    )
    batches = [orders[i : i + 50] for i in range(0, len(orders), 50)]
    answers, errors = {}, []
    lock = threading.Lock()

    def client(number):
        try:
            node_calls = [rpc(url, args.db) for url in urls]
            order = batches if number % 2 == 0 else list(reversed(batches))
            for index, batch in enumerate(order):
                node = node_calls[(index + number) % len(node_calls)]
                for result in node("promo.campaign", "submit_orders", args.campaign, batch):
                    with lock:
                        answers.setdefault(result["external_ref"], set()).add(result["order_id"])
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    stored = call(
        "sale.order",
        "read_group",
        [("external_ref", "like", f"{prefix}%")],
        ["external_ref"],
        ["external_ref"],
        lazy=False,
    )
    per_ref = {group["external_ref"]: group["__count"] for group in stored}
    refs = {order["external_ref"] for order in orders}
    duplicates = [ref for ref, count in per_ref.items() if count > 1]
    lost = sorted(refs - set(per_ref))
    split_answers = [ref for ref, ids in answers.items() if len(ids) != 1 or False in ids]
    print(
        f"intake: {args.clients} clients x {len(orders)} orders on {len(urls)} node(s): "
        f"{len(per_ref)} orders stored in {seconds:.1f} s = {len(per_ref) / seconds:.1f} "
        f"orders/s; duplicates {len(duplicates)}, lost {len(lost)}, answers naming "
        f"another order {len(split_answers)}, client errors {len(errors)}"
    )
    for error in errors[:3]:
        print("  error:", error[:300])
    return 1 if duplicates or lost or split_answers or errors else 0


def crons_create(args):
    call = rpc(args.url, args.db)
    [model] = call("ir.model", "search_read", [("model", "=", "ir.logging")], fields=["id"])
    now = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(time.time() - 60))
    ids = call(
        "ir.cron",
        "create",
        [
            {
                "name": f"{CRON_NAME} {n}",
                "model_id": model["id"],
                "state": "code",
                "code": (
                    "model.sudo().create({'name': 'multinode', 'type': 'server', "
                    f"'dbname': model.env.cr.dbname, 'level': 'INFO', 'message': 'job {n}', "
                    "'path': 'multinode', 'line': '0', 'func': 'cron'})"
                ),
                "interval_number": 1,
                "interval_type": "days",
                "nextcall": now,
                "active": True,
            }
            for n in range(args.crons)
        ],
    )
    print(f"crons: {len(ids)} jobs due now")
    return 0


def crons_check(args):
    call = rpc(args.url, args.db)
    runs = call(
        "ir.logging",
        "read_group",
        [("name", "=", "multinode")],
        ["message"],
        ["message"],
        lazy=False,
    )
    counts = {group["message"]: group["__count"] for group in runs}
    jobs = call("ir.cron", "search_count", [("name", "like", CRON_NAME)])
    twice = {job: count for job, count in counts.items() if count > 1}
    print(f"crons: {jobs} jobs, {len(counts)} ran, ran twice: {twice or 'none'}")
    return 1 if twice or len(counts) < jobs else 0


def report(args):
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
        request = urllib.request.Request(
            f"{args.url}{path}", body, {"Content-Type": "application/json"}
        )
        answer = json.loads(opener.open(request, timeout=120).read())
        if answer.get("error"):
            raise RuntimeError(answer["error"]["data"]["message"])
        return answer["result"]

    post("/web/session/authenticate", {"db": args.db, "login": "admin", "password": "admin"})
    groups = post(
        "/web/dataset/call_kw/clearing.backlog.report/web_read_group",
        {
            "model": "clearing.backlog.report",
            "method": "web_read_group",
            "args": [],
            "kwargs": {
                "domain": [],
                "fields": ["order_count:sum"],
                "groupby": ["reason_id"],
                "lazy": True,
            },
        },
    )
    print(f"report: backlog by reason, {groups['length']} groups (read-only call)")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["intake", "crons-create", "crons-check", "report"])
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--urls", default="http://127.0.0.1:8069")
    parser.add_argument("--db", required=True)
    parser.add_argument("--campaign", default="HERBST26")
    parser.add_argument("--orders", type=int, default=600)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--crons", type=int, default=20)
    args = parser.parse_args()
    command = {
        "intake": intake,
        "crons-create": crons_create,
        "crons-check": crons_check,
        "report": report,
    }[args.command]
    return command(args)


if __name__ == "__main__":
    sys.exit(main())
