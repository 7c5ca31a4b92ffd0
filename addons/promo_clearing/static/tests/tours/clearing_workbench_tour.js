import { registry } from "@web/core/registry";

// A clerk clears an order with a wrong phone: from the workbench, take the next order,
// type the phone, "Release & Next" (two clicks plus typing); the next case is open.
registry.category("web_tour.tours").add("promo_clearing_workbench_tour", {
    steps: () => [
        {
            content: "The workbench lists the clerk's cases, then the unassigned ones",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Take the next order (click 1)",
            trigger: "button[name='action_take_next']",
            run: "click",
        },
        {
            content: "The order opens on the Clearing tab: type the phone",
            trigger: ".o_form_view .o_field_widget[name='clearing_phone'] input",
            run: "edit +49 30 1234567",
        },
        {
            content: "Release & Next (click 2)",
            trigger: ".o_form_view button[name='action_clearing_release_next']",
            run: "click",
        },
        {
            content: "The next case is open and taken",
            trigger:
                ".o_form_view:has(.o_field_widget[name='external_ref']:contains('TOUR-NEXT')) " +
                "button[name='action_clearing_release_next']",
        },
    ],
});
