"""Payment matching: which open orders or invoices does a statement line pay?

``build_index(candidates)`` files the open items once under every key a payment can
lead to: reference numbers, amount, IBAN, customer and name (Cologne phonetic codes).
``propose(lines, index)`` then looks each line up under its keys (never scanning the
candidates) and returns, per line, up to ``MAX_PROPOSALS`` ranked ``Proposal``s.

Evidence and points (the score is clamped to 0..100):

===============================  ======  ==========================================
evidence                         points  note
===============================  ======  ==========================================
reference with its own prefix    60      "SO04711", "so-4711", "S0 4711"
reference after a keyword        58      "Bestellung 4711", "Auftrag Nr. 4711", "RE 2026/42"
reference written in full        58      "04711" with the zeros of "SO04711"
bare number (4+ digits)          40      "Meier 4711"; customer numbers ("Kd-Nr") never count
reference with one typo          30      Damerau distance 1, after a prefix or keyword, 4+
                                         digits, and only when the amount matches too
amount equal / within tolerance  35/32   a sum of 2-4 items (referenced together, or all
                                         of one customer) counts as equal
partial / overpayment            10/5
payer IBAN known for customer    20
payer name (fuzzy)               3-15    umlaut, ß, initials and word order insensitive
customer's only item, amount     15      no reference, customer known by IBAN or name
nobody else has this amount      5       amount-only proposals, capped at 40
paid before the order date       -25
===============================  ======  ==========================================

Caps keep what needs a human below ``AUTO_CONFIRM_FLOOR``: partial payments 85,
overpayments 80, proposals without a reference 85 (so auto-confirmation needs a
reference, or a typo'd reference backed by the customer's IBAN or name). When a rival
proposal for other items comes within ``AMBIGUITY_MARGIN`` points of the best, all of
them are marked ``ambiguous`` and capped at ``AUTO_CONFIRM_FLOOR - 1``: two equally good
answers are no answer. (A proposal for a part or a superset of the best one's items,
"the first order overpaid" next to "both orders", is a variant, not a rival.)

The output depends only on the input (candidates are ordered by kind and id, ties are
broken by reference), so the same statement always gets the same proposals.
"""

import bisect
import datetime
import itertools
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from clearhouse.payments._common import clean_iban
from clearhouse.payments._text import fold, name_tokens, phonetic, similarity, words
from clearhouse.payments.settlement import as_tolerance
from clearhouse.payments.types import (
    EXACT,
    INVOICE,
    MULTIPLE,
    ORDER,
    OVERPAYMENT,
    PARTIAL,
    Proposal,
)

AUTO_CONFIRM_FLOOR = 90
AMBIGUITY_MARGIN = 10
MAX_PROPOSALS = 5
MIN_SCORE = 25

REFERENCE_POINTS = {"prefix": 60, "keyword": 58, "bare": 40, "typo": 30}
AMOUNT_POINTS = {
    "exact": 35,
    "tolerance": 32,
    "sum": 35,
    "partial": 10,
    "below_sum": 10,
    "overpayment": 5,
    "above_sum": 5,
}
IBAN_POINTS = 20
UNIQUE_POINTS = 15
AMOUNT_ONLY_UNIQUE_POINTS = 5
EARLY_PAYMENT_POINTS = -25
NAME_POINTS = ((0.95, 15), (0.85, 12), (0.7, 8), (0.5, 3))
IDENTITY_NAME = 0.85  # a name this similar identifies the customer
CAPS = {PARTIAL: 85, OVERPAYMENT: 80}
NO_REFERENCE_CAP = 85
AMOUNT_ONLY_CAP = 40
PARTIAL_SUM_CAP = 75

MIN_BARE_DIGITS = 4
MIN_TYPO_DIGITS = 4
MAX_TYPO_DIGITS = 12
MAX_NUMBER_DIGITS = 30  # longer digit runs are no references (and int() would be slow)
MAX_REFERENCES = 8  # distinct referenced items considered for one line
PARTNER_CAP = 12  # open items of one customer tried in sums
BUCKET_CAP = 50  # candidates taken from one name or IBAN bucket
AMOUNT_ONLY_BUCKET = 3  # amount-only proposals only when at most this many share it
MAX_SUM_SIZE = 4

