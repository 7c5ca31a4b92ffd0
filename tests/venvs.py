"""Python environments for ``tests/run``, built on demand and cached outside the checkout.

    python3 tests/venvs.py core   a Python with the core's dependencies, test, lint and db extras,
                                  in a clean virtual environment (nothing of the machine's)
    python3 tests/venvs.py odoo   a Python that sees what the calling interpreter has (Odoo and
                                  the packages Odoo pins) plus the core's dependencies and test
                                  extra, installed under constraints so that nothing is upgraded
    python3 tests/venvs.py oca    the addons folder holding the OCA addons of requirements-oca.txt
    python3 tests/venvs.py site DIR   installs this checkout's clearhouse package into DIR

Each prints one path. Environments live in ``$CLEARHOUSE_CACHE`` (default
``~/.cache/clearhouse``) under a name that carries a hash of everything they are built from
(pyproject.toml, the interpreter, for ``odoo`` the versions it has installed, for ``oca``
requirements-oca.txt): a change builds a new one, and a fresh clone (as in CI) reuses the
cache. The clearhouse package itself is never installed in a cached environment, so two
checkouts never share one installed copy: the core runs from the checkout, and ``site``
installs a copy per run for the Odoo layer. Standard library only (runs before any install).
"""

import contextlib
import fcntl
import hashlib
import importlib.metadata
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(
    os.environ.get("CLEARHOUSE_CACHE") or Path.home() / ".cache" / "clearhouse"
).expanduser()
READY = ".clearhouse-ready"
KEEP_DAYS = 30  # environments of the same kind unused for longer are removed
PIP = ("-m", "pip", "--disable-pip-version-check", "--no-input")


def log(message):
    print(message, file=sys.stderr, flush=True)


def digest(*parts):
    sha = hashlib.sha256()
    for part in parts:
        sha.update(part if isinstance(part, bytes) else str(part).encode())
        sha.update(b"\0")
    return sha.hexdigest()[:16]


def python_tag():
    return f"py{sys.version_info[0]}.{sys.version_info[1]}"


def venv_python(path):
    return path / "bin" / "python"


def run(cmd, logfile):
    with open(logfile, "a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(map(str, cmd))}\n")
        out.flush()
        subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, check=True)


