"""Payment matching benchmark: the pure core, no Odoo needed.

    python3 tests/bench/matching.py [--lines 10000] [--candidates 100000] [--small 10000]

Generates open orders and invoices and a statement in the mix a prepayment shop sees
(80% exact reference, 10% amount and name only, 5% partial or overpayment, 5% ambiguous
or no match; see ``clearhouse.payments.generator``) and checks four goals:

1. index build + proposals for all lines against the large pool take < 60 s;
2. the time per line with the large pool is at most 1.5x the time with the small one
   (lookups go through indexes, so the pool size must hardly matter);
3. no ambiguous or unmatched line is auto-confirmed (threshold 90);
4. no line is auto-confirmed with the wrong items.

Prints the figures and the confusion counts; exits 1 when a goal is missed.
"""

import argparse
import gc
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from clearhouse.payments.generator import (
    AMBIGUOUS,
    AUTO_RIGHT,
    AUTO_WRONG,
    GROUPS,
    NO_MATCH,
    OUTCOMES,
    confusion,
    generate_case,
)
from clearhouse.payments.matching import AUTO_CONFIRM_FLOOR, auto_confirmable, build_index, propose

MAX_SECONDS = 60.0
MAX_RATIO = 1.5


def prepare(candidates, lines, seed):
    """Generated case and its index (build time measured, generation not)."""
    case = generate_case(candidates, lines, seed=seed)
    start = time.perf_counter()
    index = build_index(case.candidates)
    return case, index, time.perf_counter() - start


def timed_propose(case, index):
    """Seconds for ``propose`` over all lines, with the garbage collector held off."""
    lines = [generated.line for generated in case.lines]
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        results = propose(lines, index)
        return time.perf_counter() - start, results
    finally:
        gc.enable()


def measure(small_pool, large_pool, lines, repeat, seed=1):
    """Per-line times of both pools (best of ``repeat``, runs interleaved) and outcomes."""
    small = prepare(small_pool, lines, seed)
    large = prepare(large_pool, lines, seed)
    best = {"small": float("inf"), "large": float("inf")}
    results = {}
    for _run in range(repeat):
        for name, (case, index, _build) in (("small", small), ("large", large)):
            seconds, results[name] = timed_propose(case, index)
            best[name] = min(best[name], seconds)

    def confirm(proposal):
        return auto_confirmable(proposal, AUTO_CONFIRM_FLOOR)

    return {
        "small_build": small[2],
        "large_build": large[2],
        "small_seconds": best["small"],
        "large_seconds": best["large"],
        "small_per_line": best["small"] / lines,
        "large_per_line": best["large"] / lines,
        "ratio": best["large"] / best["small"],
        "confusion": confusion(large[0].lines, results["large"], confirm),
        "small_confusion": confusion(small[0].lines, results["small"], confirm),
    }


def unconfirmable_autos(counts):
    """Auto-confirmations of ambiguous or unmatched lines: must be zero."""
    return sum(
        counts[group, name] for group in (AMBIGUOUS, NO_MATCH) for name in (AUTO_RIGHT, AUTO_WRONG)
    )


def print_confusion(counts):
    width = max(len(group) for group in GROUPS)
    print(f"  {'group':<{width}}  " + "  ".join(f"{name:>10}" for name in OUTCOMES))
    for group in GROUPS:
        cells = "  ".join(f"{counts[group, name]:>10}" for name in OUTCOMES)
        print(f"  {group:<{width}}  {cells}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000, help="pool size for the ratio")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    figures = measure(args.small, args.candidates, args.lines, args.repeat, args.seed)
    total = figures["large_build"] + figures["large_seconds"]
    print(f"{args.lines} statement lines, pools of {args.small} and {args.candidates} items")
    print(
        f"  index build: {figures['small_build']:.2f} s ({args.small}), "
        f"{figures['large_build']:.2f} s ({args.candidates})"
    )
    print(
        f"  proposals:   {figures['small_seconds']:.2f} s ({args.small}), "
        f"{figures['large_seconds']:.2f} s ({args.candidates}), best of {args.repeat}"
    )
    print(
        f"  per line:    {figures['small_per_line'] * 1e3:.3f} ms with {args.small}, "
        f"{figures['large_per_line'] * 1e3:.3f} ms with {args.candidates}, "
        f"ratio {figures['ratio']:.2f} (goal <= {MAX_RATIO})"
    )
    print(f"  build + proposals with {args.candidates}: {total:.2f} s (goal < {MAX_SECONDS:.0f} s)")
    counts = figures["confusion"]
    print(f"confusion with {args.candidates} items (threshold {AUTO_CONFIRM_FLOOR}):")
    print_confusion(counts)
    unsafe = unconfirmable_autos(counts)
    wrong = sum(counts[group, AUTO_WRONG] for group in GROUPS)
    print(f"  auto-confirmed ambiguous/no-match lines: {unsafe} (goal 0)")
    print(f"  auto-confirmed with wrong items: {wrong} (goal 0)")

    missed = []
    if total >= MAX_SECONDS:
        missed.append(f"time {total:.1f} s >= {MAX_SECONDS:.0f} s")
    if figures["ratio"] > MAX_RATIO:
        missed.append(f"ratio {figures['ratio']:.2f} > {MAX_RATIO}")
    if unsafe:
        missed.append(f"{unsafe} ambiguous/no-match lines auto-confirmed")
    if wrong:
        missed.append(f"{wrong} lines auto-confirmed with wrong items")
    if missed:
        print("GOALS MISSED: " + "; ".join(missed))
        return 1
    print("all goals met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
