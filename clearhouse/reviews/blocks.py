"""Which blocks a request mail is made of.

A mail is assembled from reusable blocks (greeting, thanks, one block per ordered
product, satisfaction question, platform block, footer). Each block has a kind, a
sequence, a language (or none: any language) and conditions (sources, product
categories, order value). Per kind the best language wins: the customer's language,
then the same language of another country (``de_AT`` -> ``de_DE``), then the fallback
language, then blocks without a language.
"""

from dataclasses import dataclass

KINDS = ("greeting", "thanks", "product", "rating", "platform", "footer", "text")
PER_LINE_KINDS = ("product",)


@dataclass(frozen=True)
class Block:
    key: int | str
    kind: str
    sequence: int = 10
    lang: str = ""  # "" = any language
    source_ids: frozenset = frozenset()  # empty = every source
    category_ids: frozenset = frozenset()  # empty = every product
    min_amount: float = 0.0  # 0 = no lower bound
    max_amount: float = 0.0  # 0 = no upper bound

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}")
        if self.max_amount and self.min_amount > self.max_amount:
            raise ValueError(f"block {self.key}: minimum above maximum order value")


@dataclass(frozen=True)
class OrderFacts:
    source_id: int | str | None
    amount: float
    lang: str
    category_ids: frozenset = frozenset()  # of every line, parents included


def _base(lang):
    return (lang or "").split("_")[0]


def lang_rank(block_lang, lang, fallback):
    """0 best; None when the block is in a language that does not fit."""
    if block_lang == lang:
        return 0
    if block_lang and _base(block_lang) == _base(lang):
        return 1
    if block_lang and block_lang == fallback:
        return 2
    if not block_lang:
        return 3
    return None


def _order_matches(block, facts):
    if block.source_ids and facts.source_id not in block.source_ids:
        return False
    if block.min_amount and facts.amount < block.min_amount:
        return False
    if block.max_amount and facts.amount > block.max_amount:
        return False
    if block.category_ids and block.kind not in PER_LINE_KINDS:
        return bool(block.category_ids & facts.category_ids)
    return True


def line_matches(block, line_category_ids):
    """A product block fits a line when it names none of the categories or one of the line's."""
    return not block.category_ids or bool(block.category_ids & frozenset(line_category_ids))


def select_blocks(blocks, facts, fallback_lang="en_US"):
    """The blocks of one order's mail, by (sequence, key): per kind, those matching the
    order's conditions in the best language available for that kind."""
    best = {}
    for block in blocks:
        if not _order_matches(block, facts):
            continue
        rank = lang_rank(block.lang, facts.lang, fallback_lang)
        if rank is None:
            continue
        kept_rank, kept = best.get(block.kind, (None, []))
        if kept_rank is None or rank < kept_rank:
            best[block.kind] = (rank, [block])
        elif rank == kept_rank:
            kept.append(block)
    chosen = [block for _rank, kept in best.values() for block in kept]
    return sorted(chosen, key=lambda b: (b.sequence, str(b.key)))


def product_block_for_line(blocks, line_category_ids):
    """The first product block (by sequence) that fits a line, or None: a more specific
    block for a category placed before a general one wins."""
    for block in blocks:
        if block.kind in PER_LINE_KINDS and line_matches(block, line_category_ids):
            return block
    return None
