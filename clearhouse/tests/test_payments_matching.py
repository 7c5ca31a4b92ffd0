"""The matching engine: real-life remittance texts, ambiguity, determinism, properties."""

import random
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearhouse.payments import matching
from clearhouse.payments.generator import generate_case
from clearhouse.payments.matching import (
    AUTO_CONFIRM_FLOOR,
    auto_confirmable,
    build_index,
    propose,
)
from clearhouse.payments.types import (
    EXACT,
    MULTIPLE,
    OVERPAYMENT,
    PARTIAL,
    Candidate,
    StatementLine,
)

MEIER_IBAN = "DE89370400440532013000"
SCHROEDER_IBAN = "DE60500105175407324061"
WEISS_IBAN = "DE61 7605 0101 0012 3456 78"  # as typed into the customer form
GROSS_IBAN = "DE70120300001009876543"
SCHMIDT_IBAN = "DE13430609674000111222"
MUELLER_IBAN = "DE71200411110987654321"


def order(number, amount, name, partner, ibans=(), date="2026-03-10", currency="EUR"):
    return Candidate(
        kind="order",
        id=number,
        reference=f"SO{number:05d}",
        amount_open=Decimal(amount),
        currency=currency,
        partner_name=name,
        partner_ibans=ibans,
        date=date,
        partner_id=partner,
    )


def invoice(number, amount, name, partner, ibans=(), date="2026-03-01"):
    return Candidate(
        kind="invoice",
        id=number,
        reference=f"INV/2026/{number:05d}",
        amount_open=Decimal(amount),
        partner_name=name,
        partner_ibans=ibans,
        date=date,
        partner_id=partner,
    )


CANDIDATES = [
    order(4711, "49.90", "Hans Meier", 1, (MEIER_IBAN,)),
    order(4712, "59.90", "Anna Schröder", 2, (SCHROEDER_IBAN,), "2026-03-11"),
    order(4713, "59.90", "Anna Schröder", 2, (SCHROEDER_IBAN,), "2026-03-11"),
    order(4714, "19.90", "Jürgen Weiß", 3, (WEISS_IBAN,), "2026-03-12"),
    order(4715, "65.00", "Jürgen Weiß", 3, (WEISS_IBAN,), "2026-03-12"),
    order(4716, "24.90", "Katharina Groß-Bäumer", 4, (GROSS_IBAN,)),
    order(4717, "24.90", "Thomas Müller", 5),
    order(4718, "34.95", "Ayşe Öztürk", 6),
    order(4719, "49.90", "Ayşe Öztürk", 6),
    order(4720, "120.00", "Hans Meier", 1, (MEIER_IBAN,), "2026-03-14"),
    order(4721, "89.00", "Emma Johnson", 7),
    order(4722, "1234.56", "Müller Haustechnik GmbH", 8, (MUELLER_IBAN,)),
    order(4730, "39.90", "Hans Maier", 9),
    order(4731, "39.90", "Hans Meyer", 10),
    order(4740, "15.00", "Sabine Schmidt", 11, (SCHMIDT_IBAN,)),
    order(4741, "15.00", "Sabine Schmidt", 11, (SCHMIDT_IBAN,)),
    order(4750, "77.70", "Peter Wagner", 12, (), "2026-03-20"),
    order(4760, "49.90", "John Miller", 13, (), "2026-03-10", "USD"),
    invoice(42, "238.00", "Müller Haustechnik GmbH", 8, (MUELLER_IBAN,)),
    invoice(43, "59.80", "Jürgen Weiß", 3, (WEISS_IBAN,)),
    invoice(44, "75.00", "Katharina Groß-Bäumer", 4, (GROSS_IBAN,)),
    invoice(45, "1499.00", "Oliver Smith", 14),
]
INDEX = build_index(CANDIDATES)
SO4711 = ("SO04711",)
BOTH = ("SO04712", "SO04713")
INV42 = ("INV/2026/00042",)
AMBIGUOUS = "ambiguous"
NOTHING = ()

