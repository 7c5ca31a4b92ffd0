"""File handling in the core, timed: the seconds that used to sit in the core tests.

    python3 tests/bench/core_files.py [--deliveries 5000] [--confirmations 2000] [--repeat 3]

Pure core, no Odoo. Each size is measured against a tenth of it in the same run, so the
ratio tells whether the cost per record stays flat (linear) whatever the machine's speed:

1. ``deliveries_to_xml``: N delivery orders in one document (N and N/10);
2. ``parse_confirmations_xml``: N confirmations, every second one with an unknown status,
   all reported (N and N/10);
3. hostile XML (entity bombs, external entities and DTDs of ``clearhouse/tests/data/hostile``
   and a logistics XXE): refused by the DOCTYPE scan, and the order files also by the parser
   alone with the scan switched off; a well-formed order file's parse time for comparison.

Goals: per-record ratio N / (N/10) <= 1.5; 5,000 deliveries written < 10 s; 2,000
confirmations parsed < 5 s; every hostile file refused in < 1 s. Prints the figures and
exits 1 when a goal is missed.
"""

import argparse
import gc
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

if __package__ in (None, ""):  # run as a script from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from clearhouse.errors import InputError
from clearhouse.intake import xml as intake_xml
from clearhouse.intake.generator import generate_orders
from clearhouse.intake.xml import orders_to_xml, parse_orders_xml
from clearhouse.logistics.documents import (
    DeliveryLine,
    DeliveryOrder,
    DocumentHeader,
    Party,
    deliveries_to_xml,
    parse_confirmations_xml,
)
from clearhouse.types import Customer

DATA = Path(__file__).resolve().parents[2] / "clearhouse" / "tests" / "data"
RATIO_LIMIT = 1.5
WRITE_LIMIT_S = 10.0
CONFIRMATIONS_LIMIT_S = 5.0
HOSTILE_LIMIT_S = 1.0
HEADER = DocumentHeader(
    document_id="BENCH-1",
    created=datetime(2026, 10, 1, 8, 0, tzinfo=timezone.utc),
    sender=Party("CLEARHOUSE", "Clearhouse Fulfilment GmbH"),
    partner=Party("BENCH"),
)
CUSTOMER = Customer(
    firstname="Anna",
    lastname="Schneider",
    street="Invalidenstraße 12",
    zip="10115",
    city="Berlin",
    country="DE",
)
LINES = (
    DeliveryLine("PR-MUG", 2, "Kaffeebecher", weight_kg=0.8),
    DeliveryLine("PR-HOODIE", 1, "Hoodie", size="L", weight_kg=0.6),
)
GOOD = '<confirmation reference="OUT-{n}" status="delivered" timestamp="2026-10-03T11:20:00Z"/>'
BAD = '<confirmation reference="OUT-{n}" status="nope" timestamp="2026-10-03T11:20:00Z"/>'


def best(function, repeat):
    """Fewest seconds of ``repeat`` calls, with the garbage collector held off."""
    seconds = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            start = time.perf_counter()
            function()
            seconds = min(seconds, time.perf_counter() - start)
    finally:
        gc.enable()
    return seconds


def deliveries(count):
    return [
        DeliveryOrder(
            reference=f"OUT-{n:06d}",
            order_ref=f"WEB-{n:06d}",
            recipient=CUSTOMER,
            lines=LINES,
            weight_kg=1.4,
            service="parcel",
        )
        for n in range(count)
    ]


def confirmations(count):
    body = "\n".join((BAD if n % 2 else GOOD).format(n=n) for n in range(count))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<confirmations xmlns="urn:clearhouse:logistics-confirmation:1.0">\n'
        f"{body}\n</confirmations>\n"
    ).encode()


def parse_confirmations(data, expected):
    result = parse_confirmations_xml(data)
    assert len(result.confirmations) + len(result.errors) == expected, "every record reported"


def refused(parse, data):
    try:
        parse(data)
    except InputError:
        return
    raise AssertionError("a hostile file was accepted")


def scaled(label, make, run, count, repeat):
    """Seconds for ``count`` and ``count // 10`` records, and the per-record ratio."""
    small, big = count // 10, count
    seconds = {}
    for size in (small, big):
        data = make(size)
        seconds[size] = best(lambda data=data, size=size: run(data, size), repeat)
    ratio = (seconds[big] / big) / (seconds[small] / small)
    print(
        f"{label:34}{seconds[small]:8.3f} s ({small}){seconds[big]:8.3f} s ({big})"
        f"   per record {big}/{small}: {ratio:.2f}"
    )
    return seconds[big], ratio


def hostile_files():
    files = sorted((DATA / "hostile").glob("*.xml"))
    return [(path.name, path.read_bytes()) for path in files]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deliveries", type=int, default=5_000)
    parser.add_argument("--confirmations", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    missed = []

    write_s, write_ratio = scaled(
        "deliveries_to_xml",
        deliveries,
        lambda orders, size: deliveries_to_xml(HEADER, orders),
        args.deliveries,
        args.repeat,
    )
    parse_s, parse_ratio = scaled(
        "parse_confirmations_xml (half bad)",
        confirmations,
        parse_confirmations,
        args.confirmations,
        args.repeat,
    )
    if write_ratio > RATIO_LIMIT or parse_ratio > RATIO_LIMIT:
        missed.append(f"per-record ratio above {RATIO_LIMIT}")
    if args.deliveries >= 5_000 and write_s >= WRITE_LIMIT_S:
        missed.append(f"{args.deliveries} deliveries written in {write_s:.1f} s")
    if args.confirmations >= 2_000 and parse_s >= CONFIRMATIONS_LIMIT_S:
        missed.append(f"{args.confirmations} confirmations parsed in {parse_s:.1f} s")

    scan = intake_xml._reject_doctype  # switched off below to time the parser alone
    reference = orders_to_xml("BENCH", generate_orders(20, seed=1))
    print(f"hostile XML refused (goal < {HOSTILE_LIMIT_S:.0f} s each)")
    normal_s = best(lambda: parse_orders_xml(reference), args.repeat)
    logistics = DATA / "logistics" / "confirmation_xxe.xml"
    cases = [(name, data, parse_orders_xml, True) for name, data in hostile_files()]
    cases.append((logistics.name, logistics.read_bytes(), parse_confirmations_xml, False))
    for name, data, parse, switchable in cases:
        times = [best(lambda data=data, parse=parse: refused(parse, data), args.repeat)]
        if switchable:  # the intake reader's scan can be switched off to time the parser
            intake_xml._reject_doctype = lambda data: None
            try:
                times.append(best(lambda data=data: refused(parse_orders_xml, data), args.repeat))
            finally:
                intake_xml._reject_doctype = scan
        alone = f"parser alone {times[1] * 1e3:8.2f} ms" if switchable else ""
        print(f"  {name:28} scan {times[0] * 1e3:8.2f} ms   {alone}".rstrip())
        if max(times) >= HOSTILE_LIMIT_S:
            missed.append(f"{name} took {max(times):.1f} s to refuse")
    print(f"  (a well-formed order file of {len(reference)} bytes: {normal_s * 1e3:.2f} ms)")

    if missed:
        print("GOALS MISSED: " + "; ".join(missed))
        return 1
    print("all goals met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
