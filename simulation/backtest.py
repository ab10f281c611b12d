"""Backtest: replay a history's period with a scenario and compare, per metric, team and week.

The scenario is simulated into a temporary database (the user's store is only read), then the same
figures are taken from the history and from each replication through ``analytics.api.backtest_measures``:
compliance (met / (met + breached)), resolution p50 and p90, hand-off shares and weekly volumes. For each
figure the simulated mean over replications comes with a 95 % band for one replication,
mean ± t(0.975, n-1) · sd · √(1 + 1/n): the range a single history would fall in if the model were right
(a prediction interval, wider than the confidence interval of the mean). The error is the simulated
mean minus the history, in percentage points for compliance and shares, in percent for times and volumes.

The verdict is per metric over the whole period: within ``threshold`` pp or not; a miss is also told
apart as *chance* (the history lies inside the band: one history of this length varies that much even
under the true model, e.g. hand-off pickup over four weeks) or *off* (outside the band: a model error,
or the replay has no such clock at all). A metric whose history has fewer than :data:`MIN_CLOCKS`
finished clocks is shown but not judged (too few to tell a model error from chance), and cells (team,
week) with fewer than :data:`SMALL_CELL` clocks are marked ``small``.
"""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analytics import api
from analytics.sla.policy import Policy
from analytics.vocabulary import METRICS
from simulation.runner import DEFAULT_SEED, simulate
from simulation.scenario import Scenario
from simulation.stats import t_quantile_975

__all__ = ["MIN_CLOCKS", "SMALL_CELL", "Backtest", "backtest", "band"]

MIN_CLOCKS = 100  # finished clocks of a metric in the history below which its error is not judged
SMALL_CELL = 30  # finished clocks of a (team, week) cell below which it is marked small
RUN = "backtest"


@dataclass
class Backtest:
    """What :func:`backtest` found.

    Attributes
    ----------
    dataset, scenario : str
        The history's and the scenario's names.
    start : datetime.date
    days : int
        The compared period (the scenario's horizon).
    replications, seed : int
    threshold : float
        Largest acceptable |error| of a metric, in percentage points.
    metrics : pandas.DataFrame
        Per metric: ``history_pct, clocks, sim_pct, band_low, band_high, error_pp, in_band, ok, verdict, judged``
        (``verdict``: within, chance, off or not judged).
    teams, weeks, cells : pandas.DataFrame
        The same per (metric, team), (metric, week) and (metric, team, week), with ``small``.
    resolution : pandas.DataFrame
        Per team (and ``all``): history and simulated p50 / p90 in seconds, errors in percent.
    handoffs : pandas.DataFrame
        Per (from_team, to_team, kind, reason): history and simulated share of tickets (%), volumes.
    volume : pandas.DataFrame
        Per (week, channel): history and simulated tickets, error in percent.
    """

    dataset: str
    scenario: str
    start: dt.date
    days: int
    replications: int
    seed: int
    threshold: float
    metrics: pd.DataFrame
    teams: pd.DataFrame
    weeks: pd.DataFrame
    cells: pd.DataFrame
    resolution: pd.DataFrame
    handoffs: pd.DataFrame
    volume: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """Every judged metric within the threshold (and at least one judged)."""
        judged = self.metrics[self.metrics["judged"]]
        return bool(len(judged)) and bool(judged["ok"].all())

    def verdict(self) -> str:
        """One sentence for people: the threshold's verdict, and whether each miss is beyond chance."""
        judged = self.metrics[self.metrics["judged"]]
        if judged.empty:
            return (
                f"No verdict: no metric has {MIN_CLOCKS} or more finished clocks in the history, too few to "
                "tell a model error from chance."
            )
        off = judged[~judged["ok"]]
        if off.empty:
            which = f"all {len(judged)} judged metrics are" if len(judged) > 1 else "the one judged metric is"
            return (
                f"The model reproduces the history: {which} within {self.threshold:g} pp "
                f"(largest error {judged['error_pp'].abs().max():.1f} pp)."
            )
        parts = "; ".join(_miss(r) for r in off.itertuples())
        return (
            f"The model does not reproduce the history within {self.threshold:g} pp on {len(off)} of {len(judged)} "
            f"judged metrics: {parts}."
        )

    def as_dict(self) -> dict:
        """Plain values for JSON."""

        def records(df: pd.DataFrame) -> list[dict]:
            out = df.copy()
            for c in out.columns:
                if pd.api.types.is_datetime64_any_dtype(out[c]) or out[c].map(type).eq(dt.date).any():
                    out[c] = out[c].astype(str)
            return [
                {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in r.items()}
                for r in out.to_dict("records")
            ]

        return {
            "dataset": self.dataset,
            "scenario": self.scenario,
            "start": self.start.isoformat(),
            "days": self.days,
            "replications": self.replications,
            "seed": self.seed,
            "threshold_pp": self.threshold,
            "passed": self.passed,
            "verdict": self.verdict(),
            "notes": self.notes,
            "metrics": records(self.metrics),
            "teams": records(self.teams),
            "weeks": records(self.weeks),
            "cells": records(self.cells),
            "resolution": records(self.resolution),
            "handoffs": records(self.handoffs),
            "volume": records(self.volume),
        }


