"""A :class:`~simulation.backtest.Backtest` as tables for people: the CLI's table format and the dashboard.

Percentages read ``94.9%``, errors ``+4.2 pp``, times in human units (``2 h 5 min``), bands ``[a, b]``;
a figure whose history has too few clocks says so instead of a verdict.
"""

from __future__ import annotations

import math

import pandas as pd

from analytics.api import format_duration
from simulation.backtest import MIN_CLOCKS, Backtest

__all__ = ["cells_table", "handoffs_table", "metrics_table", "resolution_table", "volume_table"]


def _pct(v: float) -> str:
    return "n/a" if not math.isfinite(v) else f"{v:.1f}%"


def _band(lo: float, hi: float, fmt=_pct) -> str:
    return "" if not (math.isfinite(lo) and math.isfinite(hi)) else f"[{fmt(lo)}, {fmt(hi)}]"


def _pp(v: float) -> str:
    return "n/a" if not math.isfinite(v) else f"{v:+.1f} pp"


def metrics_table(bt: Backtest) -> pd.DataFrame:
    """One row per metric: history (clocks), simulated mean, 95 % band of one replication, error, verdict."""
    rows = []
    for r in bt.metrics.itertuples():
        if not r.judged:
            verdict = f"not judged: {r.clocks} clocks (fewer than {MIN_CLOCKS})"
        elif not math.isfinite(r.sim_pct):
            verdict = "off: the replay has no such clock"
        elif r.ok:
            verdict = f"within {bt.threshold:g} pp"
        elif r.in_band:
            verdict = f"off by more than {bt.threshold:g} pp, inside the band (chance)"
        else:
            verdict = f"off by more than {bt.threshold:g} pp, outside the band"
        rows.append(
            {
                "metric": r.metric,
                "history": _pct(r.history_pct),
                "clocks": r.clocks,
                "simulated": _pct(r.sim_pct),
                "95% band": _band(r.band_low, r.band_high),
                "error": _pp(r.error_pp),
                "verdict": verdict,
            }
        )
    return pd.DataFrame(rows)


def cells_table(df: pd.DataFrame, keys: list[str], limit: int | None = None) -> pd.DataFrame:
    """Per-team or per-week rows (``bt.teams``, ``bt.weeks``, ``bt.cells``), largest |error| first."""
    d = df.dropna(subset=["error_pp"]).copy()
    d = d.reindex(d["error_pp"].abs().sort_values(ascending=False, kind="stable").index)
    if limit is not None:
        d = d.head(limit)
    out = pd.DataFrame({k: d[k].astype(str) for k in keys})
    out["history"] = [_pct(v) for v in d["history_pct"]]
    out["clocks"] = d["clocks"].astype(int).to_numpy()
    out["simulated"] = [_pct(v) for v in d["sim_pct"]]
    out["95% band"] = [_band(a, b) for a, b in zip(d["band_low"], d["band_high"])]
    out["error"] = [_pp(v) for v in d["error_pp"]]
    out["note"] = [
        "small sample" if s else ("history outside band" if not b else "") for s, b in zip(d["small"], d["in_band"])
    ]
    return out.reset_index(drop=True)


def resolution_table(bt: Backtest) -> pd.DataFrame:
    """Resolution p50 and p90 per team (as the SLA measures it): history against the simulated mean."""
    rows = []
    for r in bt.resolution.itertuples():
        row = {"team": r.team, "cycles": r.history_cycles}
        for q in ("p50", "p90"):
            err = getattr(r, f"{q}_error_pct")
            row[f"history {q}"] = format_duration(getattr(r, f"history_{q}_s"))
            row[f"simulated {q}"] = format_duration(getattr(r, f"sim_{q}_s"))
            row[f"{q} error"] = "n/a" if not math.isfinite(err) else f"{err:+.0f}%"
        row["note"] = "small sample" if r.history_cycles < 30 else ""
        rows.append(row)
    return pd.DataFrame(rows)


def handoffs_table(bt: Backtest) -> pd.DataFrame:
    """Hand-offs per route and reason: share of tickets and count, history against simulated."""
    d = bt.handoffs
    return pd.DataFrame(
        {
            "route": [f"{a} → {b}" for a, b in zip(d["from_team"], d["to_team"])],
            "reason": d["reason"],
            "history share": [_pct(v) for v in d["history_share_pct"]],
            "simulated share": [_pct(v) for v in d["sim_share_pct"]],
            "error": [_pp(v) for v in d["error_pp"]],
            "history count": d["history_handoffs"].astype(int),
            "simulated count": [f"{v:.1f}" for v in d["sim_handoffs"]],
        }
    )


def volume_table(bt: Backtest) -> pd.DataFrame:
    """Tickets per week and channel: history against the simulated mean and its band."""
    d = bt.volume
    return pd.DataFrame(
        {
            "week": d["week"].astype(str),
            "channel": d["channel"],
            "history": d["history_tickets"].astype(int),
            "simulated": [f"{v:.1f}" for v in d["sim_tickets"]],
            "95% band": [_band(a, b, lambda v: f"{v:.0f}") for a, b in zip(d["band_low"], d["band_high"])],
            "error": ["n/a" if not math.isfinite(v) else f"{v:+.1f}%" for v in d["error_pct"]],
        }
    )
