"""The core must stay importable and testable without Odoo."""

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parent.parent
FILES = sorted(p for p in CORE.rglob("*.py") if "tests" not in p.relative_to(CORE).parts)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CORE)))
def test_core_module_does_not_import_odoo(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        assert not any(n == "odoo" or n.startswith("odoo.") for n in names), (
            f"{path.name}:{node.lineno} imports {names}: the core must not depend on Odoo"
        )


def test_every_core_module_was_checked():
    assert len(FILES) >= 8, "the walk found the core modules"
