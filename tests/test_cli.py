"""The `sla` command line as a scriptable contract: outputs, exit codes, one-line errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pandas as pd
import pytest
from conftest import ROOT, SAMPLE_EVENTS, ticket, write_events

CLOCK_CONTRACT = [
    "ticket_id",
    "metric",
    "cycle",
    "team",
    "started_at",
    "stopped_at",
    "target_seconds",
    "elapsed_seconds",
    "status",
    "breached_at",
]


def sla(*args, env_db=None, check=True):
    env = None
    if env_db is not None:
        import os

        env = dict(os.environ, SLA_DB=str(env_db))
    proc = subprocess.run(
        [sys.executable, "-m", "sla.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"sla {' '.join(map(str, args))} failed: {proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "cli.duckdb"
    out = sla("import", SAMPLE_EVENTS, "--format", "events", "--name", "sample", "--db", path)
    assert "14 new tickets" in out.stdout
    return path


def test_datasets_formats(db):
    js = json.loads(sla("datasets", "--format", "json", "--db", db).stdout)
    assert js[0]["name"] == "sample" and js[0]["tickets"] == 14 and js[0]["kind"] == "history"
    csv = pd.read_csv(io.StringIO(sla("datasets", "--format", "csv", "--db", db).stdout))
    assert csv.loc[0, "events"] == 99
    assert "sample" in sla("datasets", "--db", db).stdout


def test_sla_db_environment_variable(db):
    assert json.loads(sla("datasets", "--format", "json", env_db=db).stdout)[0]["name"] == "sample"


def test_clocks_csv_contract(db):
    df = pd.read_csv(io.StringIO(sla("clocks", "--dataset", "sample", "--format", "csv", "--db", db).stdout))
    assert list(df.columns[: len(CLOCK_CONTRACT)]) == CLOCK_CONTRACT
    assert len(df) > 60 and df["cycle"].min() == 1
    row = df[(df.ticket_id == "E1-friday-night-sysadmin") & (df.metric == "handoff_pickup")].iloc[0]
    assert (row.status, row.elapsed_seconds, row.breached_at) == ("breached", 2100.0, "2026-03-09T07:20:00+00:00")


def test_clocks_json_and_filters(db):
    rows = json.loads(
        sla("clocks", "--dataset", "sample", "--format", "json", "--status", "pending", "--db", db).stdout
    )
    assert {r["ticket_id"] for r in rows} == {"E11-still-open"}
    assert all(r["stopped_at"] is None for r in rows)


def test_as_of_makes_clocks_pending_or_breached(db):
    # at 10:05 CET on 2 March, G1 had been acknowledged but not yet answered (5 min into 10)
    df = pd.read_csv(
        io.StringIO(
            sla(
                "clocks", "--dataset", "sample", "--format", "csv", "--as-of", "2026-03-02T10:05:00+01:00", "--db", db
            ).stdout
        )
    )
    assert set(df.ticket_id) == {"G1-double-charge"}
    fr = df[df.metric == "first_response"].iloc[0]
    assert (fr.status, fr.elapsed_seconds) == ("pending", 300.0)


def test_compliance_by_metric_team_week(db):
    df = pd.read_csv(
        io.StringIO(
            sla("compliance", "--dataset", "sample", "--by", "metric,team,week", "--format", "csv", "--db", db).stdout
        )
    )
    assert list(df.columns) == ["metric", "team", "week", "met", "breached", "pending", "compliance_pct"]
    total = pd.read_csv(io.StringIO(sla("compliance", "--dataset", "sample", "--format", "csv", "--db", db).stdout))
    ack = total.set_index("metric").loc["acknowledgement"]
    assert (ack.met, ack.breached, ack.pending) == (13, 1, 0)
    assert ack.compliance_pct == round(100 * 13 / 14, 2)
    assert (
        df.groupby("metric")[["met", "breached", "pending"]]
        .sum()
        .equals(total.set_index("metric")[["met", "breached", "pending"]])
    )


def test_policy_change_recomputes_without_reimport(db, tmp_path):
    text = (ROOT / "sample_data" / "policy.toml").read_text()
    looser = tmp_path / "looser.toml"
    looser.write_text(
        text.replace(
            "[metrics.acknowledgement]\n"
            'description = "Automatic acknowledgement: created -> first acknowledged, 24/7."\n'
            'target = "2min"\n[[metrics.acknowledgement.targets]]\nchannel = "chat"\ntarget = "1min"',
            '[metrics.acknowledgement]\ntarget = "2min"',
        )
    )
    assert looser.read_text() != text
    df = pd.read_csv(
        io.StringIO(sla("compliance", "--dataset", "sample", "--format", "csv", "--policy", looser, "--db", db).stdout)
    ).set_index("metric")
    assert df.loc["acknowledgement", "breached"] == 0  # the 90 s chat acknowledgement now meets 2 min


def test_export_then_import(db, tmp_path):
    out = tmp_path / "export.parquet"
    assert "Exported 99 events" in sla("export", "--dataset", "sample", out, "--db", db).stdout
    other = tmp_path / "other.duckdb"
    sla("import", out, "--name", "again", "--db", other)
    assert json.loads(sla("datasets", "--format", "json", "--db", other).stdout)[0]["events"] == 99


@pytest.mark.parametrize(
    "args, message",
    [
        (["clocks", "--dataset", "nope", "--format", "csv"], "no dataset named 'nope' (datasets: sample)"),
        (["compliance", "--dataset", "sample", "--by", "metric,colour"], "cannot group by 'colour'"),
        (["clocks", "--dataset", "sample", "--as-of", "2026-03-02 10:00"], "has no UTC offset"),
        (["clocks", "--dataset", "sample", "--policy", "/nonexistent/policy.toml"], "policy file not found"),
        (["import", "/nonexistent/file.csv", "--name", "x"], "/nonexistent/file.csv: file not found"),
        (["delete", "sample"], "repeat with --yes"),
    ],
)
def test_errors_are_one_clear_line(db, args, message):
    proc = sla(*args, "--db", db, check=False)
    assert proc.returncode == 1
    assert proc.stderr.startswith("sla: error: ") and message in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1


def test_missing_database_is_explained(tmp_path):
    proc = sla("datasets", "--db", tmp_path / "none.duckdb", check=False)
    assert proc.returncode == 1 and "database not found" in proc.stderr and "sla import" in proc.stderr


def test_import_with_rejects_then_view_them(tmp_path):
    rows = ticket("T1") + ticket("T2")
    rows[5]["kind"] = "teleported"
    path = write_events(tmp_path / "x.csv", rows)
    db = tmp_path / "r.duckdb"
    out = sla("import", path, "--name", "x", "--db", db).stdout
    assert "1 new tickets" in out and "4 rows refused" in out and "line 7: unknown event kind 'teleported'" in out
    rj = pd.read_csv(io.StringIO(sla("rejects", "--dataset", "x", "--format", "csv", "--db", db).stdout))
    assert list(rj.source_line) == [6, 7, 8, 9]


def test_rename_and_delete(tmp_path):
    db = tmp_path / "rd.duckdb"
    sla("import", SAMPLE_EVENTS, "--name", "a", "--db", db)
    sla("rename", "a", "b", "--db", db)
    assert json.loads(sla("datasets", "--format", "json", "--db", db).stdout)[0]["name"] == "b"
    sla("delete", "b", "--yes", "--db", db)
    assert json.loads(sla("datasets", "--format", "json", "--db", db).stdout) == []


def test_a_bad_setting_fails_only_what_uses_it(db):
    import os

    env = dict(os.environ, SLA_COMPLIANCE_GOAL="abc", SLA_FACT_CACHE_ENTRIES="x")
    listed = subprocess.run(
        [sys.executable, "-m", "sla.cli", "datasets", "--db", str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert listed.returncode == 0 and "sample" in listed.stdout, listed.stderr
    computed = subprocess.run(
        [sys.executable, "-m", "sla.cli", "compliance", "--dataset", "sample", "--db", str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert computed.returncode == 1
    assert computed.stderr.startswith("sla: error: SLA_FACT_CACHE_ENTRIES='x' is not a whole number")
