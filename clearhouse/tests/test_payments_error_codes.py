"""Every error of the payment core carries a listed code; profiles are checked in the core."""

import ast
import dataclasses
from pathlib import Path

import pytest

import clearhouse
from clearhouse.payments.csv_profiles import (
    DEBIT_CREDIT,
    GENERIC_DE,
    INDICATOR,
    CsvProfile,
    ProfileError,
    profile_problem,
)
from clearhouse.payments.error_codes import (
    BOOKING_ERRORS,
    ERROR_CODES,
    FILE_ERRORS,
    PAYPAL_ERRORS,
    SETTINGS_ERRORS,
)
from clearhouse.remote import KINDS

ROOT = Path(clearhouse.__file__).parent
# The payment readers and the shared readers they call.
SOURCES = [
    *sorted((ROOT / "payments").glob("*.py")),
    ROOT / "xmlsafe.py",
    ROOT / "textfiles.py",
    ROOT / "intake" / "limits.py",
]


def _is_remote_kind_code(value):
    return (
        isinstance(value, ast.JoinedStr)
        and isinstance(value.values[0], ast.Constant)
        and value.values[0].value == "paypal_"
        and isinstance(value.values[1], ast.FormattedValue)
        and getattr(value.values[1].value, "attr", "") == "kind"
    )


def _raised_codes():
    """(file, code) of every ``code=`` literal and ``"code", "text"`` problem tuple."""
    found = set()
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "code":
                if isinstance(node.value, ast.Constant):
                    found.add((path.name, node.value.value))
                elif _is_remote_kind_code(node.value):
                    # code=f"paypal_{failure.kind}": one code per clearhouse.remote kind.
                    found.update((path.name, f"paypal_{kind}") for kind in KINDS)
            elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_error":
                for arg in node.args:  # _error(record, field, where, code, text, ...)
                    if isinstance(arg, ast.Constant) and str(arg.value).startswith(
                        ("row_", "entry_")
                    ):
                        found.add((path.name, arg.value))
            elif isinstance(node, ast.Tuple) and node.elts:
                first = node.elts[0]
                if isinstance(first, ast.Constant) and str(first.value).startswith("profile_"):
                    found.add((path.name, first.value))
    return found


def test_every_raised_code_is_listed():
    raised = _raised_codes()
    unlisted = sorted((name, code) for name, code in raised if code not in ERROR_CODES)
    assert not unlisted, f"codes raised but missing in error_codes.py: {unlisted}"
    codes = {code for _name, code in raised}
    assert {"row_amount_invalid", "entry_amount_invalid", "profile_date_format"} <= codes, (
        "the scan must see the codes passed to the _error helpers and profile checks"
    )


def test_listed_codes_are_raised_and_unique():
    raised = {code for _name, code in _raised_codes()}
    never = sorted(set(ERROR_CODES) - raised - {"tolerance_amount", "tolerance_percent"})
    assert not never, f"listed but never raised: {never}"
    groups = (FILE_ERRORS, BOOKING_ERRORS, PAYPAL_ERRORS, SETTINGS_ERRORS)
    assert sum(len(group) for group in groups) == len(ERROR_CODES), "a code in two groups"


def _profile(**changes):
    values = {
        "name": "test",
        "columns": {"date": ("Datum",), "amount": ("Betrag",)},
        "date_format": "%d.%m.%Y",
    }
    values.update(changes)
    return dataclasses.replace(GENERIC_DE, **values)


# (changes, code, params)
PROBLEMS = [
    (
        {"columns": {"date": ("D",), "amount": ("A",), "colour": ("C",)}},
        "profile_unknown_fields",
        {"fields": ["colour"]},
    ),
    ({"sign": "upside_down"}, "profile_sign", {"sign": "upside_down"}),
    ({"sign": DEBIT_CREDIT}, "profile_columns_missing", {"fields": ["debit", "credit"]}),
    ({"sign": INDICATOR}, "profile_columns_missing", {"fields": ["indicator"]}),
    ({"columns": {"amount": ("Betrag",)}}, "profile_columns_missing", {"fields": ["date"]}),
    ({"skip_rows": -1}, "profile_skip_rows", {}),
    ({"date_format": "dd.mm.yyyy"}, "profile_date_format", {"date_format": "dd.mm.yyyy"}),
    ({"date_format": "%d.%m."}, "profile_date_format", {"date_format": "%d.%m."}),
    ({"date_format": "%Q"}, "profile_date_format", {"date_format": "%Q"}),
    ({"decimal_separator": ",", "thousands_separator": ","}, "profile_separators", {}),
    ({"default_currency": "Euro"}, "profile_currency", {"currency": "Euro"}),
    ({"default_currency": "eur"}, "profile_currency", {"currency": "eur"}),
]


@pytest.mark.parametrize(("changes", "code", "params"), PROBLEMS)
def test_profile_problems_have_codes(changes, code, params):
    with pytest.raises(ProfileError) as caught:
        _profile(**changes)
    assert (caught.value.code, caught.value.params) == (code, params)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    "changes",
    [{}, {"date_format": "%Y-%m-%d"}, {"date_format": "%d.%m.%y"}, {"thousands_separator": ""}],
)
def test_good_profiles_have_no_problem(changes):
    profile = _profile(**changes)
    assert profile_problem(profile) is None
    assert isinstance(profile, CsvProfile)
