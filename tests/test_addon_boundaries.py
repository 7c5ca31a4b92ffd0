"""Addons meet only through documented hooks.

Reads the Python of every addon and fails when an addon calls, or overrides, a private
method (``_name``) that another Clearhouse addon owns and DEVELOPERS.md does not list as a
hook. A method is owned by the addon that defines it without calling ``super()`` (an
override of an Odoo method always calls ``super()``, so Odoo's own methods never count).
Runs without Odoo.
"""

import ast
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"
HOOK_RE = re.compile(r"`(?:[\w.]+\.)?(_\w+)\(")


def _addon_files():
    for manifest in sorted(ADDONS.glob("*/__manifest__.py")):
        addon = manifest.parent
        for path in sorted(addon.rglob("*.py")):
            yield addon.name, path


def _calls_super(func, name):
    for node in ast.walk(func):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == name
            and isinstance(node.func.value, ast.Call)
            and isinstance(node.func.value.func, ast.Name)
            and node.func.value.func.id == "super"
        ):
            return True
    return False


def _scan():
    """Per addon: private methods defined (with/without super) and private calls."""
    owned = defaultdict(set)  # addon -> names it defines without super()
    overrides = defaultdict(set)  # addon -> names it defines calling super()
    defined = defaultdict(set)  # addon -> every private name it defines
    calls = defaultdict(list)  # addon -> [(name, path, line)]
    for addon, path in _addon_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                name = node.name
                if name.startswith("_") and not name.startswith("__"):
                    defined[addon].add(name)
                    if _calls_super(node, name):
                        overrides[addon].add(name)
                    else:
                        owned[addon].add(name)
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr.startswith("_")
                and not node.func.attr.startswith("__")
            ):
                is_super = (
                    isinstance(node.func.value, ast.Call)
                    and isinstance(node.func.value.func, ast.Name)
                    and node.func.value.func.id == "super"
                )
                if not is_super:
                    calls[addon].append((node.func.attr, path, node.lineno))
    return owned, overrides, defined, calls


def _documented_hooks():
    text = (ROOT / "DEVELOPERS.md").read_text(encoding="utf-8")
    section = text.split("## Hooks", 1)[1].split("\n## ", 1)[0]
    return set(HOOK_RE.findall(section))


def _owners(owned):
    owners = defaultdict(set)
    for addon, names in owned.items():
        for name in names:
            owners[name].add(addon)
    return owners


def test_developers_md_lists_hooks():
    hooks = _documented_hooks()
    assert "_order_automate" in hooks and "_send_to_clearing" in hooks, (
        "DEVELOPERS.md must have a '## Hooks' section naming the kernel's hooks"
    )


def test_no_addon_uses_another_addons_private_method():
    owned, overrides, defined, calls = _scan()
    owners = _owners(owned)
    hooks = _documented_hooks()
    problems = []
    for addon, found in calls.items():
        for name, path, line in found:
            others = owners.get(name, set()) - {addon}
            if others and name not in defined[addon] and name not in hooks:
                problems.append(
                    f"{path.relative_to(ROOT)}:{line}: calls {name}() of {sorted(others)}"
                )
    for addon, names in overrides.items():
        for name in sorted(names):
            others = owners.get(name, set()) - {addon}
            if others and name not in owned[addon] and name not in hooks:
                problems.append(f"addons/{addon}: overrides {name}() of {sorted(others)}")
    assert not problems, "undocumented cross-addon private methods:\n" + "\n".join(problems)


def test_every_documented_hook_exists():
    owned, _overrides, _defined, _calls = _scan()
    owners = _owners(owned)
    missing = sorted(name for name in _documented_hooks() if name not in owners)
    assert not missing, f"DEVELOPERS.md lists hooks no addon defines: {missing}"
