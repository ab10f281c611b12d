"""The staffing page in a real browser (Playwright + Debian's Chromium); leaves test-artifacts/staffing.png
and, in the test's folder, a screenshot of the Model vs history tab."""

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
from sla.cli import main

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


@pytest.fixture(scope="module")
def history_server(tmp_path_factory):
    """A dashboard over two weeks of simulated history (seed 3)."""
    tmp = tmp_path_factory.mktemp("mvhbrowser")
    db = tmp / "sla.duckdb"
    assert main(["simulate", "--db", str(db), "--name", "hist", "--days", "14", "--seed", "3", "--workers", "1"]) == 0
    Store(db).close()
    with serve_dashboard(db, tmp) as base:
        yield base


def test_model_vs_history_tab_in_browser(history_server, page, tmp_path):  # noqa: F811 - pytest fixture
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(history_server + "/staffing")
    expect(page.get_by_role("heading", name="Staffing what-if")).to_be_visible(timeout=60_000)
    page.get_by_role("tab", name="Model vs history").click()
    run = page.get_by_role("button", name="Run the backtest")
    expect(run).to_be_visible(timeout=60_000)
    reps = page.get_by_role("spinbutton", name="Replications")
    reps.fill("2")
    reps.press("Enter")
    expect(page.get_by_text("Press Run the backtest: 2 replications")).to_be_visible()
    run.click()
    chart = page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot')
    chart.first.wait_for(state="visible", timeout=120_000)
    expect(page.get_by_text("reproduce the history").first).to_be_visible()
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    expect(page.get_by_role("button", name="Use the calibrated scenario as the baseline for what-ifs")).to_be_visible()
    expect(page.get_by_text("small sample (< 30 clocks)")).to_have_count(0)  # every week of the whole desk is large
    _screenshot(page, tmp_path / "model_vs_history_all_teams.png", width=1400)
    metric = page.get_by_role("combobox", name="Metric")
    metric.click()
    metric.fill("Status update")
    metric.press("Enter")
    team = page.get_by_role("combobox", name="Team to show")
    team.click()
    team.fill("BILLING")
    team.press("Enter")
    expect(page.locator(".gtitle").filter(has_text="(BILLING)")).to_be_visible()
    expect(page.locator(".legendtext").filter(has_text="small sample (< 30 clocks)")).to_be_visible()
    main_area = page.get_by_test_id("stMain").bounding_box()
    for element in (chart.first, page.get_by_test_id("stDataFrame").first):
        box = element.bounding_box()
        assert box["x"] >= main_area["x"] and box["x"] + box["width"] <= main_area["x"] + main_area["width"] + 1
    assert page.get_by_test_id("stException").count() == 0
    _screenshot(page, tmp_path / "model_vs_history.png", width=1400)
    assert page.get_by_test_id("stException").count() == 0

    # The calibrated scenario as the what-ifs' baseline: the What-if tab opens on it.
    page.get_by_role("button", name="Use the calibrated scenario as the baseline for what-ifs").click()
    expect(page.get_by_text("calibrated from dataset hist on the Model vs history tab")).to_be_visible()
    expect(page.get_by_role("button", name="Back to the default scenario")).to_be_visible()
    page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').first.wait_for(state="visible")
    _screenshot(page, tmp_path / "what_if_calibrated.png", width=1400)
    assert page.get_by_test_id("stException").count() == 0
    assert not page.js_errors
