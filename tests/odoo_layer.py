"""Install every Clearhouse addon into a fresh database and run their Odoo tests.

Called by ``tests/run`` once Odoo 18 is importable and PostgreSQL answers. Writes
"passed failed" to ``--counts`` and exits non-zero on any failure, error, or an
install that logged errors outside the tests.
"""

import argparse
import ast
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"
RESULT_RE = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
# Log lines at ERROR/CRITICAL level, e.g. "2026-11-23 09:00:00,000 123 ERROR db odoo.x: ..."
ERROR_RE = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")


def free_port():
    """A port nobody listens on, so that two runs on one machine do not collide."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return str(sock.getsockname()[1])


def clearhouse_addons():
    names = []
    for manifest in sorted(ADDONS.glob("*/__manifest__.py")):
        data = ast.literal_eval(manifest.read_text(encoding="utf-8"))
        if data.get("installable", True):
            names.append(manifest.parent.name)
    return names


def odoo_addons_path():
    if os.environ.get("ODOO_ADDONS_PATH"):
        return os.environ["ODOO_ADDONS_PATH"]
    import odoo

    package = Path(odoo.__file__).resolve().parent
    paths = [package / "addons", package.parent / "addons"]
    return ",".join(str(p) for p in paths if p.is_dir())


def connect(user, dbname="postgres"):
    return psycopg2.connect(
        host=os.environ.get("PGHOST", "127.0.0.1"),
        port=os.environ.get("PGPORT", "5432"),
        user=user,
        dbname=dbname,
        connect_timeout=10,
    )


def ensure_role(role):
    """Odoo refuses to run as ``postgres``: make a login role that may create databases."""
    admin = os.environ.get("PGUSER", "postgres")
    conn = connect(admin)
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
        if not cr.fetchone():
            cr.execute(sql.SQL("CREATE ROLE {} LOGIN CREATEDB").format(sql.Identifier(role)))
    conn.close()


def drop_database(role, dbname):
    conn = connect(role)
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(dbname)))
    conn.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--log", required=True)
    parser.add_argument("--counts", required=True)
    args = parser.parse_args()

    role = os.environ.get("CLEARHOUSE_DB_USER", "clearhouse")
    dbname = os.environ.get("CLEARHOUSE_TEST_DB", f"clearhouse_test_{os.getpid()}")
    ensure_role(role)
    drop_database(role, dbname)
    modules = clearhouse_addons()
    tags = os.environ.get("CLEARHOUSE_ODOO_TAGS") or ",".join(f"/{m}" for m in modules)
    cmd = [
        sys.executable,
        "-m",
        "odoo",
        "--database",
        dbname,
        "--db_host",
        os.environ.get("PGHOST", "127.0.0.1"),
        "--db_port",
        os.environ.get("PGPORT", "5432"),
        "--db_user",
        role,
        "--addons-path",
        f"{ADDONS},{odoo_addons_path()}",
        "--init",
        ",".join(modules),
        "--test-enable",
        "--test-tags",
        tags,
        "--stop-after-init",
        "--http-port",
        os.environ.get("CLEARHOUSE_HTTP_PORT") or free_port(),
        "--logfile",
        args.log,
        "--log-level",
        "info",
        "--max-cron-threads",
        "0",
    ]
    print("Installing", ", ".join(modules), "into", dbname, flush=True)
    start = time.monotonic()
    proc = subprocess.run(cmd, check=False)
    elapsed = time.monotonic() - start
    log = Path(args.log).read_text(encoding="utf-8", errors="replace")
    errors = [line for line in log.splitlines() if ERROR_RE.match(line)]
    match = None
    for match in RESULT_RE.finditer(log):  # noqa: B007 (the last report counts)
        pass
    if match:
        failed, errored, total = (int(g) for g in match.groups())
    else:
        failed, errored, total = 0, 0, 0
    bad = failed + errored
    if not match or proc.returncode or (errors and not bad):
        bad = max(bad, 1)
    for line in errors[:200]:
        print(line)
    if errors:
        # Show the traceback context of the first errors to make CI logs useful.
        lines = log.splitlines()
        for idx, line in enumerate(lines):
            if ERROR_RE.match(line):
                print("\n".join(lines[idx : idx + 40]))
                break
    print(
        f"Odoo layer: {total} tests, {failed} failed, {errored} errors, "
        f"{len(errors)} error log lines, exit code {proc.returncode}, {elapsed:.0f} s"
    )
    Path(args.counts).write_text(f"{max(total - failed - errored, 0)} {bad}\n", encoding="utf-8")
    if not os.environ.get("CLEARHOUSE_KEEP_DB"):
        drop_database(role, dbname)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