def _miss(r) -> str:
    if not math.isfinite(r.sim_pct):
        return f"{r.metric}: the replay has no such clock (the history {r.history_pct:.1f}%)"
    if r.in_band:
        return f"{r.metric} {r.error_pp:+.1f} pp (inside the band: one history varies this much by chance)"
    return f"{r.metric} {r.error_pp:+.1f} pp (outside the band: a model error)"


def band(values: np.ndarray) -> tuple[float, float, float]:
    """Mean of the finite values and the 95 % band of one more draw: mean ± t · sd · √(1 + 1/n)."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    n = len(x)
    if n == 0:
        return float("nan"), float("nan"), float("nan")
    m = float(x.mean())
    if n < 2:
        return m, float("nan"), float("nan")
    half = t_quantile_975(n - 1) * float(x.std(ddof=1)) * math.sqrt(1 + 1 / n)
    return m, m - half, m + half


def _floor0(x: float) -> float:
    """``x`` raised to 0 (a band of times or counts), NaN kept."""
    return max(0.0, x) if math.isfinite(x) else x


def _pct(met, breached):
    total = met + breached
    return np.where(total > 0, 100.0 * met / np.maximum(total, 1), np.nan)


def _compare_compliance(hist: pd.DataFrame, sim: pd.DataFrame, keys: list[str], reps: int, threshold: float):
    h = hist.groupby(keys, dropna=False)[["met", "breached"]].sum()
    s = sim.groupby([*keys, "replication"], dropna=False)[["met", "breached"]].sum()
    s = s.assign(pct=_pct(s["met"], s["breached"]))["pct"].unstack("replication")
    s = s.reindex(columns=range(1, reps + 1))
    idx = h.index.union(s.index) if len(s) else h.index
    h, s = h.reindex(idx), s.reindex(idx)
    rows = []
    for key in idx:
        met, br = h.loc[key, "met"], h.loc[key, "breached"]
        n = 0 if pd.isna(met) else int(met + br)
        hp = 100.0 * met / n if n else float("nan")
        m, lo, hi = band(s.loc[key].to_numpy(float))
        err = m - hp
        rows.append([*(key if isinstance(key, tuple) else (key,)), hp, n, m, lo, hi, err])
    out = pd.DataFrame(rows, columns=[*keys, "history_pct", "clocks", "sim_pct", "band_low", "band_high", "error_pp"])
    out["band_low"] = out["band_low"].clip(lower=0)
    out["band_high"] = out["band_high"].clip(upper=100)
    out["in_band"] = (out["history_pct"] >= out["band_low"]) & (out["history_pct"] <= out["band_high"])
    out["ok"] = out["error_pp"].abs() <= threshold
    out["verdict"] = np.select(
        [out["ok"], out["in_band"]], ["within", "chance"], default="off"
    )  # off: beyond the threshold and outside the band
    if "metric" in keys:
        order = {m: i for i, m in enumerate(METRICS)}
        out = out.sort_values(keys, key=lambda c: c.map(order) if c.name == "metric" else c, kind="stable")
    return out.reset_index(drop=True)


def _compare_resolution(hist: pd.DataFrame, sim: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for team in sorted(set(hist["team"]) | set(sim["team"]), key=lambda t: (t == "all", t)):
        h = hist[hist["team"] == team]
        s = sim[sim["team"] == team]
        row = {"team": team, "history_cycles": int(h["cycles"].sum()), "sim_cycles": float(s["cycles"].mean())}
        for q in ("p50", "p90"):
            hv = float(h[f"{q}_seconds"].iloc[0]) if len(h) else float("nan")
            m, lo, hi = band(s[f"{q}_seconds"].to_numpy(float))
            row |= {
                f"history_{q}_s": hv,
                f"sim_{q}_s": m,
                f"sim_{q}_low_s": _floor0(lo),
                f"sim_{q}_high_s": hi,
                f"{q}_error_pct": 100 * (m - hv) / hv if hv else float("nan"),
            }
        rows.append(row)
    return pd.DataFrame(rows)


def _compare_handoffs(hist: pd.DataFrame, sim: pd.DataFrame, hist_tickets: int, sim_tickets: pd.Series, reps: int):
    keys = ["from_team", "to_team", "kind", "reason"]
    h = hist.groupby(keys)["handoffs"].sum()
    s = sim.groupby([*keys, "replication"])["handoffs"].sum().unstack("replication")
    s = s.reindex(columns=range(1, reps + 1)).fillna(0)
    idx = h.index.union(s.index)
    h, s = h.reindex(idx).fillna(0), s.reindex(idx).fillna(0)
    per_rep = sim_tickets.reindex(range(1, reps + 1)).to_numpy(float)
    rows = []
    for key in idx:
        counts = s.loc[key].to_numpy(float)
        m, lo, hi = band(100 * counts / per_rep)
        hs = 100 * h.loc[key] / hist_tickets if hist_tickets else float("nan")
        rows.append([*key, int(h.loc[key]), float(counts.mean()), hs, m, _floor0(lo), hi, m - hs])
    out = pd.DataFrame(
        rows,
        columns=[
            *keys,
            "history_handoffs",
            "sim_handoffs",
            "history_share_pct",
            "sim_share_pct",
            "band_low",
            "band_high",
            "error_pp",
        ],
    )
    return out.sort_values("history_handoffs", ascending=False, kind="stable").reset_index(drop=True)


def _compare_volume(hist: pd.DataFrame, sim: pd.DataFrame, reps: int) -> pd.DataFrame:
    keys = ["week", "channel"]
    h = hist.groupby(keys)["tickets"].sum()
    s = sim.groupby([*keys, "replication"])["tickets"].sum().unstack("replication")
    s = s.reindex(columns=range(1, reps + 1)).fillna(0)
    idx = h.index.union(s.index)
    h, s = h.reindex(idx).fillna(0), s.reindex(idx).fillna(0)
    rows = []
    for key in idx:
        m, lo, hi = band(s.loc[key].to_numpy(float))
        hv = float(h.loc[key])
        rows.append([*key, hv, m, _floor0(lo), hi, 100 * (m - hv) / hv if hv else float("nan")])
    return pd.DataFrame(rows, columns=[*keys, "history_tickets", "sim_tickets", "band_low", "band_high", "error_pct"])


def backtest(
    store,
    dataset: str,
    scenario: Scenario,
    policy: Policy,
    *,
    replications: int = 5,
    seed: int = DEFAULT_SEED,
    threshold: float = 3.0,
    workers: int | None = None,
    progress=None,
) -> Backtest:
    """Simulate ``scenario`` over its horizon and compare it with the history ``dataset`` over the same days.

    Parameters
    ----------
    store : Store
        Holds the history; it is only read (the simulation is written to a temporary database).
    dataset : str
        The history (usually the one the scenario was calibrated from).
    scenario : Scenario
        Its horizon gives the compared period (``sla calibrate`` writes the history's period).
    policy : Policy
    replications : int
        From 2 for a band (default 5); 1 gives the mean without a band.
    seed : int
    threshold : float
        Largest acceptable |error| of a metric in percentage points (default 3).
    workers : int, optional
    progress : callable, optional
        ``progress(done, total)`` after each replication.

    Returns
    -------
    Backtest

    Raises
    ------
    ValueError
        Unknown dataset, a threshold that is not a positive number, or no history ticket in the
        scenario's period (with what to do).
    """
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 < threshold <= 100:
        raise ValueError(f"--threshold: {threshold!r} must be a number of percentage points above 0, e.g. 3")
    h = scenario.horizon
    start = h.start
    days = max(1, math.ceil(h.days))
    filters = api.Filters(start=start, end=start + dt.timedelta(days=days - 1))
    hist = api.backtest_measures(store, dataset, policy, filters=filters)  # DatasetNotFound names the known ones
    info = api.dataset_info(store, dataset)
    hist_tickets = int(hist["volume"]["tickets"].sum())
    if hist_tickets == 0:
        raise ValueError(
            f"dataset {dataset!r} has no ticket created from {start} to {filters.end} (the scenario's horizon); "
            f"calibrate a scenario from it first: sla calibrate --dataset {dataset} --out calibrated.toml"
        )
    with tempfile.TemporaryDirectory(prefix="sla-backtest-") as tmp:
        run_store = api.Store(Path(tmp) / "backtest.duckdb")
        simulate(
            run_store,
            scenario,
            policy,
            name=RUN,
            replications=replications,
            seed=seed,
            workers=workers,
            progress=progress,
        )
        sim = api.backtest_measures(run_store, RUN, policy, filters=filters)
    comp_h, comp_s = hist["compliance"], sim["compliance"]
    metrics = _compare_compliance(comp_h, comp_s, ["metric"], replications, threshold)
    metrics["judged"] = metrics["clocks"] >= MIN_CLOCKS
    metrics.loc[~metrics["judged"], "verdict"] = "not judged"
    teams = _compare_compliance(comp_h, comp_s, ["metric", "team"], replications, threshold)
    weeks = _compare_compliance(comp_h, comp_s, ["metric", "week"], replications, threshold)
    cells = _compare_compliance(comp_h, comp_s, ["metric", "team", "week"], replications, threshold)
    for df in (teams, weeks, cells):
        df["small"] = df["clocks"] < SMALL_CELL
    sim_tickets = sim["volume"].groupby("replication")["tickets"].sum()
    notes = []
    if replications < 2:
        notes.append("one replication: no band; use --replications 5 or more to judge the spread")
    if info.kind == "simulation" and (info.params or {}).get("replications", 1) > 1:
        notes.append(f"{dataset!r} is a simulation of several replications; they are pooled as one history")
    return Backtest(
        dataset=dataset,
        scenario=scenario.name,
        start=start,
        days=days,
        replications=replications,
        seed=seed,
        threshold=float(threshold),
        metrics=metrics,
        teams=teams,
        weeks=weeks,
        cells=cells,
        resolution=_compare_resolution(hist["resolution"], sim["resolution"]),
        handoffs=_compare_handoffs(hist["handoffs"], sim["handoffs"], hist_tickets, sim_tickets, replications),
        volume=_compare_volume(hist["volume"], sim["volume"], replications),
        notes=notes,
    )
