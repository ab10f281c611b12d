"""Viewers and editors in a real browser: on a dashboard with an editor secret a viewer cannot delete
a dataset, the secret unlocks the delete, and a link in the page address is shown as text.

Leaves ``test-artifacts/data_viewer.png`` (the Data page as a viewer sees it, 1400 px wide).
"""

from __future__ import annotations

import re
import urllib.parse

import pytest
from conftest import SAMPLE_EVENTS
from test_dashboard_apptest import SMALL_TICKETS, _subset
from test_dashboard_browser import ARTIFACTS, _shared_context, browser, pytestmark, serve_dashboard  # noqa: F401

from analytics import api
from analytics.ingest import import_file
from analytics.store.database import Store
from dashboard.editor_secret import hash_secret

SECRET = "correct horse battery staple"
PHISH = "[Session expired: log in again](https://evil.example/login)"
ODD = ":red[alarm] :smile: write to admin@evil.example or www.evil.example $x^2$"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Store:
    """'sample', then 'small' (the newest, so the one the Data page offers to manage first)."""
    tmp = tmp_path_factory.mktemp("roles")
    store = Store(tmp / "sla.duckdb")
    import_file(store, SAMPLE_EVENTS, name="sample")
    import_file(store, _subset(tmp / "small.csv", SMALL_TICKETS), name="small")
    store.close()
    yield store
    store.close()


@pytest.fixture(scope="module")
def server(db, tmp_path_factory):
    """A dashboard on 127.0.0.1 with an editor secret: everyone starts as a viewer."""
    env = {"SLA_EDITOR_SECRET_HASH": hash_secret(SECRET)}
    with serve_dashboard(db.path, tmp_path_factory.mktemp("roles-server"), env) as base:
        yield base


@pytest.fixture
def page(browser):  # noqa: F811 - the fixture imported above
    pg = _shared_context(browser).new_page()
    pg.set_default_timeout(30_000)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.js_errors = errors
    yield pg
    pg.close()


def _names(db: Store) -> list[str]:
    return api.datasets(Store(db.path))["name"].tolist()


def _screenshot_1400(page, path) -> None:
    """The whole page at 1400 px wide (Streamlit scrolls inside its main area: grow the window)."""
    page.set_viewport_size({"width": 1400, "height": 900})
    page.wait_for_timeout(500)
    height = page.evaluate("""() => Math.max(...[...document.querySelectorAll(
        '[data-testid="stMain"], [data-testid="stAppViewContainer"], [data-testid="stSidebarContent"]')]
        .map(e => e.scrollHeight), 900)""")
    page.set_viewport_size({"width": 1400, "height": int(height) + 40})
    page.mouse.move(0, 0)
    page.wait_for_timeout(800)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


def test_viewer_cannot_delete_until_the_secret_unlocks_it(server, db, page):
    from playwright.sync_api import expect

    page.goto(f"{server}/data?dataset=sample")
    expect(page.get_by_role("heading", name="Data")).to_be_visible(timeout=60_000)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Role: viewer")).to_be_visible()
    delete = page.get_by_role("button", name="Delete dataset")
    expect(delete).to_be_disabled()
    confirm = page.get_by_role("textbox", name=re.compile("to confirm the deletion"))
    expect(confirm).to_be_disabled()
    expect(page.get_by_text("Renaming or deleting a dataset needs the editor role")).to_be_visible()
    expect(page.get_by_role("tabpanel", name="Datasets").get_by_test_id("stDataFrame")).to_be_visible()
    expect(sidebar.get_by_role("combobox", name="Dataset")).to_be_visible()
    page.wait_for_load_state("networkidle")
    _screenshot_1400(page, ARTIFACTS / "data_viewer.png")
    delete.click(force=True)  # a click on the disabled button does nothing
    page.wait_for_timeout(1000)
    assert "small" in _names(db)

    sidebar.get_by_text("Unlock editing").click()  # the expander
    sidebar.get_by_label("Editor secret").fill("not the secret at all")
    sidebar.get_by_role("button", name="Unlock", exact=True).click()
    expect(sidebar.get_by_text("That is not the editor secret.")).to_be_visible()
    expect(delete).to_be_disabled()

    sidebar.get_by_label("Editor secret").fill(SECRET)
    sidebar.get_by_role("button", name="Unlock", exact=True).click()
    expect(sidebar.get_by_text("Role: editor")).to_be_visible()
    expect(delete).to_have_count(1, timeout=30_000)  # the page drawn again, as editor
    expect(delete).to_be_enabled()
    expect(sidebar.get_by_role("button", name="Lock", exact=True)).to_be_visible()
    confirm.fill("small")
    delete.click()
    expect(page.get_by_text("Deleted dataset 'small'.")).to_be_visible(timeout=60_000)
    assert _names(db) == ["sample"]
    assert page.get_by_test_id("stException").count() == 0
    assert not page.js_errors


def test_a_link_in_the_address_is_shown_as_text(server, page):
    from playwright.sync_api import expect

    page.goto(f"{server}/?{urllib.parse.urlencode({'dataset': PHISH, 'compare': ODD})}")
    for start, text in (("There is no dataset named", PHISH), ("There is no other dataset named", ODD)):
        alert = page.get_by_test_id("stAlert").filter(has_text=start)
        expect(alert).to_be_visible(timeout=60_000)
        assert text in alert.inner_text().replace("\u2060", "")  # as typed, with no emoji, colour or formula
        assert alert.locator("a, .katex, [data-testid='stIconMaterial']").count() == 0
    assert page.locator("a[href*='evil.example']").count() == 0
    assert page.get_by_test_id("stException").count() == 0
