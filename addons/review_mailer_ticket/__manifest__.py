{
    "name": "Clearhouse Review Mailer - Tickets",
    "summary": "Low ratings and replies to review requests open tickets in the source's queue",
    "version": "18.0.1.0.0",
    "category": "Sales/Clearhouse",
    "author": "Clearhouse",
    "website": "https://github.com/clearhouse/clearhouse",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["review_mailer", "helpdesk_ticket"],
    "data": ["views/clearhouse_order_source_views.xml"],
    "auto_install": True,
    "installable": True,
}
