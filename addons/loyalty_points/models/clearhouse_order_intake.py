from odoo import api, models

from clearhouse.orders import issue_result, rejected_result

MAX_VOUCHER_CODE = 64


class ClearhouseOrderIntake(models.AbstractModel):
    """Intake payloads of every channel may carry ``voucher_code``: the order keeps it and
    redeems it at confirmation through the one atomic path."""

    _inherit = "clearhouse.order.intake"

    @api.model
    def _intake_submit_dicts(self, source, orders, channel, **options):
        """Take ``voucher_code`` out of each dict before the channel parses it."""
        if not isinstance(orders, list | tuple) or not any(
            isinstance(data, dict) and "voucher_code" in data for data in orders
        ):
            return super()._intake_submit_dicts(source, orders, channel, **options)
        results = [None] * len(orders)
        positions, passed, codes = [], [], {}
        for position, data in enumerate(orders):
            if not (isinstance(data, dict) and "voucher_code" in data):
                positions.append(position)
                passed.append(data)
                continue
            data = dict(data)
            code = data.pop("voucher_code")
            if code is not None and (not isinstance(code, str) or len(code) > MAX_VOUCHER_CODE):
                ref = data.get("external_ref")
                ref = " ".join(ref.split())[:64] if isinstance(ref, str) else False
                label = ref or f"#{position}"
                message = self.env._(
                    "Order %(order)s: voucher_code must be a text of at most %(max)s characters.",
                    order=label,
                    max=MAX_VOUCHER_CODE,
                )
                issue = issue_result(
                    code="voucher_code_invalid",
                    rule="payload",
                    field="voucher_code",
                    line=None,
                    message=message,
                )
                results[position] = rejected_result(ref, [issue])
                continue
            ref = data.get("external_ref")
            code = (code or "").strip()
            if code and isinstance(ref, str):
                # The parser collapses whitespace runs of the reference the same way.
                codes[" ".join(ref.split())] = code
            positions.append(position)
            passed.append(data)
        submitted = super(
            ClearhouseOrderIntake, self.with_context(loyalty_intake_vouchers=codes)
        )._intake_submit_dicts(source, passed, channel, **options)
        for position, result in zip(positions, submitted, strict=True):
            results[position] = result
        return results

    def _intake_order_vals(self, source, payload, contact, channel, issues=None):
        vals = super()._intake_order_vals(source, payload, contact, channel, issues)
        code = self.env.context.get("loyalty_intake_vouchers", {}).get(payload.external_ref)
        if code:
            vals["points_voucher_code"] = code
        return vals
