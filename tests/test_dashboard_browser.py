"""The dashboard in a real browser: a Streamlit server as a subprocess, driven by Playwright + Chromium.

Leaves a full-page screenshot of every page in ``test-artifacts/*.png`` to look at after a run.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE_EVENTS
from test_dashboard_apptest import SMALL_TICKETS, _subset

from analytics import api
from analytics.ingest import import_file
from analytics.store.database import Store
from dashboard.navigation import PAGES as NAV_PAGES
from sla.cli import dashboard_command

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_SECONDS = 60

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="browser test needs Debian's Chromium at /usr/bin/chromium; install it with 'make chromium'",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Store:
    """'small' (3 tickets) then 'sample' (14 tickets): 'sample' is the newest, so the default."""
    tmp = tmp_path_factory.mktemp("browser")
    store = Store(tmp / "sla.duckdb")
    import_file(store, _subset(tmp / "small.csv", SMALL_TICKETS), name="small")
    import_file(store, SAMPLE_EVENTS, name="sample")
    store.close()  # release the file: the server opens it in its own process
    yield store
    store.close()


@contextlib.contextmanager
def serve_dashboard(db_path: Path, log_dir: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """Base URL of a dashboard server on a free port, reading ``db_path``, with settings ``env`` added
    to the environment; stopped after the block."""
    port = _free_port()
    log_path = log_dir / "streamlit.log"
    env = dict(os.environ, SLA_DB=str(db_path), **(env or {}))
    cmd = dashboard_command(port, "127.0.0.1")  # the very command `sla dashboard` runs
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _healthy(f"{base}/_stcore/health"):
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode}:\n{log_path.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer within {STARTUP_SECONDS} s:\n{log_path.read_text()}")
            time.sleep(0.25)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(db, tmp_path_factory):
    """Base URL of a dashboard server on the module's database; stopped after the module's tests."""
    with serve_dashboard(db.path, tmp_path_factory.mktemp("server")) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import expect, sync_playwright

    # A page's widgets can take several seconds on a busy two-core machine: assertions wait up to 15 s
    # (instead of 5) before they fail.
    expect.set_options(timeout=15_000)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def _shared_context(browser):
    """One context per browser: its pages share the HTTP cache, so Streamlit's scripts load once."""
    return browser.contexts[0] if browser.contexts else browser.new_context(viewport={"width": 1440, "height": 900})


@pytest.fixture
def page(browser):
    pg = _shared_context(browser).new_page()
    pg.set_default_timeout(30_000)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.js_errors = errors
    yield pg
    pg.close()


def _open(page, url: str) -> None:
    """Load a dashboard URL and wait until the page has finished drawing its chart."""
    from playwright.sync_api import expect

    page.goto(url)
    page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').first.wait_for(state="visible", timeout=60_000)
    expect(page.get_by_test_id("stMetric").first).to_be_visible()


def _kpi(page, label: str):
    return page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")


def _dataset_box(page):
    return page.get_by_test_id("stSidebar").get_by_role("combobox", name="Dataset")


def _expected(db: Store, dataset: str) -> str:
    row = api.compliance(db, dataset).set_index("metric").loc["acknowledgement"]
    return f"{row['compliance_pct']:.1f}%"


def _screenshot(page, path: Path, width: int = 1440) -> None:
    """Full-page screenshot ``width`` pixels wide: Streamlit scrolls inside its main area, so grow the
    window to fit it."""
    height = page.evaluate("""() => Math.max(...[...document.querySelectorAll(
        '[data-testid="stMain"], [data-testid="stAppViewContainer"], [data-testid="stSidebarContent"]')]
        .map(e => e.scrollHeight), 900)""")
    page.set_viewport_size({"width": width, "height": int(height) + 40})
    page.mouse.move(0, 0)  # no hover labels or chart toolbar in the picture
    page.wait_for_timeout(800)  # let the chart re-layout to the new size
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


