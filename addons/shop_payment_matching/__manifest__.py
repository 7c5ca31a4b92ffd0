{
    "name": "Shop Payment Matching",
    "summary": "Bank and PayPal payments matched to webshop prepayment orders release them",
    "version": "18.0.1.0.0",
    "category": "Sales/Clearhouse",
    "author": "Clearhouse",
    "website": "https://github.com/clearhouse/clearhouse",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["shop_connector", "payment_matching"],
    "data": [],
    "installable": True,
    "auto_install": True,
}
