"""Every error the shop adapters raise carries a code listed in ``error_codes``."""

import ast
from pathlib import Path

import clearhouse
from clearhouse.remote import KINDS
from clearhouse.shops import ShopError
from clearhouse.shops.error_codes import ANSWER_ERRORS, CALL_ERRORS, ERROR_CODES, OTHER_ERRORS

SOURCES = sorted((Path(clearhouse.__file__).parent / "shops").glob("*.py"))


def _raised_codes():
    """Codes of ``code=`` keywords: literals, and ``failure.kind`` (every remote kind)."""
    found = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "code":
                if isinstance(node.value, ast.Constant):
                    found.add(node.value.value)
                elif getattr(node.value, "attr", "") == "kind":
                    found.update(KINDS)
                else:
                    raise AssertionError(f"{path.name}:{node.lineno}: a code the scan cannot read")
    return found


def test_every_raised_code_is_listed():
    raised = _raised_codes()
    assert {"invalid_response", "config", "timeout"} <= raised, "the scan sees the adapters"
    assert sorted(raised - set(ERROR_CODES)) == []


def test_listed_codes_are_raised_and_in_one_group():
    raised = _raised_codes() | {ShopError.code}
    assert sorted(set(ERROR_CODES) - raised) == []
    groups = (CALL_ERRORS, ANSWER_ERRORS, OTHER_ERRORS)
    assert sum(len(group) for group in groups) == len(ERROR_CODES), "a code in two groups"


def test_remote_failures_carry_their_status_as_a_param():
    error = ShopError("GET /orders: HTTP 503", code="unavailable", retryable=True, status=503)
    assert error.params["status"] == 503
    assert set(error.params) <= set(ERROR_CODES[error.code])