ORDER_WORDS = words(
    "bestellung bestellungen bestell bestellnr bestellnummer best bestnr auftrag auftrage "
    "auftraege auftrags auftragsnr auftragsnummer ab order orders ordernr ordernumber so "
    "webshop shop kauf einkauf"
)
INVOICE_WORDS = words(
    "rechnung rechnungen rechnungs rechnungsnr rechnungsnummer rechn re rg rgnr rnr renr "
    "invoice invoices inv bill faktura ar"
)
# Numbers after these words are not order or invoice references.
EXCLUDED_WORDS = words(
    "kd kdnr kunde kunden kundennr kundennummer knr customer cust client mitglied "
    "mitgliedsnr mitgliedsnummer vertrag vertragsnr mandat mandatsref iban bic blz konto "
    "kto kontonr tel telefon fon fax mobil plz postfach ust ustid steuernr"
)
_FILLERS = words("nr no nummer number num vom v")
_CONNECTORS = words("und and u sowie plus")
_SKIP_PUNCT = frozenset(".:#-/()[]")
_LIST_PUNCT = frozenset(",;+&")
_TOKEN = re.compile(r"[a-z]+|\d+(?:\s?[/-]\s?\d+)*|\S")
_DIGITS = re.compile(r"\d+")
_PREFIX = re.compile(r"[a-z]+")
_KIND_RANK = {EXACT: 0, MULTIPLE: 1, PARTIAL: 2, OVERPAYMENT: 3}


class _Entry:
    """What the index keeps about one candidate, computed once."""

    __slots__ = ("candidate", "cents", "currency", "date", "digits", "ibans", "prefix", "tokens")

    def __init__(self, candidate):
        self.candidate = candidate
        self.cents = _cents(candidate.amount_open)
        self.currency = str(candidate.currency or "").upper()
        self.date = _ordinal(candidate.date)
        reference = fold(candidate.reference or "")
        prefix = _PREFIX.match(reference)
        self.prefix = prefix.group(0) if prefix else ""
        self.digits = "".join(_DIGITS.findall(reference))
        self.tokens = name_tokens(candidate.partner_name or "")
        self.ibans = frozenset(clean_iban(iban) for iban in candidate.partner_ibans or () if iban)


class CandidateIndex:
    """Open items filed under every key a payment can lead to; see ``build_index``."""

    def __init__(self, entries):
        self.entries = entries
        self.by_reference = {}
        self.by_iban = {}
        self.by_partner = {}
        self.by_name = {}
        amounts = {}
        code_amounts = {}
        prefixes = set()
        for position, entry in enumerate(entries):
            prefixes.add(entry.prefix)
            for key in _reference_keys(entry.candidate.reference or ""):
                self.by_reference.setdefault(key, []).append(position)
            for iban in sorted(entry.ibans):
                self.by_iban.setdefault(iban, []).append(position)
            if entry.candidate.partner_id:
                self.by_partner.setdefault(entry.candidate.partner_id, []).append(position)
            codes = _codes(entry.tokens)
            if codes:
                self.by_name.setdefault(" ".join(codes), []).append(position)
            amounts.setdefault(entry.currency, []).append((entry.cents, position))
            for code in codes:
                code_amounts.setdefault((entry.currency, code), []).append((entry.cents, position))
        prefixes.discard("")
        self.prefixes = frozenset(prefixes)
        self.by_amount = {key: _sorted_pairs(pairs) for key, pairs in amounts.items()}
        self.by_code_amount = {key: _sorted_pairs(pairs) for key, pairs in code_amounts.items()}
        # "S0 4711" for "SO 4711": a zero typed for the O of a prefix.
        zero_prefixes = sorted(
            p[:-1] for p in self.prefixes if p.endswith("o") and p[:-1] not in self.prefixes
        )
        self.zero_fix = (
            re.compile(rf"(?<![a-z])({'|'.join(zero_prefixes)})0(?=\s?\d)")
            if zero_prefixes
            else None
        )

    def __len__(self):
        return len(self.entries)

    def amount_range(self, key, table, low, high):
        """Positions filed under ``key`` in ``table`` with cents in ``low..high``."""
        found = table.get(key)
        if not found:
            return []
        cents, positions = found
        return positions[bisect.bisect_left(cents, low) : bisect.bisect_right(cents, high)]

    def amount_count(self, currency, low, high):
        found = self.by_amount.get(currency)
        if not found:
            return 0
        cents = found[0]
        return bisect.bisect_right(cents, high) - bisect.bisect_left(cents, low)


