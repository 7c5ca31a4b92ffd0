import { registry } from "@web/core/registry";

// The customer sees their order with its tracking link and opens a ticket about it.
registry.category("web_tour.tours").add("helpdesk_ticket_portal_tour", {
    steps: () => [
        {
            content: "The order shows the shipment's tracking link",
            trigger: "a[href='https://track.example.com/TRK-4711']",
        },
        {
            content: "Ask about this order",
            trigger: "a.o_ticket_about_order",
            run: "click",
        },
        {
            content: "The order is preselected",
            trigger: "select[name='order_id']:has(option:selected:not([value='']))",
        },
        {
            content: "Subject",
            trigger: "input[name='subject']",
            run: "edit Wrong size delivered",
        },
        {
            content: "Message",
            trigger: "textarea[name='description']",
            run: "edit I ordered M and got XL.",
        },
        {
            content: "Send",
            trigger: "form.o_ticket_form button[type='submit']",
            run: "click",
        },
        {
            content: "The ticket page shows the new ticket about the order",
            trigger: ".o_ticket_title:contains('Wrong size delivered')",
        },
        {
            content: "with the order and its tracking link",
            trigger: "a.o_ticket_tracking:contains('TRK-4711')",
        },
    ],
});
