{
    "name": "Service Tickets for Logistics Transfers",
    "summary": "Transfers that gave up and returned or lost parcels open tickets",
    "version": "18.0.1.0.0",
    "category": "Sales/Clearhouse",
    "author": "Clearhouse",
    "website": "https://github.com/clearhouse/clearhouse",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["helpdesk_ticket", "carrier_exchange"],
    "data": ["views/service_queue_views.xml"],
    "installable": True,
    "auto_install": True,
}
