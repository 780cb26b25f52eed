"""JUnit XML: one test case per requirement per policy, so any CI test viewer lists what failed and why."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from policy_check.findings import Finding, PolicyResult, Report
from policy_check.report import RenderOptions
from policy_check.report.ci_text import citation_text, quoted_evidence, xml_safe


def render(report: Report, options: RenderOptions) -> str:
    """`<testsuites>` with one `<testsuite>` per policy; a failing gap is a `<failure>`."""
    root = ET.Element("testsuites", {"name": "policy-check"})
    for policy in report.policies:
        root.append(_unreadable_suite(policy) if policy.error else _suite(policy, options.fail_on))
    root.set("tests", str(sum(int(suite.get("tests", "0")) for suite in root)))
    root.set("failures", str(sum(int(suite.get("failures", "0")) for suite in root)))
    root.set("errors", str(sum(int(suite.get("errors", "0")) for suite in root)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"



def _suite(policy: PolicyResult, fail_on: str) -> ET.Element:
    suite = ET.Element("testsuite", {"name": xml_safe(policy.source)})
    failures = 0
    for finding in policy.findings:
        case = ET.SubElement(suite, "testcase", {
            "classname": xml_safe(finding.area),
            "name": xml_safe(f"{finding.rule_id} {finding.title}"),
        })
        if finding.fails(fail_on):
            failures += 1
            failure = ET.SubElement(case, "failure", {
                "message": xml_safe(f"{finding.status}: {finding.message}"),
                "type": finding.status,
            })
            failure.text = xml_safe(_details(finding))
        elif finding.is_gap:
            ET.SubElement(case, "system-out").text = xml_safe(_note(finding))
    suite.set("tests", str(len(policy.findings)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    return suite


def _unreadable_suite(policy: PolicyResult) -> ET.Element:
    suite = ET.Element("testsuite", {"name": xml_safe(policy.source), "tests": "1", "failures": "0",
                                     "errors": "1", "skipped": "0"})
    case = ET.SubElement(suite, "testcase", {"classname": "input", "name": "read policy"})
    ET.SubElement(case, "error", {"message": xml_safe(policy.error or ""), "type": "unreadable"}).text = xml_safe(
        f"{policy.source}: {policy.error}")
    return suite


def _details(finding: Finding) -> str:
    """The failure body: severity, message, each quote with its place, the fix and the citation."""
    lines = [f"{finding.severity} requirement, {finding.status}: {finding.message}"]
    lines += [f"Evidence: {quoted_evidence(evidence)}" for evidence in finding.evidence]
    if finding.looked_for:
        lines.append(f"Looked for: {finding.looked_for}")
    if finding.remediation:
        lines.append(f"Fix: {finding.remediation}")
    lines.append(f"Source: {citation_text(finding.citation)}")
    return "\n".join(lines)


def _note(finding: Finding) -> str:
    """A gap that does not fail the run: say why (waived, or below the --fail-on threshold)."""
    if finding.waiver is not None:
        reason = finding.waiver.get("reason", "")
        expires = finding.waiver.get("expires")
        why = f"waived until {expires}: {reason}" if expires else f"waived: {reason}"
    else:
        why = "below the --fail-on threshold"
    return f"{why}\n{_details(finding)}"
