{
    "name": "Clearhouse Service Desk: Logistics",
    "summary": "Service desk order changes reach the logistics partner; shipping history "
    "in the service view",
    "version": "18.0.1.0.0",
    "category": "Sales/Clearhouse",
    "author": "Clearhouse",
    "website": "https://github.com/clearhouse/clearhouse",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["service_desk", "carrier_exchange"],
    "data": ["views/sale_order_views.xml"],
    "assets": {
        "web.assets_tests": ["service_desk_carrier/static/tests/tours/*.js"],
    },
    "auto_install": True,
    "installable": True,
}