def test_compliance_page_in_browser(server, db, page):
    from playwright.sync_api import expect

    _open(page, server + "/compliance")
    assert page.get_by_test_id("stException").count() == 0
    expect(page.get_by_role("heading", name="SLA compliance")).to_be_visible()
    expect(_kpi(page, "Acknowledgement")).to_have_text(_expected(db, "sample"))
    expect(_dataset_box(page)).to_have_value("sample (history)")
    expect(page.get_by_text("Compliance by metric").first).to_be_visible()
    expect(page.get_by_text("Breaches (").first).to_be_visible()
    assert "dataset=sample" in page.url  # the view can be shared as a link

    page.get_by_test_id("stExpander").get_by_text("Clocks still running").click()
    expect(page.get_by_test_id("stExpander").get_by_test_id("stDataFrame")).to_be_visible()
    _screenshot(page, ARTIFACTS / "compliance.png")
    assert page.get_by_test_id("stException").count() == 0
    assert not page.js_errors


def test_dataset_from_link_in_browser(server, db, page):
    from playwright.sync_api import expect

    _open(page, server + "/compliance?dataset=small")
    assert page.get_by_test_id("stException").count() == 0
    expect(_dataset_box(page)).to_have_value("small (history)")
    expect(_kpi(page, "Acknowledgement")).to_have_text(_expected(db, "small"))
    assert _expected(db, "small") != _expected(db, "sample")
    assert "dataset=small" in page.url
    assert not page.js_errors


PAGES = {"": "Overview", "resolution": "Resolution times", "escalations": "Escalations", "tickets": "Ticket explorer"}


def _wait_charts(page) -> None:
    page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').first.wait_for(state="visible", timeout=60_000)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("slug", list(PAGES), ids=lambda s: s or "overview")
def test_page_loads_with_charts(server, db, page, slug):
    from playwright.sync_api import expect

    page.goto(f"{server}/{slug}?dataset=sample")
    expect(page.get_by_role("heading", name=PAGES[slug])).to_be_visible(timeout=60_000)
    _wait_charts(page)
    charts = page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot')
    assert charts.count() >= 1
    assert page.locator(".js-plotly-plot .main-svg").count() >= 1  # Plotly actually drew
    assert page.get_by_text("Page not found").count() == 0
    _screenshot(page, ARTIFACTS / f"{slug or 'overview'}.png")
    assert page.get_by_test_id("stException").count() == 0
    assert not page.js_errors


def test_overview_kpi_and_filter_link(server, db, page):
    from playwright.sync_api import expect

    page.goto(f"{server}/?dataset=sample&channel=chat")
    _wait_charts(page)
    chat = api.compliance(db, "sample", filters=api.Filters(channels=("chat",))).set_index("metric")
    expect(_kpi(page, "Acknowledgement")).to_have_text(f"{chat.loc['acknowledgement', 'compliance_pct']:.1f}%")
    assert "channel=chat" in page.url
    assert page.get_by_test_id("stException").count() == 0


def test_drill_down_from_breach_to_timeline(server, db, page):
    from playwright.sync_api import expect

    _open(page, server + "/compliance?dataset=sample")
    first = api.breaches(db, "sample")["ticket_id"].iloc[0]
    page.get_by_role("button", name="Show timeline").click()
    expect(page.get_by_role("heading", name="Ticket explorer")).to_be_visible(timeout=60_000)
    expect(page.get_by_text(f"Timeline of ticket {first}")).to_be_visible(timeout=60_000)
    assert f"ticket={first}" in page.url
    _screenshot(page, ARTIFACTS / "timeline.png")
    assert page.get_by_test_id("stException").count() == 0
    assert not page.js_errors


