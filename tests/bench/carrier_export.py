"""Carrier export benchmark: 5,000 deliveries in one outbound document, sent by FTP.

Against a running Odoo 18 with carrier_exchange, served with queue_job's job runner
(``--load=base,web,queue_job``; ``--max-cron-threads=0`` so the schedule does not
collect between the measured calls):

    python3 tests/bench/carrier_export.py --url http://127.0.0.1:8069 --db clearhouse \
        --login admin --password admin [--deliveries 5000] [--batch 250]

Starts an FTP server on 127.0.0.1 (``clearhouse.testservers``, needs the ``test`` extra),
creates a logistics partner for it (protocol FTP, XML) with a unique code per run and a
catch-all routing rule of sequence 0, then for N and N/10 deliveries: confirms N orders
of one line (not timed; routing gives every delivery to the partner), times
``action_send_now`` (collect the ready deliveries, write ONE document and enqueue its send
job) and the transfer (from the end of that call until the job runner has sent the
document by FTP: job pick-up plus transfer) separately, and checks the document
(N records, sent, one STOR on the server, N deliveries in the received file). The pure
core writer ``deliveries_to_xml`` is timed on N equivalent delivery orders in-process:
the ratio Odoo collect / core write is the ORM overhead.
Goals: N = 5,000 collected and written in under 60 s; time per delivery at N / at N/10
at most 1.5 (linear) for the collect and for collect + transfer. Exits 1 if one is
missed or a check fails. The partner and its rule are archived at the end.
"""

import logging
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import odoo_rpc
from lxml import etree

from clearhouse.intake.generator import generate_orders
from clearhouse.logistics import (
    DeliveryLine,
    DeliveryOrder,
    DocumentHeader,
    Party,
    check_delivery,
    deliveries_to_xml,
)
from clearhouse.testservers import LOCALHOST, PASSWORD, USER, ftp_server
from clearhouse.types import Customer

PRODUCT_CODE = "BENCH-EXPORT"
PRODUCT_WEIGHT = 0.5
COLLECT_LIMIT_S = 60.0
RATIO_LIMIT = 1.5
JOB_WAIT_S = 300.0  # the job runner picks the send job up and transfers the document


def german_customers(count, seed):
    """``count`` generated customers in Germany (the generator also makes AT and CH)."""
    customers, round_ = [], 0
    while len(customers) < count:
        for order in generate_orders(count, invalid_ratio=0.0, seed=seed + round_):
            if order["customer"]["country"] == "DE":
                customers.append(order["customer"])
        round_ += 1
    return customers[:count]


def core_orders(customers):
    """The delivery orders the addon would build for these customers, in-process."""
    return [
        DeliveryOrder(
            reference=f"WH/OUT/{index:05d}",
            order_ref=f"S{index:05d}",
            recipient=Customer(
                lastname=f"{c['firstname']} {c['lastname']}",
                email=c["email"],
                phone=c["phone"],
                street=c["street"],
                street2=c["street2"],
                zip=c["zip"],
                city=c["city"],
                country="DE",
            ),
            lines=(
                DeliveryLine(
                    product_code=PRODUCT_CODE,
                    quantity=1,
                    description="Bench export parcel",
                    weight_kg=PRODUCT_WEIGHT,
                ),
            ),
            weight_kg=PRODUCT_WEIGHT,
        )
        for index, c in enumerate(customers, start=1)
    ]


def time_core(customers, repeat=3):
    """Best of ``repeat``: (check_delivery of every order, deliveries_to_xml, bytes)."""
    orders = core_orders(customers)
    header = DocumentHeader(
        document_id="BENCH-CORE",
        created=datetime.now(timezone.utc).replace(microsecond=0),
        sender=Party(code="CLEARHOUSE", name="Clearhouse"),
        partner=Party(code="BENCH", name="Bench"),
    )
    check_s = write_s = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for order in orders:
            check_delivery(order)
        check_s = min(check_s, time.perf_counter() - start)
        start = time.perf_counter()
        payload = deliveries_to_xml(header, orders)
        write_s = min(write_s, time.perf_counter() - start)
    return check_s, write_s, len(payload)


