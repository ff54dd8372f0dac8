"""The page of `alscriteria serve` (issue 26) in real headless Chromium, driven as a user
drives it: a case typed by keyboard, the categories changing as it grows, the case saved,
the page reloaded, the saved file opened again, a history opened, and the chart page printed.

Debian's `chromium` and `chromium-driver` (with selenium) run it; without them the tests skip
and say so (CI installs them). One server and one browser serve every test.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("uvicorn", reason="the web stack is the extra: pip install '.[serve]'")
pytest.importorskip("selenium", reason="the page tests drive chromium with selenium")

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.print_page_options import PrintOptions
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select, WebDriverWait

import alscriteria
from alscriteria import wording

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TOOLS = {name: shutil.which(name) for name in ("chromium", "chromedriver")}
MISSING = [name for name, path in TOOLS.items() if path is None]

pytestmark = pytest.mark.skipif(
    bool(MISSING),
    reason=f"{', '.join(MISSING)} not on PATH (Debian: apt-get install chromium chromium-driver)",
)

WAIT = 15.0


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    import uvicorn

    from alscriteria.web.app import create_app
    from alscriteria.web.server import allowed_hosts, bind

    sock = bind("127.0.0.1", 0)
    config = uvicorn.Config(
        create_app(allowed_hosts=allowed_hosts("127.0.0.1")), access_log=False, log_level="warning"
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.started, "the server did not start"
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/"
    running.should_exit = True
    thread.join(WAIT)
    sock.close()


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path_factory.mktemp('profile')}",
        "--window-size=1280,800",
    ):
        options.add_argument(argument)
    assert TOOLS["chromium"] is not None and TOOLS["chromedriver"] is not None
    options.binary_location = TOOLS["chromium"]
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        driver = webdriver.Chrome(service=Service(TOOLS["chromedriver"]), options=options)
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    yield driver
    driver.quit()


def _until(driver: WebDriver, test: Callable[[WebDriver], Any], what: str) -> Any:
    try:
        return WebDriverWait(driver, WAIT, poll_frequency=0.05).until(test)
    except TimeoutException:
        raise AssertionError(f"timed out waiting for {what}") from None


def _open(driver: WebDriver, base: str) -> None:
    driver.get_log("browser")  # what an earlier test left (a refusal it meant) is read off
    driver.get(base)
    _until(driver, lambda d: d.execute_script("return document.body.dataset.ready"), "the page")
    _until(driver, lambda d: _categories(d), "the first result")


def _categories(driver: WebDriver) -> list[str]:
    """Read in one script: the bar is redrawn as answers arrive."""
    found: list[str] = driver.execute_script(
        "return [...document.querySelectorAll('#categories .verdict strong')]"
        ".map(e => e.textContent)"
    )
    return found


def _expected(case: dict[str, Any]) -> list[str]:
    return [wording.category(a.category) for a in alscriteria.evaluate_all(case).values()]


def _key(driver: WebDriver, element_id: str, *keys: str) -> None:
    driver.find_element(By.ID, element_id).send_keys(*keys)


def _settled(driver: WebDriver, expected: list[str]) -> None:
    """The last edit answered (the page marks it) and its categories shown."""
    _until(
        driver,
        lambda d: (
            d.execute_script("return document.body.dataset.settled") == "true"
            and _categories(d) == expected
        ),
        f"the categories {expected}",
    )


def _no_page_errors(driver: WebDriver) -> None:
    """Nothing refused by the Content-Security-Policy, no script error, nothing missing."""
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []


#: The case the keyboard test types, field by field, as the saved file must hold it.
TYPED = {
    "id": "P-KB-1",
    "progression": True,
    "other_causes_excluded": True,
    "regions": {
        "bulbar": {"umn_signs": ["jaw_jerk"]},
        "cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness", "wasting"]},
        "lumbosacral": {"umn_signs": ["babinski"], "lmn_signs": ["weakness"]},
    },
    "emg": [
        {
            "muscle": "first_dorsal_interosseous",
            "side": "left",
            "fibrillation_potentials": True,
            "positive_sharp_waves": False,
            "fasciculation_potentials": False,
            "chronic_neurogenic_change": True,
        },
    ],
    "nerve_conduction": {"abnormal_sensory": "marked"},
}


def test_a_case_typed_by_keyboard_saved_reloaded_and_opened_again(
    browser: WebDriver, server: str, downloads: Path
) -> None:
    d = browser
    _open(d, server)
    _settled(d, _expected({}))
    _key(d, "f-id", "P-KB-1")
    _key(d, "f-progression", "y")
    _key(d, "f-excluded", "y")
    _key(d, "r-bulbar-umn-jaw_jerk", Keys.SPACE)
    _key(d, "r-lumbosacral-lmn-weakness", Keys.SPACE)
    possible = {k: TYPED[k] for k in ("id", "progression", "other_causes_excluded")} | {
        "regions": {
            "bulbar": {"umn_signs": ["jaw_jerk"]},
            "lumbosacral": {"lmn_signs": ["weakness"]},
        }
    }
    _settled(d, _expected(possible))
    for box in (
        "r-cervical-umn-hoffmann",
        "r-cervical-lmn-weakness",
        "r-cervical-lmn-wasting",
        "r-lumbosacral-umn-babinski",
    ):
        _key(d, box, Keys.SPACE)
    _key(d, "f-add-muscle", "FDI")
    _key(d, "f-add-side", "l")
    _key(d, "f-add-muscle", Keys.ENTER)
    row = _until(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#emg-rows tr"), "the muscle row")[0]
    assert "First dorsal interosseous" in row.text
    # after Enter the first finding of the new row has the focus: Space marks it
    d.switch_to.active_element.send_keys(Keys.SPACE)
    row.find_element(By.CSS_SELECTOR, "[data-finding=chronic_neurogenic_change]").send_keys(
        Keys.SPACE
    )
    _key(d, "f-sensory", "mar")  # typed ahead: "m" alone is "mildly abnormal"
    _settled(d, _expected(TYPED))
    assert _expected(TYPED) != _expected(possible), "the categories must have changed"
    result = d.find_element(By.ID, "case-result")
    sections = result.find_elements(By.XPATH, "./*")
    assert sections[0].find_element(By.TAG_NAME, "h3").text == "Red flags"
    flags = len(sections[0].find_elements(By.TAG_NAME, "li"))
    link = d.find_element(By.CSS_SELECTOR, "#categories a.flag-link")
    assert link.text == f"{flags} red flag{'s' if flags > 1 else ''}"
    assert link.get_attribute("href").endswith("#result")
    assert "sensory" in sections[0].text.lower()
    assert "Phenotype" in result.text and "Plan" in result.text
    assert result.find_elements(By.CSS_SELECTOR, "figure.map svg.bodymap g.marker")

    _key(d, "save-case", Keys.ENTER)
    saved = downloads / "case-P-KB-1.json"
    _until(d, lambda _: saved.exists() and saved.stat().st_size > 0, "the download")
    assert json.loads(saved.read_text()) == TYPED

    d.refresh()
    _until(d, lambda d: d.execute_script("return document.body.dataset.ready"), "the page")
    _settled(d, _expected({}))
    assert d.find_element(By.ID, "f-id").get_attribute("value") == ""
    d.find_element(By.ID, "open-file").send_keys(str(saved))
    _settled(d, _expected(TYPED))
    assert d.find_element(By.ID, "f-id").get_attribute("value") == "P-KB-1"
    assert d.find_element(By.ID, "r-cervical-lmn-wasting").is_selected()
    assert "Opened case-P-KB-1.json" in d.find_element(By.ID, "status").text
    # saved again without a change, the file is the same case
    saved.unlink()
    _key(d, "save-case", Keys.ENTER)
    _until(d, lambda _: saved.exists() and saved.stat().st_size > 0, "the second download")
    assert json.loads(saved.read_text()) == TYPED
    _no_page_errors(d)


def test_the_chart_page_prints(browser: WebDriver, server: str, tmp_path: Path) -> None:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext not on PATH (Debian: apt-get install poppler-utils)")
    d = browser
    _open(d, server)
    d.find_element(By.ID, "open-file").send_keys(str(EXAMPLES / "definite.json"))
    _settled(d, _expected(json.loads((EXAMPLES / "definite.json").read_text())))
    d.find_element(By.CSS_SELECTOR, "details.readings summary").send_keys(Keys.ENTER)
    _key(d, "h-patient_name", "Ada Example")
    page = d.current_window_handle
    _key(d, "print-chart", Keys.ENTER)
    _until(d, lambda d: len(d.window_handles) == 2, "the chart page's tab")
    d.switch_to.window(next(h for h in d.window_handles if h != page))
    try:
        _until(d, lambda d: d.find_elements(By.CSS_SELECTOR, "svg.bodymap"), "the chart page")
        # the header went in the form's body: nothing identifying is in the tab's URL
        # (nor so in the browser's history or synced tabs)
        assert d.current_url == server + "api/report"
        pdf = tmp_path / "chart.pdf"
        pdf.write_bytes(base64.b64decode(d.print_page(PrintOptions())))
    finally:
        d.close()
        d.switch_to.window(page)
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Definite ALS" in text and "example-definite" in text
    assert "Ada Example" in text


def _drop(driver: WebDriver, path: Path) -> None:
    """A file dropped on the page, as the browser delivers it (a drop event with files)."""
    driver.execute_script(
        "const data = new DataTransfer();"
        "data.items.add(new File([arguments[0]], arguments[1], {type: 'application/json'}));"
        "document.dispatchEvent(new DragEvent('dragover', {dataTransfer: data, bubbles: true}));"
        "document.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true}));",
        path.read_text(encoding="utf-8"),
        path.name,
    )


def test_a_history_dropped_on_the_page_opens_as_its_timeline(
    browser: WebDriver, server: str
) -> None:
    d = browser
    _open(d, server)
    path = EXAMPLES / "history-limb-onset.json"
    _drop(d, path)
    table = _until(
        d,
        lambda d: d.find_elements(By.CSS_SELECTOR, "#history-result table.timeline"),
        "the timeline",
    )[0]
    result = alscriteria.evaluate_history(json.loads(path.read_text()))
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert [r.find_element(By.TAG_NAME, "td").text for r in rows] == [
        v.date.isoformat() for v in result.visits
    ]
    last = [wording.category(a.category) for a in result.visits[-1].results.values()]
    _settled(d, last)
    assert "Next visit" in d.find_element(By.ID, "history-result").text
    assert d.switch_to.active_element.get_attribute("id") == "result"
    assert d.find_element(By.ID, "drop-hint").get_attribute("hidden") is not None
    _no_page_errors(d)


def test_a_file_the_cli_refuses_is_not_opened_and_says_why(
    browser: WebDriver, server: str, tmp_path: Path
) -> None:
    d = browser
    _open(d, server)
    _key(d, "f-id", "kept")
    bad = tmp_path / "twice.json"
    bad.write_text('{"id": "A", "id": "B"}')
    d.find_element(By.ID, "open-file").send_keys(str(bad))
    alert = _until(d, lambda d: d.find_element(By.ID, "problems").text, "the problems")
    assert "the key 'id' appears twice in one object" in alert
    assert d.find_element(By.ID, "f-id").get_attribute("value") == "kept"
    # an edit the server refuses shows its message and no stale categories
    _key(d, "f-add-muscle", "FDX", Keys.ENTER)
    _until(
        d,
        lambda d: (
            "emg[0]: muscle 'FDX' is not in the catalogue" in d.find_element(By.ID, "problems").text
        ),
        "the field-pathed message",
    )
    assert _categories(d) == []
    assert "cannot be assessed" in d.find_element(By.ID, "categories").text
    d.find_element(By.CSS_SELECTOR, "#emg-rows .remove").send_keys(Keys.ENTER)
    _until(d, lambda d: not d.find_element(By.ID, "problems").text, "the problems cleared")
    _settled(d, _expected({"id": "kept"}))


def test_signs_per_limb_add_to_the_regions_own_and_are_saved(
    browser: WebDriver, server: str, downloads: Path
) -> None:
    d = browser
    _open(d, server)
    _key(d, "f-id", "P-LIMB")
    _key(d, "r-cervical-lmn-weakness", Keys.SPACE)
    _key(d, "r-cervical-perlimb", Keys.SPACE)
    assert d.find_element(By.ID, "r-cervical-lmn-weakness").is_displayed()
    _key(d, "r-cervical-left-lmn-weakness", Keys.SPACE)
    _key(d, "r-cervical-left-lmn-wasting", Keys.SPACE)
    case = {
        "id": "P-LIMB",
        "regions": {
            "cervical": {"lmn_signs": ["weakness"], "left": {"lmn_signs": ["weakness", "wasting"]}}
        },
    }
    _settled(d, _expected(case))
    _key(d, "save-case", Keys.ENTER)
    saved = downloads / "case-P-LIMB.json"
    _until(d, lambda _: saved.exists() and saved.stat().st_size > 0, "the download")
    assert json.loads(saved.read_text()) == case


@pytest.mark.parametrize("size", [(1280, 800), (768, 1024), (400, 800)])
def test_the_page_fits_the_screen_without_sideways_scrolling(
    browser: WebDriver, server: str, size: tuple[int, int]
) -> None:
    d = browser
    d.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        _open(d, server)
        d.find_element(By.ID, "open-file").send_keys(str(EXAMPLES / "definite.json"))
        _until(d, lambda d: d.find_elements(By.CSS_SELECTOR, "figure.map"), "the body map")
        # with a muscle outside the catalogue asking its anatomy, and the readings in words open
        _key(d, "f-add-muscle", "rhomboid minor", Keys.ENTER)
        _until(
            d,
            lambda d: d.find_elements(By.CSS_SELECTOR, "tr.emg-own:not([hidden]) select"),
            "the row asking its anatomy",
        )
        d.find_element(By.CSS_SELECTOR, "details.readings summary").click()
        # and a conduction block (its table made a 400 px page 609 px wide)
        _key(d, "add-block", Keys.ENTER)
        d.switch_to.active_element.send_keys("ulnar")
        d.find_element(By.CSS_SELECTOR, "#block-rows input[aria-label$=segment]").send_keys(
            "forearm"
        )
        wide = d.execute_script("return document.documentElement.scrollWidth")
        assert wide <= size[0]
        # a muscle's name is not cut to a few letters, nor the own region's long names
        widths = d.execute_script(
            "const row = [...document.querySelectorAll('#emg-rows tr.emg-row')].pop();"
            "const own = document.querySelector('tr.emg-own:not([hidden]) .own-anatomy');"
            "return [row.querySelector('input').offsetWidth, row.offsetWidth,"
            " own.querySelector('select').offsetWidth, own.offsetWidth]"
        )
        assert widths[0] >= (widths[1] * 0.8 if size[0] <= 560 else 200), widths
        assert widths[2] == widths[3], widths
        # its region, roots and nerve given, the hint under the name is no longer red
        row = d.find_element(By.CSS_SELECTOR, "tr.emg-own:not([hidden])")
        Select(row.find_element(By.TAG_NAME, "select")).select_by_value("cervical")
        row.find_element(By.CSS_SELECTOR, "[data-own=roots]").send_keys("C4, C5")
        hint = d.find_elements(By.CSS_SELECTOR, "#emg-rows .resolved")[-1]
        assert "unknown" in hint.get_attribute("class") and "nerve" in hint.text
        row.find_element(By.CSS_SELECTOR, "[data-own=nerve]").send_keys("dorsal scapular")
        _until(d, lambda d: "unknown" not in hint.get_attribute("class"), "the hint calmed")
        # every form control has a label a screen reader reads
        unlabelled = d.execute_script(
            "return [...document.querySelectorAll('input, select, button')]"
            ".filter(e => e.type !== 'hidden' && !e.closest('[hidden]'))"
            ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')"
            " && !e.textContent.trim()).map(e => e.id || e.outerHTML)"
        )
        assert unlabelled == []
    finally:
        d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _saved(driver: WebDriver, downloads: Path, name: str) -> Any:
    saved = downloads / name
    if saved.exists():
        saved.unlink()
    _key(driver, "save-case", Keys.ENTER)
    _until(driver, lambda _: saved.exists() and saved.stat().st_size > 0, f"the download {name}")
    return json.loads(saved.read_text())


def test_yes_no_words_the_cli_reads_are_read_the_same_on_the_page(
    browser: WebDriver, server: str, downloads: Path, tmp_path: Path
) -> None:
    """ "Yes" and " TRUE " are true to the case reader: the form shows them as yes, an edit
    keeps the categories, and Save writes true (they were dropped before: Criteria not met)."""
    d = browser
    _open(d, server)
    case = json.loads((EXAMPLES / "definite.json").read_text())
    worded = case | {
        "progression": "Yes",
        "other_causes_excluded": " TRUE ",
        "motor_symptoms": "YES",
    }
    path = tmp_path / "worded.json"
    path.write_text(json.dumps(worded))
    definite = _expected(case | {"motor_symptoms": True})
    assert _expected(worded) == definite
    d.find_element(By.ID, "open-file").send_keys(str(path))
    _settled(d, definite)
    for select in ("f-progression", "f-excluded", "f-symptoms"):
        assert d.find_element(By.ID, select).get_attribute("value") == "yes", select
    _key(d, "f-id", "x")
    _until(
        d, lambda d: d.find_element(By.ID, "f-id").get_attribute("value").endswith("x"), "the key"
    )
    _settled(d, definite)
    written = _saved(d, downloads, "case-example-definitex.json")
    assert written["progression"] is True and written["other_causes_excluded"] is True
    assert written["motor_symptoms"] is True
    assert _expected(written) == definite


def test_a_history_closes_the_case_form_so_no_edit_speaks_for_another_patient(
    browser: WebDriver, server: str
) -> None:
    d = browser
    _open(d, server)
    d.find_element(By.ID, "open-file").send_keys(str(EXAMPLES / "definite.json"))
    _settled(d, _expected(json.loads((EXAMPLES / "definite.json").read_text())))
    d.find_element(By.CSS_SELECTOR, "details.readings summary").send_keys(Keys.ENTER)
    _key(d, "h-patient_name", "Previous Patient")
    path = EXAMPLES / "history-limb-onset.json"
    result = alscriteria.evaluate_history(json.loads(path.read_text()))
    last = [wording.category(a.category) for a in result.visits[-1].results.values()]
    _drop(d, path)
    _until(
        d,
        lambda d: d.find_elements(By.CSS_SELECTOR, "#history-result table.timeline"),
        "the timeline",
    )
    _settled(d, last)
    # the old patient's case and name are gone, the form is locked, Save is off
    assert d.find_element(By.ID, "f-id").get_attribute("value") == ""
    assert not d.find_element(By.ID, "r-bulbar-umn-jaw_jerk").is_selected()
    assert d.find_element(By.ID, "h-patient_name").get_attribute("value") == ""
    assert not d.find_element(By.ID, "f-id").is_enabled()
    assert not d.find_element(By.ID, "save-case").is_enabled()
    assert "history" in d.find_element(By.ID, "history-note").text
    # a reading changed while the history is open redraws the history, not a case
    select = d.find_element(By.CSS_SELECTOR, "[data-reading]")
    select.send_keys(Keys.END)
    _until(
        d,
        lambda d: d.execute_script("return document.body.dataset.settled") == "true",
        "the answer",
    )
    assert d.find_element(By.ID, "history-result").is_displayed()
    assert not d.find_element(By.ID, "case-result").is_displayed()
    assert "history" in d.find_element(By.ID, "status").text
    select.send_keys(Keys.HOME)
    _settled(d, last)
    # New case leaves the history: an empty, editable case
    _key(d, "new-case", Keys.ENTER)
    _settled(d, _expected({}))
    assert d.find_element(By.ID, "f-id").is_enabled()
    assert d.find_element(By.ID, "save-case").is_enabled()
    assert not d.find_element(By.ID, "history-result").is_displayed()
    _no_page_errors(d)


def test_sample_next_names_the_criteria_sets_that_suggest_each_muscle(
    browser: WebDriver, server: str
) -> None:
    """As the CLI and the chart page: the right FDI is suggested by rEEC and Gold Coast only."""
    import datetime as dt

    from alscriteria.web import views

    d = browser
    _open(d, server)
    path = EXAMPLES / "possible.json"
    d.find_element(By.ID, "open-file").send_keys(str(path))
    _settled(d, _expected(json.loads(path.read_text())))
    expected = views.case_view(json.loads(path.read_text()), {}, dt.date.today())["suggestions"]
    items = d.find_elements(By.CSS_SELECTOR, "ol.suggestions > li")
    assert len(items) == len(expected)
    for item, suggestion in zip(items, expected, strict=True):
        shown = [li.text for li in item.find_elements(By.CSS_SELECTOR, ".reasons li")]
        assert shown == [f"{', '.join(g['sets'])}: {g['reason']}" for g in suggestion["grouped"]]
    fdi = next(i for i in items if "First dorsal interosseous (right)" in i.text)
    assert fdi.find_element(By.CSS_SELECTOR, ".reasons .by").text == "rEEC, Gold Coast:"


@pytest.mark.parametrize("width", [380])
def test_a_field_scrolled_to_is_never_under_the_category_bar_when_it_wraps(
    browser: WebDriver, server: str, width: int
) -> None:
    """A narrow screen wraps the sticky bar to several rows: the scroll padding follows it
    (it was a fixed 3.6rem, and a focused field sat under the second row)."""
    d = browser
    d.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        _open(d, server)
        d.find_element(By.ID, "open-file").send_keys(str(EXAMPLES / "definite.json"))
        _settled(d, _expected(json.loads((EXAMPLES / "definite.json").read_text())))
        bar = d.execute_script("return document.getElementById('categories').offsetHeight")
        assert bar > 60, "the bar should wrap to two rows or more at this width"
        padding = d.execute_script(
            "return parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop)"
        )
        assert padding >= bar, (padding, bar)
        for field in ("r-cervical-examined", "f-add-muscle", "f-device"):
            gap = d.execute_script(
                "const f = document.getElementById(arguments[0]);"
                "f.scrollIntoView({block: 'start'});"
                "return f.getBoundingClientRect().top"
                " - document.getElementById('categories').getBoundingClientRect().bottom;",
                field,
            )
            assert gap >= 0, f"{field} is {-gap}px under the category bar"
    finally:
        d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _row_problems(driver: WebDriver, row: str) -> list[str]:
    found: list[str] = driver.execute_script(
        "return [...document.querySelectorAll(`#${arguments[0]}-problems li`)]"
        ".map(e => e.textContent)",
        row,
    )
    return found


def _retype(driver: WebDriver, element_id: str, text: str) -> None:
    field = driver.find_element(By.ID, element_id)
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE, text)


#: A study of a muscle outside the catalogue, with its own anatomy (A.2), as saved.
RHOMBOID = {
    "muscle": "rhomboid minor",
    "side": "left",
    "fibrillation_potentials": True,
    "positive_sharp_waves": False,
    "fasciculation_potentials": False,
    "chronic_neurogenic_change": False,
    "region": "cervical",
    "roots": ["C4", "C5"],
    "nerve": "dorsal scapular",
}


def test_a_muscle_outside_the_catalogue_is_given_its_anatomy_with_the_servers_messages(
    browser: WebDriver, server: str, downloads: Path
) -> None:
    """A name the catalogue does not know asks for region, roots and nerve; what the server
    refuses is said beside the row, field named; the study is saved and opened again whole."""
    d = browser
    _open(d, server)
    _key(d, "f-id", "P-OWN")
    _key(d, "f-add-muscle", "rhomboid minor")
    _key(d, "f-add-side", "l")
    _key(d, "f-add-muscle", Keys.ENTER)
    row = _until(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#emg-rows tr.emg-row"), "the row")[
        0
    ]
    n = row.get_attribute("id")
    assert d.find_element(By.ID, f"{n}-own").is_displayed()
    # the region is asked first: the catalogue gives a catalogue muscle's, not this one's
    assert d.switch_to.active_element.get_attribute("id") == f"{n}-region"
    assert "not in the catalogue" in d.find_element(By.ID, f"{n}-resolved").text
    missing = _until(d, lambda d: _row_problems(d, n), "the row's problems")
    assert "missing: region, roots, nerve" in missing[0]
    d.switch_to.active_element.send_keys("cerv")
    _key(d, f"{n}-roots", "C5, L5")
    _key(d, f"{n}-nerve", "nerve")
    _until(d, lambda d: any("emg[0].nerve" in p for p in _row_problems(d, n)), "the nerve named")
    shown = _row_problems(d, n)
    assert any("'nerve' does not name a nerve (for example: ulnar, median)" in p for p in shown)
    assert d.find_element(By.ID, f"{n}-nerve").get_attribute("aria-invalid") == "true"
    _retype(d, f"{n}-nerve", "Dorsal Scapular Nerve")
    foreign = _until(d, lambda d: [p for p in _row_problems(d, n) if "L5" in p], "the roots")
    assert "are not roots of the cervical region (its roots: CN11, C1, C2" in foreign[0]
    _retype(d, f"{n}-roots", "C4, C5")
    row.find_element(By.CSS_SELECTOR, "[data-finding=fibrillation_potentials]").send_keys(
        Keys.SPACE
    )
    case = {"id": "P-OWN", "emg": [RHOMBOID]}
    _settled(d, _expected(case))
    assert _row_problems(d, n) == [] and d.find_element(By.ID, "problems").text == ""
    # saved as typed (the case reader writes "Dorsal Scapular Nerve" as "dorsal scapular")
    typed = {"id": "P-OWN", "emg": [RHOMBOID | {"nerve": "Dorsal Scapular Nerve"}]}
    assert _saved(d, downloads, "case-P-OWN.json") == typed
    # opened again: the study shows its anatomy as read, and is saved back as it was read
    _open(d, server)
    d.find_element(By.ID, "open-file").send_keys(str(downloads / "case-P-OWN.json"))
    _settled(d, _expected(case))
    n = d.find_element(By.CSS_SELECTOR, "#emg-rows tr.emg-row").get_attribute("id")
    assert d.find_element(By.ID, f"{n}-region").get_attribute("value") == "cervical"
    assert d.find_element(By.ID, f"{n}-roots").get_attribute("value") == "C4, C5"
    assert d.find_element(By.ID, f"{n}-nerve").get_attribute("value") == "dorsal scapular"
    assert d.find_element(By.ID, "kept-note").get_attribute("hidden") is not None
    assert _saved(d, downloads, "case-P-OWN.json") == case
    # typed as a catalogue name, the row asks nothing more and sends no anatomy of its own
    _retype(d, f"{n}-muscle", "FDI")
    assert not d.find_element(By.ID, f"{n}-own").is_displayed()
    fdi = {
        "id": "P-OWN",
        "emg": [
            {k: v for k, v in RHOMBOID.items() if k not in ("region", "roots", "nerve")}
            | {"muscle": "first_dorsal_interosseous"}
        ],
    }
    _settled(d, _expected(fdi))
    assert _saved(d, downloads, "case-P-OWN.json") == fdi
    _no_page_errors(d)


def _leaving_is_stopped(driver: WebDriver) -> bool:
    """What the browser's beforeunload asks: whether the page asked to stop the leaving."""
    stopped: bool = driver.execute_script(
        "const e = new Event('beforeunload', {cancelable: true});"
        "window.dispatchEvent(e); return e.defaultPrevented;"
    )
    return stopped