# (remittance, amount, payer name, payer IBAN, expected references, kind, auto-confirmed)
# references AMBIGUOUS: the top proposal must be marked ambiguous and not confirmable;
# NOTHING: no proposal at all.
CASES = [
    ("Bestellung 4711", "49.90", "Hans Meier", "", SO4711, EXACT, True),
    ("SO 04711", "49.90", "Meier, Hans", "", SO4711, EXACT, True),
    ("SO-4711", "49.90", "", "", SO4711, EXACT, True),
    ("so4711", "49.90", "HANS MEIER", "", SO4711, EXACT, True),
    ("Auftrag Nr. 4711", "49.90", "Hans Meier", "", SO4711, EXACT, True),
    ("SO04711 Meier", "49.90", "Meier Hans", MEIER_IBAN, SO4711, EXACT, True),
    ("Bestellnr. 04711 vom 10.03.2026", "49.90", "H. Meier", "", SO4711, EXACT, True),
    ("Order #4711", "49.90", "Hans Meier", "", SO4711, EXACT, True),
    ("payment for order no. 4711", "49.90", "Hans Meier", "", SO4711, EXACT, True),
    ("S0 4711", "49.90", "Hans Meier", "", SO4711, EXACT, True),
    ("Bestellung 4711 bei Clearhouse Shop", "49.90", "Hans Meier", "", SO4711, EXACT, True),
    (
        "PP.1234.PP . Bestellung 4714 bei Clearhouse Shop, Ihr Einkauf bei Clearhouse",
        "19.90",
        "PayPal Europe S.a.r.l. et Cie S.C.A",
        "LU280019400644750000",
        ("SO04714",),
        EXACT,
        True,
    ),
    ("Bestellung 4711 Hans Meier 80331 München", "49.90", "Hans Meier", "", SO4711, EXACT, True),
    ("SO04711 IBAN DE89 3704 0044 0532 0130 00", "49.90", "", "", SO4711, EXACT, True),
    ("Bestellung 4711 vom 13.03.2026", "49.90", "Hans Meier", "", SO4711, EXACT, True),
    ("Bestellung 4711 über 49,90 EUR", "49.90", "Hans Meier", "", SO4711, EXACT, True),
    ("Rechnung 4711", "49.90", "Hans Meier", "", SO4711, EXACT, True),
    ("RE 2026/42", "238.00", "Müller Haustechnik GmbH", "", INV42, EXACT, True),
    ("Kd-Nr 123 Re 2026/42", "238.00", "", "", INV42, EXACT, True),
    ("Rechnung INV/2026/00042", "238.00", "Mueller Haustechnik", "", INV42, EXACT, True),
    ("Invoice INV/2026/00042 thank you", "238.00", "Jansen B.V.", "", INV42, EXACT, True),
    ("Rechnungsnr. 202600042", "238.00", "", "", INV42, EXACT, True),
    ("Rg. 2026-42 Müller Haustechnik", "238.00", "", "", INV42, EXACT, True),
    ("SO04712 SO04713", "119.80", "Anna Schröder", "", BOTH, MULTIPLE, True),
    ("Bestellungen 4712 und 4713", "119.80", "Schroeder, Anna", "", BOTH, MULTIPLE, True),
    ("SO4712+4713", "119.80", "", "", BOTH, MULTIPLE, True),
    ("SO04712, SO04713", "119.80", "A. Schröder", "", BOTH, MULTIPLE, True),
    ("order so-4712 and so-4713", "119.80", "Anna Schroder", "", BOTH, MULTIPLE, True),
    ("SO04711 SO04720", "169.90", "Hans Meier", "", ("SO04711", "SO04720"), MULTIPLE, True),
    ("Bestellung 4712", "119.80", "Anna Schröder", SCHROEDER_IBAN, BOTH, MULTIPLE, False),
    ("", "119.80", "Anna Schröder", SCHROEDER_IBAN, BOTH, MULTIPLE, False),
    ("Anzahlung SO 04711", "20.00", "Hans Meier", "", SO4711, PARTIAL, False),
    ("Teilzahlung Bestellung 4715", "30.00", "Jürgen Weiß", "", ("SO04715",), PARTIAL, False),
    ("SO04715", "70.00", "Jürgen Weiß", "", ("SO04715",), OVERPAYMENT, False),
    ("Rest RE 2026/43", "20.00", "Weiss Juergen", "", ("INV/2026/00043",), PARTIAL, False),
    ("Bestellung 4771", "49.90", "Hans Meier", "", SO4711, EXACT, False),
    ("Bestellung 4171", "49.90", "Hans Meier", MEIER_IBAN, SO4711, EXACT, True),
    ("Bestellung 471", "49.90", "Hans Meier", "", SO4711, EXACT, False),
    ("", "65.00", "", WEISS_IBAN.replace(" ", ""), ("SO04715",), EXACT, False),
    ("Vielen Dank", "1234.56", "Müller Haustechnik", "", ("SO04722",), EXACT, False),
    ("Danke", "34.95", "Öztürk, Ayse", "", ("SO04718",), EXACT, False),
    ("Thanks", "89.00", "Emma Johnson", "", ("SO04721",), EXACT, False),
    ("Überweisung", "24.90", "K. Groß-Bäumer", GROSS_IBAN, ("SO04716",), EXACT, False),
    ("SO04750", "77.70", "Peter Wagner", "", ("SO04750",), EXACT, False),
    ("", "39.90", "H. Meier", "", AMBIGUOUS, None, False),
    ("Zahlung", "39.90", "Hans Meier", "", AMBIGUOUS, None, False),
    ("", "15.00", "", SCHMIDT_IBAN, AMBIGUOUS, None, False),
    ("", "24.90", "", "", AMBIGUOUS, None, False),
    ("Kd-Nr 4711", "49.90", "", "", AMBIGUOUS, None, False),
    ("Zinsen", "3.17", "Sparkasse", "", NOTHING, None, False),
    ("Kundennr 4711", "12.34", "", "", NOTHING, None, False),
    ("SO04711", "-49.90", "Hans Meier", MEIER_IBAN, NOTHING, None, False),
    ("SO04711", "49.90", "Hans Meier", "", NOTHING, None, False),  # paid in CHF, see below
]


