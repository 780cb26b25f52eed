"""Import spaCy without its command-line interface.

`import spacy` runs `from .cli.info import info`, which pulls in typer, weasel, requests and their
dependencies: 0.4-0.9 s of a cold `policy-check check` (about half of it), for a CLI this tool never
calls. While spaCy itself is imported, placeholder modules stand in for `spacy.cli` and
`spacy.cli.info`; afterwards they are removed, so a later `import spacy.cli` loads the real one.
"""

from __future__ import annotations

import sys
import types


def import_spacy_without_cli() -> None:
    if "spacy" in sys.modules:
        return
    placeholders = {name: types.ModuleType(name) for name in ("spacy.cli", "spacy.cli.info")}
    placeholders["spacy.cli.info"].info = None  # type: ignore[attr-defined]
    sys.modules.update(placeholders)
    try:
        import spacy
    except ImportError:  # a spaCy that needs more of its CLI at import: import it the ordinary way
        for name in [name for name in sys.modules if name == "spacy" or name.startswith("spacy.")]:
            del sys.modules[name]
        import spacy  # noqa: F401
        return
    finally:
        for name, module in placeholders.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    namespace = vars(spacy)
    if namespace.get("cli") is placeholders["spacy.cli"]:
        del namespace["cli"]
    if "info" in namespace and namespace["info"] is None:
        del namespace["info"]
