"""spaCy is imported without its command-line interface, and nothing of the placeholder is left behind."""

from __future__ import annotations

import subprocess
import sys


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_loading_a_ruleset_needs_no_spacy_at_all() -> None:
    """An audit whose every result is kept, or `rules list`, starts no language model."""
    out = _run("import sys\nfrom policy_check.engine.ruleset import load_ruleset\n"
               "load_ruleset('england-ect-induction')\nprint('spacy' in sys.modules)")
    assert out == "False"


def test_any_engine_module_loads_spacy_without_its_cli() -> None:
    """The audit loads the pipeline before forking its workers, straight from engine.nlp."""
    out = _run("import sys\nfrom policy_check.engine.nlp import pipeline\npipeline()\n"
               "print('typer' in sys.modules, 'spacy.cli' in sys.modules)")
    assert out == "False False"


def test_checking_does_not_load_spacys_cli_but_it_can_still_be_imported_later() -> None:
    out = _run(
        "import sys\n"
        "from policy_check.engine import evaluate\n"
        "import spacy\n"
        "print('typer' in sys.modules, 'spacy.cli' in sys.modules, hasattr(spacy, 'cli'))\n"
        "import spacy.cli\n"
        "print(callable(spacy.cli.info))"
    )
    assert out.splitlines() == ["False False False", "True"]


def test_a_spacy_that_needs_more_of_its_cli_is_imported_the_ordinary_way() -> None:
    # Simulate a spaCy whose __init__ imports a name the placeholder lacks.
    out = _run(
        "import sys, types, builtins\n"
        "real_import = builtins.__import__\n"
        "def strict(name, globals=None, locals=None, fromlist=(), level=0):\n"
        "    module = real_import(name, globals, locals, fromlist, level)\n"
        "    if fromlist and 'info' in fromlist and getattr(module, 'info', 1) is None:\n"
        "        raise ImportError('cannot import name info')\n"
        "    return module\n"
        "builtins.__import__ = strict\n"
        "from policy_check.engine.spacy_import import import_spacy_without_cli\n"
        "import_spacy_without_cli()\n"
        "builtins.__import__ = real_import\n"
        "import spacy\n"
        "print(callable(spacy.blank), callable(spacy.info))"
    )
    assert out == "True True"
