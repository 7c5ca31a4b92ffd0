{
    "name": "Service Tickets for Shop Sync Problems",
    "summary": "A shop export that gave up opens a ticket",
    "version": "18.0.1.0.0",
    "category": "Sales/Clearhouse",
    "author": "Clearhouse",
    "website": "https://github.com/clearhouse/clearhouse",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["helpdesk_ticket", "shop_connector"],
    "data": ["views/service_queue_views.xml"],
    "installable": True,
    "auto_install": True,
}
