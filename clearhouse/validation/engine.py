"""Runs the campaign's configured rules over one order.

Only rules the campaign configured run: a campaign without a points account must not
be blocked by the points rule. A broken rule blocks the order instead of the import.
"""

import dataclasses

from clearhouse.types import BLOCK, SEVERITIES, WARN, Issue, RuleConfig

from ._text import shorten
from .rules import RULES

_SEVERITY_ORDER = {BLOCK: 0, WARN: 1}


def default_rule_configs():
    """Every rule active at its default severity; a starting point for new campaigns."""
    return tuple(
        RuleConfig(rule=spec.code, severity=spec.default_severity, params=dict(spec.default_params))
        for spec in RULES.values()
    )


def _effective_config(cfg, spec):
    """The campaign's params over the rule's defaults; unknown severities block."""
    severity = cfg.severity if cfg.severity in SEVERITIES else BLOCK
    params = {**spec.default_params, **(cfg.params or {})}
    return dataclasses.replace(cfg, severity=severity, params=params)


def _sort_key(issue):
    line = issue.line if isinstance(issue.line, int) else -1
    return (
        _SEVERITY_ORDER.get(issue.severity, 0),
        str(issue.field),
        line,
        str(issue.rule),
        str(issue.code),
        str(issue.message),
        str(issue.suggestion),
    )


def _run(spec, inp, policy, cfg):
    try:
        return list(spec.check(inp, policy, cfg))
    except Exception as exc:  # noqa: BLE001 - one broken rule must not abort an import
        return [
            Issue(
                rule=spec.code,
                code="rule_error",
                field="order",
                message=f"Rule '{spec.code}' failed: {type(exc).__name__}: {shorten(exc, 200)}",
                severity=BLOCK,
                params={"rule": spec.code, "error": type(exc).__name__},
            )
        ]


def validate(inp, policy):
    """All findings of the policy's active rules, sorted blocking first, then by field."""
    issues = []
    seen = set()
    for cfg in policy.rules or ():
        if cfg.rule in seen:  # the first configuration of a rule counts
            continue
        seen.add(cfg.rule)
        if not cfg.active:
            continue
        spec = RULES.get(cfg.rule)
        if spec is None:
            issues.append(
                Issue(
                    rule=shorten(cfg.rule),
                    code="rule_unknown",
                    field="order",
                    message=f"Rule '{shorten(cfg.rule)}' is configured but does not exist",
                    severity=WARN,
                    params={"rule": shorten(cfg.rule)},
                )
            )
            continue
        issues.extend(_run(spec, inp, policy, _effective_config(cfg, spec)))
    return sorted(issues, key=_sort_key)


def validation_state(issues):
    """``"invalid"`` as soon as one finding blocks; warnings leave the order valid."""
    return "invalid" if any(issue.severity == BLOCK for issue in issues) else "valid"
