"""Payment matching: read bank and PayPal statements, propose which open items they pay.

Parsers (bytes in, ``ParseResult`` out; ``InputError`` means nothing of the file may be
imported, ``PayloadError``s in ``result.errors`` cost one booking each):
``parse_camt053`` (CAMT.053 .02/.04/.08, or a zip of them), ``parse_mt940``,
``parse_statement_csv`` with a ``CsvProfile`` and ``parse_paypal_csv``. ``PARSERS`` is
the registry the addon offers; CSV profiles are listed in ``PROFILES``.

Matching: ``build_index(candidates)`` once, then ``propose(lines, index, tolerance=...)``;
confirm automatically only what ``auto_confirmable(proposal, threshold)`` allows.
``settlement`` decides what a payment does to the items it pays (``Tolerance``,
``match_kind``, ``write_off``); ``fees.with_fee_lines`` turns PayPal fees into
bookings of their own. Every error code is listed in ``error_codes.ERROR_CODES``.
"""

from clearhouse.payments.camt053 import parse_camt053
from clearhouse.payments.csv_profiles import (
    PROFILES,
    CsvProfile,
    ProfileError,
    parse_paypal_csv,
    parse_statement_csv,
)
from clearhouse.payments.error_codes import ERROR_CODES
from clearhouse.payments.fees import with_fee_lines
from clearhouse.payments.matching import (
    AUTO_CONFIRM_FLOOR,
    CandidateIndex,
    auto_confirmable,
    build_index,
    propose,
)
from clearhouse.payments.mt940 import parse_mt940
from clearhouse.payments.settlement import (
    Tolerance,
    ToleranceError,
    match_kind,
    write_off,
)
from clearhouse.payments.types import (
    Candidate,
    ParseResult,
    Proposal,
    StatementLine,
    candidate_kind,
)

# Statement formats by code; every parser takes the file's bytes and returns a
# ParseResult. CSV exports go through parse_statement_csv(data, profile) instead.
PARSERS = {
    "camt053": parse_camt053,
    "mt940": parse_mt940,
    "paypal_csv": parse_paypal_csv,
}

__all__ = [
    "AUTO_CONFIRM_FLOOR",
    "ERROR_CODES",
    "PARSERS",
    "PROFILES",
    "Candidate",
    "CandidateIndex",
    "CsvProfile",
    "ParseResult",
    "ProfileError",
    "Proposal",
    "StatementLine",
    "Tolerance",
    "ToleranceError",
    "auto_confirmable",
    "build_index",
    "candidate_kind",
    "match_kind",
    "parse_camt053",
    "parse_mt940",
    "parse_paypal_csv",
    "parse_statement_csv",
    "propose",
    "with_fee_lines",
    "write_off",
]