def _no_alert(driver: WebDriver) -> bool:
    try:
        driver.switch_to.alert.text  # noqa: B018 (reading it is the question)
    except NoAlertPresentException:
        return True
    return False


def test_edits_not_saved_are_warned_of_before_they_are_lost(
    browser: WebDriver, server: str, downloads: Path
) -> None:
    d = browser
    _open(d, server)
    unsaved = d.find_element(By.ID, "unsaved")
    assert not unsaved.is_displayed() and not _leaving_is_stopped(d)
    # a letter typed and deleted again is no edit; a reading is not part of the case file
    _key(d, "f-id", "x")
    assert unsaved.is_displayed() and _leaving_is_stopped(d)
    _key(d, "f-id", Keys.BACKSPACE)
    assert not unsaved.is_displayed() and not _leaving_is_stopped(d)
    d.find_element(By.CSS_SELECTOR, "details.readings summary").click()
    d.find_element(By.CSS_SELECTOR, "[data-reading]").send_keys(Keys.END)
    _settled(d, _expected({}))
    assert not _leaving_is_stopped(d)
    d.find_element(By.CSS_SELECTOR, "[data-reading]").send_keys(Keys.HOME)
    _key(d, "f-id", "P-UNSAVED")
    _key(d, "r-bulbar-umn-jaw_jerk", Keys.SPACE)
    assert unsaved.is_displayed() and _leaving_is_stopped(d)
    # New case and Open ask first; cancelled, the edits stay
    for button in ("new-case", "open-case"):
        d.find_element(By.ID, button).click()
        alert = _until(d, lambda d: d.switch_to.alert, "the confirm")
        assert "edits not saved to a file" in alert.text
        alert.dismiss()
        assert d.find_element(By.ID, "f-id").get_attribute("value") == "P-UNSAVED"
    # a file dropped on the page asks too; accepted, the file opens
    _drop(d, EXAMPLES / "definite.json")
    alert = _until(d, lambda d: d.switch_to.alert, "the confirm on a drop")
    assert "Open definite.json" in alert.text
    alert.accept()
    definite = json.loads((EXAMPLES / "definite.json").read_text())
    _settled(d, _expected(definite))
    assert not unsaved.is_displayed() and not _leaving_is_stopped(d)
    # an edit, then Save: nothing is unsaved, New case asks nothing
    _key(d, "f-demyelinating", Keys.SPACE)
    assert _leaving_is_stopped(d)
    _saved(d, downloads, f"case-{definite['id']}.json")
    assert not unsaved.is_displayed() and not _leaving_is_stopped(d)
    d.find_element(By.ID, "new-case").click()
    _settled(d, _expected({}))
    assert _no_alert(d)
    _no_page_errors(d)


