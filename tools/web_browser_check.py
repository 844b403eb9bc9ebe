#!/usr/bin/env python3
"""Drives densa's web pages in headless Chromium (Debian's chromium and chromium-driver) with
Selenium, as a radiologist and a QA lead would: load the worklist, filter it, move with the
keyboard and open an exam, toggle its heatmaps, submit a review, drill down from a cell of the QA
confusion matrix, open the model page. Screenshots of every page at 1920x1080 and 1366x768 go to
the artifacts folder, and axe-core (axe-selenium-python) audits each page for accessibility. Prints one JSON line with what it did, for the Swift test that runs it to
check against the database.

usage: web_browser_check.py BASE_URL ARTIFACTS_DIR [MARK_COMMAND...]

With MARK_COMMAND (a command line in which ACCESSION stands for an exam's accession, run as
another process, e.g. `densa worklist mark ACCESSION --db DB`), it also checks that an open
worklist refreshes itself when another process changes the database.

With DENSA_LOGIN=NAME:PASSWORD in the environment (a server that requires login), it first
expects to be sent to the login page, logs in through its form, reviews as that user (the form
then has no reviewer field), and logs out at the end.
"""
import subprocess
import time
import json
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

SIZES = [(1920, 1080), (1366, 768)]


def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--lang=es-ES", "--hide-scrollbars"]:
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "es-ES,es"})
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    d = webdriver.Chrome(options=options, service=service)
    d.set_page_load_timeout(60)
    return d


def shots(d, artifacts, name):
    for width, height in SIZES:
        d.set_window_size(width, height)
        d.save_screenshot(os.path.join(artifacts, f"{name}-{width}x{height}.png"))
    d.set_window_size(*SIZES[0])


def audit(d, report, name):
    """axe-core's serious and critical violations on the page as it is now."""
    from axe_selenium_python import Axe
    axe = Axe(d)
    axe.inject()
    results = axe.run()
    report.setdefault("axe", {})[name] = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
        for v in results["violations"] if v.get("impact") in ("serious", "critical")]


def rows(d):
    return d.find_elements(By.CSS_SELECTOR, "#worklist tbody tr[data-exam]")


