"""The audit's pages in a real browser (headless Chromium): every school shown, filters hide rows and columns.

Runs on the fixture report, so it needs no engine; skipped only when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chromium import CHROMIUM, start_chromium
from fixture_report import fixture_report
from policy_check.audit.output import write_audit_from_report

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"))
    yield driver
    driver.quit()


def _visible(driver, selector: str) -> list:
    from selenium.webdriver.common.by import By

    return [element for element in driver.find_elements(By.CSS_SELECTOR, selector) if element.is_displayed()]


def test_matrix_shows_every_school_and_filters_hide_rows_and_columns(browser, tmp_path: Path) -> None:
    from selenium.webdriver.support.ui import Select

    index = write_audit_from_report(fixture_report(), tmp_path / "audit")
    browser.get(index.as_uri())
    rows = _visible(browser, "tr.school-row")
    assert len(rows) == 3
    assert "Unreadable: no text layer" in browser.find_element("css selector", "tr.error-row").text
    assert len(_visible(browser, "th.req")) == 7

    Select(browser.find_element("id", "filter-area")).select_by_value("timetable")
    assert {h.get_attribute("data-rule") for h in _visible(browser, "th.req")} == {"TT-REDUCTION-Y1", "TT-REDUCTION-Y2"}
    assert {c.get_attribute("data-rule") for c in _visible(browser, "td.cell[data-rule]")} == {"TT-REDUCTION-Y1",
                                                                                              "TT-REDUCTION-Y2"}

    Select(browser.find_element("id", "filter-area")).select_by_value("")
    Select(browser.find_element("id", "filter-status")).select_by_value("missing")
    assert [r.get_attribute("data-name") for r in _visible(browser, "tr.school-row")] == [
        "oakfield primary school"]
    browser.save_screenshot(str(tmp_path / "matrix.png"))
    assert (tmp_path / "matrix.png").stat().st_size > 0


def test_policy_report_renders_script_text_without_running_it(browser, tmp_path: Path) -> None:
    write_audit_from_report(fixture_report(), tmp_path / "audit")
    page = tmp_path / "audit" / "policies" / "oakfield-ect-policy.txt.html"
    browser.get(page.as_uri() + "#TT-REDUCTION-Y1")
    finding = browser.find_element("id", "TT-REDUCTION-Y1")
    assert "<script>alert(1)</script>" in finding.text
    assert browser.execute_script("return document.scripts.length") == 0
    browser.save_screenshot(str(tmp_path / "policy.png"))
    assert os.path.getsize(tmp_path / "policy.png") > 0


def test_a_long_unbroken_url_in_a_quote_never_makes_the_page_scroll_sideways(browser, tmp_path: Path) -> None:
    from dataclasses import replace

    from policy_check.findings import Evidence
    from policy_check.model import Location

    url = "https://assets.publishing.service.gov.uk/government/uploads/system/uploads/" + "x" * 300 + ".pdf"
    report = fixture_report()
    policy = report.policies[0]
    quoted = replace(policy.findings[0], evidence=(Evidence(f"Guidance: {url}", Location(None, "Links", 3, 0, 9)),))
    report = replace(report, policies=(replace(policy, findings=(quoted, *policy.findings[1:])),))
    write_audit_from_report(report, tmp_path / "audit")
    browser.set_window_size(800, 900)
    browser.get((tmp_path / "audit" / "policies" / "oakfield-ect-policy.txt.html").as_uri())
    page = "document.documentElement"
    scroll_width, client_width = browser.execute_script(f"return [{page}.scrollWidth, {page}.clientWidth]")
    browser.set_window_size(1400, 900)
    assert scroll_width <= client_width