class Bench:
    """One logistics partner on a local FTP server; one run per delivery count."""

    def __init__(self, call, args, home, port, commands):
        self.call = call
        self.args = args
        self.home = home
        self.commands = commands
        self.failures = []
        self.stamp = time.strftime("%Y%m%d%H%M%S")
        call = self.call
        manager = call(
            "ir.model.data",
            "search_read",
            [("module", "=", "carrier_exchange"), ("name", "=", "carrier_exchange_group_manager")],
            fields=["res_id"],
        )[0]["res_id"]
        call("res.users", "write", [call.uid], {"groups_id": [(4, manager)]})
        self.country_de = call("res.country", "search", [("code", "=", "DE")])[0]
        found = call("product.product", "search", [("default_code", "=", PRODUCT_CODE)])
        self.product_id = (
            found[0]
            if found
            else call(
                "product.product",
                "create",
                {
                    "name": "Bench export parcel",
                    "default_code": PRODUCT_CODE,
                    "type": "consu",
                    "is_storable": True,
                    "weight": PRODUCT_WEIGHT,
                    "list_price": 10.0,
                },
            )
        )
        # Partners of earlier (aborted) runs point to FTP servers that are gone.
        self.archive([("code", "=like", "BENCH-EXP-%")])
        self.partner_id = call(
            "carrier.exchange.partner",
            "create",
            {
                "name": f"Bench export {self.stamp}",
                "code": f"BENCH-EXP-{self.stamp}",
                "protocol": "ftp",
                "file_format": "xml",
                "host": LOCALHOST,
                "port": port,
                "login": USER,
                "password": PASSWORD,
                "outbound_path": "out",
                "inbound_path": "in",
                "timeout": 120,
            },
        )
        self.rule_id = call(
            "carrier.routing.rule",
            "create",
            {
                "name": f"Bench export {self.stamp}: everything",
                "sequence": 0,
                "exchange_partner_id": self.partner_id,
            },
        )

    def archive(self, partner_domain):
        partners = self.call(
            "carrier.exchange.partner", "search", partner_domain, context={"active_test": False}
        )
        if partners:
            rules = self.call(
                "carrier.routing.rule",
                "search",
                [("exchange_partner_id", "in", partners)],
                context={"active_test": False},
            )
            self.call("carrier.routing.rule", "write", rules, {"active": False})
            self.call("carrier.exchange.partner", "write", partners, {"active": False})

    def check(self, ok, message):
        if not ok:
            self.failures.append(message)
            print(f"CHECK FAILED: {message}")

    def confirm_orders(self, customers, prefix):
        """Partners, orders of one line and their confirmation in batches; not judged."""
        call, batch = self.call, self.args.batch
        for start in range(0, len(customers), batch):
            chunk = customers[start : start + batch]
            partner_ids = call(
                "res.partner",
                "create",
                [
                    {
                        "name": f"{c['firstname']} {c['lastname']}",
                        "email": c["email"],
                        "phone": c["phone"],
                        "street": c["street"],
                        "street2": c["street2"],
                        "zip": c["zip"],
                        "city": c["city"],
                        "country_id": self.country_de,
                    }
                    for c in chunk
                ],
            )
            order_ids = call(
                "sale.order",
                "create",
                [
                    {
                        "partner_id": pid,
                        "client_order_ref": f"{prefix}-{start + i:05d}",
                        "order_line": [
                            (0, 0, {"product_id": self.product_id, "product_uom_qty": 1})
                        ],
                    }
                    for i, pid in enumerate(partner_ids)
                ],
            )
            call("sale.order", "action_confirm", order_ids)

    def run(self, count):
        call = self.call
        customers = german_customers(count, seed=int(time.time()) + count)
        start = time.perf_counter()
        self.confirm_orders(customers, f"BX{count}-{self.stamp}")
        setup_s = time.perf_counter() - start
        ready = call(
            "stock.picking",
            "search_count",
            [("exchange_partner_id", "=", self.partner_id), ("exchange_state", "=", "ready")],
        )
        self.check(ready == count, f"{count}: {ready} deliveries ready for the partner")

        outbound = [("exchange_partner_id", "=", self.partner_id), ("direction", "=", "outbound")]
        before = set(call("carrier.exchange.document", "search", outbound))
        start = time.perf_counter()
        call("carrier.exchange.partner", "action_send_now", [self.partner_id])
        collect_s = time.perf_counter() - start
        new = sorted(set(call("carrier.exchange.document", "search", outbound)) - before)
        self.check(len(new) == 1, f"{count}: {len(new)} documents instead of one")

        # The send job was enqueued by action_send_now; queue_job's runner sends it.
        stors = len([c for c in self.commands if c[0] == "STOR"])
        start = time.perf_counter()
        deadline = start + JOB_WAIT_S
        state = "queued"
        while state == "queued" and time.perf_counter() < deadline:
            time.sleep(0.2)
            state = call("carrier.exchange.document", "read", new[:1], ["state"])[0]["state"]
        transfer_s = time.perf_counter() - start
        self.check(state != "queued", f"{count}: not sent after {JOB_WAIT_S:.0f} s: job runner?")
        stors = len([c for c in self.commands if c[0] == "STOR"]) - stors

        [doc] = call(
            "carrier.exchange.document",
            "read",
            new[:1],
            ["name", "file_name", "state", "record_count", "file_size", "attempts"],
        )
        sent = call(
            "stock.picking",
            "search_count",
            [("exchange_document_id", "=", doc["id"]), ("exchange_state", "=", "sent")],
        )
        received = Path(self.home, "out", doc["file_name"])
        in_file = (
            len(etree.parse(str(received)).getroot().findall("{*}delivery"))
            if received.exists()
            else 0
        )
        self.check(doc["record_count"] == count, f"{count}: record_count {doc['record_count']}")
        self.check(doc["state"] == "sent", f"{count}: document state {doc['state']}")
        self.check(doc["attempts"] == 1, f"{count}: {doc['attempts']} transfer attempts")
        self.check(stors == 1, f"{count}: the FTP server received {stors} STOR")
        self.check(in_file == count, f"{count}: the received file holds {in_file} deliveries")
        self.check(
            received.exists() and received.stat().st_size == doc["file_size"],
            f"{count}: received file size differs from file_size {doc['file_size']}",
        )
        self.check(sent == count, f"{count}: {sent} deliveries marked sent")
        return {
            "setup": setup_s,
            "collect": collect_s,
            "transfer": transfer_s,
            "total": collect_s + transfer_s,
            "doc": doc,
            "stors": stors,
            "customers": customers,
        }


