"""A scaled-down run of ``tests/bench/matching.py``: pool size must hardly matter.

500 statement lines against pools of 5,000 and 50,000 open items: the time per line
may grow by at most 1.5x, and no ambiguous or unmatched line may be auto-confirmed.
"""

import importlib.util
from pathlib import Path

import pytest

from clearhouse.payments.generator import AUTO_WRONG, GROUPS

BENCH = Path(__file__).resolve().parents[2] / "tests" / "bench" / "matching.py"


@pytest.fixture(scope="module")
def bench():
    if not BENCH.exists():  # the core installed without the repository's tests/
        pytest.skip("tests/bench/matching.py is not here")
    spec = importlib.util.spec_from_file_location("bench_matching", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def figures(bench):
    return bench.measure(5_000, 50_000, 500, repeat=7, seed=2)


def test_time_per_line_hardly_grows_with_the_pool(bench, figures):
    assert figures["ratio"] <= bench.MAX_RATIO, (
        f"{figures['small_per_line'] * 1e3:.3f} ms per line with 5,000 items, "
        f"{figures['large_per_line'] * 1e3:.3f} ms with 50,000: lookups must use indexes"
    )


def test_ambiguous_and_unmatched_lines_are_never_auto_confirmed(bench, figures):
    for counts in (figures["confusion"], figures["small_confusion"]):
        assert bench.unconfirmable_autos(counts) == 0, counts
        assert sum(counts[group, AUTO_WRONG] for group in GROUPS) == 0, counts
