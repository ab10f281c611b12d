"""``sla calibrate``: a simulated history calibrates back to its scenario; gaps are named; errors are one line."""

from __future__ import annotations

import datetime
import tomllib
from pathlib import Path

import numpy as np
import pytest

from analytics import api
from analytics.store.database import Store
from simulation.api import default_scenario_path, load_scenario
from sla.cli import main

DEFAULT = tomllib.loads(default_scenario_path().read_text())


def sla(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """Four weeks of the default scenario (one replication), calibrated into a scenario file."""
    tmp = tmp_path_factory.mktemp("calib")
    db = str(tmp / "sla.duckdb")
    args = ["simulate", "--db", db, "--name", "hist", "--days", "28", "--seed", "3", "--workers", "1"]
    assert main(args) == 0
    out = tmp / "calibrated.toml"
    # No --to: the period ends with the last ticket (28 days, across the spring daylight-saving change).
    assert main(["calibrate", "--db", db, "--dataset", "hist", "--out", str(out)]) == 0
    policy = api.load_policy()
    cal = api.calibrate(Store(db), "hist", policy, date_to=datetime.date(2026, 3, 29))
    return db, out, cal, policy


def test_arrivals_come_back(history):
    _, _, cal, _ = history
    assert cal.days == 28 and str(cal.start) == "2026-03-02" and cal.timezone == "Europe/Amsterdam"
    total_truth, total_got = 0, 0
    for ch, corr in (("ticket", 0.95), ("chat", 0.85)):  # chat: about one ticket per slot in four weeks
        truth = np.ravel(DEFAULT["arrivals"]["channels"][ch]["rates"])
        got = np.asarray(cal.channels[ch]["rates"])
        total_truth, total_got = total_truth + truth, total_got + got
        assert np.corrcoef(truth, got)[0, 1] >= corr
        extra = 0.5 * 25 if ch == "ticket" else 0  # the bursts' tickets per week
        assert abs(got.sum() - truth.sum() - extra) / truth.sum() < 0.05
        for cat, share in DEFAULT["arrivals"]["channels"][ch]["categories"].items():
            assert abs(cal.channels[ch]["categories"][cat] - share) < 0.03
    assert np.corrcoef(total_truth, total_got)[0, 1] >= 0.95
    for cat, spec in DEFAULT["categories"].items():
        for cplx, share in spec["complexity"].items():
            assert abs(cal.complexity[cat].get(cplx, 0) - share) < 0.05
    assert cal.trend == 0.0


def test_routing_work_behaviour_and_rosters_come_back(history):
    _, _, cal, _ = history
    assert cal.routing == {"intake": "L1", "server": "SYSADMIN", "approval": "MGMT"}
    assert cal.specialist["billing"] == "BILLING" and cal.specialist["vps"] == "SYSADMIN"
    assert abs(cal.escalation["vps"]["standard"]["server"] - 0.35) < 0.06
    for team, mean in (("SYSADMIN", 45), ("BILLING", 25)):
        assert abs(cal.work[team]["default"].mean - mean) / mean < 0.15
    assert abs(cal.complexity_factor["simple"] - 0.6) < 0.1 and abs(cal.complexity_factor["complex"] - 1.8) < 0.25
    b = cal.behaviour
    # The history's notices wait for an agent and take writing time (notice_work 2 min); the calibrated
    # scenario keeps messages free, so its notice delay is the whole observed delay: more than 2 + 2 min.
    assert 4 < b["notice_delay"].mean < 10
    assert abs(b["close_after"].mean / 60 / 24 - 2) < 0.2
    assert abs(b["pause_duration"].mean / 180 - 1) < 0.2
    assert abs(b["pause_probability"][0] - 0.12) < 0.03 and abs(b["reopen_probability"][0] - 0.04) < 0.015
    truth = np.ravel(DEFAULT["rosters"]["L1"]["headcount"])
    got = np.asarray(cal.rosters["L1"]["headcount"])
    # Read at the desk's local time (the reporting timezone: L1 is open around the clock), across the
    # spring change: within a third of an agent per hour on average (the acceptance bound is one).
    assert cal.rosters["L1"]["timezone"] == "Europe/Amsterdam"
    assert np.abs(got - truth).mean() <= 0.3
    assert "estimate" in cal.rosters["L1"]["method"]


def test_the_file_loads_and_simulates(history, capsys):
    db, out, _, policy = history
    s = load_scenario(out, policy)
    assert s.horizon.days == 28
    text = out.read_text()
    assert "# SYSADMIN work steps, business hours: n = " in text and "gap" not in text.split("\n")[0]
    code, stdout, _ = sla(capsys, "simulate", "--db", db, "--scenario", str(out), "--name", "replay", "--days", "3")
    assert code == 0 and "replay" in stdout


def test_gaps_of_a_history_without_agents(store, tmp_path, capsys):
    from analytics.ingest import import_file

    import_file(store, Path(__file__).resolve().parent.parent / "sample_data" / "sample_events.csv", name="sample")
    out = tmp_path / "s.toml"
    code, stdout, err = sla(capsys, "calibrate", "--db", str(store.path), "--dataset", "sample", "--out", str(out))
    assert code == 0, err
    assert (
        "gap: work.L1: only 11 values" in stdout
        and "gap: routing: " in stdout
        and "groups have fewer than 20 tickets" in stdout
    )
    assert "#   - work.L1: only 11 values" in out.read_text()


def test_errors_are_one_line(history, capsys, tmp_path):
    db = history[0]
    out = str(tmp_path / "x.toml")
    for args, expected in (
        (["--dataset", "nope"], "unknown dataset 'nope'"),
        (["--dataset", "hist", "--from", "2026-13-01"], "--from: '2026-13-01' is not a date"),
        (["--dataset", "hist", "--from", "2027-01-04", "--to", "2027-01-31"], "no tickets created"),
        (["--dataset", "hist", "--from", "2026-03-10", "--to", "2026-03-02"], "is before --from"),
    ):
        code, _, err = sla(capsys, "calibrate", "--db", db, "--out", out, *args)
        assert code != 0 and expected in err and err.count("\n") == 1, err


def test_names_from_data_cannot_break_the_written_scenario():
    import tomllib

    from simulation.calibrated import _comment, toml_key, toml_string

    bad = 'billing"]\n[rosters.L1]\nagents = 100\x7f'
    text = f"[categories.{toml_key(bad)}]\nspecialist = {toml_string(bad)}\n{_comment('# ' + bad)}\n"
    assert tomllib.loads(text) == {"categories": {bad: {"specialist": bad}}}
    assert toml_key("DC-NL") == "DC-NL" and toml_key("L2 Unix") == '"L2 Unix"'


def test_a_roster_file_replaces_the_inferred_rosters(history, tmp_path, capsys):
    db, _, _, policy = history
    roster = tmp_path / "roster.toml"
    teams = DEFAULT["rosters"]
    lines = []
    for team, spec in teams.items():
        agents = spec.get("agents", 2)
        lines += [f"[rosters.{team}]", f"agents = {agents if isinstance(agents, int) else 2}", ""]
    lines[1] = "agents = 7"  # the first team (L1): a headcount the activity would never give
    roster.write_text("\n".join(lines))
    out = tmp_path / "with_roster.toml"
    code, _, err = sla(capsys, "calibrate", "--db", db, "--dataset", "hist", "--out", str(out), "--roster", str(roster))
    assert code == 0, err
    scenario = tomllib.loads(out.read_text())
    assert scenario["rosters"][next(iter(teams))] == {"agents": 7}
    assert "# Rosters from the given roster file" in out.read_text()
    assert load_scenario(out, policy).horizon.days == 28


def test_a_missing_roster_file_is_one_line(history, tmp_path, capsys):
    db, _, _, _ = history
    code, _, err = sla(
        capsys, "calibrate", "--db", db, "--dataset", "hist", "--out", str(tmp_path / "x.toml"),
        "--roster", str(tmp_path / "nope.toml"),
    )  # fmt: skip
    assert code == 1 and err.startswith("sla: error: --roster: ") and err.count("\n") == 1
    assert not (tmp_path / "x.toml").exists()


def test_calibrate_then_backtest_reproduces_the_history(history):
    """The round trip a planner relies on: the calibrated scenario, replayed over the history's weeks, gives
    the history's compliance within 3 pp (5 pp for status updates and notices) and its weekly volumes."""
    from simulation.api import backtest

    db, out, _, policy = history
    bt = backtest(Store(db), "hist", load_scenario(out, policy), policy, replications=5, seed=11)
    m = bt.metrics.set_index("metric")
    for metric in ("first_response", "handoff_pickup", "resolution", "acknowledgement"):
        assert abs(m.loc[metric, "error_pp"]) <= 3, bt.metrics
    for metric in ("status_update", "escalation_notice"):
        assert abs(m.loc[metric, "error_pp"]) <= 5, bt.metrics
    assert bt.passed and "reproduces" in bt.verdict()
    weekly = bt.volume.groupby("channel")[["history_tickets", "sim_tickets"]].mean()
    assert ((weekly["sim_tickets"] / weekly["history_tickets"] - 1).abs() < 0.05).all(), weekly


def test_without_an_agent_column_rosters_come_from_throughput(history, tmp_path, capsys):
    """The same history with every agent name removed: rosters from work hours / occupancy, flagged."""
    import pandas as pd

    db, _, _, policy = history
    csv = tmp_path / "events.csv"
    assert main(["export", "--db", db, "--dataset", "hist", str(csv)]) == 0
    events = pd.read_csv(csv, dtype=str, keep_default_na=False)
    events["agent"] = ""
    events.to_csv(csv, index=False)
    other = str(tmp_path / "noagents.duckdb")
    assert main(["import", str(csv), "--name", "noagents", "--db", other]) == 0
    out = tmp_path / "throughput.toml"
    capsys.readouterr()
    code, stdout, err = sla(capsys, "calibrate", "--db", other, "--dataset", "noagents", "--out", str(out))
    assert code == 0, err
    assert "gap: no agent column: rosters come from throughput" in stdout
    text = out.read_text()
    assert "# L1: from throughput: work hours per hour of week / occupancy 0.85" in text
    heads = np.asarray(tomllib.loads(text)["rosters"]["L1"]["headcount"])
    assert heads.min() >= 1 and heads.max() <= 10  # the desk is open around the clock; never absurd
    assert load_scenario(out, policy).horizon.days == 28


def test_bursts_come_back(tmp_path):
    """A history with three incidents a week of about 30 tickets: the bursts are found and measured."""
    text = default_scenario_path().read_text()
    text = text.replace("per_week = 0.5 ", "per_week = 3.0 ").replace("tickets = 25 ", "tickets = 30 ")
    scenario = tmp_path / "bursty.toml"
    scenario.write_text(text)
    db = str(tmp_path / "b.duckdb")
    args = ["simulate", "--db", db, "--scenario", str(scenario), "--name", "bursty", "--days", "28", "--seed", "5"]
    assert main([*args, "--workers", "1"]) == 0
    policy = api.load_policy()
    cal = api.calibrate(Store(db), "bursty", policy)
    assert len(cal.bursts) == 1, cal.bursts
    b = cal.bursts[0]
    assert (b["channel"], b["category"], b["complexity"]) == ("ticket", "vps", "standard")
    assert 1.5 <= b["per_week"] <= 4.5 and 22 <= b["tickets"] <= 38 and 5 <= b["within"] <= 40
    # The hourly rates leave the bursts out: about the default scenario's weekly tickets, not 90 more.
    truth = np.ravel(DEFAULT["arrivals"]["channels"]["ticket"]["rates"]).sum()
    assert abs(sum(cal.channels["ticket"]["rates"]) / truth - 1) < 0.06


def test_the_volume_rule_is_read_from_the_queue_at_pickup():
    """Tickets picked up with more than 5 waiting: 30 % of those the desk would keep went to the specialist."""
    import pandas as pd

    from analytics.calibration.measure import Calibration
    from analytics.calibration.timing import _measure_volume_rule

    rng = np.random.default_rng(1)
    n = 4000
    replied = pd.Timestamp("2026-03-02 10:00", tz="UTC") + pd.to_timedelta(rng.integers(0, 4 * 7 * 24 * 60, n), "min")
    held = rng.integers(0, 14, n) + 2  # two agents on duty in every hour: the queue is held - 2
    busy = held - 2 > 5
    volume = busy & (rng.random(n) < 0.3)
    other = ~volume & (rng.random(n) < 0.2)  # escalated for another reason: not a candidate
    loads = pd.DataFrame(
        {
            "created_at": replied,
            "replied_at": replied,
            "minutes": 1.0,
            "others": held - 1,
            "held_at_reply": held,
            "first_reason": np.where(volume, "volume", np.where(other, "server", None)),
            "handed_off": volume | other,
            "category": "vps",
        }
    )
    cal = Calibration("x", datetime.date(2026, 3, 2), 28, "Europe/Amsterdam", n)
    cal.specialist = {"vps": "L1"}  # open around the clock, so every pickup had its expert
    _measure_volume_rule(loads, np.full(168, 2.0), "Europe/Amsterdam", api.load_policy(), cal)
    rule = cal.routing_rule
    assert rule["n"] == int(volume.sum()) and 4 <= rule["volume_threshold"] <= 5
    assert abs(rule["volume_share"] - 0.3) < 0.05
    few = Calibration("x", datetime.date(2026, 3, 2), 28, "Europe/Amsterdam", n)
    _measure_volume_rule(loads.head(40), np.full(168, 2.0), "Europe/Amsterdam", api.load_policy(), few)
    assert not few.routing_rule and any("the load rule behind them is not fitted" in g for g in few.gaps)
