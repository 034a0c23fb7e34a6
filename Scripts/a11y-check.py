#!/usr/bin/env python3
"""Runs axe-core on HTML reports in headless Chromium (Scripts/a11y-test.sh sets it up):

  a11y-check.py [FILE.html ...]     (default: samples/reports/nxaudit-2026-10.html)

Each file is opened as a file:// URL in headless Chromium through Debian's chromedriver;
axe-core (the copy inside the selenium-axe-python package) is injected with WebDriver's
execute_script, which the report's Content-Security-Policy does not stop (it blocks scripts the
page itself would run, not code the driver evaluates), and runs the rules tagged wcag2a,
wcag2aa, wcag21a, wcag21aa and best-practice. Prints axe-core's version, each violation (rule
id, impact, help text, node count, the first few target selectors) and the totals of passes,
violations and incomplete checks per file. Exits 1 when a file has a violation or axe did not
run on it. CHROMIUM and CHROMEDRIVER name other binaries than /usr/bin/chromium and
/usr/bin/chromedriver."""
import os, sys
from pathlib import Path

from selenium_axe_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
SHOWN_TARGETS = 5

def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    # A fixed window, so that layout-dependent rules (contrast, scrollable regions) see the same page.
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--window-size=1280,1024", "--lang=en-US"):
        options.add_argument(flag)
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    # axe on a month's report (some 15,000 elements) takes one to two minutes on two busy cores;
    # Selenium's defaults are 30 s for a script and 120 s for a reply from the driver.
    driver.set_script_timeout(600)
    driver.command_executor.client_config.timeout = 660
    return driver

def check(driver, path):
    """Prints axe's findings on one page; returns its violation count (None: axe did not run)."""
    driver.get(path.resolve().as_uri())
    axe = Axe(driver)
    axe.inject()
    if not driver.execute_script("return typeof window.axe === 'object' && typeof axe.run === 'function'"):
        print(f"a11y: {path}: axe-core could not be injected into the page", file=sys.stderr)
        return None
    print(f"a11y: {path}: axe-core {driver.execute_script('return axe.version')}, tags {' '.join(TAGS)}")
    # Not Axe.run: it never calls back when axe.run rejects (an unknown tag, say), so the error
    # would surface as a script timeout.
    results = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, arguments[0]).then(done, e => done({error: String(e)}));",
        {"runOnly": {"type": "tag", "values": TAGS}})
    if not isinstance(results, dict) or "violations" not in results:
        print(f"a11y: {path}: axe-core did not run: {results!r:.300}", file=sys.stderr)
        return None
    violations = results["violations"]
    for v in violations:
        nodes = v["nodes"]
        print(f"  {v['id']} [{v.get('impact') or 'n/a'}] {v['help']}: {len(nodes)} node(s)")
        for node in nodes[:SHOWN_TARGETS]:
            print(f"      {' '.join(map(str, node['target']))}")
        if len(nodes) > SHOWN_TARGETS:
            print(f"      and {len(nodes) - SHOWN_TARGETS} more")
    if results["incomplete"]:
        print(f"  needs review (not failed): {' '.join(i['id'] for i in results['incomplete'])}")
    print(f"a11y: {path}: {len(results['passes'])} passes, {len(violations)} violations, "
          f"{len(results['incomplete'])} incomplete")
    return len(violations)

def main():
    paths = [Path(p) for p in sys.argv[1:]] or [Path("samples/reports/nxaudit-2026-10.html")]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"a11y: no such file: {', '.join(missing)}", file=sys.stderr)
        return 1
    failed = 0
    driver = browser()
    try:
        caps = driver.capabilities
        print(f"a11y: Chromium {caps.get('browserVersion')}, chromedriver "
              f"{caps.get('chrome', {}).get('chromedriverVersion', '?').split(' ')[0]}")
        for path in paths:
            count = check(driver, path)
            if count is None or count > 0:
                failed += 1
    finally:
        driver.quit()
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main())
