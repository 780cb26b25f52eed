"""A trust's own list of its schools' names (`--names FILE`), which wins over the name found in a policy.

The file is CSV with a header row naming the columns `file` and `school` (others are ignored, so a
spreadsheet's export works). `file` is a policy's file name ("st-marys-ect-policy.docx"), or a path
as given on the command line ("policies/st-marys/ect-policy.docx") where two schools' files share a name.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from pathlib import Path, PurePath

from policy_check.errors import ConfigError
from policy_check.findings import PolicyResult

COLUMNS = ("file", "school")


@dataclass(frozen=True)
class SchoolNames:
    """School names by file name and by path, as the CSV gives them."""

    source: str
    by_file: dict[str, str]

    def lookup(self, path: str) -> str | None:
        """The school for a policy given as `path`: its path as given first, then its file name."""
        return self.by_file.get(_normal(path)) or self.by_file.get(PurePath(path).name)

    def unused(self, paths: list[str]) -> list[str]:
        """The entries that name no policy of the run, so a mistyped file name does not pass silently."""
        used = {key for path in paths for key in (_normal(path), PurePath(path).name) if key in self.by_file}
        return [key for key in self.by_file if key not in used]

    def apply(self, result: PolicyResult) -> PolicyResult:
        """The result with the listed school as its organisation (unchanged if the file is not listed)."""
        school = self.lookup(result.source)
        return replace(result, metadata={**result.metadata, "organisation": school}) if school else result


def _normal(path: str) -> str:
    return PurePath(path).as_posix().removeprefix("./")


def load_school_names(path: Path) -> SchoolNames:
    """Read the CSV; any problem is a ConfigError whose message is one line naming the file and row."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the names file: {error.strerror or error}") from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise ConfigError(f"{path}: not a UTF-8 CSV file: {error}") from None
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    if not all(column in header for column in COLUMNS):
        raise ConfigError(f"{path}: the first row must name the columns 'file' and 'school' (found: "
                          f"{', '.join(repr(c) for c in header) or 'nothing'})")
    file_at, school_at = header.index("file"), header.index("school")
    by_file: dict[str, str] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * len(header)
        file, school = cells[file_at].strip(), " ".join(cells[school_at].split())
        if not file or not school:
            raise ConfigError(f"{path}: row {number}: needs both a file and a school")
        file = _normal(file)
        if file in by_file:
            raise ConfigError(f"{path}: row {number}: {file} is listed twice")
        by_file[file] = school
    return SchoolNames(str(path), by_file)