def build_index(candidates):
    """Index the open items; items without an open amount or with a bad one are left out.

    Candidates are ordered by kind and id first, so the input order does not matter.
    """
    entries = []
    for candidate in sorted(candidates, key=lambda c: (str(c.kind), _int(c.id))):
        entry = _Entry(candidate)
        if entry.cents is not None and entry.cents > 0:
            entries.append(entry)
    return CandidateIndex(entries)


def auto_confirmable(proposal, threshold=AUTO_CONFIRM_FLOOR):
    """Whether a proposal may be confirmed without a human look."""
    return not proposal.ambiguous and proposal.score >= threshold


def propose(lines, index, *, tolerance=None, now=None):
    """Ranked proposals for each line: ``result[i]`` is a tuple for ``lines[i]``.

    ``tolerance`` (a ``settlement.Tolerance``, or an absolute amount up to
    ``settlement.MAX_TOLERANCE``) is the difference still counted as equal (bank charges,
    rounding); ``now`` (ISO date or ``date``) stands in for the date of lines without
    one. Lines that cannot be matched (outgoing, no amount) get an empty tuple; no
    content of a line makes this raise.
    """
    tolerance = as_tolerance(tolerance)
    today = _ordinal(now.isoformat() if isinstance(now, datetime.date) else now)
    return [_propose_line(line, index, tolerance, today) for line in lines]


# --- one line -------------------------------------------------------------------------


class _Line:
    """A statement line in the form the scoring needs, computed once per line."""

    def __init__(self, line, index, tolerance, today):
        self.line = line
        self.cents = _cents(line.amount)
        self.currency = str(line.currency or "").upper()
        low, high = tolerance.window(Decimal(self.cents or 0).scaleb(-2))
        self.low, self.high = _cents(low), _cents(high)
        self.date = _ordinal(line.date) or today
        self.iban = clean_iban(line.payer_iban)
        self.tokens = name_tokens(str(line.payer_name or ""))
        self.codes = _codes(self.tokens)
        self.references = _find_references(str(line.remittance or ""), index)
        self.similarity = {}

    def name_similarity(self, entry):
        key = entry.tokens
        if key not in self.similarity:
            self.similarity[key] = _name_similarity(self.tokens, key)
        return self.similarity[key]


class _Scored:
    """A proposal before ranking: positions, kind, score and machine evidence."""

    __slots__ = ("ambiguous", "evidence", "kind", "matched", "positions", "score")

    def __init__(self, positions, kind, score, matched, evidence):
        self.positions = positions
        self.kind = kind
        self.score = score
        self.matched = matched
        self.evidence = evidence
        self.ambiguous = False


def _propose_line(line, index, tolerance, today):
    try:
        data = _Line(line, index, tolerance, today)
    except (ArithmeticError, ValueError, TypeError, AttributeError):
        return ()
    if data.cents is None or data.cents <= 0 or not index.entries:
        return ()
    hits = _reference_hits(data, index)
    positions = set(hits)
    strong = any(hit[0] in ("prefix", "keyword") for hit in hits.values())
    found = _identity_positions(data, index, strong)
    positions.update(found)
    amount_only = index.amount_count(data.currency, data.low, data.high)
    if not strong and not found and amount_only <= AMOUNT_ONLY_BUCKET:
        positions.update(index.amount_range(data.currency, index.by_amount, data.low, data.high))
    scored = []
    for position in sorted(positions):
        single = _score_single(data, index, position, hits.get(position), amount_only)
        if single is not None:
            scored.append(single)
    scored.extend(_score_multiple(data, index, hits, positions))
    return _finish(data, index, scored)


def _identity_positions(data, index, strong):
    """Items of customers the payer may be: same IBAN, or same name and amount.

    All items of customers with the payer's name (whatever their amount) are only
    looked at when neither a clear reference nor the IBAN points anywhere: they are
    what a partial payment without reference needs, and a common name has many.
    """
    found = []
    if data.iban:
        found.extend(_capped(index.by_iban.get(data.iban, ()), index, data))
    for code in data.codes:
        bucket = index.amount_range(
            (data.currency, code), index.by_code_amount, data.low, data.high
        )
        found.extend(bucket[:BUCKET_CAP])
    if data.codes and not strong and not found:
        found.extend(_capped(index.by_name.get(" ".join(data.codes), ()), index, data))
    return found


