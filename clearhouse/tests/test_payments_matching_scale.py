"""Pool size must hardly matter to matching: counted, not timed.

500 statement lines against pools of 5,000 and 50,000 open items. The index's entry list
counts every open item the matcher reads. Through the indexes that number per line grows a
little with the pool (more items share an amount or a name: 20 vs. 28 when this was written);
a scan would grow it tenfold. The seconds are measured by ``tests/bench/matching.py``.
"""

import pytest

from clearhouse.payments.generator import (
    AMBIGUOUS,
    AUTO_RIGHT,
    AUTO_WRONG,
    GROUPS,
    NO_MATCH,
    confusion,
    generate_case,
)
from clearhouse.payments.matching import AUTO_CONFIRM_FLOOR, auto_confirmable, build_index, propose

LINES = 500
MAX_GROWTH = 2  # items read per line, 50,000 vs 5,000 open items


class CountingEntries(list):
    """The index's entries, counting each item read (a full iteration reads them all)."""

    def __init__(self, entries):
        super().__init__(entries)
        self.reads = 0

    def __getitem__(self, key):
        self.reads += len(range(*key.indices(len(self)))) if isinstance(key, slice) else 1
        return super().__getitem__(key)

    def __iter__(self):
        self.reads += len(self)
        return super().__iter__()


def run(pool):
    case = generate_case(pool, LINES, seed=2)
    index = build_index(case.candidates)
    index.entries = CountingEntries(index.entries)
    results = propose([generated.line for generated in case.lines], index)
    counts = confusion(case.lines, results, lambda p: auto_confirmable(p, AUTO_CONFIRM_FLOOR))
    return index.entries.reads / LINES, counts


@pytest.fixture(scope="module")
def small():
    return run(5_000)


@pytest.fixture(scope="module")
def large():
    return run(50_000)


def test_items_read_per_line_hardly_grow_with_the_pool(small, large):
    (small_reads, _), (large_reads, _) = small, large
    assert small_reads > 0, "the counter sees the matcher's reads"
    assert large_reads <= MAX_GROWTH * small_reads, (
        f"{small_reads:.1f} open items read per line with 5,000 items, {large_reads:.1f} with "
        "50,000: lookups must go through the indexes"
    )
    assert large_reads < 500, f"{large_reads:.0f} of 50,000 items read per line: a scan"


@pytest.mark.parametrize("pool", ["small", "large"])
def test_ambiguous_and_unmatched_lines_are_never_auto_confirmed(pool, request):
    _reads, counts = request.getfixturevalue(pool)
    unsafe = sum(counts[g, o] for g in (AMBIGUOUS, NO_MATCH) for o in (AUTO_RIGHT, AUTO_WRONG))
    assert unsafe == 0, counts
    assert sum(counts[group, AUTO_WRONG] for group in GROUPS) == 0, counts
