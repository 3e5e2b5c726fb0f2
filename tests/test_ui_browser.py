"""The workspace in a real browser: `probity ui` on a free loopback port over the synthetic store,
driven by headless Chromium (Debian's chromium + chromium-driver through selenium; no browser is
ever downloaded). It signs in with an API key, gives a case reference, asks a question, opens a
citation's whole record and loads a person profile; then the workspace that remembers: a list as
a table with its CSV downloaded, a `[n]` badge jumping to its source card, a follow-up, a browser
refresh that finds the conversation intact, ambiguous-name buttons, the profile timeline back to
the first year, a deep link opened by a colleague, and a 390 px phone screen. A screenshot of
each step goes to `ui-screenshots/` at the repository root (PROBITY_UI_SCREENSHOTS overrides)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from assistant.keys import KeyStore

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = [  # a missing Chromium is the only reason to skip (checked before any setup)
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not (CHROMIUM and CHROMEDRIVER),
        reason="Chromium not found: apt-get install -y chromium chromium-driver",
    ),
]
ROOT = Path(__file__).resolve().parents[1]
CHAT = "//textarea[@data-testid='stChatInputTextArea']"
T = TypeVar("T")
SHOTS = Path(os.environ.get("PROBITY_UI_SCREENSHOTS", ROOT / "ui-screenshots"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1440,1000",
]
WAIT_S = 180


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def ui_data(synthetic_settings, tmp_path_factory):
    """The synthetic store and its leads board in a data dir of its own (keys, audit, cases and
    lead reviews written here)."""
    root = tmp_path_factory.mktemp("ui-browser-data")
    for name in ("records.duckdb", "chroma", "bm25", "index-manifest.json", "leads"):
        if (synthetic_settings.data_dir / name).exists():
            (root / name).symlink_to(synthetic_settings.data_dir / name)
    return synthetic_settings.model_copy(update={"data_dir": root})


@pytest.fixture(scope="module")
def app_url(ui_data, tmp_path_factory) -> Iterator[str]:
    """`probity ui` on a free port, as a user would start it; stopped with its process group."""
    port = free_port()
    log = tmp_path_factory.mktemp("ui-log") / "streamlit.log"
    env = {**os.environ, "PROBITY_TODAY": str(ui_data.today)}
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from assistant.cli import main; main()",
                "ui",
                "--port",
                str(port),
                "--data-dir",
                str(ui_data.data_dir),
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, f"probity ui exited: {log.read_text()}"
            try:
                if httpx.get(f"{url}/_stcore/health", timeout=2).text == "ok":
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, f"probity ui did not start: {log.read_text()}"
            time.sleep(0.5)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setenv("SE_OFFLINE", "true")  # Selenium Manager must never fetch anything
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("selenium is not installed: pip install -e '.[dev]'")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"]:
        options.add_argument(flag)
    downloads = tmp_path / "downloads"
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads)})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    driver.downloads = downloads
    yield driver
    driver.quit()


class Page:
    """Just enough of Streamlit's DOM to use the app as a person would."""

    def __init__(self, driver: Any) -> None:
        from selenium.webdriver.support.ui import WebDriverWait

        self.driver, self.wait = driver, WebDriverWait(driver, WAIT_S)

    def find(self, xpath: str) -> Any:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as ec

        return self.wait.until(ec.visibility_of_element_located((By.XPATH, xpath)))

    def retry(self, act: Callable[[], T]) -> T:
        """Run `act` again if Streamlit redraws its element between finding and using it (stale),
        or has drawn it but not yet made it usable (a rerun after a page change)."""
        from selenium.common.exceptions import (
            ElementNotInteractableException,
            StaleElementReferenceException,
        )

        for attempt in range(5):
            try:
                return act()
            except (StaleElementReferenceException, ElementNotInteractableException):
                if attempt == 4:
                    raise
                time.sleep(1)
        raise AssertionError("unreachable")

    def click(self, xpath: str) -> None:
        def act() -> None:
            element = self.find(xpath)
            self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
            element.click()

        self.retry(act)

    def read(self, xpath: str) -> str:
        """The text of an element, read again if Streamlit redraws it meanwhile."""
        return self.retry(lambda: str(self.find(xpath).text))

    def send(self, xpath: str, keys: str) -> None:
        """Type into an element, found again if Streamlit redraws it meanwhile."""
        self.retry(lambda: self.find(xpath).send_keys(keys))

    def text(self, words: str) -> Any:
        return self.find(f"//*[not(self::script)][contains(text(), {words!r})]")

    def button(self, label: str) -> None:
        self.click(f"//button[normalize-space(.)={label!r} or .//p[text()={label!r}]]")

    def type_into(self, label: str, value: str, submit: bool = False) -> None:
        from selenium.webdriver.common.keys import Keys

        self.send(f"//input[@aria-label={label!r}] | //textarea[@aria-label={label!r}]",
                  value + (Keys.ENTER if submit else ""))

    def sign_in(self, url: str, key: str, case: str) -> None:
        self.driver.get(url)
        self.type_into("API key", key)
        self.button("Sign in")
        self.type_into("Case reference", case)
        self.button("Start")

    def shot(self, name: str, element: Any = None) -> Path:
        if element is not None:
            self.driver.execute_script(  # clear of Streamlit's fixed header
                "arguments[0].style.scrollMarginTop = '90px';"
                "arguments[0].scrollIntoView({block: 'start'})",
                element,
            )
            time.sleep(1)  # let charts and fonts settle
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        self.driver.save_screenshot(str(path))
        print(f"screenshot: {path}")
        return path


