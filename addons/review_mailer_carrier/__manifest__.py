{
    "name": "Clearhouse Review Mailer - Logistics",
    "summary": "Review requests count their delay from the carrier's delivered event",
    "version": "18.0.1.0.0",
    "category": "Sales/Clearhouse",
    "author": "Clearhouse",
    "website": "https://github.com/clearhouse/clearhouse",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["review_mailer", "carrier_exchange"],
    "data": [],
    "auto_install": True,
    "installable": True,
}
