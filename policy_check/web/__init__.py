"""The local web app (`policy-check serve`, the `web` extra): drop policies in, see the matrix, record decisions.

Nothing here is imported unless `serve` runs, so the core install never needs the web stack.
"""

from __future__ import annotations

import importlib

REQUIRED_MODULES = ("starlette", "uvicorn", "jinja2", "python_multipart")
INSTALL_HINT = 'pip install "policy-check[web]"'


def missing_modules() -> list[str]:
    """The web extra's modules that cannot be imported (not installed, or broken)."""
    missing = []
    for name in REQUIRED_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    return missing
