"""The staffing what-if page, headless (AppTest): edit, run with progress, compare with intervals."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import ROOT, shown
from streamlit.testing.v1 import AppTest

from analytics.store.database import Store
from simulation.compare import compare
from simulation.runner import simulate
from simulation.scenario_parse import default_scenario_path, load_scenario

APP = str(ROOT / "sla" / "streamlit_app.py")


@pytest.fixture(scope="module")
def sim_db(tmp_path_factory, policy):
    store = Store(tmp_path_factory.mktemp("staff") / "sla.duckdb")
    s = load_scenario(default_scenario_path(), policy)
    s = replace(s, horizon=replace(s.horizon, days=2))
    simulate(store, s, policy, name="base", replications=2, seed=3, workers=1)
    simulate(store, replace(s, multiplier=1.3), policy, name="busier", replications=2, seed=3, workers=1)
    store.close()
    return store


def open_page(db, monkeypatch) -> AppTest:
    monkeypatch.setenv("SLA_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("../dashboard/pages/staffing.py")
    return at.run()


def test_page_compares_two_runs_with_intervals(sim_db, monkeypatch):
    at = open_page(sim_db.path, monkeypatch)
    assert not at.exception and not at.error
    assert at.title[0].value == "Staffing what-if"
    at.selectbox(key="staff_a").set_value("base").run()
    at.selectbox(key="staff_b").set_value("busier").run()
    assert not at.exception
    expected = compare(sim_db, "base", "busier")
    table = next(d.value for d in at.dataframe if "B - A (95% CI)" in d.value.columns)
    assert list(table["metric"]) == list(expected["metric"])
    fr = expected.set_index("metric").loc["first_response"]
    assert f"{fr['a_pct']:.1f}%" in table.set_index("metric").loc["first_response", "A: base"]
    assert len(at.get("plotly_chart")) >= 4  # estimate, compliance with CIs, utilisation, queue waits


def test_bad_roster_edit_is_a_message_not_a_traceback(sim_db, monkeypatch):
    at = open_page(sim_db.path, monkeypatch)
    at.number_input(key="staff_multiplier").set_value(1.0).run()
    at.session_state["staff_rosters"]["L1"].iloc[3, 6] = 0  # nobody at L1 on Sunday 03:00 (hour rows)
    at.run()
    assert not at.exception
    assert any("no one is on duty Sun 03:00-04:00" in shown(e.value) for e in at.error)
    assert at.button(key="staff_run").disabled


def test_run_from_the_page_saves_baseline_and_candidate(tmp_path, monkeypatch, policy):
    db = tmp_path / "page.duckdb"
    Store(db).ensure()
    at = open_page(db, monkeypatch)
    assert not at.exception
    assert any("Run a baseline and a candidate" in i.value for i in at.info)
    at.number_input(key="staff_days").set_value(1)
    at.number_input(key="staff_reps").set_value(2)
    at.number_input(key="staff_multiplier").set_value(1.1)
    at.text_input(key="staff_name").set_value("more-volume")
    at.run()
    at.button(key="staff_run").click().run()
    assert not at.exception and not at.error
    names = set(Store(db).reader().execute("SELECT name FROM datasets").fetchdf()["name"])
    assert names == {"baseline-1d-2x-seed2026", "more-volume"}
    assert at.selectbox(key="staff_b").value == "more-volume"
    assert any("B - A (95% CI)" in d.value.columns for d in at.dataframe)