@contextlib.contextmanager
def locked(name):
    """One builder per environment, also across concurrent runs of several checkouts."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / f"{name}.lock", "w", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def cached(kind, key, build):
    """Path of the environment ``kind-key``, built by ``build(path, logfile)`` when missing."""
    name = f"{kind}-{python_tag()}-{key}"
    path = CACHE / name
    with locked(name):
        if not (path / READY).exists():
            shutil.rmtree(path, ignore_errors=True)
            logfile = CACHE / f"{name}.log"
            logfile.unlink(missing_ok=True)
            log(f"Building {path} (log: {logfile})")
            started = time.monotonic()
            try:
                build(path, logfile)
            except (subprocess.CalledProcessError, OSError) as exc:
                log(logfile.read_text(encoding="utf-8", errors="replace")[-6000:])
                shutil.rmtree(path, ignore_errors=True)
                sys.exit(f"Building {path} failed: {exc}")
            (path / READY).write_text(f"{sys.executable}\n", encoding="utf-8")
            log(f"Built {path} in {time.monotonic() - started:.0f} s")
        (path / READY).touch()
    prune(kind, name)
    return path


def prune(kind, keep):
    """Remove environments of this kind that no run has used for KEEP_DAYS."""
    limit = time.time() - KEEP_DAYS * 86400
    for other in CACHE.glob(f"{kind}-*"):
        marker = other / READY
        if other.name == keep or not other.is_dir() or not marker.exists():
            continue
        if marker.stat().st_mtime < limit:
            with locked(other.name):
                shutil.rmtree(other, ignore_errors=True)


def dependency_project(target):
    """A copy of the project's metadata with an empty package: its extras, without the code.

    Installing it and then removing ``clearhouse`` leaves exactly the dependencies behind,
    without building the checkout in place.
    """
    target.mkdir()
    shutil.copy(ROOT / "pyproject.toml", target)
    shutil.copy(ROOT / "README.md", target)
    (target / "clearhouse").mkdir()
    (target / "clearhouse" / "__init__.py").write_text("", encoding="utf-8")
    return target


def install_dependencies(python, extras, logfile, constraints=None):
    with tempfile.TemporaryDirectory() as tmp:
        project = dependency_project(Path(tmp) / "project")
        cmd = [python, *PIP, "install", f"{project}[{extras}]"]
        if constraints:
            (Path(tmp) / "constraints.txt").write_text(constraints, encoding="utf-8")
            cmd[-1:-1] = ["-c", str(Path(tmp) / "constraints.txt")]
        run(cmd, logfile)
    run([python, *PIP, "uninstall", "-y", "clearhouse"], logfile)


def core():
    """Clean environment: only what pyproject.toml asks for (plus setuptools to build)."""

    def build(path, logfile):
        run([sys.executable, "-m", "venv", path], logfile)
        python = venv_python(path)
        run([python, *PIP, "install", "setuptools>=70.1"], logfile)  # builds wheels itself
        install_dependencies(python, "test,lint,db", logfile)

    key = digest((ROOT / "pyproject.toml").read_bytes(), sys.version, "core-2")
    return venv_python(cached("core", key, build))


def installed_versions():
    """``name==version`` of every distribution this interpreter sees (but clearhouse)."""
    pins = {}
    for dist in importlib.metadata.distributions():
        name = (dist.metadata["Name"] or "").lower().replace("_", "-")
        if name and name != "clearhouse" and name not in pins:
            pins[name] = f"{name}=={dist.version}"
    return "".join(f"{pin}\n" for _name, pin in sorted(pins.items()))


def odoo():
    """This interpreter's packages (Odoo's pins stay as they are) plus the test extra.

    A plain interpreter gets a venv with ``--system-site-packages``; a virtual environment
    cannot be the base of another one, so its site folders are added by a ``.pth`` file.
    """
    pins = installed_versions()
    in_venv = sys.prefix != sys.base_prefix
    sites = [p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir()]

    def build(path, logfile):
        if in_venv:
            run([sys.executable, "-m", "venv", path], logfile)
            purelib = Path(sysconfig.get_path("purelib", vars={"base": path, "platbase": path}))
            lines = "".join(f"import site; site.addsitedir({p!r})\n" for p in sites)
            (purelib / "_clearhouse_odoo_python.pth").write_text(lines, encoding="utf-8")
        else:
            run([sys.executable, "-m", "venv", "--system-site-packages", path], logfile)
        install_dependencies(venv_python(path), "test", logfile, constraints=pins)

    key = digest(
        (ROOT / "pyproject.toml").read_bytes(),
        sys.version,
        os.path.realpath(sys.executable),
        sites,
        pins,
        os.environ.get("ODOO_PATH", ""),
        "odoo-1",
    )
    return venv_python(cached("odoo", key, build))


def oca():
    """OCA addons from PyPI, without their dependency on a PyPI ``odoo``."""
    requirements = ROOT / "requirements-oca.txt"

    def build(path, logfile):
        cmd = [sys.executable, *PIP, "install", "--no-deps", "--target", path / "site"]
        run([*cmd, "-r", requirements], logfile)

    key = digest(requirements.read_bytes(), "oca-1")
    addons = cached("oca", key, build) / "site" / "odoo" / "addons"
    if not any(addons.glob("*/__manifest__.py")):
        sys.exit(f"{addons} holds no addon: check requirements-oca.txt")
    return addons


def site(target):
    """This checkout's clearhouse package, installed (not linked) into ``target``.

    Built from a copy so that the checkout gets no build/ or egg-info folders; run with the
    core environment's Python, which has setuptools.
    """
    target = Path(target)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "source"
        source.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy(ROOT / name, source)
        ignore = shutil.ignore_patterns("tests", "__pycache__")
        shutil.copytree(ROOT / "clearhouse", source / "clearhouse", ignore=ignore)
        cmd = [sys.executable, *PIP, "install", "-q", "--no-deps", "--no-build-isolation"]
        subprocess.run([*cmd, "--target", target, source], check=True)
    return target


def main(argv):
    if argv[:1] == ["core"]:
        print(core())
    elif argv[:1] == ["odoo"]:
        print(odoo())
    elif argv[:1] == ["oca"]:
        print(oca())
    elif argv[:1] == ["site"] and len(argv) == 2:
        print(site(argv[1]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
