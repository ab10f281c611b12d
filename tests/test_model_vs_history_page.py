"""The staffing page's Model vs history tab, headless (AppTest): backtest a history, per team, use as baseline."""

from __future__ import annotations

import base64
import os

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from conftest import ROOT, shown
from streamlit.testing.v1 import AppTest

import simulation.api
from analytics.store.database import Store
from dashboard import charts
from dashboard import model_vs_history as mvh
from sla.cli import main

APP = str(ROOT / "sla" / "streamlit_app.py")


@pytest.fixture(scope="module")
def hist_db(tmp_path_factory):
    """Two weeks of the default organisation (seed 3), the history to check the model against."""
    db = tmp_path_factory.mktemp("mvh") / "sla.duckdb"
    assert main(["simulate", "--db", str(db), "--name", "hist", "--days", "14", "--seed", "3", "--workers", "1"]) == 0
    Store(db).close()
    return db


@pytest.fixture
def one_worker(monkeypatch):
    """The page runs one worker process per CPU; here the replications run in the test's process (faster
    than starting spawned workers, and the same numbers)."""
    monkeypatch.setattr(os, "cpu_count", lambda: 1)


@pytest.fixture
def backtests(monkeypatch):
    """Counts the backtests the page runs (reruns must reuse the result kept in the session)."""
    calls = []
    real = simulation.api.backtest

    def counted(*args, **kwargs):
        calls.append(kwargs.get("replications"))
        return real(*args, **kwargs)

    monkeypatch.setattr(simulation.api, "backtest", counted)
    return calls


