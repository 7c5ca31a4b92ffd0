{
    "name": "Clearhouse Service Desk: Loyalty",
    "summary": "Find customers by card number or voucher code; cards, balance and open "
    "vouchers in the service view; merges keep every card, points move and voucher",
    "version": "18.0.1.0.0",
    "category": "Sales/Clearhouse",
    "author": "Clearhouse",
    "website": "https://github.com/clearhouse/clearhouse",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["service_desk", "loyalty_points"],
    "external_dependencies": {"python": ["clearhouse"]},
    "data": ["views/res_partner_views.xml"],
    "auto_install": True,
    "installable": True,
}
