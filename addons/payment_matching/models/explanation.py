"""Translated explanations of match proposals, rendered from the core's evidence.

The core writes English sentences (with amounts); staff in other languages read these
translated sentences built from the same evidence.
"""

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

REFERENCE = {
    "typo": _lt("The remittance text has '%(found)s', one typo away from %(refs)s."),
    "bare": _lt("The number '%(found)s' in the remittance text matches %(refs)s."),
}
REFERENCE_NAMED = _lt("The remittance text names %(refs)s ('%(found)s').")
AMOUNT = {
    "exact": _lt("The amount equals the open amount."),
    "tolerance": _lt("The amount differs from the open amount by less than the tolerance."),
    "partial": _lt("The amount is less than the open amount: a partial payment."),
    "overpayment": _lt("The amount is more than the open amount: an overpayment."),
    "sum": _lt("The amount equals the sum of the open amounts of %(refs)s."),
    "below_sum": _lt("The amount is less than the sum of the open amounts of %(refs)s."),
    "above_sum": _lt("The amount is more than the sum of the open amounts of %(refs)s."),
}
IBAN = _lt("The payer's IBAN is known for the customer.")
NAME_EQUAL = _lt("The payer name equals the customer's name.")
NAME_SIMILAR = _lt("The payer name resembles the customer's name (%(percent)s %%).")
UNIQUE_ANY = _lt("No other open order or invoice has this amount.")
UNIQUE_CUSTOMER = _lt("It is the customer's only open item with this amount.")
AMOUNT_ONLY = _lt("Nothing but the amount connects the payment with it.")
PAID_AFTER = _lt("Paid %(days)s day(s) after the order or invoice date.")
PAID_BEFORE = _lt(
    "Paid %(days)s day(s) before the order or invoice date, which is unusual for a prepayment."
)
AMBIGUOUS = _lt("%(others)s fit(s) as well: confirm by hand.")
MANUAL = _lt("Matched manually by %(user)s")


def render_explanation(env, proposal):
    """Sentences for ``proposal`` (a core Proposal) in the language of ``env``."""
    lang = env.lang or "en_US"
    if lang.startswith("en"):
        return "\n".join(proposal.explanation)  # the core's sentences carry the amounts

    def say(template, **params):
        return template._translate(lang) % params if params else template._translate(lang)

    evidence = proposal.evidence or {}
    refs = ", ".join(proposal.references)
    lines = []
    match = evidence.get("reference_match")
    if match in REFERENCE:
        lines.append(say(REFERENCE[match], found=evidence.get("found", ""), refs=refs))
    elif match:
        lines.append(say(REFERENCE_NAMED, found=evidence.get("found", ""), refs=refs))
    relation = evidence.get("amount")
    if relation in AMOUNT:
        template = AMOUNT[relation]
        lines.append(say(template, refs=refs) if "%(refs)s" in template._source else say(template))
    if evidence.get("iban"):
        lines.append(say(IBAN))
    name = evidence.get("name") or 0
    if name >= 1:
        lines.append(say(NAME_EQUAL))
    elif name >= 0.5:
        lines.append(say(NAME_SIMILAR, percent=round(name * 100)))
    if evidence.get("unique_amount"):
        lines.append(say(UNIQUE_ANY if evidence.get("amount_only") else UNIQUE_CUSTOMER))
    if evidence.get("amount_only"):
        lines.append(say(AMOUNT_ONLY))
    if evidence.get("date") == "after":
        lines.append(say(PAID_AFTER, days=evidence.get("days", 0)))
    elif evidence.get("date") == "before":
        lines.append(say(PAID_BEFORE, days=evidence.get("days", 0)))
    if proposal.ambiguous and evidence.get("ambiguous_with"):
        lines.append(say(AMBIGUOUS, others=", ".join(evidence["ambiguous_with"])))
    return "\n".join(lines) or "\n".join(proposal.explanation)
