"""``sla simulate`` and ``sla compare``: parallel replications, determinism, comparison, errors."""

from __future__ import annotations

import json

import pytest

from analytics.store.database import Store, fetch_one
from simulation.compare import compare
from simulation.scenario_parse import default_scenario_path
from sla.cli import main

SCENARIO = str(default_scenario_path())


def sla(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """'base' (the default roster) and 'more' (one more L1 agent on every hour), 3 replications each."""
    tmp = tmp_path_factory.mktemp("simcli")
    db = tmp / "sla.duckdb"
    more = tmp / "more.toml"
    text = default_scenario_path().read_text()
    weekday = "  [2, 2, 2, 2, 2, 2, 2, 3, 5, 6"
    assert text.count(weekday) == 5
    more.write_text(
        text.replace('name = "baseline"', 'name = "more-l1"').replace(weekday, "  [3, 3, 3, 3, 3, 3, 3, 4, 6, 7")
    )
    assert (
        main(
            [
                "simulate",
                "--db",
                str(db),
                "--scenario",
                SCENARIO,
                "--name",
                "base",
                "--replications",
                "3",
                "--days",
                "3",
                "--seed",
                "5",
                "--workers",
                "2",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "simulate",
                "--db",
                str(db),
                "--scenario",
                str(more),
                "--name",
                "more",
                "--replications",
                "3",
                "--days",
                "3",
                "--seed",
                "5",
                "--workers",
                "1",
            ]
        )
        == 0
    )
    return db


def test_simulate_writes_one_dataset_with_replications(two_runs):
    con = Store(two_runs).reader()
    kind, seed, scenario, params = fetch_one(
        con, "SELECT kind, seed, scenario, params FROM datasets WHERE name = 'base'"
    )
    assert (kind, seed, scenario) == ("simulation", 5, "baseline")
    params = json.loads(params)
    assert params["replications"] == 3 and params["days"] == 3 and len(params["scenario_hash"]) == 12
    reps = con.execute(
        "SELECT t.replication, count(*) FROM tickets t JOIN datasets d USING (dataset_id) "
        "WHERE d.name = 'base' GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert [r[0] for r in reps] == [1, 2, 3] and all(r[1] > 400 for r in reps)


def test_workers_do_not_change_the_events(two_runs, tmp_path):
    db = tmp_path / "one.duckdb"
    assert (
        main(
            [
                "simulate",
                "--db",
                str(db),
                "--scenario",
                SCENARIO,
                "--name",
                "base",
                "--replications",
                "3",
                "--days",
                "3",
                "--seed",
                "5",
                "--workers",
                "1",
            ]
        )
        == 0
    )
    q = (
        "SELECT e.ticket_id, e.seq, e.ts, e.kind, e.team, e.agent, e.to_team, e.reason, e.due_at FROM events e "
        "JOIN datasets d "
        "USING (dataset_id) WHERE d.name = 'base' ORDER BY ticket_id, seq"
    )
    assert Store(db).reader().execute(q).fetchall() == Store(two_runs).reader().execute(q).fetchall()


def test_progress_bar_and_summary(capsys, tmp_path):
    code, out, err = sla(
        capsys,
        "simulate",
        "--db",
        str(tmp_path / "p.duckdb"),
        "--name",
        "p",
        "--days",
        "1",
        "--replications",
        "2",
        "--workers",
        "1",
    )
    assert code == 0
    assert "2/2 replications" in err and "[####" in err
    assert "Simulated 'baseline' into dataset 'p': 2 replication(s), seed 2026" in out
    assert "Utilisation" in out


def test_compare_gives_intervals_and_differences(two_runs, capsys):
    df = compare(Store(two_runs), "base", "more")
    fr = df.set_index("metric").loc["first_response"]
    assert fr["paired"] and fr["a_low"] <= fr["a_pct"] <= fr["a_high"]
    assert fr["diff_pts"] == pytest.approx(fr["b_pct"] - fr["a_pct"])
    assert fr["diff_pts"] >= 0  # more L1 agents: first responses not worse
    code, out, _ = sla(capsys, "compare", "base", "more", "--db", str(two_runs))
    assert code == 0
    assert "A: base" in out and "B: more" in out and "B - A (95% CI)" in out and "first_response" in out
    code, out, _ = sla(capsys, "compare", "base", "more", "--db", str(two_runs), "--format", "json")
    rows = json.loads(out)
    assert {r["metric"] for r in rows} >= {"first_response", "resolution"}


@pytest.mark.parametrize(
    "args,message",
    [
        (["--name", "x", "--scenario", "nope.toml"], "nope.toml: scenario file not found"),
        (["--name", "x", "--replications", "0"], "--replications: 0 must be a whole number from 1 to 1000"),
        (["--name", "x", "--days", "0"], "--days: '0' must be a number of days from 0.042 (one hour) to 3660"),
        (["--name", "x", "--workers", "0"], "--workers: 0 must be 1 or more"),
    ],
)
def test_simulate_errors_are_one_line(capsys, tmp_path, args, message):
    code, _, err = sla(capsys, "simulate", "--db", str(tmp_path / "e.duckdb"), *args)
    assert code == 1
    assert err.startswith("sla: error: ") and message in err and err.count("\n") == 1


def test_name_taken_and_unknown_dataset(two_runs, capsys):
    code, _, err = sla(capsys, "simulate", "--db", str(two_runs), "--name", "base", "--days", "1")
    assert code == 1 and "a simulation named 'base' already exists" in err and "--replace" in err
    code, _, err = sla(capsys, "compare", "base", "nothere", "--db", str(two_runs))
    assert code == 1 and "no dataset named 'nothere'" in err
