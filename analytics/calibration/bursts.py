"""Incident bursts: many tickets of one channel within minutes, far more than the hour of week's rate explains.

A ticket starts a burst window when its channel has at least ``k*`` tickets from it to :data:`WINDOW_MIN`
minutes later, ``k*`` being the smallest count a Poisson process at that hour's rate reaches with probability
below :data:`ALPHA` (and at least :data:`MIN_TICKETS`). Every ticket inside such a window is a burst
member; members less than a window apart form one burst. The hourly rates are then measured without the
members, so the bursts' tickets are not counted twice when a calibrated scenario replays both.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analytics.calibration.history import _df

__all__ = ["ALPHA", "MIN_TICKETS", "WINDOW_MIN", "measure_bursts", "poisson_threshold"]

WINDOW_MIN = 20  # minutes of a burst window
ALPHA = 1e-6  # chance a window at the usual rate reaches the threshold (about one false window per 10^6)
MIN_TICKETS = 8  # fewer tickets than this in a window are never a burst


def poisson_threshold(lam: np.ndarray, alpha: float = ALPHA, kmax: int = 10_000) -> np.ndarray:
    """The smallest ``k`` with P(X >= k) < ``alpha`` for X ~ Poisson(``lam``), element-wise."""
    lam = np.asarray(lam, dtype=float)
    out = np.empty(lam.shape, dtype=int)
    for u in np.unique(lam):
        if u <= 0:
            out[lam == u] = 1
            continue
        top = int(min(kmax, u + 12 * math.sqrt(u) + 40))
        j = np.arange(top + 1)
        logpmf = -u + j * math.log(u) - np.array([math.lgamma(x + 1) for x in j])
        sf = 1 - np.cumsum(np.exp(logpmf))  # P(X > j) = P(X >= j + 1)
        k = int(np.argmax(sf < alpha)) + 1
        out[lam == u] = k
    return out


def _members(times: np.ndarray, flagged: np.ndarray, window: float) -> np.ndarray:
    """Tickets (sorted ``times``, minutes) inside a window that starts at a flagged ticket."""
    starts = times[flagged]
    if starts.size == 0:
        return np.zeros(times.size, dtype=bool)
    i = np.searchsorted(starts, times, side="right") - 1
    ok = i >= 0
    out = np.zeros(times.size, dtype=bool)
    out[ok] = times[ok] < starts[i[ok]] + window
    return out


def measure_bursts(con, p: dict, tz: str, cal) -> pd.DataFrame:
    """Find bursts, write them to ``cal.bursts`` and take their tickets out of ``cal.channels`` rates.

    Returns the member tickets (``ticket_id``) so other measures can leave them out.
    """
    d = _df(con, "burst_windows", p | {"window_minutes": WINDOW_MIN})
    if d.empty:
        return d.iloc[:0]
    local = pd.to_datetime(d["created_at"], utc=True).dt.tz_convert(tz)
    slot = (local.dt.day_of_week * 24 + local.dt.hour).to_numpy()
    minutes = (pd.to_datetime(d["created_at"], utc=True) - pd.Timestamp(p["start"])).dt.total_seconds().to_numpy() / 60
    member = np.zeros(len(d), dtype=bool)
    for channel, idx in d.groupby("channel").indices.items():
        rates = np.asarray(cal.channels.get(str(channel), {}).get("rates", np.zeros(168)))
        lam = rates[slot[idx]] * WINDOW_MIN / 60
        need = np.maximum(poisson_threshold(lam), MIN_TICKETS)
        flagged = d["in_window"].to_numpy()[idx] >= need
        member[idx] = _members(minutes[idx], flagged, WINDOW_MIN)
    m = d[member].assign(minute=minutes[member], slot=slot[member])
    weeks = cal.days / 7
    if m.empty:
        cal.notes["bursts"] = f"no burst: no {WINDOW_MIN}-minute window above its hour's rate (p < {ALPHA:g})"
        return m
    m = m.sort_values(["channel", "minute"])
    new = (m["channel"] != m["channel"].shift()) | (m["minute"].diff() > WINDOW_MIN)
    m["burst"] = new.cumsum()
    per = m.groupby("burst").agg(
        channel=("channel", "first"),
        category=("category", lambda s: s.mode().iat[0] if s.notna().any() else None),
        complexity=("complexity", lambda s: s.mode().iat[0] if s.notna().any() else "standard"),
        tickets=("ticket_id", "size"),
        span=("minute", lambda s: float(s.max() - s.min())),
    )
    for (channel, category, complexity), g in per.groupby(["channel", "category", "complexity"], dropna=False):
        cal.bursts.append(
            {
                "channel": str(channel),
                "category": None if pd.isna(category) else str(category),
                "complexity": str(complexity),
                "per_week": len(g) / weeks,
                "tickets": float(g["tickets"].mean()),
                "within": max(1.0, float(g["span"].median())),
                "n": len(g),
                "members": int(g["tickets"].sum()),
            }
        )
    # The rates without the members: per channel and hour of week, members / times the hour occurred.
    occurred = cal.notes.get("occurred", {})
    for channel, g in m.groupby("channel"):
        spec = cal.channels.get(str(channel))
        occ = occurred.get(str(channel))
        if spec is None or occ is None:
            continue
        counts = np.bincount(g["slot"].to_numpy(), minlength=168)
        spec["rates"] = np.maximum(0.0, np.asarray(spec["rates"]) - counts / np.maximum(occ, 1)).tolist()
        spec["n"] -= len(g)
        cats = dict(spec["categories"])
        total = sum(cats.values())
        if total > 0:
            base = {k: v * (spec["n"] + len(g)) for k, v in cats.items()}
            for cat, k in g["category"].fillna("unknown").value_counts().items():
                base[str(cat)] = max(0.0, base.get(str(cat), 0.0) - k)
            s = sum(base.values())
            spec["categories"] = {k: v / s for k, v in base.items() if v > 0} if s else cats
    return m