def drive(driver: Any, url: str, key: str) -> list[Path]:
    """Sign in, give a case, ask, open a citation, load a profile: a screenshot of each."""
    page, shots = Page(driver), []
    page.sign_in(url, key, "PSD/2025/0042")
    page.text("New here? Try one of these")
    shots.append(page.shot("1-ask"))
    page.send(CHAT, "How many complaints were made against payroll 200135?\n")
    answer = page.find("//div[@class='prb-answer'][contains(., 'complaints against')]")
    page.find("//mark[contains(@class, 'prb-q')]")
    shots.append(page.shot("2-answer", answer))
    page.click("//summary[contains(., 'Whole record and provenance')]")
    record = page.find("//details[.//table[contains(@class, 'prb-fields')]]")
    shots.append(page.shot("3-citation", record))
    page.click("//*[@data-testid='stSidebar']//label[.//p[text()='People']]")
    page.type_into("Find a person", "Darren Bell", submit=True)
    page.button("Open profile")
    header = page.find("//h2[contains(., 'Darren Bell')]")
    page.find("//div[contains(@class, 'vega-embed')]")
    shots.append(page.shot("4-profile", header))
    return shots


def test_workspace_in_chromium(app_url: str, ui_data, browser) -> None:
    key = KeyStore(ui_data.data_dir / "keys.sqlite").create("browser", "investigator")[1]
    shots = drive(browser, app_url, key)
    assert all(p.stat().st_size > 10_000 for p in shots)
    assert not browser.find_elements("xpath", "//*[@data-testid='stException']")


LIST = "List the complaints against payroll 200135"