def _capped(positions, index, data):
    """A large bucket (a customer with many items) only gives the items of this amount."""
    if len(positions) <= BUCKET_CAP:
        return positions
    entries = index.entries
    return [p for p in positions if data.low <= entries[p].cents <= data.high][:BUCKET_CAP]


def _amount_relation(data, cents):
    difference = data.cents - cents
    if data.low <= cents <= data.high:
        return "exact" if difference == 0 else "tolerance"
    return "partial" if difference < 0 else "overpayment"


def _score_single(data, index, position, hit, amount_only):
    entry = index.entries[position]
    if entry.currency != data.currency:
        return None
    relation = _amount_relation(data, entry.cents)
    iban = bool(data.iban and data.iban in entry.ibans)
    name = data.name_similarity(entry)
    identity = iban or name >= IDENTITY_NAME
    equal = relation in ("exact", "tolerance")
    level = hit[0] if hit else None
    if not equal and (level == "typo" or not identity and level not in ("prefix", "keyword")):
        return None  # a different amount needs a clear reference or a known customer
    evidence = {"amount": relation}
    score = AMOUNT_POINTS[relation]
    if hit:
        evidence.update(reference=entry.candidate.reference, reference_match=level, found=hit[1])
        score += REFERENCE_POINTS[level]
    score += _identity_points(evidence, iban, name)
    if not hit and identity and equal and _only_item_of_customer(data, index, entry):
        evidence["unique_amount"] = True
        score += UNIQUE_POINTS
    if not hit and not identity and equal and amount_only == 1:
        evidence["unique_amount"] = True
        score += AMOUNT_ONLY_UNIQUE_POINTS
    score += _date_points(evidence, data, (entry,))
    kind = EXACT if equal else PARTIAL if relation == "partial" else OVERPAYMENT
    cap = CAPS.get(kind, 100)
    if not hit:
        cap = min(cap, NO_REFERENCE_CAP)
    if not hit and not identity and name < 0.5:
        evidence["amount_only"] = True
        cap = AMOUNT_ONLY_CAP
    matched = min(data.cents, entry.cents) if kind != EXACT else entry.cents
    return _Scored((position,), kind, min(score, cap), matched, evidence)


def _identity_points(evidence, iban, name):
    points = 0
    if iban:
        evidence["iban"] = True
        points += IBAN_POINTS
    if name:
        evidence["name"] = round(name, 2)
        points += next((p for limit, p in NAME_POINTS if name >= limit), 0)
    return points


def _only_item_of_customer(data, index, entry):
    partner = entry.candidate.partner_id
    if not partner:
        return False
    entries = index.entries
    same = [
        p
        for p in index.by_partner.get(partner, ())
        if entries[p].currency == data.currency and data.low <= entries[p].cents <= data.high
    ]
    return len(same) == 1


def _date_points(evidence, data, entries):
    dates = [entry.date for entry in entries if entry.date is not None]
    if data.date is None or not dates:
        return 0
    days = data.date - max(dates)
    if days >= -1:
        evidence["date"] = "after"
        evidence["days"] = max(days, 0)
        return 0
    evidence["date"] = "before"
    evidence["days"] = -days
    return EARLY_PAYMENT_POINTS