def open_tab(db, monkeypatch) -> AppTest:
    monkeypatch.setenv("SLA_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("../dashboard/pages/staffing.py")
    at.session_state["staff_tab"] = "Model vs history"
    return at.run()


def figure(at: AppTest) -> go.Figure:
    drawn = at.get("plotly_chart")
    assert len(drawn) == 1
    return pio.from_json(drawn[0].proto.spec)


def numbers(values) -> list[float]:
    """A trace's values as sent to the browser (Plotly sends float arrays base64-encoded)."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def agent_hours(at: AppTest) -> int:
    """The agent-hours a week of the roster being edited, as its caption says."""
    text = next(shown(c.value) for c in at.caption if "agents on duty in each hour of the week" in c.value)
    return int(text.rsplit(" agent-hours", 1)[0].rsplit(" ", 1)[1].replace(",", ""))


def test_backtest_from_the_page(hist_db, monkeypatch, policy, one_worker, backtests):
    # A viewer: the backtest only reads the store (it simulates into a temporary database).
    monkeypatch.setenv("SLA_READ_ONLY", "1")
    at = open_tab(hist_db, monkeypatch)
    assert not at.exception and not at.error
    assert at.selectbox(key="staff_bt_dataset").value == "hist"
    assert at.radio(key="staff_bt_source").value == "calibrated"
    default_l1 = int(
        simulation.api.load_scenario(simulation.api.default_scenario_path(), policy).rosters["L1"].headcount.sum()
    )
    assert any("Mon 02 Mar 2026 to Sun 15 Mar 2026 (14 days" in c.value for c in at.caption)
    assert at.number_input(key="staff_bt_reps").value == 5
    at.number_input(key="staff_bt_reps").set_value(2).run()
    at.button(key="staff_bt_run").click().run()
    assert not at.exception and not at.error
    assert backtests == [2]

    (bt,) = at.session_state["staff_bt_results"].values()
    assert bt.dataset == "hist" and bt.scenario == "calibrated-hist" and bt.replications == 2
    verdicts = at.success if bt.passed else at.warning
    assert [shown(v.value) for v in verdicts] == [bt.verdict()]
    table = at.dataframe[0].value
    pd.testing.assert_frame_equal(table.reset_index(drop=True), simulation.api.metrics_table(bt))
    assert {"history", "simulated", "95% band", "error", "verdict"} <= set(table.columns)

    # The chart opens on the metric farthest from the history, all teams.
    assert at.selectbox(key="staff_bt_metric").value == mvh.worst_metric(bt)
    fig = figure(at)
    names = [t.name for t in fig.data]
    assert {"history", "model: simulated mean", "model: 95% band of one replication"} <= set(names)
    assert fig.layout.yaxis.title.text == "compliance %" and fig.layout.xaxis.type == "date"
    history = next(t for t in fig.data if t.name == "history")
    weeks = bt.weeks[bt.weeks["metric"] == mvh.worst_metric(bt)]
    assert numbers(history.y) == pytest.approx(list(weeks["history_pct"]))

    # One team on demand: the chart and the tables of errors show its rows only; nothing is recomputed.
    at.selectbox(key="staff_bt_metric").set_value("first_response").run()
    at.selectbox(key="staff_bt_team").set_value("L1").run()
    assert not at.exception and not at.error
    assert "(L1)" in figure(at).layout.title.text
    per_week = next(d.value for d in at.dataframe if "week" in d.value.columns and "team" in d.value.columns)
    assert set(per_week["team"]) == {"L1"}
    cells = bt.cells[(bt.cells["team"] == "L1")].dropna(subset=["error_pp"])
    assert len(per_week) == len(cells)
    at.button(key="staff_bt_run").click().run()
    assert backtests == [2]

    # The calibrated scenario as the baseline of the what-ifs: the What-if tab opens on it.
    at.button(key="staff_bt_use").click().run()
    assert not at.exception and not at.error
    assert at.session_state["staff_tab"] == "What-if"
    assert any("calibrated from dataset `hist`" in i.value for i in at.info)
    assert any("scenario **calibrated\\-hist** (calibrated)" in c.value for c in at.caption)
    calibrated = simulation.api.parse_scenario(at.session_state["staff_baseline"]["text"], policy)
    assert at.selectbox(key="staff_team").value == "L1"  # the intake team first
    assert agent_hours(at) == int(calibrated.rosters["L1"].headcount.sum()) != int(default_l1)
    baseline_run = next(c.value for c in at.caption if "The baseline is the unchanged scenario" in c.value)
    assert "calibrated-hist-" in baseline_run and "-14d-5x-seed" in baseline_run
    assert at.button(key="staff_run").disabled  # saving runs still needs the editor role

    # Back on the tab: the baseline is now the calibrated scenario over the same days, so the same result.
    at.session_state["staff_tab"] = "Model vs history"
    at.run()
    assert at.button(key="staff_bt_use").disabled
    assert any("It is the baseline of the what-ifs now" in c.value for c in at.caption)
    at.radio(key="staff_bt_source").set_value("baseline").run()
    assert not at.exception and (at.success or at.warning)
    assert backtests == [2]

    # And back to the default scenario.
    at.session_state["staff_tab"] = "What-if"
    at.run()
    at.button(key="staff_default").click().run()
    assert not at.exception and not at.error
    assert "staff_baseline" not in at.session_state
    assert any("scenario **baseline** (`scenario.toml`)" in c.value for c in at.caption)
    assert agent_hours(at) == default_l1


def test_an_empty_store_says_what_to_do(tmp_path, monkeypatch):
    db = tmp_path / "empty.duckdb"
    Store(db).ensure()
    at = open_tab(db, monkeypatch)
    assert not at.exception and not at.error
    assert any("import a history" in i.value for i in at.info)


def test_too_short_a_history_is_one_line(tmp_path, monkeypatch):
    db = tmp_path / "short.duckdb"
    assert main(["simulate", "--db", str(db), "--name", "short", "--days", "3", "--seed", "3", "--workers", "1"]) == 0
    at = open_tab(db, monkeypatch)
    assert not at.exception
    assert any("at least a week of history" in shown(e.value) for e in at.error)


def test_choices_and_keys():
    datasets = pd.DataFrame({"name": ["run", "old", "new"], "kind": ["simulation", "history", "history"]})
    options = mvh.history_options(datasets)
    assert options == ["old", "new", "run"]
    kinds = dict(zip(datasets["name"], datasets["kind"], strict=True))
    assert mvh.default_history(options, kinds, "new") == "new"
    assert mvh.default_history(options, kinds, "run") == "old"
    assert mvh.history_options(pd.DataFrame()) == []
    assert mvh.edit_keys(["staff_rosters", "staff_roster::L1", "staff_bt_reps", "staff_multiplier"]) == [
        "staff_rosters",
        "staff_roster::L1",
        "staff_multiplier",
    ]
    assert mvh.scenario_file_name("calibrated-my data/2026") == "calibrated-my_data_2026.toml"
    results = {}
    for i in range(mvh.RESULTS_KEPT + 2):
        mvh.remember(results, (i,), i)
    assert list(results) == [(i,) for i in range(2, mvh.RESULTS_KEPT + 2)]


def test_chart_marks_small_weeks():
    df = pd.DataFrame(
        {
            "week": pd.to_datetime(["2026-03-02", "2026-03-09"]),
            "history_pct": [90.0, 80.0],
            "clocks": [400, 12],
            "sim_pct": [91.0, 88.0],
            "band_low": [87.0, 70.0],
            "band_high": [95.0, 100.0],
            "small": [False, True],
        }
    )
    fig = charts.history_vs_model(df, "First response")
    small = next(t for t in fig.data if t.name.startswith("small sample"))
    assert small.name == "small sample (< 30 clocks)" and list(small.y) == [80.0]
    history = next(t for t in fig.data if t.name == "history")
    assert list(history.marker.color) == [charts.HISTORY_COLOUR, "white"]
    assert fig.layout.yaxis.range[1] <= 101 and fig.layout.yaxis.title.text == "compliance %"
