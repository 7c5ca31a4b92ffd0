import { registry } from "@web/core/registry";

// A clerk opens the workbench, takes the next order, applies the suggested fix
// (a phone, a house number) and re-validates: the order is released and confirmed.
registry.category("web_tour.tours").add("promo_clearing_workbench_tour", {
    steps: () => [
        {
            content: "The workbench lists the orders in clearing",
            trigger: ".o_list_view .o_group_name",
        },
        {
            content: "Take the next order",
            trigger: "button[name='action_take_next']",
            run: "click",
        },
        {
            content: "The order opens with its clearing reason",
            trigger: ".o_form_view .alert-warning:contains('In clearing')",
        },
        {
            content: "Open the clearing tab",
            trigger: ".o_notebook a.nav-link[name='clearing']",
            run: "click",
        },
        {
            content: "Apply the suggested fix",
            trigger: ".o_field_widget[name='issue_ids'] button[name='action_apply_suggestion']",
            run: "click",
        },
        {
            content: "The issue is gone",
            trigger: ".o_field_widget[name='issue_ids'] .o_list_table:not(:has(.o_data_row))",
        },
        {
            content: "Re-validate and release",
            trigger: "button[name='action_clearing_revalidate']",
            run: "click",
        },
        {
            content: "The order is confirmed",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Sales Order')",
        },
    ],
});