def _score_multiple(data, index, hits, positions):
    """One payment for several items: referenced together, or all of one customer."""
    entries = index.entries
    results = []
    hits = {p: hit for p, hit in hits.items() if hit[0] != "typo"}
    referenced = sorted(p for p in hits if entries[p].currency == data.currency)
    referenced = referenced[:MAX_REFERENCES]
    groups = []
    if len(referenced) >= 2:
        groups.append(("references", referenced))
    known = [
        entries[p].candidate.partner_id
        for p in positions
        if p in hits
        or data.iban in entries[p].ibans
        or data.name_similarity(entries[p]) >= IDENTITY_NAME
    ]
    for partner in sorted(set(known) - {None, 0}):
        items = [
            p for p in index.by_partner.get(partner, ()) if entries[p].currency == data.currency
        ]
        if 2 <= len(items):
            items = sorted(items, key=lambda p: (entries[p].date or 0, p))[-PARTNER_CAP:]
            groups.append(("customer", sorted(items)))
    seen = set()
    for origin, items in groups:
        for combination in _sums(data, [(entries[p].cents, p) for p in items]):
            if combination not in seen:
                seen.add(combination)
                results.append(_score_group(data, index, hits, combination, "sum"))
        if origin == "references" and tuple(items) not in seen:
            total = sum(entries[p].cents for p in items)
            relation = "below_sum" if data.cents < total else "above_sum"
            if not data.low <= total <= data.high:
                seen.add(tuple(items))
                results.append(_score_group(data, index, hits, tuple(items), relation))
    return [result for result in results if result is not None]


def _sums(data, items):
    """Combinations of 2..MAX_SUM_SIZE items whose open amounts add up to the payment."""
    found = []
    for size in range(2, min(MAX_SUM_SIZE, len(items)) + 1):
        for combination in itertools.combinations(items, size):
            if data.low <= sum(cents for cents, _p in combination) <= data.high:
                found.append(tuple(sorted(p for _cents, p in combination)))
        if found:
            break  # the fewest items that explain the payment
    return found


def _score_group(data, index, hits, positions, relation):
    entries = [index.entries[p] for p in positions]
    total = sum(entry.cents for entry in entries)
    evidence = {"amount": relation, "count": len(positions)}
    score = AMOUNT_POINTS[relation]
    levels = [hits[p][0] for p in positions if p in hits]
    if levels:
        evidence["reference"] = [entry.candidate.reference for entry in entries]
        evidence["reference_match"] = min(levels, key=lambda level: REFERENCE_POINTS[level])
        evidence["found"] = " ".join(dict.fromkeys(hits[p][1] for p in positions if p in hits))
        points = REFERENCE_POINTS[evidence["reference_match"]]
        score += points if len(levels) == len(positions) else points // 3
    iban = bool(data.iban and any(data.iban in entry.ibans for entry in entries))
    name = max(data.name_similarity(entry) for entry in entries)
    identity = iban or name >= IDENTITY_NAME
    if not levels and not identity:
        return None
    score += _identity_points(evidence, iban, name)
    score += _date_points(evidence, data, entries)
    cap = 100 if relation == "sum" else PARTIAL_SUM_CAP
    if len(levels) != len(positions):
        cap = min(cap, NO_REFERENCE_CAP)
    matched = total if relation != "below_sum" else data.cents
    return _Scored(positions, MULTIPLE, min(score, cap), matched, evidence)


def _finish(data, index, scored):
    """Rank, mark ties as ambiguous, keep the best few, and explain them."""
    by_positions = {}
    for item in scored:
        known = by_positions.get(item.positions)
        if known is None or item.score > known.score:
            by_positions[item.positions] = item
    references = {}

    def reference_key(item):
        if item.positions not in references:
            references[item.positions] = tuple(
                index.entries[p].candidate.reference for p in item.positions
            )
        return references[item.positions]

    ranked = sorted(
        by_positions.values(),
        key=lambda item: (-item.score, _KIND_RANK[item.kind], reference_key(item), item.positions),
    )
    if ranked and ranked[0].score >= 50:
        ranked = [item for item in ranked if not item.evidence.get("amount_only")]
    ranked = [item for item in ranked if item.score >= MIN_SCORE]
    if ranked:
        best = set(ranked[0].positions)
        # A proposal for a part or a superset of the best one's items is a variant of the
        # same answer ("both orders" or "the first, overpaid"), not a rival.
        rivals = [
            item
            for item in ranked[1:]
            if item.score >= ranked[0].score - AMBIGUITY_MARGIN
            and not (best <= set(item.positions) or best >= set(item.positions))
        ]
        if rivals:
            rivals.insert(0, ranked[0])
        for item in rivals:
            item.ambiguous = True
            item.score = min(item.score, AUTO_CONFIRM_FLOOR - 1)
            item.evidence["ambiguous_with"] = [
                ref for other in rivals if other is not item for ref in reference_key(other)
            ]
    ranked = ranked[:MAX_PROPOSALS]
    return tuple(_proposal(data, index, item) for item in ranked)


