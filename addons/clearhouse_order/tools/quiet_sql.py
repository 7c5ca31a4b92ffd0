import contextlib
import logging
import threading


class _ThisThreadOnly(logging.Filter):
    """Drops the records of one thread; other threads' records pass."""

    def __init__(self, thread_id):
        super().__init__()
        self.thread_id = thread_id

    def filter(self, record):
        return record.thread != self.thread_id


@contextlib.contextmanager
def quiet_sql_errors():
    """Keep an expected, handled SQL error (a unique violation the caller catches) out of
    the error log, for this thread only.

    Odoo's ``mute_logger`` silences the logger for the whole process: on a threaded server
    another request's real SQL error would vanish from the log at the same moment.
    """
    logger = logging.getLogger("odoo.sql_db")
    quiet = _ThisThreadOnly(threading.get_ident())
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)
