"""The bundled ruleset covers the requirement catalogue exactly, and broken rulesets fail at load time."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from policy_check.engine.ruleset import load_ruleset
from policy_check.errors import RulesetError
from policy_check.resources import data_dir

CATALOGUE = Path(__file__).resolve().parents[2] / "shared" / "spec" / "requirements.yaml"
BUNDLED = data_dir("rulesets") / "england-ect-induction.yaml"


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset("england-ect-induction")


@pytest.mark.skipif(not CATALOGUE.exists(), reason="the shared requirement catalogue is not beside the project")
def test_every_catalogue_requirement_has_exactly_one_rule_in_catalogue_order(ruleset):
    catalogue = yaml.safe_load(CATALOGUE.read_text())["requirements"]
    assert ruleset.rule_ids == [r["id"] for r in catalogue]
    for requirement in catalogue:
        rule = ruleset.rule(requirement["id"])
        assert rule["severity"] == requirement["strength"], rule["id"]
        assert rule["area"] == requirement["area"], rule["id"]
        if requirement.get("conflict"):
            assert "conflict" in rule["decide"], f"{rule['id']} has a conflict case in the catalogue"


def test_every_rule_has_an_example_that_must_not_match(ruleset):
    for rule in ruleset.rules:
        examples = rule["examples"]
        met_by_absence = isinstance(rule["decide"].get("met"), dict) and "not" in rule["decide"]["met"]
        negative = examples.get("met" if met_by_absence else "missing")
        assert negative, f"{rule['id']} needs an example that must not match"
        for status in rule["decide"]:
            assert examples.get(status), f"{rule['id']} has no {status} example"


@pytest.mark.parametrize("path", sorted(data_dir("rulesets").glob("*.yaml")), ids=lambda p: p.name)
def test_every_bundled_ruleset_passes_the_schema(path):
    load_ruleset(str(path), strict=True)


def test_ruleset_info_names_the_edition(ruleset):
    assert ruleset.info()["edition"] == "2025"
    assert ruleset.info()["applies_from"] == "2025-09-01"


def _broken_copy(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load(BUNDLED.read_text())
    edit(data)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_a_typo_in_a_key_names_the_file_and_json_path(tmp_path):
    path = _broken_copy(tmp_path, lambda d: d["rules"][3].__setitem__("severty", "expected"))
    with pytest.raises(RulesetError) as error:
        load_ruleset(str(path))
    assert str(path) in str(error.value)
    assert "$.rules[3]" in str(error.value) and "severty" in str(error.value)


def test_an_unknown_matcher_kind_fails_at_load(tmp_path):
    def edit(data):
        next(iter(data["rules"][10]["checks"].values()))["kind"] = "fuzzy"

    with pytest.raises(RulesetError, match=r"\$\.rules\[10\]\.checks\.\w+\.kind"):
        load_ruleset(str(_broken_copy(tmp_path, edit)))


def test_a_decision_naming_an_undefined_check_fails_at_load(tmp_path):
    path = _broken_copy(tmp_path, lambda d: d["rules"][0]["decide"].__setitem__("met", "no_such_check"))
    with pytest.raises(RulesetError, match="unknown check 'no_such_check'"):
        load_ruleset(str(path))


def test_an_unknown_bundled_id_lists_the_bundled_rulesets():
    with pytest.raises(RulesetError, match="england-ect-induction"):
        load_ruleset("wales-ect-induction")


def test_invalid_yaml_is_one_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\nrules: [\n")
    with pytest.raises(RulesetError) as error:
        load_ruleset(str(path))
    assert "\n" not in str(error.value) and "not valid YAML" in str(error.value)


def test_bundled_files_ship_with_the_package():
    assert (data_dir("rulesets") / "england-ect-induction.yaml").is_file()
    assert (data_dir("schemas") / "ruleset.schema.json").is_file()


def test_the_schema_lists_exactly_the_check_kinds_the_engine_has():
    """One registry (engine/checks.py CHECKS); the schema mirrors it so a typo fails at load time."""
    import json

    from policy_check.engine.checks import CHECKS

    schema = json.loads((data_dir("schemas") / "ruleset.schema.json").read_text(encoding="utf-8"))
    assert set(schema["$defs"]["check"]["properties"]["kind"]["enum"]) == set(CHECKS)
