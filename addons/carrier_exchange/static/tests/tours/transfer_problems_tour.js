import { registry } from "@web/core/registry";

// A logistics user opens the transfer problems, opens the failed document with its
// error and queues it again.
registry.category("web_tour.tours").add("carrier_exchange_transfer_problems_tour", {
    steps: () => [
        {
            content: "Transfer problems are grouped by partner; open the group",
            trigger: ".o_list_view .o_group_name:contains('Fulfilment Nord')",
            run: "click",
        },
        {
            content: "Open the failed document",
            trigger: ".o_list_view .o_data_row:contains('NORD-DEL') td[name='name']",
            run: "click",
        },
        {
            content: "The last error is shown",
            trigger: ".o_form_view .o_field_widget[name='last_error']:contains('refused')",
        },
        {
            content: "Queue it again",
            trigger: ".o_form_view button[name='action_retry']",
            run: "click",
        },
        {
            content: "The document waits for the next transfer",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Queued')",
        },
    ],
});
