{
    "name": "Clearhouse Loyalty Points Clearing",
    "summary": "Orders of any channel whose loyalty voucher is refused go to clearing",
    "version": "18.0.1.0.0",
    "category": "Sales/Clearhouse",
    "author": "Clearhouse",
    "website": "https://github.com/clearhouse/clearhouse",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["loyalty_points", "promo_clearing"],
    "data": ["data/clearing_reason_data.xml"],
    "installable": True,
    "auto_install": True,
}
