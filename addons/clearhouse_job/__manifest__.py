{
    "name": "Clearhouse Background Jobs",
    "summary": "One way to run background work for the Clearhouse addons: OCA queue_job "
    "with channels per partner, retries with the core's backoff, failed-for-good hooks",
    "version": "18.0.1.0.0",
    "category": "Sales/Clearhouse",
    "author": "Clearhouse",
    "website": "https://github.com/clearhouse/clearhouse",
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["clearhouse_base", "queue_job"],
    "external_dependencies": {"python": ["clearhouse"]},
    "data": [
        "data/queue_job_channel_data.xml",
        "views/clearhouse_job_menus.xml",
    ],
    "installable": True,
}
