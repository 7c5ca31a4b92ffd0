import { registry } from "@web/core/registry";

// A logistics manager opens a partner with a delivery waiting and sends it now.
registry.category("web_tour.tours").add("carrier_exchange_partner_send_now_tour", {
    steps: () => [
        {
            content: "Open the partner",
            trigger: ".o_list_view .o_data_row td[name='name']:contains('Fulfilment Nord')",
            run: "click",
        },
        {
            content: "One delivery waits to be sent",
            trigger: ".o_form_view button[name='action_view_ready'] .o_stat_value:contains('1')",
        },
        {
            content: "The connection page is there for managers",
            trigger: ".o_notebook a.nav-link[name='connection']",
        },
        {
            content: "Send now",
            trigger: ".o_form_view button[name='action_send_now']",
            run: "click",
        },
        {
            content: "The document is queued for the background transfer",
            trigger: ".o_notification:contains('queued')",
        },
    ],
});
