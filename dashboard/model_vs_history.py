"""What the staffing page's *Model vs history* tab works out besides drawing: its choices, keys and frames.

Pure functions over the dataset list, scenarios and a :class:`simulation.api.Backtest`; the page only draws
their results. The baseline of the what-ifs can be a calibrated scenario's text held in the session;
:data:`EDIT_KEYS` are the what-if edits that belong to one baseline and are dropped when it changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import replace

import pandas as pd

from simulation.api import Backtest, Scenario

__all__ = [
    "ALL_TEAMS",
    "EDIT_KEYS",
    "RESULTS_KEPT",
    "backtest_key",
    "baseline_run_name",
    "default_history",
    "digest",
    "edit_keys",
    "history_options",
    "of_team",
    "over_period",
    "remember",
    "scenario_file_name",
    "teams_of",
    "weekly",
    "worst_metric",
]

ALL_TEAMS = ""  # the team selector's choice for every team together
EDIT_KEYS = ("staff_rosters", "staff_team", "staff_multiplier", "staff_escalations")
RESULTS_KEPT = 4  # backtests kept in a session (each holds a few small frames)


def history_options(datasets: pd.DataFrame) -> list[str]:
    """Dataset names to check the model against: histories first, then simulations, each in list order."""
    if datasets.empty or "name" not in datasets:
        return []
    names = [str(n) for n in datasets["name"]]
    kinds = [str(k) for k in datasets["kind"]]
    return [n for n, k in zip(names, kinds, strict=True) if k == "history"] + [
        n for n, k in zip(names, kinds, strict=True) if k != "history"
    ]


def default_history(options: list[str], kinds: dict[str, str], selected: str | None) -> str | None:
    """The sidebar's dataset when it is a history, else the first history, else the first dataset."""
    if selected in options and kinds.get(selected) == "history":
        return selected
    return options[0] if options else None


def digest(text: str) -> str:
    """Short hash of a scenario's text: the same text, the same scenario."""
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def over_period(scenario: Scenario, start: dt.date, days: int) -> Scenario:
    """``scenario`` run over the days ``[start, start + days)`` (a history's period), warm-up kept."""
    return replace(scenario, horizon=replace(scenario.horizon, start=start, days=float(days)))


def backtest_key(version: tuple, dataset: str, scenario: Scenario, replications: int, seed: int) -> tuple:
    """What a backtest's result depends on: the files' versions, the history, the scenario (its text and
    period), replications and seed."""
    h = scenario.horizon
    return (version, dataset, digest(scenario.text), h.start.isoformat(), h.days, replications, seed)


def remember(results: dict, key: tuple, bt: Backtest, kept: int = RESULTS_KEPT) -> None:
    """Keep ``bt`` under ``key`` in a session's dict of results, dropping the oldest beyond ``kept``."""
    results.pop(key, None)
    results[key] = bt
    while len(results) > kept:
        results.pop(next(iter(results)))


def teams_of(bt: Backtest, metric: str) -> list[str]:
    """The teams with clocks of ``metric`` in a backtest's history or simulation, in name order."""
    cells = bt.cells[bt.cells["metric"] == metric]
    return sorted({str(t) for t in cells["team"].dropna()})


def weekly(bt: Backtest, metric: str, team: str = ALL_TEAMS) -> pd.DataFrame:
    """Per week of one metric (all teams, or one): history, clocks, simulated mean, band and ``small``."""
    if team == ALL_TEAMS:
        df = bt.weeks[bt.weeks["metric"] == metric]
    else:
        df = bt.cells[(bt.cells["metric"] == metric) & (bt.cells["team"] == team)]
    df = df.assign(week=pd.to_datetime(df["week"]))
    return df.sort_values("week").reset_index(drop=True)


def of_team(df: pd.DataFrame, team: str = ALL_TEAMS) -> pd.DataFrame:
    """Rows of ``Backtest.teams`` or ``Backtest.cells`` of one team, or all of them."""
    return df if team == ALL_TEAMS else df[df["team"] == team]


def worst_metric(bt: Backtest) -> str:
    """The judged metric farthest from the history (the chart's first choice), else the first metric."""
    judged = bt.metrics[bt.metrics["judged"]].dropna(subset=["error_pp"])
    if judged.empty:
        return str(bt.metrics["metric"].iloc[0])
    return str(judged.loc[judged["error_pp"].abs().idxmax(), "metric"])


def edit_keys(state: Iterable[str]) -> list[str]:
    """The session keys of what-if edits (rosters, volume, escalation shares) present in ``state``."""
    return [k for k in state if k in EDIT_KEYS or str(k).startswith("staff_roster::")]


def baseline_run_name(base: Scenario, calibrated: bool, days: float, replications: int, seed: int) -> str:
    """Dataset name of the what-ifs' baseline run. The default scenario keeps ``baseline-14d-5x-seed2026``;
    a calibrated baseline is named by its scenario and text, so a run of another baseline is never reused."""
    settings = f"{days:g}d-{replications}x-seed{seed}"
    return f"{base.name}-{digest(base.text)[:6]}-{settings}" if calibrated else f"baseline-{settings}"


def scenario_file_name(name: str) -> str:
    """A safe ``.toml`` file name for a scenario's name (letters, digits, ``.``, ``_``, ``-``)."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._")
    return f"{stem or 'scenario'}.toml"
