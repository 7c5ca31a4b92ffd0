{
    "name": "Clearhouse Base",
    "summary": "Shared menu, groups category and settings of the Clearhouse service-center suite",
    "version": "18.0.1.0.0",
    "category": "Sales/Clearhouse",
    "author": "Clearhouse",
    "website": "https://github.com/clearhouse/clearhouse",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["base", "mail"],
    "data": [
        "security/clearhouse_base_groups.xml",
        "security/ir.model.access.csv",
        "wizards/clearhouse_problem_handle_views.xml",
        "views/clearhouse_base_menus.xml",
    ],
    "installable": True,
    "application": True,
}
