"""Project configuration: `[tool.policy-check]` in pyproject.toml or `.policy-check.yaml`, nearest file wins.

Command-line options override it; built-in defaults apply last. Paths in a config file are relative to it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policy_check.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

YAML_NAMES = (".policy-check.yaml", ".policy-check.yml")
STRING_KEYS = ("ruleset", "fail-on", "format", "waivers", "baseline")
PATH_KEYS = ("waivers", "baseline")


@dataclass(frozen=True)
class Config:
    """Settings from one config file; None where the file does not set them."""

    source: Path | None = None
    ruleset: str | None = None
    fail_on: str | None = None
    format: str | None = None
    waivers: str | None = None
    baseline: str | None = None


def find_config_file(start: Path) -> Path | None:
    """The nearest `.policy-check.yaml`/`.yml`, or pyproject.toml with a `[tool.policy-check]` table."""
    for directory in (start.resolve(), *start.resolve().parents):
        for name in YAML_NAMES:
            if (directory / name).is_file():
                return directory / name
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and "policy-check" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def load_config(start: Path | None = None) -> Config:
    """Read the nearest config file above `start` (default: the working directory); none gives defaults."""
    path = find_config_file(start or Path.cwd())
    if path is None:
        return Config()
    if path.name == "pyproject.toml":
        table = _read_toml(path)["tool"]["policy-check"]
    else:
        table = _read_yaml(path)
    return _parse(path, table)


def _parse(path: Path, table: Any) -> Config:
    """Check keys and types, then resolve paths against the file's folder."""
    from policy_check.report import FORMATS
    from policy_check.findings import FAIL_ON_LEVELS

    if not isinstance(table, dict):
        raise ConfigError(f"{path}: the policy-check settings must be a table of keys, not {type(table).__name__}")
    unknown = sorted(set(table) - set(STRING_KEYS))
    if unknown:
        raise ConfigError(f"{path}: unknown key {unknown[0]!r} (known: {', '.join(STRING_KEYS)})")
    for key, value in table.items():
        if not isinstance(value, str):
            raise ConfigError(f"{path}: {key!r} must be a string, not {type(value).__name__}")
    allowed = {"fail-on": FAIL_ON_LEVELS, "format": tuple(sorted(FORMATS))}
    for key, choices in allowed.items():
        if key in table and table[key] not in choices:
            raise ConfigError(f"{path}: {key!r} is {table[key]!r}; expected one of {', '.join(choices)}")
    values = {key: _resolve(path, table[key]) if key in PATH_KEYS else table.get(key) for key in STRING_KEYS
              if key in table}
    ruleset = table.get("ruleset")
    if ruleset is not None and _looks_like_path(ruleset):
        values["ruleset"] = _resolve(path, ruleset)
    return Config(
        source=path,
        ruleset=values.get("ruleset"),
        fail_on=values.get("fail-on"),
        format=values.get("format"),
        waivers=values.get("waivers"),
        baseline=values.get("baseline"),
    )


def _looks_like_path(ruleset: str) -> bool:
    """A bundled ruleset is named by id (`england-ect-induction`); a file by a path or a .yaml name."""
    return "/" in ruleset or "\\" in ruleset or ruleset.endswith((".yaml", ".yml"))


def _resolve(config_path: Path, value: str) -> str:
    return str(config_path.parent / value)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None


def _read_yaml(path: Path) -> Any:
    import yaml

    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        reason = " ".join(str(error).split())
        raise ConfigError(f"{path}: not valid YAML: {reason}") from None
