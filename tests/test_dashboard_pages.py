"""Every page of the dashboard with AppTest on the demo data: numbers equal the analytics API's for
the same filters, widgets change them, drill-downs work, and no exception ever reaches the page."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from conftest import SAMPLE_EVENTS
from test_dashboard_apptest import kpi, run_app, two_datasets  # noqa: F401 - a fixture

from analytics import api
from analytics.reports.filters import Filters
from analytics.sla.durations import format_duration
from analytics.store.database import Store

PAGES = ["overview", "compliance", "resolution", "escalations", "tickets", "data"]


def pct(value) -> str:
    return "n/a" if pd.isna(value) else f"{float(value):.1f}%"


def clean(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_demo_data(sample_store, monkeypatch, page):
    at = run_app(sample_store.path, monkeypatch, page=page)
    clean(at)
    assert at.title[0].value in {
        "Overview",
        "SLA compliance",
        "Resolution times",
        "Escalations",
        "Ticket explorer",
        "Data",
    }
    if page not in ("data",):
        assert at.get("plotly_chart"), "each analysis page draws at least one chart"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_explains_an_empty_database(tmp_path, monkeypatch, page):
    store = Store(tmp_path / "empty.duckdb")
    store.ensure()
    at = run_app(store.path, monkeypatch, page=page)
    assert not at.exception
    assert any("import" in i.value.lower() for i in at.info)


def test_overview_matches_api(sample_store, monkeypatch):
    at = run_app(sample_store.path, monkeypatch, page="overview")
    clean(at)
    kpis = api.kpis(sample_store, "sample").set_index("metric")
    for metric in kpis.index:
        assert kpi(at, metric.replace("_", " ").capitalize()) == pct(kpis.loc[metric, "compliance_pct"])
    volume = api.backlog_and_volume(sample_store, "sample")
    assert kpi(at, "Open backlog") == str(int(volume["open_tickets"])) == "1"
    assert kpi(at, "Median resolution") == format_duration(volume["median_resolution_seconds"])
    assert kpi(at, "p90 resolution") == format_duration(volume["p90_resolution_seconds"])
    breached = int(kpis["breached"].sum())
    assert any(s.value == f"Breaches this period ({breached})" for s in at.subheader)


def test_filter_changes_the_numbers_and_the_link(sample_store, monkeypatch):
    at = run_app(sample_store.path, monkeypatch, page="overview")
    before = kpi(at, "Acknowledgement")
    at.sidebar.multiselect(key="channel").set_value(["chat"]).run()
    clean(at)
    chat = api.compliance(sample_store, "sample", filters=Filters(channels=("chat",))).set_index("metric")
    assert kpi(at, "Acknowledgement") == pct(chat.loc["acknowledgement", "compliance_pct"])
    assert kpi(at, "Acknowledgement") != before
    assert at.query_params["channel"] == "chat"
    at.switch_page("../dashboard/pages/compliance.py").run()  # filters persist across pages
    clean(at)
    assert at.sidebar.multiselect(key="channel").value == ["chat"]
    assert kpi(at, "Acknowledgement") == pct(chat.loc["acknowledgement", "compliance_pct"])


def test_filters_and_period_from_a_link(sample_store, monkeypatch):
    query = {"dataset": "sample", "from": "2026-03-09", "to": "2026-03-15", "team": "L1"}
    at = run_app(sample_store.path, monkeypatch, query=query, page=None)
    clean(at)
    f = Filters(start=date(2026, 3, 9), end=date(2026, 3, 15), teams=("L1",))
    kpis = api.kpis(sample_store, "sample", filters=f).set_index("metric")
    card = next(m for m in at.metric if m.label == "Acknowledgement")
    assert card.value == pct(kpis.loc["acknowledgement", "compliance_pct"])
    assert card.delta == f"{kpis.loc['acknowledgement', 'change_pts']:+.1f} pts"
    assert at.sidebar.multiselect(key="team").value == ["L1"]


def test_unknown_filter_value_in_link_is_ignored_with_a_warning(sample_store, monkeypatch):
    at = run_app(sample_store.path, monkeypatch, query={"team": "x' OR 1=1 --"}, page=None)
    assert not at.exception
    assert any("Ignored unknown team" in w.value for w in at.warning)
    assert kpi(at, "Acknowledgement") == pct(
        api.compliance(sample_store, "sample").set_index("metric").loc["acknowledgement", "compliance_pct"]
    )


def test_compare_two_datasets_side_by_side(two_datasets, monkeypatch):  # noqa: F811 - the fixture
    at = run_app(two_datasets.path, monkeypatch, query={"dataset": "sample", "compare": "small"}, page="overview")
    clean(at)
    assert at.sidebar.selectbox(key="compare").value == "small"
    acks = [m.value for m in at.metric if m.label == "Acknowledgement"]
    expected = [
        pct(api.compliance(two_datasets, d).set_index("metric").loc["acknowledgement", "compliance_pct"])
        for d in ("sample", "small")
    ]
    assert acks == expected
    assert {"sample (history)", "small (history)"} <= {s.value for s in at.subheader}


def test_compliance_breakdown_heatmap_and_drill_down(sample_store, monkeypatch):
    at = run_app(sample_store.path, monkeypatch, page="compliance")
    at.segmented_control(key="breakdown").set_value("channel").run()
    clean(at)
    table = at.dataframe[0].value
    expected = api.compliance(sample_store, "sample", by="metric,channel")
    assert len(table) == len(expected) and table["Breached"].sum() == expected["breached"].sum()
    breaches = at.dataframe[1].value
    assert breaches["Timeline"].iloc[0] == f"tickets?dataset=sample&ticket={breaches['Ticket'].iloc[0]}"
    first = api.breaches(sample_store, "sample")["ticket_id"].iloc[0]
    at.selectbox(key="breach_ticket").set_value(first).run()
    at.button(key="open_breach_ticket").click().run()
    clean(at)
    assert at.title[0].value == "Ticket explorer"
    assert at.selectbox(key="ticket").value == first
    clocks = at.dataframe[1].value
    assert len(clocks) == len(api.ticket_timeline(sample_store, "sample", first).clocks)


def test_resolution_page_matches_api(sample_store, monkeypatch):
    at = run_app(sample_store.path, monkeypatch, page="resolution")
    clean(at)
    table = at.dataframe[0].value.set_index("Complexity")
    expected = api.resolution_percentiles(sample_store, "sample").set_index("complexity")
    for cx in ("all", "standard", "simple"):
        assert table.loc[cx, "p50"] == format_duration(expected.loc[cx, "p50_seconds"])
        assert table.loc[cx, "p90"] == format_duration(expected.loc[cx, "p90_seconds"])
        assert table.loc[cx, "Cycles"] == expected.loc[cx, "cycles"]
    assert table.loc["simple", "Objective"] == "30 min" and table.loc["custom", "Objective"] == "its estimate"


def test_escalations_page_matches_api(sample_store, monkeypatch):
    at = run_app(sample_store.path, monkeypatch, page="escalations")
    clean(at)
    counts = api.escalation_findings(sample_store, "sample")
    assert kpi(at, "Escalated") == f"{counts['escalated']} ({100 * counts['escalated'] / counts['tickets']:.1f}%)"
    pickup = at.dataframe[1].value.set_index("Receiving team")
    expected = api.pickup_times(sample_store, "sample").set_index("to_team")
    assert pickup.loc["DC-CA", "Median (wall-clock)"] == format_duration(expected.loc["DC-CA", "wall_p50_seconds"])
    assert pickup.loc["SYSADMIN", "Hand-offs"] == 4


def test_ticket_explorer_search_and_timeline(sample_store, monkeypatch):
    at = run_app(sample_store.path, monkeypatch, query={"ticket": "E4-paused"}, page="tickets")
    clean(at)
    assert at.selectbox(key="ticket").value == "E4-paused"
    at.text_input(key="ticket_search").set_value("e1").run()
    clean(at)
    assert set(at.dataframe[0].value["Ticket"]) == {"E1-friday-night-sysadmin", "E10-approval", "E11-still-open"}
    at.segmented_control(key="ticket_status").set_value("open").run()
    assert list(at.dataframe[0].value["Ticket"]) == ["E11-still-open"]
    at.selectbox(key="ticket").set_value("E11-still-open").run()
    clean(at)
    events = at.dataframe[2].value
    assert len(events) == len(api.ticket_timeline(sample_store, "sample", "E11-still-open").events)


def test_a_search_with_one_match_shows_that_ticket(sample_store, monkeypatch):
    """Opened on one ticket (a link), then a search that matches only another: the timeline is the match's."""
    at = run_app(sample_store.path, monkeypatch, query={"ticket": "E4-paused"}, page="tickets")
    clean(at)
    assert at.selectbox(key="ticket").value == "E4-paused"
    at.text_input(key="ticket_search").set_value("E11").run()
    clean(at)
    assert list(at.dataframe[0].value["Ticket"]) == ["E11-still-open"]
    assert at.selectbox(key="ticket").value == "E11-still-open"
    assert at.selectbox(key="ticket").options == ["E11-still-open"]
    events = at.dataframe[2].value
    assert len(events) == len(api.ticket_timeline(sample_store, "sample", "E11-still-open").events)
    at.text_input(key="ticket_search").set_value("").run()  # nothing searched: the chosen ticket stays
    clean(at)
    assert at.selectbox(key="ticket").value == "E11-still-open"


