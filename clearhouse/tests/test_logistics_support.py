"""Helpers for the logistics transport tests: certificates, ports, silent servers.

Not a test module of its own (pytest finds nothing to run here); the transport tests
import it. Every server binds 127.0.0.1 on a port the kernel picks and is stopped by
the fixture that started it; threads are daemons with bounded waits, so a failing test
cannot leave the run hanging.
"""

import threading

from clearhouse.testservers import (
    LOCALHOST,
    PASSWORD,
    USER,
    closed_port,
    make_tls_files,
    silent_server,
)

__all__ = ["LOCALHOST", "PASSWORD", "USER", "closed_port", "make_tls_files", "silent_server"]
TOKEN = "test-token-not-secret"
HMAC_SECRET = "test-hmac-secret"


def start_thread(target, name):
    thread = threading.Thread(target=target, name=name, daemon=True)
    thread.start()
    return thread
