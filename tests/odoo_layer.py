"""The Odoo layer of ``tests/run``: each addon installs alone, then all addons run their tests.

Called by ``tests/run`` with a Python that has Odoo 18, the core's test extra and (on
``PYTHONPATH``) this checkout's clearhouse package, once PostgreSQL answers. Three parts:

1. Template databases, one per distinct set of Odoo and OCA modules an item needs (the
   dependency closure of its manifest, less the Clearhouse addons), each cloned from the
   largest smaller one and completed with ``--init``.
2. Alone installs: every installable Clearhouse addon and every OCA addon of
   requirements-oca.txt is installed (no tests) into a clone of the template that holds
   exactly the modules its manifest asks for, two at a time. A dependency missing from a
   manifest shows as an ERROR in the log or a module that is not ``installed``.
3. The full run: every Clearhouse addon installed together into a clone of the template of
   all their needs, with their tests (browser tours included: a skipped test fails the run,
   Odoo's HttpCase skips tours when it finds no Chrome).

Writes "passed failed" to ``--counts`` and exits non-zero on any failure.
"""

import argparse
import ast
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"
RESULT_RE = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
# Log lines at ERROR/CRITICAL level, e.g. "2026-11-23 09:00:00,000 123 ERROR db odoo.x: ..."
ERROR_RE = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")
# A skipped test: "... INFO db odoo.addons.x.tests.test_y: skipped TestY.test_z : reason"
# (Odoo's HttpCase skips a tour with "Chrome executable not found" and exits 0).
SKIP_RE = re.compile(r"^\S+ \S+ \d+ \w+ \S+ odoo\.\S+: skipped ")
ALONE_JOBS = int(os.environ.get("CLEARHOUSE_ALONE_JOBS") or 2)