def _proposal(data, index, item):
    candidates = [index.entries[p].candidate for p in item.positions]
    score = max(0, min(100, int(item.score)))
    matched = Decimal(item.matched).scaleb(-2)
    return Proposal(
        transaction_id=data.line.transaction_id,
        candidate_ids=tuple(c.id for c in candidates),
        kind=item.kind,
        score=score,
        amount_matched=matched,
        explanation=_explain(data, candidates, item),
        candidate_kinds=tuple(c.kind for c in candidates),
        references=tuple(c.reference for c in candidates),
        ambiguous=item.ambiguous,
        evidence=item.evidence,
    )


def _explain(data, candidates, item):
    """English sentences for the evidence; the addon translates from ``evidence``."""
    evidence = item.evidence
    refs = ", ".join(c.reference for c in candidates)
    first = candidates[0]
    reasons = []
    match = evidence.get("reference_match")
    if match == "typo":
        reasons.append(f"The remittance text has {evidence['found']!r}, one typo away from {refs}.")
    elif match == "bare":
        reasons.append(f"The number {evidence['found']!r} in the remittance text matches {refs}.")
    elif match:
        reasons.append(f"The remittance text names {refs} ({evidence['found']!r}).")
    reasons.append(_amount_reason(data, candidates, evidence["amount"]))
    if evidence.get("iban"):
        reasons.append(f"The payer's IBAN {data.iban} is known for customer {first.partner_name}.")
    name = evidence.get("name")
    if name and name >= 0.5:
        verb = "equals" if name >= 1 else "resembles"
        reasons.append(
            f"The payer name {data.line.payer_name!r} {verb} the customer "
            f"{first.partner_name!r} ({round(name * 100)}%)."
        )
    if evidence.get("unique_amount"):
        if evidence.get("amount_only"):
            reasons.append("No other open order or invoice has this amount.")
        else:
            reasons.append(f"It is the customer's only open {first.kind} with this amount.")
    if evidence.get("amount_only"):
        reasons.append("Nothing but the amount connects the payment with it.")
    if evidence.get("date") == "after":
        reasons.append(f"Paid {evidence['days']} day(s) after the {_date_word(candidates)}.")
    elif evidence.get("date") == "before":
        reasons.append(
            f"Paid {evidence['days']} day(s) before the {_date_word(candidates)}, which is "
            "unusual for a prepayment."
        )
    if item.ambiguous:
        others = ", ".join(evidence["ambiguous_with"])
        reasons.append(f"{others} fit(s) as well: confirm by hand.")
    return tuple(reasons)


def _amount_reason(data, candidates, relation):
    """The sentence about the amount: equal, partial, overpaid, or a sum."""
    currency = data.currency
    amount = _money(data.cents)
    refs = ", ".join(c.reference for c in candidates)
    first = candidates[0]
    what = _what(candidates)
    open_amount = _money(sum(_cents(c.amount_open) for c in candidates))
    if relation == "exact":
        return f"The amount {amount} {currency} equals the open amount of {what}."
    if relation == "tolerance":
        return (
            f"The amount {amount} {currency} differs from the open amount {open_amount} "
            f"{currency} of {what} by less than the tolerance."
        )
    if relation == "partial":
        rest = _money(_cents(first.amount_open) - data.cents)
        return (
            f"The amount {amount} {currency} is less than the open amount {open_amount} "
            f"{currency} of {what}: a partial payment, {rest} {currency} stay open."
        )
    if relation == "overpayment":
        surplus = _money(data.cents - _cents(first.amount_open))
        return (
            f"The amount {amount} {currency} is more than the open amount {open_amount} "
            f"{currency} of {what}: an overpayment of {surplus} {currency}."
        )
    if relation == "sum":
        return f"The amount {amount} {currency} equals the sum of the open amounts of {refs}."
    word = "less" if relation == "below_sum" else "more"
    return (
        f"The amount {amount} {currency} is {word} than the sum {open_amount} {currency} "
        f"of the open amounts of {refs}."
    )


def _what(candidates):
    if len(candidates) > 1:
        return ", ".join(c.reference for c in candidates)
    candidate = candidates[0]
    return f"{'invoice' if candidate.kind == INVOICE else 'order'} {candidate.reference}"


