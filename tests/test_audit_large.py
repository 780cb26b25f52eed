"""A matrix usable at any size: beyond a few hundred schools, index.html is a summary that opens at
once and the matrix is split into pages; checked in a real browser (headless Chromium)."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from policy_check.audit.matrix import MatrixRow, columns_from_ruleset
from policy_check.audit.matrix_page import FULL_MATRIX_MAX_ROWS, MATRIX_PAGE_ROWS, write_matrix_page
from policy_check.engine.ruleset import load_ruleset
from policy_check.run import build_report
import datetime as dt

CHROMIUM = Path("/usr/bin/chromium")
SCHOOLS = 3000


def generated_rows(count: int, columns) -> list[MatrixRow]:
    """Schools as an audit of `count` policies would record them: varied statuses, a few unreadable."""
    chance = random.Random(7)
    rows = []
    for number in range(count):
        name = f"{chance.choice(['St Mary', 'Oakfield', 'Riverside', 'Hill View', 'Ashcombe'])} School {number:05d}"
        if number % 97 == 0:
            rows.append(MatrixRow(f"policies/{number:05d}.pdf", name, f"{number:05d}.html",
                                  "no text layer (a scanned image?)", tuple("" for _ in columns),
                                  tuple(False for _ in columns), 0))
            continue
        statuses = tuple(chance.choices(["met", "partial", "missing", "conflict"], [70, 12, 15, 3])[0] for _ in columns)
        rows.append(MatrixRow(f"policies/{number:05d}.docx", name, f"{number:05d}.html", None, statuses,
                              tuple(False for _ in columns), 3 if "missing" in statuses else 0))
    return rows


@pytest.fixture(scope="module")
def large_audit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ruleset = load_ruleset("england-ect-induction")
    columns = columns_from_ruleset(ruleset)
    out = tmp_path_factory.mktemp("national")
    write_matrix_page(out / "index.html", build_report([], ruleset, dt.date(2026, 11, 24)), columns,
                      generated_rows(SCHOOLS, columns))
    return out


def test_a_large_audit_gets_a_summary_and_a_paged_matrix(large_audit: Path) -> None:
    pages = sorted(large_audit.glob("matrix-*.html"))
    assert len(pages) == -(-SCHOOLS // MATRIX_PAGE_ROWS)
    index = (large_audit / "index.html").read_text(encoding="utf-8")
    assert "The most common gaps" in index and "Schools with the most statutory gaps" in index
    assert index.count("<svg") >= 8 and 'id="school-search"' in index
    assert all(f'href="{page.name}"' in index for page in pages)
    assert (large_audit / "index.html").stat().st_size < 2_000_000
    first = pages[0].read_text(encoding="utf-8")
    assert first.count('class="school-row') == MATRIX_PAGE_ROWS and 'href="matrix-0002.html">next page' in first
    assert max(page.stat().st_size for page in pages) < 3_000_000


def test_a_small_audit_keeps_the_one_page_matrix(tmp_path: Path) -> None:
    ruleset = load_ruleset("england-ect-induction")
    columns = columns_from_ruleset(ruleset)
    write_matrix_page(tmp_path / "index.html", build_report([], ruleset, dt.date(2026, 11, 24)), columns,
                      generated_rows(FULL_MATRIX_MAX_ROWS, columns))
    assert not list(tmp_path.glob("matrix-*.html"))
    assert (tmp_path / "index.html").read_text(encoding="utf-8").count('class="school-row') == FULL_MATRIX_MAX_ROWS


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_the_summary_and_a_matrix_page_open_in_a_browser_within_seconds(large_audit: Path, tmp_path: Path) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        for page in ("index.html", "matrix-0005.html"):
            started = time.monotonic()
            driver.get((large_audit / page).as_uri())
            assert time.monotonic() - started < 3, f"{page} took too long to open"
        driver.get((large_audit / "index.html").as_uri())
        driver.find_element(By.ID, "school-search").send_keys("School 01234")
        results = driver.find_elements(By.CSS_SELECTOR, "#search-results li")
        assert len(results) == 1 and "School 01234" in results[0].text
        assert results[0].find_elements(By.TAG_NAME, "a")[1].get_attribute("href").endswith("matrix-0005.html")
    finally:
        driver.quit()