def line(remittance, amount, name="", iban="", currency="EUR", date="2026-03-16", tid="T1"):
    return StatementLine(
        transaction_id=tid,
        date=date,
        amount=Decimal(amount),
        currency=currency,
        remittance=remittance,
        payer_name=name,
        payer_iban=iban,
    )


def case_id(case):
    return f"{case[0] or '<empty>'}|{case[1]}|{case[2] or '-'}"


@pytest.mark.parametrize("case", CASES, ids=[case_id(case) for case in CASES])
def test_real_life_remittance(case):
    remittance, amount, name, iban, expected, kind, auto = case
    currency = "CHF" if case is CASES[-1] else "EUR"
    [proposals] = propose([line(remittance, amount, name, iban, currency)], INDEX)
    explained = [(p.references, p.kind, p.score, p.ambiguous) for p in proposals]
    if expected == NOTHING:
        assert proposals == (), f"nothing should match, got {explained}"
        return
    assert proposals, "a proposal was expected"
    top = proposals[0]
    if expected == AMBIGUOUS:
        assert top.ambiguous, f"two answers fit equally well: {explained}"
        assert top.score < AUTO_CONFIRM_FLOOR
    else:
        assert (top.references, top.kind) == (expected, kind), explained
        assert not top.ambiguous, explained
    assert auto_confirmable(top) is auto, f"auto-confirmation should be {auto}: {explained}"
    assert top.explanation, "every proposal says why"


def test_table_is_large_enough():
    assert len(CASES) >= 40


