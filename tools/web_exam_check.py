#!/usr/bin/env python3
"""Reads, in headless Chromium, what densa's worklist and exam pages show of the structured
results: the prior exam and the dense-line badge, the uncertain flag, the reasons an exam could not
be fully assessed, the suggested MQSA sentence and the scorecard link. Screenshots of each exam page
go to the artifacts folder and axe-core audits each one. Prints one JSON line for the Swift test
that runs it (WebTests) to check against the database and result.json.

usage: web_exam_check.py BASE_URL ARTIFACTS_DIR EXAM_ID...
"""
import json
import os
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from web_browser_check import audit, driver, rows, shots


def text_or_none(d, selector):
    found = d.find_elements(By.CSS_SELECTOR, selector)
    return found[0].text if found else None


def main():
    base, artifacts, exams = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3:]
    os.makedirs(artifacts, exist_ok=True)
    report = {"worklist": {}, "exams": {}}
    d = driver()
    wait = WebDriverWait(d, 30)
    try:
        d.set_window_size(1920, 1080)
        d.get(base + "/?pageSize=200")
        wait.until(EC.presence_of_element_located((By.ID, "worklist")))
        for row in rows(d):
            prior = row.find_element(By.CSS_SELECTOR, "td.prior")
            report["worklist"][row.get_attribute("data-exam")] = {
                "prior": prior.text.split()[0] if prior.text.strip() else "",
                "crossesBadge": bool(prior.find_elements(By.CSS_SELECTOR, ".badge-boundary")),
                "uncertainBadge": bool(row.find_elements(By.CSS_SELECTOR, ".badge-uncertain")),
            }
        for exam in exams:
            d.get(f"{base}/exams/{exam}")
            wait.until(EC.presence_of_element_located((By.ID, "prior")))
            link = d.find_elements(By.ID, "scorecard-link")
            report["exams"][exam] = {
                "prior": d.find_element(By.ID, "prior").text,
                "priorCrossesBadge": bool(d.find_elements(By.CSS_SELECTOR, "#prior .badge-boundary")),
                "uncertain": text_or_none(d, "#uncertain"),
                "limitationCodes": [e.text for e in d.find_elements(By.CSS_SELECTOR, "#limitations li .code")],
                "statementEnglish": text_or_none(d, "#statement p[lang=en]"),
                "statementSpanish": text_or_none(d, "#statement p[lang=es]"),
                "scorecardLink": link[0].get_attribute("href") if link else None,
            }
            shots(d, artifacts, f"exam-{exam}")
            audit(d, report, f"exam-{exam}")
        logs = [entry for entry in d.get_log("browser") if entry.get("level") == "SEVERE"]
        report["consoleErrors"] = [entry.get("message") for entry in logs]
    finally:
        d.quit()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