def test_a_search_with_one_match_shows_its_timeline(server, db, page):
    """Opened on one ticket, a search that matches only another: the page shows the match's timeline."""
    from playwright.sync_api import expect

    page.goto(f"{server}/tickets?dataset=sample&ticket=E4-paused")
    expect(page.get_by_text("Timeline of ticket E4-paused")).to_be_visible(timeout=60_000)
    box = page.get_by_role("textbox", name="Ticket id contains")
    box.fill("E11")
    box.press("Enter")
    expect(page.get_by_text("Timeline of ticket E11-still-open")).to_be_visible(timeout=60_000)
    assert page.get_by_text("Timeline of ticket E4-paused").count() == 0
    assert "ticket=E11-still-open" in page.url
    assert page.get_by_test_id("stException").count() == 0
    assert not page.js_errors


def test_eight_concurrent_sessions(server, db, browser):
    """Eight sessions at once, half of them filtered to chat: each sees its own, correct numbers."""
    from playwright.sync_api import expect

    everything = api.compliance(db, "sample").set_index("metric").loc["acknowledgement", "compliance_pct"]
    chat = api.compliance(db, "sample", filters=api.Filters(channels=("chat",))).set_index("metric")
    chat_ack = chat.loc["acknowledgement", "compliance_pct"]
    pages = [_shared_context(browser).new_page() for _ in range(8)]  # eight tabs: eight Streamlit sessions
    try:
        for i, pg in enumerate(pages):  # start all eight before waiting for any
            query = "&channel=chat" if i % 2 else ""
            pg.goto(f"{server}/{'' if i < 4 else 'compliance'}?dataset=sample{query}", wait_until="commit")
        for i, pg in enumerate(pages):
            pg.set_default_timeout(90_000)
            expected = chat_ack if i % 2 else everything
            expect(_kpi(pg, "Acknowledgement").first).to_have_text(f"{expected:.1f}%", timeout=90_000)
            assert pg.get_by_test_id("stException").count() == 0
            assert pg.get_by_text("Page not found").count() == 0
    finally:
        for pg in pages:
            pg.close()


def test_data_page_and_import_through_upload(server, db, page, tmp_path):
    """Last in this module: the import adds a dataset (the newest, so other tests name theirs)."""
    from playwright.sync_api import expect

    page.goto(f"{server}/data?dataset=sample")
    expect(page.get_by_role("heading", name="Data")).to_be_visible(timeout=60_000)
    _screenshot(page, ARTIFACTS / "data.png")
    upload = tmp_path / "uploaded history.csv"
    upload.write_text(SAMPLE_EVENTS.read_text())
    page.get_by_role("tab", name="Import a file").click()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(upload))
    expect(page.get_by_text("Tickets to import")).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="Import into 'uploaded-history'").click()
    expect(page.get_by_text("14 new tickets").first).to_be_visible(timeout=60_000)
    _screenshot(page, ARTIFACTS / "data_import.png")
    assert "uploaded-history" in api.datasets(Store(db.path))["name"].tolist()
    assert page.get_by_test_id("stException").count() == 0
    assert not page.js_errors


@pytest.mark.parametrize("key", list(NAV_PAGES))
def test_shared_link_to_every_page_after_restart(db, browser, tmp_path, key):
    """The first request a freshly started server gets is a shared link to a page: the page is drawn
    by the router, with its sidebar (a ``pages/`` folder beside the entry script would break this)."""
    from playwright.sync_api import expect

    spec = NAV_PAGES[key]
    with serve_dashboard(db.path, tmp_path) as base:
        pg = _shared_context(browser).new_page()
        try:
            pg.goto(f"{base}/{spec.url_path}?dataset=small")
            expect(pg.get_by_role("heading", name=spec.title)).to_be_visible(timeout=60_000)
            # The sidebar's widgets can come a few seconds after the heading on a busy machine.
            expect(_dataset_box(pg)).to_have_value("small (history)", timeout=30_000)
            assert pg.get_by_text("Page not found").count() == 0
            assert pg.get_by_test_id("stException").count() == 0
        finally:
            pg.close()
