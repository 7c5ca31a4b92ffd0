from . import clearing_backlog_report
