"""Load rulesets: bundled ids (`england-ect-induction`, `england-ect-induction@2021`) or YAML files.

A ruleset is validated against `schemas/ruleset.schema.json` (closed, so a typo fails at load time
with the file and JSON path), then checked for references the schema cannot see (a decision naming
an undefined check, a check naming an undefined concept). Overlays (`extends:`) are merged first and
the merged ruleset is validated as a whole.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

import yaml

from policy_check.engine.composition import CompositionError, composition_order
from policy_check.errors import RulesetError
from policy_check.resources import data_dir

if TYPE_CHECKING:
    from policy_check.engine.compiled import CompiledRuleset

# libyaml's loader parses the bundled ruleset in 18 ms instead of 190 ms (cold start matters).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Ruleset:
    """A validated, merged ruleset. Rules stay plain data; the engine compiles them."""

    id: str
    version: str
    title: str
    edition: str | None
    applies_from: dt.date | None
    citation_document: str
    concepts: dict[str, list[str]]
    metadata: dict[str, list[str]]
    rules: list[dict[str, Any]]
    negation_cues: list[str]
    examples_as_of: dt.date
    source: str
    disabled: list[dict[str, str]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)  # rules an overlay overrode, and why
    extends: list[str] = field(default_factory=list)
    description: str | None = None
    # How the policy's own language is read: names it defines, "you", references back, exclusions.
    language: dict[str, Any] = field(default_factory=dict)
    added_by: dict[str, str] = field(default_factory=dict)  # rule id -> the overlay that added the rule

    def compiled(self) -> "CompiledRuleset":
        """This ruleset compiled for checking (engine/compiled.py): built on first use, kept with it."""
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            from policy_check.engine.compiled import compile_ruleset

            compiled = self.__dict__["_compiled"] = compile_ruleset(self)
        return compiled

    def __getstate__(self) -> dict[str, Any]:
        """Sent to another process without its compiled form, which it builds again there, once."""
        state = dict(self.__dict__)
        state.pop("_compiled", None)
        return state

    @property
    def rule_ids(self) -> list[str]:
        return [rule["id"] for rule in self.rules]

    @property
    def fingerprint(self) -> str:
        """A hash of everything a verdict depends on, overlays merged in: a changed phrase, rule or
        threshold gives another fingerprint, so results kept from an earlier audit are not reused."""
        import hashlib
        import json

        data = {key: value for key, value in self.__dict__.items() if not key.startswith("_") and key != "source"}
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode("utf-8")).hexdigest()

    def rule(self, rule_id: str) -> dict[str, Any]:
        for rule in self.rules:
            if rule["id"] == rule_id:
                return rule
        raise KeyError(rule_id)

    def info(self) -> dict[str, Any]:
        """What a report says about the ruleset it was checked against."""
        info: dict[str, Any] = {"id": self.id, "version": self.version, "title": self.title}
        if self.edition:
            info["edition"] = self.edition
        if self.applies_from:
            info["applies_from"] = self.applies_from.isoformat()
        if self.extends:
            info["extends"] = list(self.extends)
        if self.disabled:
            info["disabled"] = [dict(d) for d in self.disabled]
        return info


@lru_cache(maxsize=1)
def _validator():
    """The ruleset schema's validator; jsonschema is imported only when a file needs validating."""
    from jsonschema import Draft202012Validator

    schema = json.loads((data_dir("schemas") / "ruleset.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def _is_bundled(path: Path) -> bool:
    """Bundled rulesets are validated by the test suite; re-validating them costs ~0.2 s a start."""
    return path.resolve().parent == data_dir("rulesets").resolve()


def bundled_rulesets() -> list[str]:
    """Ids of the rulesets shipped with the tool (file stems, e.g. `england-ect-induction@2021`)."""
    return sorted(p.stem for p in data_dir("rulesets").glob("*.yaml"))


def resolve_reference(ref: str, relative_to: Path | None = None) -> Path:
    """A path to a YAML file, or a bundled id; `id@edition` picks a bundled edition."""
    candidate = Path(ref)
    if relative_to is not None and not candidate.is_absolute():
        candidate = relative_to / candidate
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        if not candidate.is_file():
            raise RulesetError(f"{ref}: no such ruleset file")
        return candidate
    bundled = data_dir("rulesets") / f"{ref}.yaml"
    if bundled.is_file():
        return bundled
    known = ", ".join(bundled_rulesets())
    raise RulesetError(f"{ref}: not a ruleset file or a bundled ruleset id (bundled: {known})")


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except (OSError, UnicodeDecodeError) as error:
        raise RulesetError(f"{path}: cannot read: {error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise RulesetError(f"{path}: not valid YAML{where}: {getattr(error, 'problem', error)}") from None
    if not isinstance(data, dict):
        raise RulesetError(f"{path}: a ruleset must be a mapping with id, version, title and rules")
    return _dates_to_strings(data)


def _dates_to_strings(value: Any) -> Any:
    """YAML turns 2025-09-01 into a date; the schema and the engine want the ISO string."""
    if isinstance(value, dict):
        return {k: _dates_to_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_to_strings(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _json_path(error) -> str:
    path = "$"
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _schema_errors(data: dict[str, Any], path: Path, strict: bool = False) -> None:
    """Raise for the most specific schema error; bundled files are trusted unless `strict`."""
    if not strict and _is_bundled(path):
        return
    errors = sorted(_validator().iter_errors(data), key=lambda e: (len(list(e.absolute_path)), str(e.absolute_path)))
    if not errors:
        return
    deepest = max(errors, key=lambda e: len(list(e.absolute_path)))
    detail = deepest
    # For if/then branches jsonschema reports the most specific error in `context`.
    while detail.context:
        detail = max(detail.context, key=lambda e: len(list(e.absolute_path)))
    message = detail.message
    if detail.validator == "additionalProperties":
        message = f"unknown key: {message}"
    raise RulesetError(f"{path}: {_json_path(detail)}: {message}")


def _merge_overlay(base: dict[str, Any], overlay: dict[str, Any], path: Path) -> dict[str, Any]:
    """Apply an overlay to the ruleset it extends: add concepts and rules, override, disable."""
    merged = copy.deepcopy(base)
    for key in ("id", "version", "title", "description", "edition", "applies_from", "citation_document", "examples_as_of"):
        if key in overlay:
            merged[key] = overlay[key]
    concepts = merged.setdefault("concepts", {})
    concepts.update(overlay.get("concepts", {}))
    for name, phrases in overlay.get("extend_concepts", {}).items():
        if name not in concepts:
            raise RulesetError(f"{path}: $.extend_concepts.{name}: no concept {name} in the extended ruleset")
        concepts[name] = list(concepts[name]) + [p for p in phrases if p not in concepts[name]]
    for key, labels in overlay.get("metadata", {}).items():
        merged.setdefault("metadata", {})[key] = labels
    if "negation_cues" in overlay:
        merged["negation_cues"] = overlay["negation_cues"]
    merged.setdefault("language", {}).update(overlay.get("language", {}))
    rules = merged.setdefault("rules", [])
    known = {rule["id"] for rule in rules}
    changes = list(merged.pop("_changes", []))
    for rule_id, change in overlay.get("overrides", {}).items():
        if rule_id not in known:
            raise RulesetError(f"{path}: $.overrides.{rule_id}: no rule {rule_id} in the extended ruleset")
        replaced = {k: copy.deepcopy(v) for k, v in change.items() if k != "note"}
        for rule in rules:
            if rule["id"] == rule_id:
                rule.update(replaced)
        changes.append({"rule": rule_id, "keys": sorted(replaced), "note": change.get("note", ""), "by": path.name})
    disabled = list(merged.pop("_disabled", []))
    for entry in overlay.get("disable", []):
        if entry["rule"] not in known:
            raise RulesetError(f"{path}: $.disable: no rule {entry['rule']} in the extended ruleset")
        disabled.append({"rule": entry["rule"], "reason": entry["reason"], "by": path.name})
    disabled_ids = {d["rule"] for d in disabled}
    merged["rules"] = [r for r in rules if r["id"] not in disabled_ids]
    added = dict(merged.pop("_added", {}))
    for rule in overlay.get("rules", []):
        if rule["id"] in known:
            raise RulesetError(f"{path}: $.rules: {rule['id']} is already defined by the extended ruleset (use overrides)")
        merged["rules"].append(copy.deepcopy(rule))
        added[rule["id"]] = overlay.get("id", path.stem)
    merged["_added"] = added
    merged["_disabled"] = disabled
    merged["_changes"] = changes
    merged["_extends"] = base.get("_extends", []) + [base.get("id", "")]
    return merged


def _load_merged(path: Path, chain: tuple[Path, ...] = (), strict: bool = False) -> dict[str, Any]:
    resolved = path.resolve()
    if resolved in chain:
        cycle = " -> ".join(str(p) for p in (*chain, resolved))
        raise RulesetError(f"{path}: extends cycle: {cycle}")
    data = _read_yaml(path)
    _schema_errors(data, path, strict)
    if "extends" not in data:
        for key in ("overrides", "disable", "extend_concepts"):
            if key in data:
                raise RulesetError(f"{path}: $.{key}: only an overlay (a ruleset with extends:) may use {key}")
        return data
    base = _load_merged(resolve_reference(data["extends"], path.parent), (*chain, resolved), strict)
    return _merge_overlay(base, data, path)


def condition_names(condition: Any) -> Iterator[str]:
    """Every check a decision names (a check name, or all/any/not of decisions)."""
    if isinstance(condition, str):
        yield condition
    elif isinstance(condition, dict):
        for key, value in condition.items():
            items = value if isinstance(value, list) else [value]
            for item in items:
                yield from condition_names(item)


def _check_concepts(check: dict[str, Any]) -> Iterator[str]:
    for key in ("all", "any", "none", "bind_to", "competitors", "requires"):
        yield from check.get(key, [])
    for step in check.get("steps", []):
        yield from step


def _check_references(data: dict[str, Any], path: Path) -> None:
    concepts = data.get("concepts", {})
    try:
        composition_order(concepts)
    except CompositionError as error:
        raise RulesetError(f"{path}: $.concepts: {error}") from None
    language = data.get("language", {})
    for key in ("definable", "reader", "bodies"):
        for name in ([language[key]] if isinstance(language.get(key), str) else language.get(key, [])):
            if name not in concepts:
                raise RulesetError(f"{path}: $.language.{key}: unknown concept {name!r}")
    for key, names in data.get("metadata", {}).items():
        for name in names:
            if name not in concepts:
                raise RulesetError(f"{path}: $.metadata.{key}: unknown concept {name!r}")
    seen: set[str] = set()
    for index, rule in enumerate(data.get("rules", [])):
        where = f"$.rules[{index}]"
        if rule["id"] in seen:
            raise RulesetError(f"{path}: {where}.id: duplicate rule id {rule['id']}")
        seen.add(rule["id"])
        for name, check in rule["checks"].items():
            for concept in _check_concepts(check):
                if concept not in concepts:
                    raise RulesetError(f"{path}: {where}.checks.{name}: unknown concept {concept!r}")
        for status, condition in rule["decide"].items():
            for name in condition_names(condition):
                if name not in rule["checks"]:
                    raise RulesetError(f"{path}: {where}.decide.{status}: unknown check {name!r}")


def load_ruleset(ref: str, strict: bool = False) -> Ruleset:
    """Load, merge and validate a ruleset; raises RulesetError naming the file and JSON path.

    `strict` also validates bundled files against the schema (`rules validate`, the tests).
    """
    path = resolve_reference(ref)
    data = _load_merged(path, strict=strict)
    _schema_errors({k: v for k, v in data.items() if not k.startswith("_")}, path, strict)
    _check_references(data, path)
    applies_from = data.get("applies_from")
    return Ruleset(
        id=data["id"],
        version=str(data["version"]),
        title=data["title"],
        edition=data.get("edition"),
        applies_from=dt.date.fromisoformat(applies_from) if applies_from else None,
        citation_document=data.get("citation_document", data["title"]),
        concepts={k: list(v) for k, v in data.get("concepts", {}).items()},
        metadata={k: list(v) for k, v in data.get("metadata", {}).items()},
        rules=data.get("rules", []),
        negation_cues=list(data.get("negation_cues", [])),
        examples_as_of=dt.date.fromisoformat(data.get("examples_as_of", "2026-11-24")),
        source=str(path),
        disabled=data.get("_disabled", []),
        changes=data.get("_changes", []),
        extends=[e for e in data.get("_extends", []) if e],
        description=data.get("description"),
        language=dict(data.get("language", {})),
        added_by=dict(data.get("_added", {})),
    )
