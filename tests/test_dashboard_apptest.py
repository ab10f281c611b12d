"""The dashboard run headless with Streamlit's AppTest: numbers agree with the API, empty states, errors."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, SAMPLE_EVENTS, shown, ticket, write_events
from streamlit.testing.v1 import AppTest

from analytics import api
from analytics.ingest import import_file
from analytics.sla.durations import format_duration
from analytics.store.database import Store
from dashboard.downloads import csv_bytes, file_name, neutralise_cell, neutralise_frame

APP = str(ROOT / "sla" / "streamlit_app.py")
SMALL_TICKETS = {"G1-double-charge", "G2-slow-vps", "E9-chat-late-ack"}


def _subset(path: Path, tickets: set[str]) -> Path:
    """The sample events of a few tickets only, as a second, smaller dataset."""
    with open(SAMPLE_EVENTS, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(r for r in rows if r["ticket_id"] in tickets)
    return path


@pytest.fixture(scope="module")
def two_datasets(tmp_path_factory) -> Store:
    """'sample' (14 tickets) and, imported later so it is the newest, 'small' (3 tickets)."""
    tmp = tmp_path_factory.mktemp("dash")
    s = Store(tmp / "two.duckdb")
    import_file(s, SAMPLE_EVENTS, name="sample")
    import_file(s, _subset(tmp / "small.csv", SMALL_TICKETS), name="small")
    # DuckDB shares one database instance per path within a process. A reader this store still
    # held on the replaced file would hand the app's own store that stale instance.
    s.close()
    yield s
    s.close()


def run_app(db: Path | str, monkeypatch, query: dict | None = None, page: str | None = "compliance") -> AppTest:
    """Run the app (first the default page, as a browser would), then switch to ``page``."""
    monkeypatch.setenv("SLA_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page is not None and not at.exception:
        at.switch_page(f"../dashboard/pages/{page}.py").run()
    return at


def kpi(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def expected_pct(store: Store, dataset: str, metric: str = "acknowledgement", as_of=None) -> str:
    row = api.compliance(store, dataset, as_of=as_of).set_index("metric").loc[metric]
    return f"{row['compliance_pct']:.1f}%"


def all_text(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in (at.info, at.warning, at.error, at.caption, at.markdown) for e in kind)


# -- the compliance page ----------------------------------------------------------------------


def test_compliance_page_matches_api(sample_store, monkeypatch):
    at = run_app(sample_store.path, monkeypatch)
    assert not at.exception
    assert not at.error
    assert at.title[0].value == "SLA compliance"
    assert len(at.metric) == 6
    assert kpi(at, "Acknowledgement") == expected_pct(sample_store, "sample")
    ack = api.compliance(sample_store, "sample").set_index("metric").loc["acknowledgement"]
    met, breached, pending = (int(ack[c]) for c in ("met", "breached", "pending"))
    assert f"{met} met · {breached} breached · {pending} pending" in all_text(at)
    for metric in ("first_response", "status_update", "escalation_notice", "handoff_pickup", "resolution"):
        label = metric.replace("_", " ").capitalize()
        assert kpi(at, label) == expected_pct(sample_store, "sample", metric)


def test_sidebar_shows_dataset_kind_and_policy(sample_store, monkeypatch):
    at = run_app(sample_store.path, monkeypatch)
    box = at.sidebar.selectbox(key="dataset")
    assert box.value == "sample"
    assert "sample (history)" in box.options
    assert at.query_params["dataset"] == "sample"  # mirrored into the URL for sharing
    assert "policy.toml" in "\n".join(c.value for c in at.sidebar.code)


def test_tables_match_api(sample_store, monkeypatch):
    at = run_app(sample_store.path, monkeypatch)
    by_team = at.dataframe[0].value
    expected = api.compliance(sample_store, "sample", by="metric,team")
    assert len(by_team) == len(expected)
    totals = expected[["met", "breached", "pending"]].sum().tolist()
    assert by_team[["Met", "Breached", "Pending"]].sum().tolist() == totals

    breaches = at.dataframe[1].value
    expected = api.breaches(sample_store, "sample")
    assert len(breaches) == len(expected)
    assert list(breaches["Ticket"]) == list(expected["ticket_id"])  # newest first, as the API orders them
    assert list(breaches["Elapsed"]) == [format_duration(s) for s in expected["elapsed_seconds"]]
    assert {"Ticket", "Metric", "Team", "Target", "Elapsed", "Reason"} <= set(breaches.columns)

    pending = at.dataframe[2].value
    clocks = api.clocks(sample_store, "sample")
    assert len(pending) == int((clocks["status"] == "pending").sum())
    assert len(at.get("download_button")) == 3


def test_changing_dataset_changes_numbers(two_datasets, monkeypatch):
    at = run_app(two_datasets.path, monkeypatch)
    assert not at.exception
    assert at.selectbox(key="dataset").value == "small"  # the most recently updated one
    small = kpi(at, "Acknowledgement")
    assert small == expected_pct(two_datasets, "small")

    at.selectbox(key="dataset").set_value("sample").run()
    assert not at.exception
    sample = kpi(at, "Acknowledgement")
    assert sample == expected_pct(two_datasets, "sample")
    assert sample != small
    assert at.query_params["dataset"] == "sample"


def test_dataset_from_link(two_datasets, monkeypatch):
    at = run_app(two_datasets.path, monkeypatch, query={"dataset": "sample"})
    assert not at.exception
    assert at.selectbox(key="dataset").value == "sample"
    assert kpi(at, "Acknowledgement") == expected_pct(two_datasets, "sample")


def test_unknown_dataset_in_link_warns(two_datasets, monkeypatch):
    at = run_app(two_datasets.path, monkeypatch, query={"dataset": "gone"}, page=None)  # the page the link opens
    assert not at.exception
    assert at.selectbox(key="dataset").value == "small"
    assert any("gone" in w.value for w in at.warning)


def test_as_of_earlier_time(sample_store, monkeypatch):
    at = run_app(sample_store.path, monkeypatch)
    at.toggle(key="as_of_enabled").set_value(True).run()
    assert not at.exception
    picker = at.get("date_time_input")[0]
    assert kpi(at, "Resolution") == expected_pct(sample_store, "sample", "resolution")  # default: latest event
    picker.set_value(pd.Timestamp("2026-03-07 12:00").to_pydatetime()).run()  # Europe/Amsterdam wall clock
    assert not at.exception
    assert kpi(at, "Resolution") == expected_pct(
        sample_store, "sample", "resolution", as_of="2026-03-07T12:00:00+01:00"
    )
    assert kpi(at, "Resolution") != expected_pct(sample_store, "sample", "resolution")


def test_metric_without_clocks_shows_na(tmp_path, monkeypatch):
    store = Store(tmp_path / "one.duckdb")
    import_file(store, write_events(tmp_path / "one.csv", ticket("T1")), name="one")
    store.close()
    at = run_app(store.path, monkeypatch)
    assert not at.exception
    assert kpi(at, "Escalation notice") == "n/a"
    assert kpi(at, "Acknowledgement") == "100.0%"


# -- empty states and errors ------------------------------------------------------------------


def test_empty_database_explains_import(tmp_path, monkeypatch):
    store = Store(tmp_path / "empty.duckdb")
    store.ensure()
    at = run_app(store.path, monkeypatch)
    assert not at.exception
    assert not at.metric
    text = "\n".join(i.value for i in at.info)
    assert "no datasets" in text
    assert "sla import sample_data/sample_events.csv --name sample" in text
    assert "make run" in text


def test_missing_database_explains_import(tmp_path, monkeypatch):
    at = run_app(tmp_path / "nowhere" / "sla.duckdb", monkeypatch)
    assert not at.exception
    assert not at.metric
    text = "\n".join(i.value for i in at.info)
    assert "No database" in text
    assert "sla import sample_data/sample_events.csv --name sample" in text
    assert not (tmp_path / "nowhere").exists()  # looking must not create anything


def test_not_a_database_is_an_error_message(tmp_path, monkeypatch):
    bad = tmp_path / "bad.duckdb"
    bad.write_text("this is not a database\n")
    at = run_app(bad, monkeypatch)
    assert not at.exception
    assert at.error and "bad.duckdb" in shown(at.error[0].value)


def test_bad_policy_is_an_error_message(sample_store, tmp_path, monkeypatch):
    policy = tmp_path / "policy.toml"
    policy.write_text("name = 'broken'\n[teams.L1]\nhours = '24/7'\n")
    monkeypatch.setenv("SLA_POLICY", str(policy))
    at = run_app(sample_store.path, monkeypatch)
    assert not at.exception
    assert not at.metric
    assert any("policy.toml" in shown(e.value) and "metrics" in e.value for e in at.error)


# -- CSV downloads ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("x")'])
def test_formula_cells_are_neutralised(value):
    assert neutralise_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["E1-friday", "1 h 25 min", "", "a=b", 42, -3.5, None])
def test_other_cells_are_unchanged(value):
    assert neutralise_cell(value) == value


def test_frame_and_csv_are_neutralised():
    df = pd.DataFrame({"Ticket": ["=cmd|' /C calc'!A0", "T-2"], "Elapsed": [-5, 10], "Reason": ["@x", None]})
    out = neutralise_frame(df)
    assert out["Ticket"].tolist() == ["'=cmd|' /C calc'!A0", "T-2"]
    assert out["Elapsed"].tolist() == [-5, 10]  # numbers are values, not formulas
    assert out["Reason"].iloc[0] == "'@x" and pd.isna(out["Reason"].iloc[1])
    assert df["Ticket"].iloc[0].startswith("=")  # the input is not modified
    text = csv_bytes(df).decode("utf-8-sig")
    assert text.splitlines()[0] == "Ticket,Elapsed,Reason"
    assert "\n=" not in text and ",=" not in text and ",@" not in text


def test_download_file_names_are_safe():
    assert file_name("breaches", "sample") == "breaches_sample.csv"
    assert file_name("breaches", "../Q1 2026/ü") == "breaches_Q1_2026.csv"
    assert file_name("", "") == "download.csv"