def _date_word(candidates):
    kinds = {c.kind for c in candidates}
    if kinds == {ORDER}:
        return "order date"
    if kinds == {INVOICE}:
        return "invoice date"
    return "order and invoice dates"


# --- references -----------------------------------------------------------------------


def _reference_keys(reference):
    """Keys of a reference: "SO04711" -> 4711; "INV/2026/00042" -> 2026/42, 202600042."""
    groups = _DIGITS.findall(reference)
    if not groups:
        return ()
    keys = ["/".join(str(int(group)) for group in groups)]
    if len(groups) > 1:
        keys.append(str(int("".join(groups))))
    return tuple(dict.fromkeys(keys))


def _find_references(text, index):
    """Numbers of the text that may be references: (key, context, found, digits, parts).

    ``context`` is ("prefix", word), ("order",), ("invoice",) or ("neutral",); numbers
    after customer-number words, amounts ("49,90"), dates ("13.03.2026") and runs of
    three or more bare numbers (IBANs, phone numbers) are left out.
    """
    folded = fold(text[:2000])
    if index.zero_fix is not None:
        folded = index.zero_fix.sub(r"\1o", folded)
    tokens = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(folded)]
    contexts = {}
    found = []
    for position, (token, start, end) in enumerate(tokens):
        if not token[0].isdigit():
            continue
        if _in_decimal(folded, start, end):
            contexts[position] = ("excluded",)
            continue
        context = _context(tokens, position, contexts, index)
        contexts[position] = context
        if context[0] == "excluded":
            continue
        parts = [part for part in re.split(r"\s?[/-]\s?", token) if part]
        if sum(len(part) for part in parts) <= MAX_NUMBER_DIGITS:
            found.append((context, token, parts))
    return _drop_number_runs(found)


def _in_decimal(text, start, end):
    """An amount or a dotted date: digits joined by "." or "," to other digits."""
    if start >= 2 and text[start - 1] in ".," and text[start - 2].isdigit():
        return True
    return end + 1 < len(text) and text[end] in ".," and text[end + 1].isdigit()


def _context(tokens, position, contexts, index):
    joined = False
    for back in range(position - 1, max(position - 6, -1), -1):
        token = tokens[back][0]
        if token[0].isdigit():
            # "Bestellungen 4711 und 4712": a listed number shares the first one's context.
            return contexts.get(back, ("neutral",)) if joined else ("neutral",)
        if token in _SKIP_PUNCT or token in _FILLERS:
            continue
        if token in _CONNECTORS or token in _LIST_PUNCT:
            joined = True
            continue
        if token in EXCLUDED_WORDS:
            return ("excluded",)
        if token in index.prefixes:
            return ("prefix", token)
        if token in ORDER_WORDS:
            return ("order",)
        if token in INVOICE_WORDS:
            return ("invoice",)
        return ("neutral",)
    return ("neutral",)


def _drop_number_runs(found):
    """Three or more neutral numbers in a row are an IBAN or phone number, not references."""
    kept = []
    run = []
    for item in found:
        if item[0] == ("neutral",) and len(item[2]) == 1:
            run.append(item)
            continue
        if len(run) < 3:
            kept.extend(run)
        run = []
        kept.append(item)
    if len(run) < 3:
        kept.extend(run)
    return kept


def _reference_hits(data, index):
    """Position -> (level, text found) of every candidate the text refers to."""
    hits = {}
    entries = index.entries
    for context, token, parts in data.references:
        keys = [_key(parts)]
        if len(parts) > 1:
            keys.append(str(int("".join(parts))))
        exact = [p for key in keys for p in index.by_reference.get(key, ())]
        if not exact and len(parts) > 1 and context[0] != "neutral":
            exact = [p for part in parts for p in index.by_reference.get(_key([part]), ())]
        for position in exact:
            level = _level(context, entries[position], token, parts)
            if level:
                _keep(hits, position, (level, token))
        if context[0] == "neutral":
            continue
        if any(data.low <= entries[p].cents <= data.high for p in exact):
            continue
        for position in _typo_positions(parts, index, data.low, data.high):
            if position not in hits:
                hits[position] = ("typo", token)
    return hits


def _key(parts):
    return "/".join(str(int(part)) for part in parts)