def test_the_readings_are_offered_in_the_clinics_words_and_sent_by_name(
    browser: WebDriver, server: str
) -> None:
    from alscriteria.wording.readings import READING_VALUE

    d = browser
    _open(d, server)
    d.find_element(By.CSS_SELECTOR, "details.readings summary").click()
    for option, values in alscriteria.Readings.options().items():
        label = d.find_element(By.CSS_SELECTOR, f"label[for=reading-{option}]").text
        assert label == wording.READING[option]
        shown = d.find_elements(By.CSS_SELECTOR, f"#reading-{option} option")
        assert [o.get_attribute("value") for o in shown] == list(values)
        texts = [o.text for o in shown]
        assert texts == [READING_VALUE[option][values[0]] + " (default)"] + [
            READING_VALUE[option][v] for v in values[1:]
        ]
        assert not any(v in t for v in values for t in texts if "-" in v or "_" in v)
    # chosen by its words, the reading is sent by its name, as the CLI takes it
    case = json.loads((EXAMPLES / "definite.json").read_text())
    d.find_element(By.ID, "open-file").send_keys(str(EXAMPLES / "definite.json"))
    _settled(d, _expected(case))
    d.find_element(By.ID, "reading-root_independence").send_keys(Keys.END)
    query = d.execute_script("return readingQuery().toString()")
    assert query == "reading=root_independence%3Dnot-identical"
    _settled(
        d,
        [
            wording.category(a.category)
            for a in alscriteria.evaluate_all(case, {"root_independence": "not-identical"}).values()
        ],
    )
    d.find_element(By.ID, "reading-root_independence").send_keys(Keys.HOME)
    _no_page_errors(d)


