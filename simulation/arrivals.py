"""Arrivals: non-homogeneous Poisson per channel (a rate per hour of week), trend, incident bursts.

All tickets of a replication and their attributes are drawn up front, vectorised, from their own
random streams. Rates are per local hour of the week in the horizon's timezone (DST-correct: after the
clocks change, the Monday-morning peak still comes at Monday-morning local time). Because arrivals do
not depend on staffing, a baseline and a changed roster run with the same seed see the very same
customers (common random numbers), which makes their difference sharper.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.vocabulary import COMPLEXITIES
from simulation.scenario import PRIORITIES, REASONS_DRAWN, Scenario

__all__ = ["NO_REASON", "Arrivals", "generate", "hourly_rates"]

NO_REASON = -1


@dataclass
class Arrivals:
    """One row per ticket, sorted by arrival time (minutes since the run's origin)."""

    t: np.ndarray
    channel: np.ndarray  # index into CHANNEL_NAMES
    category: np.ndarray  # index into list(scenario.categories)
    complexity: np.ndarray  # index into COMPLEXITIES
    priority: np.ndarray  # index into PRIORITIES
    site: np.ndarray  # index into list(scenario.sites)
    customer: np.ndarray
    reason: np.ndarray  # index into REASONS_DRAWN, or NO_REASON: L1 resolves it itself
    channels: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.t)


def hourly_rates(s: Scenario, channel: str) -> np.ndarray:
    """Expected tickets per hour of the run for one channel (multiplier and trend applied)."""
    h = s.horizon
    hours = int(np.ceil(h.end_minutes / 60.0))
    starts = pd.date_range(h.origin, periods=hours, freq="60min", tz="UTC").tz_convert(h.timezone)
    slot = starts.day_of_week.to_numpy() * 24 + starts.hour.to_numpy()
    years = (np.arange(hours) * 60.0 - h.warmup_minutes) / (365.0 * 1440.0)
    return s.channels[channel].rates[slot] * s.multiplier * np.maximum(1.0 + s.trend * years, 0.0)


def _pick(rng: np.random.Generator, shares: dict, keys: list, n: int) -> np.ndarray:
    p = np.array([shares.get(k, 0.0) for k in keys], dtype=float)
    return rng.choice(len(keys), size=n, p=p / p.sum())


def generate(s: Scenario, rng_times: np.random.Generator, rng_attrs: np.random.Generator) -> Arrivals:
    """Draw every arrival of the run (including the warm-up) and its attributes."""
    h = s.horizon
    cats = list(s.categories)
    chans = tuple(s.channels)
    ts, ch, cat = [], [], []
    cx_fixed = []
    for ci, name in enumerate(chans):
        rates = hourly_rates(s, name)
        counts = rng_times.poisson(rates)
        hour = np.repeat(np.arange(len(rates)), counts)
        t = (hour + rng_times.random(len(hour))) * 60.0
        ts.append(t)
        ch.append(np.full(len(t), ci))
        cat.append(_pick(rng_attrs, s.channels[name].categories, cats, len(t)))
        cx_fixed.append(np.full(len(t), -1))
    weeks = h.end_minutes / (7 * 1440.0)
    for b in s.bursts:
        k = rng_times.poisson(b.per_week * weeks)
        starts = rng_times.random(k) * h.end_minutes
        sizes = rng_times.poisson(b.tickets, size=k)
        t = np.repeat(starts, sizes) + rng_times.random(int(sizes.sum())) * b.within
        keep = t < h.end_minutes
        t = t[keep]
        ts.append(t)
        ch.append(np.full(len(t), chans.index(b.channel) if b.channel in chans else 0))
        cat.append(np.full(len(t), cats.index(b.category)))
        cx_fixed.append(np.full(len(t), COMPLEXITIES.index(b.complexity)))
    t = np.concatenate(ts)
    order = np.argsort(t, kind="stable")
    t, ch, cat = t[order], np.concatenate(ch)[order], np.concatenate(cat)[order]
    cx = np.concatenate(cx_fixed)[order]
    n = len(t)
    # Complexity by category, escalation reason by category x complexity: one uniform each.
    u_cx, u_reason = rng_attrs.random(n), rng_attrs.random(n)
    reason = np.full(n, NO_REASON)
    for k, name in enumerate(cats):
        c = s.categories[name]
        mine = cat == k
        cum = np.cumsum([c.complexity.get(x, 0.0) for x in COMPLEXITIES])
        drawn = np.minimum(np.searchsorted(cum / cum[-1], u_cx[mine], side="right"), len(COMPLEXITIES) - 1)
        cx[mine] = np.where(cx[mine] >= 0, cx[mine], drawn)
        for j, cxname in enumerate(COMPLEXITIES):
            probs = c.escalation.get(cxname, {})
            sel = mine & (cx == j)
            if not probs or not sel.any():
                continue
            cum_r = np.cumsum([probs.get(r, 0.0) for r in REASONS_DRAWN])
            idx = np.searchsorted(cum_r, u_reason[sel], side="right")
            reason[sel] = np.where(idx < len(REASONS_DRAWN), idx, NO_REASON)
    sites = list(s.sites)
    return Arrivals(
        t=t,
        channel=ch,
        category=cat,
        complexity=cx,
        priority=_pick(rng_attrs, s.priorities, list(PRIORITIES), n),
        site=_pick(rng_attrs, s.sites, sites, n),
        customer=rng_attrs.integers(1, s.customers + 1, size=n),
        reason=reason,
        channels=chans,
    )