def test_data_page_what_if(sample_store, monkeypatch):
    at = run_app(sample_store.path, monkeypatch, page="data")
    clean(at)
    assert at.dataframe[0].value["Tickets"].tolist() == [14]
    at.selectbox(key="whatif_metric").set_value("first_response").run()
    at.session_state["whatif_first_response"] = {
        "edited_rows": {0: {"target": "3min"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    next(b for b in at.get("form_submit_button") if "Recompute" in str(b.label)).click().run()
    clean(at)
    table = at.dataframe[-1].value.set_index("Metric")
    clocks = api.clocks(sample_store, "sample")
    fr = clocks[clocks["metric"] == "first_response"]
    assert table.loc["First response", "Breached what-if"] == int((fr["elapsed_seconds"] > 180).sum())
    assert table.loc["Resolution", "Change (pts)"] == 0


def test_import_through_the_wizard(tmp_path, monkeypatch):
    store = Store(tmp_path / "w.duckdb")
    at = run_app(store.path, monkeypatch, page="data")
    assert not at.exception
    bad = SAMPLE_EVENTS.read_text().replace(
        "G1-double-charge,2026-03-02T10:07:00+01:00,agent_reply", "G1-double-charge,2026-03-02T10:07:00+01:00,replied"
    )
    at.file_uploader(key="upload").set_value(("history.csv", bad.encode(), "text/csv")).run()
    clean(at)
    assert kpi(at, "Rows read") == "99" and kpi(at, "Tickets to import") == "13"
    rejects = next(d.value for d in at.dataframe if "Line" in d.value.columns)
    assert "4" in rejects["Line"].tolist() and any("replied" in r for r in rejects["Reason"])
    at.button(key="do_import").click().run()
    clean(at)
    assert any("13 new tickets" in s.value for s in at.success)
    assert at.sidebar.selectbox(key="dataset").value == "history"
    store.close()
    assert api.datasets(Store(store.path))["name"].tolist() == ["history"]