def main():
    base, artifacts = sys.argv[1].rstrip("/"), sys.argv[2]
    os.makedirs(artifacts, exist_ok=True)
    report = {}
    d = driver()
    wait = WebDriverWait(d, 30)
    login = os.environ.get("DENSA_LOGIN")
    try:
        d.set_window_size(*SIZES[0])
        d.get(base + "/")
        if login:
            name, password = login.split(":", 1)
            wait.until(EC.presence_of_element_located((By.ID, "login-name")))
            report["loginRedirected"] = "/login" in d.current_url
            shots(d, artifacts, "login")
            audit(d, report, "login")
            d.find_element(By.ID, "login-name").send_keys(name)
            d.find_element(By.ID, "login-password").send_keys(password)
            d.find_element(By.ID, "login-submit").click()
        wait.until(EC.presence_of_element_located((By.ID, "worklist")))
        if login:
            report["loggedInAs"] = d.find_element(By.ID, "user-name").text
        report["lang"] = d.find_element(By.TAG_NAME, "html").get_attribute("lang")
        report["worklistRows"] = len(rows(d))
        shots(d, artifacts, "worklist")
        audit(d, report, "worklist")

        # Filter to the disagreements with the form, as a QA lead would.
        Select(d.find_element(By.NAME, "disagreement")).select_by_value("any")
        d.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
        wait.until(EC.url_contains("disagreement=any"))
        report["disagreementRows"] = len(rows(d))
        shots(d, artifacts, "worklist-disagreements")

        # j selects the first row, Enter opens it.
        d.find_element(By.TAG_NAME, "body").send_keys("j")
        selected = d.find_element(By.CSS_SELECTOR, "#worklist tbody tr.selected")
        report["examID"] = int(selected.get_attribute("data-exam"))
        d.switch_to.active_element.send_keys(Keys.ENTER)
        wait.until(EC.url_contains(f"/exams/{report['examID']}"))
        wait.until(lambda drv: all(
            img.get_property("naturalWidth") > 0 for img in drv.find_elements(By.CSS_SELECTOR, "img.preview")))
        figures = d.find_elements(By.CSS_SELECTOR, "#hanging figure")
        report["hanging"] = [f.get_attribute("class").split()[-1] for f in figures]
        boxes = {f.get_attribute("class").split()[-1]: f.rect for f in figures}
        report["rightOnViewersLeft"] = boxes["view-R-CC"]["x"] < boxes["view-L-CC"]["x"]
        report["ccAboveMLO"] = boxes["view-R-CC"]["y"] < boxes["view-R-MLO"]["y"]
        report["notDiagnostic"] = d.find_element(By.CSS_SELECTOR, ".not-diagnostic").text
        shots(d, artifacts, "exam")
        audit(d, report, "exam")

        toggle = d.find_element(By.ID, "toggle-heatmaps")
        toggle.click()
        report["heatmapsShown"] = all(i.is_displayed() for i in d.find_elements(By.CSS_SELECTOR, "img.heatmap"))
        report["previewsHidden"] = not any(i.is_displayed() for i in d.find_elements(By.CSS_SELECTOR, "img.preview"))
        shots(d, artifacts, "exam-heatmaps")
        audit(d, report, "exam-heatmaps")
        toggle.click()

        form = d.find_element(By.CSS_SELECTOR, "form.review-form")
        form.find_element(By.CSS_SELECTOR, "input[value=report-correct]").click()
        if login:
            report["reviewerShown"] = form.find_element(By.ID, "logged-in-reviewer").text
        else:
            reviewer = form.find_element(By.NAME, "reviewer")
            reviewer.clear()
            reviewer.send_keys("dra.selenium")
        form.find_element(By.NAME, "note").send_keys("revisado en Chromium")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait.until(EC.url_contains("#review"))
        report["reviewStateShown"] = d.find_element(By.ID, "review-state").text
        shots(d, artifacts, "exam-reviewed")

        d.get(base + "/qa")
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.confusion")))
        shots(d, artifacts, "qa")
        audit(d, report, "qa")
        cells = [a for a in d.find_elements(By.CSS_SELECTOR, "table.confusion td a") if a.text.strip() != "0"]
        cell = cells[0]
        report["cellCount"] = int(cell.text)
        report["cellLink"] = cell.get_attribute("href")
        cell.click()
        wait.until(EC.url_contains("reportDensity="))
        report["cellRows"] = len(rows(d))
        shots(d, artifacts, "qa-drilldown")

        mark = sys.argv[3:]
        if mark:
            d.get(base + "/")
            wait.until(EC.presence_of_element_located((By.ID, "worklist")))
            time.sleep(1.5)  # the page's EventSource is connected by now
            row = d.find_element(By.CSS_SELECTOR, "#worklist tbody tr.unread")
            exam, accession = row.get_attribute("data-exam"), row.find_element(By.CSS_SELECTOR, "td a").text
            subprocess.run([a.replace("ACCESSION", accession) for a in mark], check=True, capture_output=True)
            WebDriverWait(d, 20).until(lambda drv: drv.find_element(
                By.CSS_SELECTOR, f'#worklist tr[data-exam="{exam}"] td.read-state').text == "leído")
            report["liveRefreshExamID"] = int(exam)
            report["refreshedWithoutReload"] = int(d.find_element(By.TAG_NAME, "body").get_attribute(
                "data-refreshed") or "0") >= 1
            shots(d, artifacts, "worklist-refreshed")

        d.get(base + "/model")
        report["modelSHA256"] = d.find_element(By.ID, "weights-sha256").text
        report["demoWarning"] = bool(d.find_elements(By.CSS_SELECTOR, ".demo-warning"))
        shots(d, artifacts, "model")
        audit(d, report, "model")
        logs = [entry for entry in d.get_log("browser") if entry.get("level") == "SEVERE"]
        report["consoleErrors"] = [entry.get("message") for entry in logs]
        if login:
            d.find_element(By.CSS_SELECTOR, "form.logout button[type=submit]").click()
            wait.until(EC.presence_of_element_located((By.ID, "login-name")))
            d.get(base + "/qa")
            wait.until(EC.presence_of_element_located((By.ID, "login-name")))
            report["loggedOut"] = "/login" in d.current_url
    finally:
        d.quit()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
