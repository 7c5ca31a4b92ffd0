"""Generated open items and statement lines for benchmarks, tests and demo data.

``generate_case(candidates=..., lines=...)`` makes a pool of open orders and invoices
and a statement whose lines each carry the answer the matching should give, in the mix
a prepayment shop sees: most customers quote a reference, some only pay the amount
under their name, a few pay part or too much, and some payments cannot be told apart
(two customers with the same amount and similar names) or belong to nobody. People are
invented; IBANs are well-formed (valid check digits) but made up.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from clearhouse.payments.types import EXACT, INVOICE, MULTIPLE, ORDER, Candidate, StatementLine

EXACT_REFERENCE = "exact_reference"
AMOUNT_NAME = "amount_name"
PARTIAL_OVER = "partial_over"
AMBIGUOUS = "ambiguous"
NO_MATCH = "no_match"
GROUPS = (EXACT_REFERENCE, AMOUNT_NAME, PARTIAL_OVER, AMBIGUOUS, NO_MATCH)
DEFAULT_MIX = {
    EXACT_REFERENCE: 0.80,
    AMOUNT_NAME: 0.10,
    PARTIAL_OVER: 0.05,
    AMBIGUOUS: 0.025,
    NO_MATCH: 0.025,
}
STATEMENT_DATE = datetime.date(2026, 3, 16)


def _split(text):
    """The words of ``text`` in order (a tuple: random choices must be reproducible)."""
    return tuple(text.split())


_FIRST = _split(
    "Hans Anna Jürgen Katharina Thomas Sabine Michael Petra Andreas Monika Stefan Claudia "
    "Frank Andrea Markus Birgit Christian Ute Wolfgang Karin Klaus Renate Peter Gabriele "
    "Uwe Susanne Matthias Heike Bernd Martina Jörg Nicole Ralf Kerstin Dirk Silke Sven "
    "Tanja Lukas Lea Jonas Mia Felix Emma Leon Hannah Paul Lina Maximilian Marie Elias "
    "Sophie Noah Lena Ben Laura Finn Julia Tim Sarah Jan Lisa Niklas Johanna Moritz Clara "
    "Emil Frieda Anton Greta Oskar Ida Mehmet Ayşe Ahmet Fatma Emre Zeynep Piotr Agnieszka "
    "Luca Giulia Pierre Camille Jan Eva Milan Jana Dragan Ivana Olga Sergej Nadine Björn"
)
_LAST = _split(
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer "
    "Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger "
    "Hofmann Hartmann Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze "
    "Maier Köhler Herrmann König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller "
    "Weiß Jung Hahn Schubert Vogel Friedrich Keller Günther Frank Berger Winkler Roth "
    "Beck Lorenz Baumann Franke Albrecht Schuster Simon Ludwig Böhm Winter Kraus Martin "
    "Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel Heinrich Brandt Haas "
    "Schreiber Graf Schulte Dietrich Ziegler Kuhn Kühn Pohl Engel Horn Busch Bergmann "
    "Thomas Voigt Sauer Arnold Wolff Pfeiffer Öztürk Yılmaz Kaya Demir Nowak Kowalski "
    "Rossi Ferrari Dubois Novak Horvat Petrović Ivanov Jansen Andersson Nielsen Brenner "
    "Eckert Fiedler Gärtner Haupt Illner Janßen Kessler Lindner Marx Nagel Ohm Prinz "
    "Quast Rademacher Sperling Thiele Ullrich Vetter Wendt Xander Yildiz Zeller Aust "
    "Blum Conrad Döring Ebert Förster Geiger Hesse Imhof Jahn Kunze Lutz Mohr Noack "
    "Ostermann Paulsen Rausch Seifert Tews Unger Vollmer Wirth Zander Adler Bach Dorn"
)
_COMPANY_SUFFIXES = ("GmbH", "KG", "e.K.", "GmbH & Co. KG", "AG", "UG (haftungsbeschränkt)")
_BANK_CODES = ("37040044", "10050000", "50010517", "76050101", "20041111", "70150000", "12030000")
_THANKS = ("", "Danke", "Zahlung", "Überweisung", "Vielen Dank für die Lieferung", "Kauf", "Ware")


@dataclass(frozen=True)
class GeneratedLine:
    """A statement line and the answer: ``references`` of the right items and ``kind``.

    ``references`` is empty for ambiguous and unmatched lines: no proposal is right
    enough to confirm without a human.
    """

    line: StatementLine
    group: str
    references: tuple = ()
    kind: str = ""


@dataclass
class GeneratedCase:
    """The open items (the index's input) and the statement lines with their answers."""

    candidates: list
    lines: list  # of GeneratedLine


def generate_case(candidates=10_000, lines=1_000, *, seed=0, mix=None):
    """A pool of exactly ``candidates`` open items and ``lines`` statement lines."""
    rng = random.Random(seed)
    mix = mix or DEFAULT_MIX
    counts = _group_counts(lines, mix)
    twins = 2 * counts[AMBIGUOUS]
    pool = _Pool(rng, candidates - twins)
    generated = []
    for group in GROUPS:
        for _number in range(counts[group]):
            generated.append(getattr(pool, f"line_{group}")())
    rng.shuffle(generated)
    numbered = []
    for number, item in enumerate(generated, start=1):
        line = item.line
        numbered.append(
            GeneratedLine(
                line=StatementLine(
                    transaction_id=f"GEN-{seed}-{number:06d}",
                    date=line.date,
                    amount=line.amount,
                    currency=line.currency,
                    remittance=line.remittance,
                    payer_name=line.payer_name,
                    payer_iban=line.payer_iban,
                    line=number,
                ),
                group=item.group,
                references=item.references,
                kind=item.kind,
            )
        )
    return GeneratedCase(candidates=pool.candidates, lines=numbered)


def _group_counts(lines, mix):
    counts = {group: int(lines * mix.get(group, 0)) for group in GROUPS}
    counts[EXACT_REFERENCE] += lines - sum(counts.values())
    return counts


def iban(bank_code, account):
    """A German IBAN with valid check digits."""
    bban = f"{bank_code}{int(account):010d}"
    number = int("".join(str(int(char, 36)) for char in bban + "DE00"))
    return f"DE{98 - number % 97:02d}{bban}"


class _Pool:
    """Open items of invented customers, and the lines that pay them."""

    def __init__(self, rng, count):
        self.rng = rng
        self.candidates = []
        self.by_partner = {}
        self.partner_names = {}
        self.partner_ibans = {}
        self.next_order = 1
        self.next_invoice = 1
        self.next_partner = 1
        while len(self.candidates) < count:
            partner = self._partner()
            for _item in range(min(rng.choice((1, 1, 1, 2, 2, 3)), count - len(self.candidates))):
                self._item(partner, self._amount())

    def _partner(self, name=None):
        partner = self.next_partner
        self.next_partner += 1
        rng = self.rng
        if name is None:
            name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
            if rng.random() < 0.08:
                name = f"{rng.choice(_LAST)} {rng.choice(_COMPANY_SUFFIXES)}"
            elif rng.random() < 0.05:
                name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}-{rng.choice(_LAST)}"
        self.partner_names[partner] = name
        if rng.random() < 0.6:
            self.partner_ibans[partner] = (iban(rng.choice(_BANK_CODES), partner * 7919),)
        else:
            self.partner_ibans[partner] = ()
        self.by_partner[partner] = []
        return partner

    def _amount(self):
        return Decimal(self.rng.randrange(500, 50_000)).scaleb(-2)

    def _item(self, partner, amount, kind=None):
        rng = self.rng
        kind = kind or (ORDER if rng.random() < 0.7 else INVOICE)
        if kind == ORDER:
            number, self.next_order = self.next_order, self.next_order + 1
            reference = f"SO{number:05d}"
        else:
            number, self.next_invoice = self.next_invoice, self.next_invoice + 1
            reference = f"INV/2026/{number:05d}"
        date = STATEMENT_DATE - datetime.timedelta(days=rng.randrange(1, 60))
        candidate = Candidate(
            kind=kind,
            id=number,
            reference=reference,
            amount_open=amount,
            currency="EUR",
            partner_name=self.partner_names[partner],
            partner_ibans=self.partner_ibans[partner],
            date=date.isoformat(),
            partner_id=partner,
        )
        self.candidates.append(candidate)
        self.by_partner[partner].append(candidate)
        return candidate

    # --- what the payer writes --------------------------------------------------------

    def _payer_name(self, candidate):
        name = candidate.partner_name
        parts = name.split()
        if (
            len(parts) != 2
            or not parts[0][:1].isupper()
            or any(suffix in name for suffix in _COMPANY_SUFFIXES)
        ):
            return name
        first, last = parts
        return self.rng.choice(
            (name, f"{last}, {first}", f"{last} {first}", name.upper(), f"{first[0]}. {last}")
        )

    def _payer_iban(self, candidate):
        if candidate.partner_ibans and self.rng.random() < 0.7:
            return candidate.partner_ibans[0]
        return ""

    def _reference_text(self, candidate):
        rng = self.rng
        number = candidate.id
        name = candidate.partner_name.split()[-1]
        if candidate.kind == ORDER:
            templates = (
                "{ref}",
                "Bestellung {n}",
                "SO {n:05d} {name}",
                "Auftrag Nr. {n}",
                "so{n}",
                "Order #{n}",
                "Bestellnr. {n:05d} vom 12.03.2026",
                "{name} SO-{n}",
                "Bestellung {n} bei Clearhouse Shop",
                "{ref} Danke",
            )
        else:
            templates = (
                "{ref}",
                "RE 2026/{n}",
                "Rechnung 2026/{n:05d}",
                "Kd-Nr {pid} Re 2026/{n}",
                "Invoice {ref}",
                "Rechnungsnr. {ref} {name}",
            )
        return rng.choice(templates).format(
            ref=candidate.reference, n=number, name=name, pid=candidate.partner_id
        )

    def _line(self, amount, remittance, name, iban_):
        return StatementLine(
            transaction_id="",
            date=STATEMENT_DATE.isoformat(),
            amount=amount,
            currency="EUR",
            remittance=remittance,
            payer_name=name,
            payer_iban=iban_,
        )

    # --- one line per group -----------------------------------------------------------

    def line_exact_reference(self):
        rng = self.rng
        candidate = rng.choice(self.candidates)
        items = self.by_partner[candidate.partner_id]
        siblings = [c for c in items if c.kind == candidate.kind]
        if len(siblings) >= 2 and rng.random() < 0.15:
            chosen = sorted(rng.sample(siblings, 2), key=lambda c: c.id)
            text = " ".join(c.reference for c in chosen)
            amount = sum(c.amount_open for c in chosen)
            line = self._line(
                amount, text, self._payer_name(candidate), self._payer_iban(candidate)
            )
            return GeneratedLine(
                line, EXACT_REFERENCE, tuple(c.reference for c in chosen), MULTIPLE
            )
        text = self._reference_text(candidate)
        line = self._line(
            candidate.amount_open, text, self._payer_name(candidate), self._payer_iban(candidate)
        )
        return GeneratedLine(line, EXACT_REFERENCE, (candidate.reference,), EXACT)

    def line_amount_name(self):
        rng = self.rng
        for _attempt in range(100):
            candidate = rng.choice(self.candidates)
            items = self.by_partner[candidate.partner_id]
            if sum(c.amount_open == candidate.amount_open for c in items) == 1:
                break
        line = self._line(
            candidate.amount_open,
            rng.choice(_THANKS),
            candidate.partner_name if rng.random() < 0.5 else self._payer_name(candidate),
            "",
        )
        return GeneratedLine(line, AMOUNT_NAME, (candidate.reference,), EXACT)

    def line_partial_over(self):
        rng = self.rng
        candidate = rng.choice(self.candidates)
        open_cents = int(candidate.amount_open * 100)
        if rng.random() < 0.5 and open_cents > 200:
            amount = Decimal(rng.randrange(100, open_cents - 50)).scaleb(-2)
            kind = "partial"
        else:
            amount = candidate.amount_open + Decimal(rng.randrange(50, 5_000)).scaleb(-2)
            kind = "overpayment"
        text = rng.choice(("Anzahlung ", "Teilzahlung ", "", "Rest ")) + self._reference_text(
            candidate
        )
        line = self._line(amount, text, self._payer_name(candidate), self._payer_iban(candidate))
        return GeneratedLine(line, PARTIAL_OVER, (candidate.reference,), kind)

    def line_ambiguous(self):
        """Two customers, one amount, names alike, no reference: nobody can tell."""
        rng = self.rng
        first, last = rng.choice(_FIRST), rng.choice(("Meier", "Müller", "Schmidt", "Weber"))
        twin = {"Meier": "Maier", "Müller": "Mueller", "Schmidt": "Schmitt", "Weber": "Weber"}
        amount = self._amount()
        names = (f"{first} {last}", f"{first} {twin[last]}")
        for name in names:
            self._item(self._partner(name), amount)
        payer = rng.choice((names[0], f"{first[0]}. {last}", f"{last}, {first}"))
        line = self._line(amount, rng.choice(_THANKS), payer, "")
        return GeneratedLine(line, AMBIGUOUS)

    def line_no_match(self):
        rng = self.rng
        amount = Decimal(rng.randrange(50_001, 500_000)).scaleb(-2)
        name = f"{rng.choice(_LAST)} {rng.choice(_COMPANY_SUFFIXES)}"
        text = rng.choice(
            (
                "Gutschrift Erstattung",
                "Rueckerstattung Kaution",
                f"Rechnung {rng.randrange(10, 99)}",
                "Zinsen",
                f"Kundennr {rng.randrange(10_000, 99_999)}",
            )
        )
        line = self._line(amount, text, name, iban(rng.choice(_BANK_CODES), rng.randrange(10**9)))
        return GeneratedLine(line, NO_MATCH)


