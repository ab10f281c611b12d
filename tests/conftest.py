"""Shared fixtures: a fresh store per test, the sample dataset, helpers to write event files."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from analytics.ingest import import_file
from analytics.sla.policy import load_policy
from analytics.store.database import Store
from analytics.vocabulary import CANONICAL_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_EVENTS = ROOT / "sample_data" / "sample_events.csv"
DATASETS = ROOT.parent / "shared" / "datasets"


@pytest.fixture(autouse=True)
def dashboard_as_started_by_sla(monkeypatch):
    """The dashboard as ``sla dashboard`` starts it: on 127.0.0.1, no editor secret, not read-only
    (so its local user is editor). Tests of roles change this; AppTest serves nothing itself."""
    from streamlit import config

    for var in ("SLA_EDITOR_SECRET_HASH", "SLA_EDITOR_SECRET_HASH_FILE", "SLA_READ_ONLY"):
        monkeypatch.delenv(var, raising=False)
    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", before)


def shown(markdown: str) -> str:
    """What a reader sees of Markdown text whose outside values were escaped (``dashboard.markup.plain``)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")


@pytest.fixture(scope="session")
def policy():
    return load_policy()


@pytest.fixture
def store(tmp_path) -> Store:
    s = Store(tmp_path / "db" / "sla.duckdb")
    yield s
    s.close()


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Store:
    """A database with the sample events imported as dataset 'sample' (read-only use)."""
    s = Store(tmp_path_factory.mktemp("sample") / "sla.duckdb")
    import_file(s, SAMPLE_EVENTS, name="sample")
    yield s
    s.close()


def write_events(path: Path, rows: list[dict], columns=CANONICAL_COLUMNS) -> Path:
    """Write canonical event rows (dicts) to a CSV file with the given header."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(columns), extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r)
    return path


def ticket(tid: str, start: str = "2026-03-02T10:00:00+01:00", **attrs) -> list[dict]:
    """A minimal valid ticket: created, acknowledged, replied, resolved (times in minutes after start)."""
    import pandas as pd

    t0 = pd.Timestamp(start)

    def at(minutes: float) -> str:
        return (t0 + pd.Timedelta(minutes=minutes)).isoformat()

    created = {
        "ticket_id": tid,
        "at": at(0),
        "kind": "created",
        "team": "L1",
        "channel": "ticket",
        "complexity": "simple",
        "category": "billing",
    }
    created.update(attrs)
    return [
        created,
        {"ticket_id": tid, "at": at(1), "kind": "acknowledged"},
        {"ticket_id": tid, "at": at(5), "kind": "agent_reply", "team": "L1", "agent": "anna"},
        {"ticket_id": tid, "at": at(20), "kind": "resolved", "team": "L1", "agent": "anna"},
    ]