def test_hostile13_files_refused_by_name_print_sheet_and_half_filled_rows(
    browser: WebDriver, server: str, downloads: Path, tmp_path: Path
) -> None:
    """One browser session over the session-13 tester's findings on the page: a file that is
    not UTF-8 is refused by the server (the browser decoded it with U+FFFD and opened it); a
    refused file is named, apart from the case on screen; the unsaved badge goes with a
    history; the prerequisites are listed apart from the alternative rules; a half-filled
    conduction block is held back; a refused case prints no JSON tab and saves with a
    warning; the page printed with Ctrl+P says whose result it is and when it was printed."""
    d = browser
    _open(d, server)
    definite = json.loads((EXAMPLES / "definite.json").read_text())
    d.find_element(By.ID, "open-file").send_keys(str(EXAMPLES / "definite.json"))
    _settled(d, _expected(definite))
    # Ctrl+P: the sheet names the patient and the print date; every chip prints dark on white
    today = d.execute_script("return new Date().toLocaleDateString('en-CA')")
    pdftotext = shutil.which("pdftotext")  # without it (the chart page test skips) the
    if pdftotext is not None:  # sheet's head is read from the page as printed below
        pdf = tmp_path / "page.pdf"
        pdf.write_bytes(base64.b64decode(d.print_page(PrintOptions())))
        text = subprocess.run(
            [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert re.search(r"Patient or record id\s+example-definite", text), text[:600]
        assert re.search(rf"Print date\s+{today}", text)
    d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        chips = d.execute_script(
            "return [...document.querySelectorAll('#categories .verdict')]"
            ".map(e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor])"
        )
        head = d.find_element(By.ID, "print-head").text
    finally:
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert "Patient or record id\nexample-definite" in head and f"Print date\n{today}" in head
    assert chips and all(c == ["rgb(17, 17, 17)", "rgb(255, 255, 255)"] for c in chips), chips
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes(b'{"id":"caf\xe9"}')
    twice = tmp_path / "twice.json"
    twice.write_text('{"id": "A", "id": "B"}')
    for path, said in ((latin1, "not UTF-8 text (byte 11 is 0xe9)"), (twice, "appears twice")):
        d.find_element(By.ID, "open-file").send_keys(str(path))
        _until(d, lambda d, p=path: p.name in d.find_element(By.ID, "problems").text, path.name)
        problems = d.find_element(By.ID, "problems")
        title = problems.find_element(By.CSS_SELECTOR, ".problems-title").text
        assert title == f"{path.name} was not opened; the case on screen is unchanged:"
        assert problems.find_element(By.TAG_NAME, "li").text.startswith(f"{path.name}: ")
        assert said in problems.text and "request body" not in problems.text
        assert d.find_element(By.ID, "f-id").get_attribute("value") == definite["id"]
        assert _categories(d) == _expected(definite)

    # an edit, then a history opened: the case's edits went with it, and so does the badge
    _key(d, "f-id", "7")
    assert d.find_element(By.ID, "unsaved").is_displayed()
    d.find_element(By.ID, "open-case").click()
    _until(d, lambda d: d.switch_to.alert, "the confirm").accept()
    d.find_element(By.ID, "open-file").send_keys(str(EXAMPLES / "history-limb-onset.json"))
    _until(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#history-result table"), "the timeline")
    assert not d.find_element(By.ID, "unsaved").is_displayed()

    # an empty case: the prerequisites, each required, apart from the rules, any one of them
    d.find_element(By.ID, "new-case").click()
    _settled(d, _expected({}))
    first = d.find_element(By.CSS_SELECTOR, "#case-result .criteria-set .missing-parts")
    labels = [p.text for p in first.find_elements(By.CSS_SELECTOR, "p.label")]
    assert labels == [
        "Missing for Possible ALS:",
        "the prerequisites, each required:",
        "and any one of:",
    ]
    prerequisites = first.find_elements(By.CSS_SELECTOR, "ul.prerequisites li")
    rules = first.find_elements(By.CSS_SELECTOR, "ul.rules li")
    assert [li.text.startswith("Prerequisite: ") for li in prerequisites] == [True, True]
    assert rules and not any(li.text.startswith("Prerequisite") for li in rules)

    # a conduction block with its nerve only is not sent: no red flag, a hint beside the row
    _key(d, "f-id", "P-BLOCK")
    _key(d, "add-block", Keys.ENTER)
    d.find_element(By.CSS_SELECTOR, "#block-rows input[aria-label$=nerve]").send_keys("median")
    _settled(d, _expected({"id": "P-BLOCK"}))
    hint = d.find_element(By.CSS_SELECTOR, "#block-rows .row-hint")
    assert "segment" in hint.text and hint.is_displayed()
    assert not d.find_elements(By.CSS_SELECTOR, "#case-result .flags")
    d.find_element(By.CSS_SELECTOR, "#block-rows input[aria-label$=segment]").send_keys("forearm")
    _until(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#case-result .flags"), "the block sent")
    assert not hint.text

    # a case the server refuses: Chart page shows the problems, no tab; Save warns
    _key(d, "f-add-muscle", "rhomboid minor", Keys.ENTER)
    _until(d, lambda d: "cannot be assessed" in d.find_element(By.ID, "categories").text, "refusal")
    problems = d.find_element(By.ID, "problems").text
    assert "GET /api/vocabulary lists the catalogue" in problems and "; (" not in problems
    assert "alscriteria muscles" not in problems
    _key(d, "print-chart", Keys.ENTER)
    _until(d, lambda d: "No chart page" in d.find_element(By.ID, "status").text, "the refusal")
    assert len(d.window_handles) == 1
    assert _saved(d, downloads, "case-P-BLOCK.json")["emg"][0]["muscle"] == "rhomboid minor"
    assert "cannot be assessed as it is" in d.find_element(By.ID, "status").text
    d.find_element(By.CSS_SELECTOR, "#emg-rows .remove").click()
    _until(d, lambda d: not d.find_element(By.ID, "problems").text, "the problems cleared")
