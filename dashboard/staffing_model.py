"""What the staffing page edits and estimates: rosters as tables, escalation shares, Erlang C per hour.

Pure functions over :mod:`simulation` objects and pandas frames; the page only draws their results.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from analytics import api
from simulation.api import DAYS, REASONS_DRAWN, Roster, Scenario, ScenarioError, erlang_c

__all__ = [
    "HOURS",
    "HOUR_ROWS",
    "erlang_grid",
    "escalation_frame",
    "intake_rate_per_hour",
    "mean_intake_minutes",
    "roster_frame",
    "roster_from_frame",
    "team_figures",
    "waits_frame",
    "with_escalation_shares",
]

HOURS = [f"{h:02d}" for h in range(24)]
HOUR_ROWS = [f"{h:02d}:00" for h in range(24)]


def roster_frame(roster: Roster) -> pd.DataFrame:
    """Headcount as a 24 x 7 table: local hours as rows (``"08:00"``), weekdays as columns."""
    return pd.DataFrame(np.asarray(roster.headcount).reshape(7, 24).T, index=HOUR_ROWS, columns=list(DAYS))


def roster_from_frame(frame: pd.DataFrame, team: str) -> np.ndarray:
    """168 headcounts from an edited table; ``ScenarioError`` names the cell that is not a whole number >= 0."""
    values = frame.to_numpy(dtype=float, na_value=np.nan).T  # back to weekday x hour
    for d, h in zip(*np.nonzero(~np.isfinite(values) | (values < 0) | (values != np.round(values))), strict=True):
        raise ScenarioError(
            f"Roster of {team}, {DAYS[d]} {h:02d}:00: {values[d, h]!r} is not a headcount; "
            "enter a whole number of agents, 0 or more"
        )
    return values.reshape(168).astype(np.int64)


def escalation_frame(s: Scenario) -> pd.DataFrame:
    """Share of each category's tickets escalated for each reason (over its complexity mix), in %."""
    rows = []
    for name, cat in s.categories.items():
        row = {"category": name}
        for reason in REASONS_DRAWN:
            row[reason] = 100 * sum(
                cat.complexity.get(cx, 0) * cat.escalation.get(cx, {}).get(reason, 0) for cx in api.COMPLEXITIES
            )
        rows.append(row)
    return pd.DataFrame(rows).set_index("category").round(2)


def with_escalation_shares(s: Scenario, edited: pd.DataFrame) -> Scenario:
    """Scale each category's probabilities per reason so its overall share becomes the edited one."""
    base = escalation_frame(s)
    categories = {}
    for name, cat in s.categories.items():
        esc = {cx: dict(p) for cx, p in cat.escalation.items()}
        for reason in REASONS_DRAWN:
            new, old = float(edited.loc[name, reason]), float(base.loc[name, reason])
            if not np.isfinite(new) or new < 0 or new > 100:
                raise ScenarioError(f"Escalation shares, {name} / {reason}: {new!r} must be a percentage from 0 to 100")
            if abs(new - old) < 1e-9:
                continue
            if old == 0:
                if new > 0:
                    raise ScenarioError(
                        f"Escalation shares, {name} / {reason}: the scenario never escalates {name} "
                        f"for {reason!r}, so there is no pattern to scale; set it in the scenario file"
                    )
                continue
            for cx in esc:
                if reason in esc[cx]:
                    esc[cx][reason] *= new / old
        for cx, probs in esc.items():
            if sum(probs.values()) > 1 + 1e-9:
                raise ScenarioError(
                    f"Escalation shares, {name}: with these values more than all {cx} {name} tickets "
                    f"would be escalated ({sum(probs.values()) * 100:.0f}%); lower them"
                )
        categories[name] = replace(cat, escalation=esc)
    return replace(s, categories=categories)


def intake_rate_per_hour(s: Scenario, multiplier: float) -> np.ndarray:
    """Tickets and chats per hour of week reaching the intake team."""
    return sum(ch.rates for ch in s.channels.values()) * multiplier


def mean_intake_minutes(s: Scenario) -> float:
    """Mean first work time of the intake team over the ticket mix."""
    total, weight = 0.0, 0.0
    for ch in s.channels.values():
        volume = float(ch.rates.sum())
        for cname, share in ch.categories.items():
            for cx, p in s.categories[cname].complexity.items():
                w = volume * share * p
                total += w * s.work_dist(s.intake, cname, cx).expected
                weight += w
    return total / weight if weight else 0.0


def erlang_grid(s: Scenario, headcount: np.ndarray, multiplier: float, within_minutes: float) -> pd.DataFrame:
    """P(first response within target) per hour of week, in %, as if each hour lasted (NaN: overloaded).

    Laid out like :func:`roster_frame`: hours as rows, weekdays as columns.
    """
    rates = intake_rate_per_hour(s, multiplier)
    mean = mean_intake_minutes(s)
    out = np.full(168, np.nan)
    for h in range(168):
        ec = erlang_c(rates[h], mean, int(headcount[h])) if rates[h] > 0 else None
        if rates[h] <= 0:
            out[h] = 100.0
        elif ec is not None:
            out[h] = 100 * ec.p_within(within_minutes)
    return pd.DataFrame(out.reshape(7, 24).T, index=HOUR_ROWS, columns=list(DAYS))


def waits_frame(params: dict, team: str) -> pd.DataFrame:
    """Mean queue wait (minutes) by hour of week at ``team`` from a run's statistics."""
    w = params.get("waits_by_hour_of_week", {}).get(team)
    if not w:
        return pd.DataFrame(np.full((7, 24), np.nan), index=list(DAYS), columns=HOURS)
    return pd.DataFrame(np.array(w["mean_minutes"], dtype=float).reshape(7, 24), index=list(DAYS), columns=HOURS)


def team_figures(params: dict, days: float) -> pd.DataFrame:
    """Utilisation and agent-hours per week per team of a run."""
    util, hours = params.get("utilisation", {}), params.get("agent_hours", {})
    weeks = max(days / 7.0, 1e-9)
    return pd.DataFrame(
        {
            "team": list(util),
            "utilisation_pct": [100 * (u if u == u else 0) for u in util.values()],
            "agent_hours_per_week": [hours.get(t, 0) / weeks for t in util],
        }
    )
