"""The layout's rules: imports point down the flow, and no module uses another's private names."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KG = ROOT / "kg"


def test_architecture_imports_point_down_the_flow():
    pytest.importorskip("importlinter")
    # In a child process: lint-imports configures logging, which would disable the loggers
    # of the modules already imported here. The contract is [tool.importlinter] in pyproject.
    run = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True))"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    result = subprocess.run(
        [sys.executable, "-c", run], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _private_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "kg":
            found += [
                f"{path.relative_to(ROOT)}:{node.lineno}: from {node.module} import {alias.name}"
                for alias in node.names
                if alias.name.startswith("_") and not alias.name.startswith("__")
            ]
    return found


@pytest.mark.parametrize("folder", ["kg", "tests", "benchmarks"])
def test_architecture_no_private_names_cross_modules(folder):
    found = [
        line for path in sorted((ROOT / folder).rglob("*.py")) for line in _private_imports(path)
    ]
    assert found == []
