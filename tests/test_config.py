"""Configuration: nearest file wins, command-line options win over it, and mistakes are one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ci_fakes import use_fixture_engine
from policy_check.cli import cli
from policy_check.config import Config, load_config
from policy_check.errors import ConfigError

OAKFIELD = "policies/oakfield-ect-policy.txt"


def test_no_config_file_gives_no_settings(tmp_path: Path) -> None:
    assert load_config(tmp_path) == Config()


def test_pyproject_table_with_paths_relative_to_it(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.policy-check]\nfail-on = "expected"\nformat = "sarif"\nwaivers = "ci/waivers.yaml"\n'
        'baseline = "ci/base.json"\nruleset = "rules/local.yaml"\n', encoding="utf-8")
    nested = tmp_path / "policies" / "drafts"
    nested.mkdir(parents=True)
    assert load_config(nested) == Config(
        source=tmp_path / "pyproject.toml", ruleset=str(tmp_path / "rules/local.yaml"), fail_on="expected",
        format="sarif", waivers=str(tmp_path / "ci/waivers.yaml"), baseline=str(tmp_path / "ci/base.json"))


def test_a_pyproject_without_the_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / ".policy-check.yml").write_text("fail-on: advisory\nruleset: england-ect-induction\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    config = load_config(tmp_path / "sub")
    assert (config.fail_on, config.ruleset) == ("advisory", "england-ect-induction")


def test_the_nearest_file_wins(tmp_path: Path) -> None:
    (tmp_path / ".policy-check.yaml").write_text("fail-on: advisory\n", encoding="utf-8")
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "pyproject.toml").write_text('[tool.policy-check]\nfail-on = "never"\n', encoding="utf-8")
    assert load_config(tmp_path / "team").fail_on == "never"
    assert load_config(tmp_path).fail_on == "advisory"


@pytest.mark.parametrize(("text", "message"), [
    ("fail_on: expected\n", "unknown key 'fail_on'"),
    ("fail-on: 3\n", "'fail-on' must be a string, not int"),
    ("fail-on: sometimes\n", "'fail-on' is 'sometimes'; expected one of"),
    ("format: pdf\n", "'format' is 'pdf'; expected one of"),
    ("- fail-on\n", "must be a table of keys, not list"),
    ("fail-on: [\n", "not valid YAML"),
])
def test_mistakes_name_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / ".policy-check.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert str(caught.value).startswith(str(path)) and message in str(caught.value)


def run_in(folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    use_fixture_engine(monkeypatch)
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(cli, ["check", OAKFIELD, "--as-of", "2026-11-24", *args])
    return result.exit_code, result.stdout, result.stderr


def test_config_sets_format_and_fail_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".policy-check.yaml").write_text("format: github\nfail-on: never\n", encoding="utf-8")
    status, stdout, _ = run_in(tmp_path, monkeypatch)
    assert status == 0
    assert stdout.startswith("::warning file=policies/oakfield-ect-policy.txt,line=4,")


def test_command_line_options_win_over_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".policy-check.yaml").write_text("format: github\nfail-on: never\n", encoding="utf-8")
    status, stdout, _ = run_in(tmp_path, monkeypatch, "--format", "junit", "--fail-on", "statutory")
    assert status == 1
    assert stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')


def test_config_waivers_are_read_relative_to_the_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "waivers.yaml").write_text(
        "waivers:\n  - {rule: TT-NOPE, policy: '*', reason: r, expires: 2027-01-01}\n", encoding="utf-8")
    (tmp_path / ".policy-check.yaml").write_text("waivers: ci/waivers.yaml\n", encoding="utf-8")
    (tmp_path / "policies").mkdir()
    status, _, stderr = run_in(tmp_path / "policies", monkeypatch)
    assert status == 2
    assert stderr == f"policy-check: {tmp_path / 'ci' / 'waivers.yaml'}: waivers/0: unknown rule 'TT-NOPE'\n"


def test_a_bad_config_is_one_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".policy-check.yaml").write_text("colour: red\n", encoding="utf-8")
    status, stdout, stderr = run_in(tmp_path, monkeypatch)
    assert (status, stdout) == (2, "")
    assert stderr.count("\n") == 1 and "unknown key 'colour'" in stderr


def test_audit_honours_the_config_files_ruleset_and_shows_the_overlay_on_its_page(tmp_path: Path, monkeypatch) -> None:
    """A ruleset set in .policy-check.yaml applies to `audit`, and its page names the edition and the
    rule the overlay switched off, as every report format does."""
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "policy.md").write_text("# ECT policy\n\nECTs have a 10% reduction in the first year.\n", encoding="utf-8")
    (tmp_path / ".policy-check.yaml").write_text("ruleset: sample-trust\nfail-on: never\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["audit", "policies", "--out", "out", "--as-of", "2026-11-24", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "ruleset sample-trust" in page and "guidance edition 2025" in page
    assert "Rule ELIG-AB-NAMED is switched off by sample-trust.yaml" in page


def test_diff_honours_the_config_files_ruleset(tmp_path: Path, monkeypatch) -> None:
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text("Our appropriate body is the Northvale Teaching School Hub.\n", encoding="utf-8")
    new.write_text("ECTs are supported.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    default = CliRunner().invoke(cli, ["diff", str(old), str(new), "--format", "json", "--as-of", "2026-11-24"])
    assert "ELIG-AB-NAMED" in default.stdout  # the bundled ruleset checks the appropriate body's name
    (tmp_path / ".policy-check.yaml").write_text("ruleset: sample-trust\n", encoding="utf-8")
    configured = CliRunner().invoke(cli, ["diff", str(old), str(new), "--format", "json", "--as-of", "2026-11-24"])
    assert configured.exit_code in (0, 1) and "ELIG-AB-NAMED" not in configured.stdout  # switched off there


def test_a_bad_ruleset_in_the_config_file_is_one_line_for_every_command(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "p.md").write_text("ECTs are supported.\n", encoding="utf-8")
    (tmp_path / ".policy-check.yaml").write_text("ruleset: no-such-ruleset\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for args in (["check", "p.md"], ["audit", "p.md", "--out", "out"], ["diff", "p.md", "p.md"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, args
        assert result.stderr.count("\n") == 1 and "no-such-ruleset" in result.stderr, args