def main():
    parser = odoo_rpc.parser(__doc__.splitlines()[0])
    parser.add_argument("--deliveries", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=250, help="orders per create/confirm call")
    args = parser.parse_args()
    big, small = args.deliveries, args.deliveries // 10
    call = odoo_rpc.connect(args)
    # pyftpdlib logs every session at INFO unless its logger already has a handler.
    logging.getLogger("pyftpdlib").addHandler(logging.NullHandler())

    with (
        tempfile.TemporaryDirectory(prefix="bench-ftp-") as home,
        ftp_server(home) as (port, commands),
    ):
        bench = Bench(call, args, home, port, commands)
        try:
            figures = {count: bench.run(count) for count in (big, small)}
        finally:
            bench.archive([("id", "=", bench.partner_id)])
    check_s, write_s, core_bytes = time_core(figures[big]["customers"])

    print(f"\nlogistics partner BENCH-EXP-{bench.stamp} (FTP 127.0.0.1:{port}, XML)")
    print(f"{'':38}{small:>10d}{big:>10d}   ratio per delivery {big}/{small}")
    ratios = {}
    for key, label in (
        ("setup", "set-up: create + confirm (s)"),
        ("collect", "collect + write: action_send_now (s)"),
        ("transfer", "transfer: exchange job (s)"),
        ("total", "collect + transfer (s)"),
    ):
        per_small = figures[small][key] / small
        per_big = figures[big][key] / big
        ratios[key] = per_big / per_small
        print(f"{label:38}{figures[small][key]:10.2f}{figures[big][key]:10.2f}   {ratios[key]:.2f}")
    for count in (small, big):
        f = figures[count]
        print(
            f"{count:5d} deliveries: {count / f['collect']:7.1f}/s collected, "
            f"{1000 * f['collect'] / count:5.2f} ms each; document {f['doc']['name']}: "
            f"{f['doc']['record_count']} records, {f['doc']['file_size'] / 1e6:.2f} MB, "
            f"{f['doc']['state']}, {f['doc']['attempts']} attempt(s), {f['stors']} STOR"
        )
    collect = figures[big]["collect"]
    print(
        f"core, {big} delivery orders in-process: check_delivery {check_s:.2f} s, "
        f"deliveries_to_xml {write_s:.2f} s ({core_bytes / 1e6:.2f} MB)"
    )
    print(f"ratio Odoo collect / core write: {collect / write_s:.1f}")
    goals = (
        (
            f"{big} deliveries collected and written < {COLLECT_LIMIT_S:.0f} s",
            collect,
            collect < COLLECT_LIMIT_S,
        ),
        (
            f"per-delivery ratio collect {big}/{small} <= {RATIO_LIMIT}",
            ratios["collect"],
            ratios["collect"] <= RATIO_LIMIT,
        ),
        (
            f"per-delivery ratio collect + transfer {big}/{small} <= {RATIO_LIMIT}",
            ratios["total"],
            ratios["total"] <= RATIO_LIMIT,
        ),
    )
    for label, value, met in goals:
        print(f"goal: {label}: {value:.2f} ({'met' if met else 'MISSED'})")
    missed = [label for label, _value, met in goals if not met]
    for failure in bench.failures:
        print(f"check failed: {failure}")
    sys.exit(1 if missed or bench.failures else 0)


if __name__ == "__main__":
    main()
