{
    "name": "Clearhouse Service Desk: Tickets",
    "summary": "Tickets in the customer service view; a new ticket from there",
    "version": "18.0.1.0.0",
    "category": "Sales/Clearhouse",
    "author": "Clearhouse",
    "website": "https://github.com/clearhouse/clearhouse",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["service_desk", "helpdesk_ticket"],
    "data": ["views/res_partner_views.xml"],
    "auto_install": True,
    "installable": True,
}