def test_evidence_is_machine_readable():
    [[top, *_]] = propose([line("Bestellung 4711", "49.90", "Meier, Hans", MEIER_IBAN)], INDEX)
    assert top.evidence["reference"] == "SO04711"
    assert top.evidence["reference_match"] == "keyword"
    assert top.evidence["amount"] == "exact"
    assert top.evidence["iban"] is True
    assert top.evidence["name"] == 1.0
    assert top.evidence["date"] == "after" and top.evidence["days"] == 6
    assert (top.candidate_ids, top.candidate_kinds) == ((4711,), ("order",))
    assert top.amount_matched == Decimal("49.90") and top.transaction_id == "T1"


def test_explanation_reads_like_a_reason():
    [[top, *_]] = propose([line("SO04771", "49.90", "Hans Meier", MEIER_IBAN)], INDEX)
    text = " ".join(top.explanation)
    assert "'04771', one typo away from SO04711" in text
    assert "49.90 EUR equals the open amount of order SO04711" in text
    assert f"IBAN {MEIER_IBAN} is known for customer Hans Meier" in text


def test_partial_payment_says_what_stays_open():
    [[top, *_]] = propose([line("Anzahlung SO 04711", "20.00", "Hans Meier")], INDEX)
    assert top.amount_matched == Decimal("20.00")
    assert "29.90 EUR stay open" in " ".join(top.explanation)


def test_ambiguous_proposals_name_their_rivals():
    [proposals] = propose([line("", "39.90", "H. Meier")], INDEX)
    assert {p.references[0] for p in proposals[:2]} == {"SO04730", "SO04731"}
    assert all(p.ambiguous for p in proposals[:2])
    assert proposals[0].evidence["ambiguous_with"] == [proposals[1].references[0]]
    assert "confirm by hand" in proposals[0].explanation[-1]


def test_tolerance_turns_a_small_difference_into_a_match():
    payment = line("SO04711", "49.88", "Hans Meier")
    [[strict, *_]] = propose([payment], INDEX)
    [[tolerant, *_]] = propose([payment], INDEX, tolerance=Decimal("0.05"))
    assert strict.kind == PARTIAL and not auto_confirmable(strict)
    assert tolerant.kind == EXACT and tolerant.evidence["amount"] == "tolerance"
    assert auto_confirmable(tolerant)


@pytest.mark.parametrize("tolerance", [Decimal("-0.01"), Decimal("10.01"), Decimal("NaN")])
def test_unreasonable_tolerance_is_refused(tolerance):
    with pytest.raises(ValueError):
        propose([], INDEX, tolerance=tolerance)


def test_now_stands_in_for_a_missing_date():
    payment = line("SO04750", "77.70", "Peter Wagner", date="")
    [[undated, *_]] = propose([payment], INDEX)
    [[late, *_]] = propose([payment], INDEX, now="2026-03-25")
    assert "date" not in undated.evidence
    assert late.evidence["date"] == "after" and late.score > undated.score - 1


def test_auto_confirmable_respects_threshold_and_ambiguity():
    [[top, *_]] = propose([line("Bestellung 4711", "49.90", "Hans Meier")], INDEX)
    assert auto_confirmable(top, 90) and not auto_confirmable(top, 101)
    [[tie, *_]] = propose([line("", "15.00", "", SCHMIDT_IBAN)], INDEX)
    assert not auto_confirmable(tie, 0), "an ambiguous proposal never confirms itself"


def test_output_does_not_depend_on_candidate_order():
    lines = [line(case[0], case[1], case[2], case[3], tid=str(n)) for n, case in enumerate(CASES)]
    shuffled = CANDIDATES[:]
    random.Random(3).shuffle(shuffled)
    assert propose(lines, INDEX) == propose(lines, build_index(shuffled))
    first = propose(lines, INDEX)
    assert [[p.evidence for p in ps] for ps in first] == [
        [p.evidence for p in ps] for ps in propose(lines, build_index(shuffled))
    ]