AUTO_RIGHT = "auto_right"
AUTO_WRONG = "auto_wrong"
TOP_RIGHT = "top_right"
TOP_WRONG = "top_wrong"
NO_PROPOSAL = "none"
OUTCOMES = (AUTO_RIGHT, AUTO_WRONG, TOP_RIGHT, TOP_WRONG, NO_PROPOSAL)


def outcome(generated, proposals, confirm):
    """What happened to one generated line: auto-confirmed or only proposed, right or wrong.

    ``confirm(proposal)`` says whether a proposal would be confirmed automatically. For
    ambiguous and unmatched lines nothing is right, so any automatic confirmation is
    ``auto_wrong``.
    """
    if not proposals:
        return NO_PROPOSAL
    top = proposals[0]
    right = bool(generated.references) and (
        sorted(top.references) == sorted(generated.references) and top.kind == generated.kind
    )
    if confirm(top):
        return AUTO_RIGHT if right else AUTO_WRONG
    return TOP_RIGHT if right else TOP_WRONG


def confusion(generated_lines, results, confirm):
    """Counts of ``(group, outcome)`` over a generated statement and its proposals."""
    counts = {(group, name): 0 for group in GROUPS for name in OUTCOMES}
    for generated, proposals in zip(generated_lines, results, strict=True):
        counts[generated.group, outcome(generated, proposals, confirm)] += 1
    return counts
