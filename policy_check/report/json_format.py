"""The JSON report of the contract (`schemas/report.schema.json`)."""

from __future__ import annotations

import json

from policy_check.findings import Report


def render(report: Report, options: object) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