def free_port():
    """A port nobody listens on, so that two runs on one machine do not collide."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return str(sock.getsockname()[1])


def read_manifests(folder):
    """``{name: manifest}`` of the installable addons in ``folder``."""
    found = {}
    for manifest in sorted(Path(folder).glob("*/__manifest__.py")):
        data = ast.literal_eval(manifest.read_text(encoding="utf-8"))
        if data.get("installable", True):
            found[manifest.parent.name] = data
    return found


def odoo_addons_paths():
    if os.environ.get("ODOO_ADDONS_PATH"):
        return os.environ["ODOO_ADDONS_PATH"].split(",")
    import odoo  # only here: Odoo is known to be importable once this runs

    package = Path(odoo.__file__).resolve().parent
    return [str(p) for p in (package / "addons", package.parent / "addons") if p.is_dir()]


def closure(names, manifests):
    """``names`` and everything they depend on, as Odoo installs it (no depends = base)."""
    todo, seen = list(names), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name not in manifests:
            raise SystemExit(f"Module {name} is not in the addons path")
        todo.extend(manifests[name].get("depends") or (["base"] if name != "base" else []))
    return seen


class Layer:
    def __init__(self, workdir, oca_addons):
        self.workdir = Path(workdir)
        self.data_dir = self.workdir / "odoo-data"
        self.role = os.environ.get("CLEARHOUSE_DB_USER", "clearhouse")
        self.prefix = os.environ.get("CLEARHOUSE_TEST_DB", f"clearhouse_test_{os.getpid()}")
        self.ours = read_manifests(ADDONS)
        self.oca = read_manifests(oca_addons) if oca_addons else {}
        self.paths = [str(ADDONS), *([str(oca_addons)] if oca_addons else [])]
        self.paths += odoo_addons_paths()
        self.manifests = {}
        for folder in reversed(self.paths):  # the first folder of the path wins, as in Odoo
            self.manifests.update(read_manifests(folder))
        self.databases = []
        self.passed = 0
        self.failed = 0
        self.timings = []

    # PostgreSQL ---------------------------------------------------------------------

    def connect(self, user=None):
        conn = psycopg2.connect(
            host=os.environ.get("PGHOST", "127.0.0.1"),
            port=os.environ.get("PGPORT", "5432"),
            user=user or self.role,
            dbname="postgres",
            connect_timeout=10,
        )
        conn.autocommit = True
        return conn

    def ensure_role(self):
        """Odoo refuses to run as ``postgres``: make a login role that may create databases."""
        conn = self.connect(os.environ.get("PGUSER", "postgres"))
        with conn.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (self.role,))
            if not cr.fetchone():
                cr.execute(
                    sql.SQL("CREATE ROLE {} LOGIN CREATEDB").format(sql.Identifier(self.role))
                )
        conn.close()

    def drop(self, dbname):
        conn = self.connect()
        with conn.cursor() as cr:
            cr.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(dbname)))
        conn.close()
        shutil.rmtree(self.data_dir / "filestore" / dbname, ignore_errors=True)

    def clone(self, template, dbname):
        """A copy of ``template`` with its filestore, as Odoo's own duplicate does."""
        self.drop(dbname)
        self.databases.append(dbname)
        conn = self.connect()
        with conn.cursor() as cr:
            cr.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(dbname), sql.Identifier(template)
                )
            )
        conn.close()
        source = self.data_dir / "filestore" / template
        if source.is_dir():
            shutil.copytree(source, self.data_dir / "filestore" / dbname)

    def module_states(self, dbname, names):
        conn = psycopg2.connect(
            host=os.environ.get("PGHOST", "127.0.0.1"),
            port=os.environ.get("PGPORT", "5432"),
            user=self.role,
            dbname=dbname,
            connect_timeout=10,
        )
        with conn.cursor() as cr:
            cr.execute("SELECT name, state FROM ir_module_module WHERE name = ANY(%s)", (names,))
            states = dict(cr.fetchall())
        conn.close()
        return {name: states.get(name, "absent") for name in names}

    # Odoo ---------------------------------------------------------------------------

    def odoo(self, dbname, modules, log, tags=None):
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
            self.role,
            "--addons-path",
            ",".join(self.paths),
            "--data-dir",
            str(self.data_dir),
            "--init",
            ",".join(sorted(modules)),
            "--stop-after-init",
            "--http-port",
            os.environ.get("CLEARHOUSE_HTTP_PORT") or free_port(),
            "--logfile",
            str(log),
            "--log-level",
            "info",
            "--max-cron-threads",
            "0",
        ]
        if tags:
            cmd += ["--test-enable", "--test-tags", tags]
        Path(log).unlink(missing_ok=True)
        # Not from the checkout: python -m would put it first on sys.path, ahead of the
        # clearhouse package installed for this run.
        proc = subprocess.run(
            cmd,
            check=False,
            cwd=self.workdir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        text = Path(log).read_text(encoding="utf-8", errors="replace") if Path(log).exists() else ""
        return proc.returncode, text

    def install(self, dbname, modules, label):
        """Install ``modules`` (no tests); the problems found, empty when all is well."""
        log = self.workdir / f"{dbname}.log"
        code, text = self.odoo(dbname, modules, log)
        problems = [line for line in text.splitlines() if ERROR_RE.match(line)]
        if code:
            problems.append(f"odoo exited with {code}")
        try:
            states = self.module_states(dbname, sorted(modules))
        except psycopg2.Error as exc:
            states = {"?": f"unreadable ({exc})".strip()}
        problems += [f"module {m} is {s}" for m, s in states.items() if s != "installed"]
        if problems:
            print(f"FAILED: {label} (log: {log})")
            show_errors(text)
            for problem in problems:
                if not ERROR_RE.match(problem):
                    print(f"  {problem}")
        return problems

    # The three parts ----------------------------------------------------------------

    def needs(self, name):
        """The Odoo and OCA modules ``name`` needs, without itself and Clearhouse addons."""
        return frozenset(closure([name], self.manifests) - set(self.ours) - {name})

    def build_templates(self, sets):
        """One database per module set, each cloned from the largest set it contains."""
        built = {}
        for number, modules in enumerate(sorted(sets, key=lambda s: (len(s), sorted(s)))):
            dbname = f"{self.prefix}_tmpl{number}"
            parent = max((s for s in built if s < modules), key=len, default=None)
            if parent is None:
                self.drop(dbname)
                self.databases.append(dbname)
                todo = modules
            else:
                self.clone(built[parent], dbname)
                todo = modules - parent
            started = time.monotonic()
            problems = self.install(dbname, todo, f"template {dbname} ({', '.join(sorted(todo))})")
            print(
                f"  template {dbname}: {len(modules)} modules, +{', '.join(sorted(todo))} "
                f"({time.monotonic() - started:.0f} s)",
                flush=True,
            )
            if problems:
                return None
            built[modules] = dbname
        return built

    def alone(self, templates, names):
        """Each item installed by itself into a clone of the template of what it needs."""
        jobs = []
        for name in names:
            dbname = f"{self.prefix}_alone_{name}"
            self.clone(templates[self.needs(name)], dbname)
            jobs.append((name, dbname))

        def install(job):
            name, dbname = job
            started = time.monotonic()
            problems = self.install(dbname, {name}, f"{name} installs alone")
            return name, problems, time.monotonic() - started

        with ThreadPoolExecutor(max_workers=ALONE_JOBS) as pool:
            for name, problems, seconds in pool.map(install, jobs):
                print(f"  {name} alone: {'FAILED' if problems else 'ok'} ({seconds:.0f} s)")
                if problems:
                    self.failed += 1
                else:
                    self.passed += 1
        for _name, dbname in jobs:
            if not os.environ.get("CLEARHOUSE_KEEP_DB"):
                self.drop(dbname)

    def full(self, template):
        """Every Clearhouse addon together, with their tests."""
        dbname = f"{self.prefix}_all"
        self.clone(template, dbname)
        modules = sorted(self.ours)
        tags = os.environ.get("CLEARHOUSE_ODOO_TAGS") or ",".join(f"/{m}" for m in modules)
        log = self.workdir / "odoo.log"
        print(f"  installing {', '.join(modules)} with their tests into {dbname}", flush=True)
        code, text = self.odoo(dbname, modules, log, tags=tags)
        passed, bad = judge_test_log(text, code)
        self.passed += passed
        self.failed += bad

    def run(self):
        self.ensure_role()
        names = sorted(self.ours) + sorted(self.oca)
        union = frozenset().union(*(self.needs(name) for name in self.ours))
        sets = {self.needs(name) for name in names} | {union}
        alone = not os.environ.get("CLEARHOUSE_SKIP_ALONE")
        if not alone:
            sets = {union}
        try:
            started = time.monotonic()
            print(f"Templates for {len(sets)} sets of Odoo and OCA modules", flush=True)
            templates = self.build_templates(sets)
            self.timings.append(("templates", time.monotonic() - started))
            if templates is None:
                self.failed += 1
                return
            if alone:
                started = time.monotonic()
                print(f"Each addon installs alone ({ALONE_JOBS} at a time)", flush=True)
                self.alone(templates, names)
                self.timings.append(("alone installs", time.monotonic() - started))
            started = time.monotonic()
            print("All Clearhouse addons with their tests", flush=True)
            self.full(templates[union])
            self.timings.append(("full test run", time.monotonic() - started))
        finally:
            if not os.environ.get("CLEARHOUSE_KEEP_DB"):
                for dbname in self.databases:
                    self.drop(dbname)
            parts = ", ".join(f"{part} {seconds:.0f} s" for part, seconds in self.timings)
            print(f"Odoo layer times: {parts}")


def judge_test_log(text, code):
    """(passed, failed) of a test run's log; prints what went wrong.

    Failed are failures, errors and skipped tests; a run that logged ERRORs outside the
    tests, exited non-zero or wrote no report counts at least one failure.
    """
    errors = [line for line in text.splitlines() if ERROR_RE.match(line)]
    skipped = [line for line in text.splitlines() if SKIP_RE.match(line)]
    match = None
    for match in RESULT_RE.finditer(text):  # noqa: B007 (the last report counts)
        pass
    failed, errored, total = (int(g) for g in match.groups()) if match else (0, 0, 0)
    bad = failed + errored + len(skipped)
    if not match or code or (errors and not bad):
        bad = max(bad, 1)
    show_errors(text)
    for line in skipped:
        print(f"FAILED (skipped): {line}")
    if skipped:
        print(
            "Skipped tests count as failures: a tour skips when Odoo finds no Chrome or "
            "Chromium (install Debian's chromium or put google-chrome on PATH)."
        )
    print(
        f"  full run: {total} tests, {failed} failed, {errored} errors, {len(skipped)} "
        f"skipped, {len(errors)} error log lines, exit code {code}"
    )
    return max(total - failed - errored - len(skipped), 0), bad


def show_errors(text):
    """The first ERROR with the 40 lines after it (its traceback), then the other ERRORs."""
    lines = text.splitlines()
    errors = [idx for idx, line in enumerate(lines) if ERROR_RE.match(line)]
    if errors:
        first = errors[0]
        print("\n".join(lines[first : first + 40]))
        for idx in [idx for idx in errors if idx >= first + 40][:200]:
            print(lines[idx])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", required=True, help="logs and the filestore go here")
    parser.add_argument("--counts", required=True)
    parser.add_argument("--oca-addons", help="folder with the OCA addons")
    args = parser.parse_args()
    layer = Layer(args.workdir, args.oca_addons)
    finished = False
    try:
        layer.run()
        finished = True
    finally:  # a crash of the layer itself is a failure too, never a pass
        failed = layer.failed if finished else layer.failed + 1
        Path(args.counts).write_text(f"{layer.passed} {failed}\n", encoding="utf-8")
    return 1 if layer.failed else 0


if __name__ == "__main__":
    sys.exit(main())
