"""One report, many renderings: a registry of output formats, one module per format.

Each format module defines `render(report: Report, options: RenderOptions) -> str | bytes`
(bytes for binary formats such as docx). Modules are imported only when their format is used.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from policy_check.findings import Report

# format name -> module under policy_check.report
FORMATS: dict[str, str] = {
    "text": "text_format",
    "json": "json_format",
    "markdown": "markdown_format",
    "html": "html_format",
    "docx": "docx_format",
    "sarif": "sarif_format",
    "junit": "junit_format",
    "github": "github_format",
}

# Formats that are bytes, never shown on a terminal: their file name ending.
BINARY_SUFFIXES: dict[str, str] = {"docx": ".docx"}


@dataclass(frozen=True)
class RenderOptions:
    color: bool = False
    fail_on: str = "statutory"
    only_gaps: bool = False  # human formats: leave out met findings, gaps statutory first


def render(report: Report, fmt: str, options: RenderOptions | None = None) -> str | bytes:
    module = importlib.import_module(f"policy_check.report.{FORMATS[fmt]}")
    return module.render(report, options or RenderOptions())
