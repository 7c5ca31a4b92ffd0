"""One answer shape for every intake API (campaign websites, webshops, stores).

Every submitted order gets one result, in the order sent::

    {"external_ref": "WEB-1", "order_id": 42, "order_name": "S00042",
     "state": "confirmed", "validation": "valid", "duplicate": False,
     "issues": [{"code", "rule", "field", "line", "message", "severity", "suggestion"}]}

Positions are 0-based everywhere: ``line`` is the index in the order's ``lines`` (False when
the issue concerns no line) and field paths read ``lines[0].sku``.
"""

from clearhouse.orders.status import REJECTED

INTAKE_RESULT_KEYS = (
    "external_ref",
    "order_id",
    "order_name",
    "state",
    "validation",
    "duplicate",
    "issues",
)
ISSUE_KEYS = ("code", "rule", "field", "line", "message", "severity", "suggestion")


def issue_result(*, code, message, rule="", field="", line=None, severity="block", suggestion=""):
    """One issue of a result; ``line`` None (no line) is sent as False (XML-RPC has no null)."""
    return {
        "code": code,
        "rule": rule or "",
        "field": field or "",
        "line": line if isinstance(line, int) and not isinstance(line, bool) else False,
        "message": message,
        "severity": severity,
        "suggestion": suggestion or "",
    }


def rejected_result(external_ref, issues):
    """The result of an order that did not become an order (unreadable, unknown product)."""
    return {
        "external_ref": external_ref if isinstance(external_ref, str) and external_ref else False,
        "order_id": False,
        "order_name": False,
        "state": REJECTED,
        "validation": False,
        "duplicate": False,
        "issues": list(issues),
    }


def mark_repeats(results):
    """A reference sent twice in one call: every copy after the first is a duplicate."""
    seen = set()
    for result in results:
        ref = result["external_ref"]
        if result["order_id"] and ref in seen:
            result["duplicate"] = True
        if ref:
            seen.add(ref)
    return results
