"""The staffing page in a real browser (Playwright + Debian's Chromium); leaves test-artifacts/staffing.png."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_dashboard_browser import (  # noqa: F401 - browser and page are fixtures
    ARTIFACTS,
    CHROMIUM,
    _screenshot,
    browser,
    page,
    serve_dashboard,
)

from analytics.store.database import Store
from simulation.runner import simulate
from simulation.scenario_parse import default_scenario_path, load_scenario

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="browser test needs Debian's Chromium at /usr/bin/chromium; install it with 'make chromium'",
)


@pytest.fixture(scope="module")
def staff_server(tmp_path_factory, policy):
    tmp = tmp_path_factory.mktemp("staffbrowser")
    store = Store(tmp / "sla.duckdb")
    s = load_scenario(default_scenario_path(), policy)
    s = replace(s, horizon=replace(s.horizon, days=7))
    simulate(store, s, policy, name="baseline-7d", replications=3, seed=1, workers=1)
    more = {**s.rosters}
    import numpy as np

    from simulation.scenario import Roster

    head = s.rosters["SYSADMIN"].headcount.copy()
    head[np.arange(5) * 24 + 22] += 2  # sysadmins until 23:00
    more["SYSADMIN"] = Roster(head, s.rosters["SYSADMIN"].timezone)
    simulate(store, replace(s, rosters=more), policy, name="sysadmins-till-23", replications=3, seed=1, workers=1)
    store.close()
    with serve_dashboard(store.path, tmp) as base:
        yield base


def test_staffing_page_in_browser(staff_server, page):  # noqa: F811 - pytest fixture
    from playwright.sync_api import expect

    page.goto(staff_server + "/staffing")
    expect(page.get_by_role("heading", name="Staffing what-if")).to_be_visible(timeout=60_000)
    charts = page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot')
    charts.nth(4).wait_for(state="visible", timeout=60_000)
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    expect(page.get_by_text("Agent-hours per week (cost)")).to_be_visible()
    assert page.get_by_test_id("stException").count() == 0
    _screenshot(page, ARTIFACTS / "staffing.png")
    assert page.get_by_test_id("stException").count() == 0
    assert not page.js_errors
