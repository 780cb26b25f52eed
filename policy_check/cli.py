"""The `policy-check` command line: a click group whose commands live in `policy_check.commands`.

Commands are imported lazily so that `policy-check --help` does not pay for spaCy or PDF libraries.
"""

from __future__ import annotations

import importlib

import click

from policy_check import __version__

# command name -> (module, attribute); each module owns one command.
COMMANDS: dict[str, tuple[str, str]] = {
    "annotate": ("policy_check.commands.annotate", "annotate"),
    "audit": ("policy_check.commands.audit", "audit"),
    "check": ("policy_check.commands.check", "check"),
    "decisions": ("policy_check.commands.decisions", "decisions"),
    "diff": ("policy_check.commands.diff", "diff"),
    "extract": ("policy_check.commands.extract", "extract"),
    "letter": ("policy_check.commands.letter", "letter"),
    "rules": ("policy_check.commands.rules", "rules"),
    "serve": ("policy_check.commands.serve", "serve"),
    "explain-changes": ("policy_check.commands.explain", "explain_changes"),
}

SHORT_HELP: dict[str, str] = {
    "annotate": "Write the policy back as Word with a comment on every gap and a review summary.",
    "audit": "Check many policies in parallel and write a school-by-requirement matrix.",
    "check": "Check policies against a ruleset and report every gap with evidence.",
    "decisions": "Export reviewers' decisions from the web app as gold-label files and waivers.",
    "diff": "Compare two versions of a policy: requirements newly met, newly broken or changed.",
    "letter": "Write the appropriate body's feedback letter to the school about its policy.",
    "extract": "Show the sections and clauses the checker will read from a policy file.",
    "rules": "List, show, validate and test rulesets.",
    "serve": "The local web app: drop policies in, see the matrix, record decisions (the web extra).",
    "explain-changes": "What changed between two guidance editions, and which of a policy's findings differ.",
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module_name, attribute = COMMANDS[name]
        return getattr(importlib.import_module(module_name), attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List commands from SHORT_HELP, so `--help` imports none of them."""
        with formatter.section("Commands"):
            formatter.write_dl([(name, SHORT_HELP[name]) for name in self.list_commands(ctx)])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policy-check")
def cli() -> None:
    """Check Early Career Teacher (ECT) induction policies against the DfE statutory guidance.

    Reads Word, PDF, text, Markdown and HTML policies and reports, for every requirement of the
    ruleset, whether the policy meets it, misses it, says only part of it, or contradicts it.
    """


def main() -> None:
    cli(prog_name="policy-check")
