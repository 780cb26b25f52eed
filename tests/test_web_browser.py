"""The web app in a real browser (headless Chromium) against a real server (uvicorn in a subprocess):
drop the corpus on the start page, see the matrix, open a report, record a disagreement, restart the
server and find the decision still there. The server runs with outbound connections refused and logged.

UPDATE_SCREENSHOTS=1 writes the matrix and report screenshots to docs/ (shown in the README).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("uvicorn")

from chromium import CHROMIUM, start_chromium  # noqa: E402
from test_web_serve import NO_NETWORK  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")


class Server:
    """`policy-check serve --port 0` in a subprocess; the URL is what it prints."""

    def __init__(self, data: Path, env: dict[str, str]) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "policy_check", "serve", "--port", "0", "--data",
                                         str(data), "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, env=env, cwd=ROOT)
        line = self.process.stdout.readline()
        self.url = re.search(r"http://\S+/", line).group(0).rstrip("/")

    def stop(self) -> str:
        self.process.terminate()
        _, stderr = self.process.communicate(timeout=60)
        return stderr


@pytest.fixture()
def browser(tmp_path: Path):
    driver = start_chromium(tmp_path / "chromium-profile")
    yield driver
    driver.quit()


def _shots(tmp_path: Path) -> Path:
    return ROOT / "docs" if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path


def test_drop_the_corpus_see_the_matrix_record_a_disagreement_and_find_it_after_a_restart(browser, tmp_path: Path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as shown
    from selenium.webdriver.support.ui import Select, WebDriverWait

    (tmp_path / "sitecustomize.py").write_text(NO_NETWORK, encoding="utf-8")
    log = tmp_path / "network.log"
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "POLICY_CHECK_NETWORK_LOG": str(log)}
    wait = WebDriverWait(browser, 120)
    server = Server(tmp_path / "data", env)
    try:
        browser.get(server.url + "/")
        browser.find_element(By.ID, "as-of").send_keys("11242026")  # the date input takes the keys in US order
        browser.find_element(By.ID, "files").send_keys("\n".join(str(path) for path in CORPUS))
        wait.until(shown.visibility_of_element_located((By.ID, "done")))
        results = browser.find_elements(By.CSS_SELECTOR, "#results li")
        assert [li.get_attribute("class") for li in results] == ["done"] * len(CORPUS), [li.text for li in results]
        assert "Checked 4 of 4 files" in browser.find_element(By.ID, "progress-text").text

        browser.find_element(By.ID, "open-matrix").click()
        wait.until(shown.presence_of_element_located((By.ID, "matrix")))
        rows = browser.find_elements(By.CSS_SELECTOR, "tr.school-row")
        assert len(rows) == len(CORPUS)
        assert "as of 2026-11-24" in browser.find_element(By.CSS_SELECTOR, "p.meta").text
        Select(browser.find_element(By.ID, "filter-area")).select_by_value("timetable")  # the matrix's own script runs
        assert {h.get_attribute("data-area") for h in browser.find_elements(By.CSS_SELECTOR, "th.req")
                if h.is_displayed()} == {"timetable"}
        Select(browser.find_element(By.ID, "filter-area")).select_by_value("")
        assert browser.find_elements(By.CSS_SELECTOR, "svg.share-meeting .bar-row")
        browser.save_screenshot(str(_shots(tmp_path) / "web-matrix.png"))

        crestwood = next(row for row in rows if "crestwood" in row.text.lower())
        crestwood.find_element(By.CSS_SELECTOR, "th.school a").click()
        wait.until(shown.presence_of_element_located((By.CSS_SELECTOR, "section.findings")))
        report_url = browser.current_url
        finding = browser.find_element(By.CSS_SELECTOR, 'article.finding[data-status="partial"]')
        rule_id = finding.get_attribute("id")
        finding.find_element(By.CSS_SELECTOR, "details.decide summary").click()
        finding.find_element(By.CSS_SELECTOR, 'input[name="verdict"][value="disagree"]').click()
        Select(finding.find_element(By.NAME, "status")).select_by_value("met")
        finding.find_element(By.NAME, "note").send_keys("The governors' approval is recorded in section 9.0.")
        finding.find_element(By.NAME, "reviewer").send_keys("Jo Patel")
        finding.find_element(By.CSS_SELECTOR, 'button[type="submit"]').click()
        wait.until(shown.text_to_be_present_in_element((By.ID, rule_id), "reviewer: met, was partial"))
        assert browser.find_elements(By.CSS_SELECTOR, ".policy-text mark.ev")
        browser.get(report_url.split("#")[0] + "#clause-0")
        browser.save_screenshot(str(_shots(tmp_path) / "web-report.png"))
    finally:
        first_stderr = server.stop()

    server = Server(tmp_path / "data", env)
    try:
        assert not report_url.startswith(server.url)  # a new server on another free port
        browser.get(server.url + "/policies/" + report_url.split("/policies/")[1].split("#")[0])
        decided = browser.find_element(By.ID, rule_id)
        assert "reviewer: met, was partial" in decided.text and "Jo Patel" in decided.text
        assert "The governors' approval is recorded in section 9.0." in decided.text
        browser.get(server.url + "/matrix")
        assert len(browser.find_elements(By.CSS_SELECTOR, "tr.school-row")) == len(CORPUS)
    finally:
        second_stderr = server.stop()
    assert not log.exists(), log.read_text()
    assert "Traceback" not in first_stderr + second_stderr
