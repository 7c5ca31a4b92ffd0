{
    "name": "Service Tickets for Clearing",
    "summary": "One ticket per clearing episode of an order, solved when the order leaves clearing",
    "version": "18.0.1.0.0",
    "category": "Sales/Clearhouse",
    "author": "Clearhouse",
    "website": "https://github.com/clearhouse/clearhouse",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["helpdesk_ticket", "promo_clearing"],
    "data": [
        "views/clearing_reason_views.xml",
        "views/service_ticket_views.xml",
    ],
    "installable": True,
    "auto_install": True,
}
