"""Draw the import graph between policy_check's layers from the code itself (docs/architecture.md).

    .venv/bin/python scripts/import_graph.py          # one line per layer: what it imports
    .venv/bin/python scripts/import_graph.py --dot    # Graphviz, for a picture

A layer is a subpackage (engine, extract, report, audit, commands) or a top-level module (findings,
service, run...). tests/test_architecture.py asserts the allowed edges with the same function.
"""

from __future__ import annotations

import argparse
import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "policy_check"


def layer_of(module: str) -> str:
    """'policy_check.engine.checks' -> 'engine'; 'policy_check.service' -> 'service'; the package itself -> 'policy_check'."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "policy_check"


def imports_by_layer(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Layer -> the other layers its modules import (at any depth, lazy imports included)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for path in package.rglob("*.py"):
        module = ".".join(("policy_check", *path.relative_to(package).with_suffix("").parts))
        source = layer_of(module)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if name == "policy_check" or name.startswith("policy_check."):
                    target = layer_of(name)
                    if target != source:
                        graph[source].add(target)
        graph.setdefault(source, set())
    return dict(graph)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dot", action="store_true", help="print Graphviz dot instead of a listing")
    graph = imports_by_layer()
    if parser.parse_args().dot:
        print("digraph layers {")
        for source in sorted(graph):
            for target in sorted(graph[source]):
                print(f'  "{source}" -> "{target}";')
        print("}")
    else:
        for source in sorted(graph):
            print(f"{source:14} -> {', '.join(sorted(graph[source])) or '-'}")


if __name__ == "__main__":
    main()
