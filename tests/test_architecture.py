"""The layers import only downwards, as docs/architecture.md draws them: measured from the code."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("import_graph", ROOT / "scripts" / "import_graph.py")
import_graph = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(import_graph)

GRAPH = import_graph.imports_by_layer()
FRONT_ENDS = {"commands", "cli", "__main__", "web"}
# Layer -> layers it must never import. The engine sees only the document model; readers know no
# rules; reports render findings and know neither documents, rules nor the commands that call them;
# the service and the audit are used by front ends and never use them; the web app's data folder
# (store) is used by the front ends that keep or export decisions, and uses no checking itself.
FORBIDDEN = {
    "engine": {"extract", "report", "audit", "run", "service", "store", *FRONT_ENDS},
    "extract": {"engine", "report", "audit", "run", "service", "store", *FRONT_ENDS},
    "report": {"engine", "extract", "audit", "run", "service", "store", *FRONT_ENDS},
    "findings": {"engine", "extract", "report", "audit", "run", "service", "store", *FRONT_ENDS},
    "model": {"engine", "extract", "report", "audit", "run", "service", "findings", "store", *FRONT_ENDS},
    "audit": {"service", "store", *FRONT_ENDS},
    "run": {"report", "audit", "service", "store", *FRONT_ENDS},
    "service": {"report", "store", *FRONT_ENDS},
    "markup": {"engine", "extract", "audit", "run", "service", "store", *FRONT_ENDS},
    "store": {"engine", "extract", "report", "run", "service", *FRONT_ENDS},
}


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_above_it(layer: str) -> None:
    assert layer in GRAPH, f"no layer {layer} in policy_check"
    assert not GRAPH[layer] & FORBIDDEN[layer], f"{layer} imports {sorted(GRAPH[layer] & FORBIDDEN[layer])}"


def test_only_the_command_line_imports_the_commands() -> None:
    importers = {layer for layer, targets in GRAPH.items() if "commands" in targets} - {"cli", "__main__"}
    assert importers == set()


def test_only_the_serve_command_imports_the_web_app() -> None:
    assert {layer for layer, targets in GRAPH.items() if "web" in targets} == {"commands"}


def test_the_architecture_page_lists_every_layer() -> None:
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [layer for layer in GRAPH if layer not in ("__init__", "__main__") and f"`{layer}" not in page]
    assert missing == [], f"docs/architecture.md does not describe {missing}"


def _docstrings(tree) -> set[int]:
    import ast

    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                found.add(id(first.value))
    return found


def test_no_python_module_names_a_requirement() -> None:
    """Only rulesets name requirements: no rule ID of a bundled ruleset appears in a string in the code."""
    import ast

    from policy_check.engine.ruleset import bundled_rulesets, load_ruleset

    ids = {rule_id for ref in bundled_rulesets() for rule_id in load_ruleset(ref).rule_ids}
    named = []
    for path in (ROOT / "policy_check").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                named += [f"{path.name}: {rule_id}" for rule_id in ids if rule_id in node.value]
    assert named == []