def _keep(hits, position, hit):
    known = hits.get(position)
    if known is None or REFERENCE_POINTS[hit[0]] > REFERENCE_POINTS[known[0]]:
        hits[position] = hit


def _level(context, entry, token, parts):
    kind = context[0]
    if kind == "prefix":
        return "prefix" if context[1] == entry.prefix else "bare"
    if kind == "order":
        return "keyword" if entry.candidate.kind == ORDER else "bare"
    if kind == "invoice":
        return "keyword" if entry.candidate.kind == INVOICE else "bare"
    digits = "".join(parts)
    if len(digits) >= MIN_BARE_DIGITS and digits == entry.digits:
        return "keyword"  # written with the reference's own leading zeros
    if len(str(int(digits))) >= MIN_BARE_DIGITS or len(parts) > 1:
        return "bare"
    return None


def _typo_positions(parts, index, low, high):
    """Candidates one edit (Damerau: swap, drop, add, change a digit) from the number.

    Only those whose open amount is the payment's: a typo is no evidence on its own, and
    in a dense numbering most one-edit neighbours exist.
    """
    last = str(int(parts[-1]))
    if not MIN_TYPO_DIGITS <= len(last) <= MAX_TYPO_DIGITS:
        return []
    head = [str(int(part)) for part in parts[:-1]]
    entries = index.entries
    found = set()
    for variant in _edits(last):
        variant = variant.lstrip("0")
        if not variant or variant == last:
            continue
        for position in index.by_reference.get("/".join([*head, variant]), ()):
            if low <= entries[position].cents <= high:
                found.add(position)
    return sorted(found)


def _edits(digits):
    for i in range(len(digits)):
        yield digits[:i] + digits[i + 1 :]
        for digit in "0123456789":
            yield digits[:i] + digit + digits[i + 1 :]
    for i in range(len(digits) - 1):
        yield digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
    for i in range(len(digits) + 1):
        for digit in "0123456789":
            yield digits[:i] + digit + digits[i:]


# --- names and numbers ----------------------------------------------------------------


def _codes(tokens):
    """Distinct phonetic codes of the name's words (initials left out), sorted."""
    return tuple(sorted({code for t in tokens if len(t) > 1 for code in [phonetic(t)] if code}))


def _name_similarity(payer, customer):
    """0..1: how well the payer's name fits the customer's (word order does not matter).

    Each word pairs with its best partner: equal 1, same sound ("Meier"/"Maier") 0.85,
    close spelling by edit distance, an initial 0.6. The sum is divided by the shorter
    name's word count; names of different length lose 10% ("Meier" vs "Hans Meier").
    """
    if not payer or not customer:
        return 0.0
    pairs = []
    for i, left in enumerate(payer):
        for j, right in enumerate(customer):
            value = _word_similarity(left, right)
            if value:
                pairs.append((value, i, j))
    pairs.sort(key=lambda pair: (-pair[0], pair[1], pair[2]))
    used_left, used_right, total = set(), set(), 0.0
    for value, i, j in pairs:
        if i not in used_left and j not in used_right:
            used_left.add(i)
            used_right.add(j)
            total += value
    result = total / min(len(payer), len(customer))
    if len(payer) != len(customer):
        result *= 0.9
    return min(1.0, result)


def _word_similarity(left, right):
    if left == right:
        return 1.0
    if len(left) == 1 or len(right) == 1:
        return 0.6 if left[0] == right[0] else 0.0
    if len(left) >= 3 and len(right) >= 3 and phonetic(left) == phonetic(right):
        return 0.85
    value = similarity(left, right)
    return value if value >= 0.75 else 0.0


def _cents(amount):
    """Integer hundredths of an amount; None for anything that is not a finite number."""
    if amount is None or isinstance(amount, bool):
        return None
    try:
        value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
        if not value.is_finite() or value.adjusted() > 12:
            return None
        with localcontext() as context:
            context.prec = 40
            return int((value * 100).to_integral_value(rounding=ROUND_HALF_UP))
    except (InvalidOperation, ValueError, TypeError):
        return None


def _money(cents):
    return f"{Decimal(cents).scaleb(-2):.2f}"


def _ordinal(value):
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10]).toordinal()
    except ValueError:
        return None


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _sorted_pairs(pairs):
    pairs.sort()
    return [cents for cents, _p in pairs], [position for _c, position in pairs]
