/** @odoo-module **/
import { registry } from "@web/core/registry";

const TRACKING = "00340434161094042557";

registry.category("web_tour.tours").add("service_desk_tracking_to_answer", {
    steps: () => [
        {
            content: "Type the tracking number the caller reads out",
            trigger: ".o_searchview_input",
            run: `edit ${TRACKING}`,
        },
        {
            content: "Search the customer by it",
            trigger: ".o_searchview_autocomplete .o_menu_item:first-child",
            run: "click",
        },
        {
            content: "Open the customer found",
            trigger: ".o_data_row .o_data_cell:contains('Hans Müller')",
            run: "click",
        },
        {
            content: "Open the order from the service view",
            trigger: ".o_field_widget[name=desk_order_ids] .o_data_row button[name=action_desk_open_order]",
            run: "click",
        },
        {
            content: "Look at the shipping",
            trigger: ".o_notebook .nav-link:contains('Shipping')",
            run: "click",
        },
        {
            content: "The shipping history lists the shipment",
            trigger: ".o_field_widget[name=exchange_event_ids] .o_data_row:contains('DHL')",
        },
        {
            content: "with the tracking link",
            trigger: `.o_field_widget[name=exchange_event_ids] a[href*='${TRACKING}']`,
        },
        {
            content: "Answer the customer with the template",
            trigger: "button[name=action_desk_answer]",
            run: "click",
        },
        {
            content: "The template filled the answer",
            trigger: `.modal .o_field_widget[name=body]:contains('${TRACKING}')`,
        },
        {
            content: "Send it",
            trigger: ".modal button.o_mail_send",
            run: "click",
        },
        {
            content: "The answer is in the order's chatter",
            trigger: `.o-mail-Message-body:contains('${TRACKING}')`,
        },
    ],
});
