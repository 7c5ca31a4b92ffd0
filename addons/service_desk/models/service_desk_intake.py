from odoo import Command, api, models

from clearhouse.validation import check_address


class ServiceDeskIntake(models.AbstractModel):
    """Phone orders taken by the service desk, through the kernel's intake.

    The agent picks products, not SKUs: the wizard passes the resolved lines in
    ``options["products"]`` ({external ref: [sale line values]}); everything else
    (customer and delivery-contact matching, validation, idempotency, automation) is
    the kernel's.
    """

    _name = "service.desk.intake"
    _inherit = "clearhouse.order.intake"
    _description = "Service Desk Phone Order Intake"

    @api.model
    def _submit_phone_order(self, source, order_dict, product_lines):
        return self._intake_submit_dicts(
            source, [order_dict], "phone", products={order_dict["external_ref"]: product_lines}
        )[0]

    def _intake_resolve_lines(self, source, payloads, options):
        products = options["products"]
        return {p.external_ref: products[p.external_ref] for p in payloads}, {}

    def _intake_prepare_orders(self, source, payloads, lines, contacts, channel, options):
        vals_list = []
        for payload in payloads:
            ref = payload.external_ref
            vals = self._intake_order_vals(
                source, payload, contacts[ref], channel, check_address(payload.customer)
            )
            vals["order_line"] = [Command.create(line) for line in lines[ref]]
            vals_list.append(vals)
        return vals_list