def test_candidates_without_open_amount_are_not_indexed():
    index = build_index([order(1, "0.00", "A B", 1), order(2, "-5", "A B", 1), CANDIDATES[0]])
    assert len(index) == 1


def test_lookups_stay_bounded_as_the_pool_grows(monkeypatch):
    """The engine looks candidates up under keys, never walks the pool."""
    case = generate_case(20_000, 300, seed=5)
    index = build_index(case.candidates)
    calls = []
    original = matching._score_single

    def counting(*args):
        calls.append(args[2])
        return original(*args)

    monkeypatch.setattr(matching, "_score_single", counting)
    propose([generated.line for generated in case.lines], index)
    assert len(calls) / len(case.lines) < 10, "a few candidates per line, whatever the pool"


# --- properties -------------------------------------------------------------------------

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FRAGMENTS = [
    "SO04711",
    "Bestellung 4712 und 4713",
    "RE 2026/42",
    "Kd-Nr",
    "49,90",
    "2026-03-16",
    "S0 ",
    "ß",
    "\x00",
    "\u202e",
    "9" * 60,
    "/-/-/",
    "INV/2026/",
]
texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(FRAGMENTS), max_size=8).map(" ".join),
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=5), max_size=6).map("".join),
)
amounts = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.decimals(min_value=-1000, max_value=5000, places=2),
    st.sampled_from([Decimal("49.90"), Decimal("119.80"), Decimal("1E+999999"), Decimal("-0")]),
    st.integers(min_value=-(10**20), max_value=10**20),
)
lines_strategy = st.builds(
    StatementLine,
    transaction_id=st.text(max_size=10),
    date=st.one_of(st.just("2026-03-16"), st.text(max_size=12)),
    amount=amounts,
    currency=st.sampled_from(["EUR", "eur", "USD", "", "XXX"]),
    remittance=texts,
    payer_name=st.one_of(texts, st.sampled_from(["Hans Meier", "H. Meier", "Meier, Hans"])),
    payer_iban=st.one_of(st.text(max_size=30), st.sampled_from([MEIER_IBAN, SCHMIDT_IBAN])),
)


@SETTINGS
@given(st.lists(lines_strategy, max_size=5), st.sampled_from(["2026-03-16", None, "garbage"]))
def test_propose_never_raises_and_scores_are_bounded(lines, now):
    results = propose(lines, INDEX, now=now)
    assert len(results) == len(lines)
    for proposals in results:
        assert len(proposals) <= matching.MAX_PROPOSALS
        scores = [p.score for p in proposals]
        assert scores == sorted(scores, reverse=True), "ranked best first"
        for proposal in proposals:
            assert 0 <= proposal.score <= 100
            assert proposal.kind in (EXACT, PARTIAL, OVERPAYMENT, MULTIPLE)
            assert not (proposal.ambiguous and proposal.score >= AUTO_CONFIRM_FLOOR)


@SETTINGS
@given(st.lists(lines_strategy, max_size=4))
def test_propose_is_deterministic(lines):
    assert propose(lines, INDEX) == propose(lines, INDEX)


@SETTINGS
@given(
    st.lists(
        st.builds(
            Candidate,
            kind=st.sampled_from(["order", "invoice", "other"]),
            id=st.integers(min_value=-5, max_value=10**6),
            reference=texts,
            amount_open=amounts,
            currency=st.sampled_from(["EUR", "USD", ""]),
            partner_name=texts,
            partner_ibans=st.lists(st.text(max_size=25), max_size=2).map(tuple),
            date=st.text(max_size=12),
            partner_id=st.one_of(st.none(), st.integers(min_value=0, max_value=5)),
        ),
        max_size=8,
    ),
    st.lists(lines_strategy, max_size=3),
)
def test_arbitrary_candidates_never_break_the_index(candidates, lines):
    for proposals in propose(lines, build_index(candidates)):
        assert all(0 <= p.score <= 100 for p in proposals)