def contrast_on_white(css_colour: str) -> float:
    """WCAG contrast of an `rgb(r, g, b)` / `rgba(r, g, b, a)` colour over white."""
    r, g, b, *alpha = (float(x) for x in css_colour[css_colour.index("(") + 1 : -1].split(","))
    a = alpha[0] if alpha else 1.0
    channels = [(c * a + 255 * (1 - a)) / 255 for c in (r, g, b)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return 1.05 / (luminance + 0.05)


def remembers(driver: Any, url: str, key: str, colleague_key: str) -> list[Path]:
    """Table + CSV, citation jump, follow-up, refresh, ambiguous names, timeline, deep link."""
    page, shots = Page(driver), []
    page.sign_in(url, key, "PSD/2025/0042")
    page.send(CHAT, LIST + "\n")
    table = page.find("//*[@data-testid='stDataFrame']")
    shots.append(page.shot("5-list-table", table))
    page.button("Download CSV")
    deadline = time.monotonic() + 60
    while not (csvs := list(driver.downloads.glob("*.csv"))):
        assert time.monotonic() < deadline, "the CSV was not downloaded"
        time.sleep(0.5)
    lines = csvs[0].read_text().splitlines()
    assert lines[0].startswith("date,reference") and len(lines) > 3

    page.click("//a[@class='prb-n'][@href='#src-t0-2']")  # a citation badge → its card
    card = page.find("//*[@id='src-t0-2']/ancestor::div[contains(@class, '-card-2')][1]")
    assert driver.execute_script("return location.hash") == "#src-t0-2"
    assert driver.execute_script("return getComputedStyle(arguments[0]).outlineStyle", card) \
        == "solid"
    shots.append(page.shot("6-citation-jump"))

    page.send(CHAT, "and in 2022?\n")
    inherited = page.find("//span[@class='prb-inherited']")
    shots.append(page.shot("7-follow-up", inherited))
    assert "s=" in driver.current_url and "case=" in driver.current_url

    driver.refresh()  # a new Streamlit session: the URL's session token reopens the workspace
    page.find("//div[@class='prb-answer'][contains(., 'and in 2022?')]")
    page.find("//span[@class='prb-inherited']")
    page.find(f"//div[@class='prb-answer'][contains(., {LIST!r})]")
    shots.append(page.shot("8-after-refresh"))

    page.send(CHAT, "How many complaints were made against PC Smith?\n")
    page.find("//button[.//p[text()='Ask about this person']]")
    candidates = driver.find_elements("xpath", "//div[contains(@class, '-cand-')]"
                                      "//div[@class='prb-meta']")
    assert candidates and all("Constable" in c.text for c in candidates)
    shots.append(page.shot("9-ambiguous-name", candidates[0]))
    page.click("(//button[.//p[text()='Open profile']])[last()]")
    page.find("//h2[contains(., 'Smith')]")
    caption = "//*[@data-testid='stCaptionContainer'][contains(., 'every month from')]"
    assert "every month from 2021" in page.read(caption)
    colour = driver.execute_script(  # found again: a rerun may have replaced the element
        "return getComputedStyle(arguments[0].querySelector('p') || arguments[0]).color",
        page.find(caption))
    assert contrast_on_white(colour) >= 4.5, f"caption colour {colour} fails WCAG AA"
    chart = page.find("//div[contains(@class, 'vega-embed')]")
    shots.append(page.shot("10-timeline-first-year", chart))

    page.click("//*[@data-testid='stSidebar']//button[.//p[text()='Sign out']]")
    page.find("//input[@aria-label='API key']")
    driver.get(f"{url}/?case=PSD%2F2025%2F0042&person=person%3Asyn%3A200135")  # a deep link
    page.type_into("API key", colleague_key)
    page.button("Sign in")
    header = page.find("//h2[contains(., 'Darren Bell')]")  # no case form: the link gave it
    shots.append(page.shot("11-deep-link-colleague", header))
    driver.set_window_size(390, 844)
    time.sleep(2)
    shots.append(page.shot("12-phone-390px"))
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= 400, f"the page scrolls sideways on a phone ({width} px)"
    page.click("//*[@data-testid='stExpandSidebarButton']//button | "
               "//button[@data-testid='stExpandSidebarButton']")
    page.click("//*[@data-testid='stSidebar']//label[.//p[text()='Ask']]")
    page.find("//h1[contains(., 'Ask the records')]")
    page.wait.until(  # the sidebar closes itself after a page is chosen (it is then hidden)
        lambda d: d.find_element("xpath", "//*[@data-testid='stSidebar']")
        .get_attribute("data-collapsed") == "true"
    )
    shots.append(page.shot("13-phone-after-navigation"))
    return shots


def test_workspace_remembers_in_chromium(app_url: str, ui_data, browser) -> None:
    keys = KeyStore(ui_data.data_dir / "keys.sqlite")
    key = keys.create("browser-remembers", "investigator")[1]
    colleague = keys.create("browser-colleague", "investigator")[1]
    shots = remembers(browser, app_url, key, colleague)
    assert all(p.stat().st_size > 10_000 for p in shots)
    assert not browser.find_elements("xpath", "//*[@data-testid='stException']")


def lead_to_case(driver: Any, url: str, key: str) -> tuple[list[Path], float]:
    """Leads board → accept the strongest lead into a case (a decision, with its reason, moving
    the case to "under assessment") → the case file as PDF. Returns the screenshots and how long
    the board took to show its first card after the page was chosen (printed; the target lives
    in bench/leads_board.py)."""
    page, shots = Page(driver), []
    page.sign_in(url, key, "PSD/2025/0077")
    page.text("New here? Try one of these")
    started = time.monotonic()
    page.click("//*[@data-testid='stSidebar']//label[.//p[text()='Leads']]")
    first_card = "(//div[@class='prb-meta'][contains(., 'score')]/code)[1]"
    page.find(first_card)
    shown_after = time.monotonic() - started
    page.find("//*[contains(., 'strongest person first')]")
    lead_id = page.read(first_card).strip()
    assert lead_id, "the first card carries no lead id"
    shots.append(page.shot("lead-1-board", page.find(first_card)))

    page.click("//*[@data-testid='stSidebar']//label[.//p[text()='Case']]")
    page.button("Open case PSD/2025/0077")
    page.type_into("Lead id", lead_id)
    page.type_into("Reason (required)", "Pattern worth assessing: accepted by browser test")
    page.button("Accept lead")
    page.find(f"//*[contains(., 'Lead {lead_id} accepted into PSD/2025/0077')]")
    page.find("//div[@class='prb-meta'][contains(., 'status under assessment')]")
    log = page.find("//h3[contains(., 'Decision log')]")  # a data grid: its rows are checked
    shots.append(page.shot("lead-2-accepted", log))       # in the case file below

    page.click("//label[.//p[text()='PDF']]")
    page.button("Prepare case file")
    download = page.find("//*[@data-testid='stDownloadButton']//button[contains(., 'Download PDF')]")
    shots.append(page.shot("lead-3-case-file", download))
    download.click()
    deadline = time.monotonic() + WAIT_S
    while not (pdfs := list(driver.downloads.glob("*.pdf"))):
        assert time.monotonic() < deadline, "the case file was not downloaded"
        time.sleep(0.5)
    from pypdf import PdfReader

    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdfs[0]).pages).split())
    assert "PSD/2025/0077" in text and lead_id in text.replace(" ", "")
    assert "Pattern worth assessing: accepted by browser test" in text  # the decision's reason
    assert "OFFICIAL" in text  # the protective marking derived from the content
    return shots, shown_after


def test_lead_becomes_a_case_in_chromium(app_url: str, ui_data, browser) -> None:
    key = KeyStore(ui_data.data_dir / "keys.sqlite").create("browser-leads", "investigator")[1]
    try:
        shots, shown_after = lead_to_case(browser, app_url, key)
    except Exception:
        Page(browser).shot("lead-failed")  # what the page showed when a step timed out
        raise
    print(f"leads board: first card {shown_after:.1f} s after choosing the page")
    assert all(p.stat().st_size > 10_000 for p in shots)
