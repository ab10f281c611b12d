"""The policy in force as readable tables, and what-if copies of it with other targets.

A what-if is a recomputation, never a migration: :func:`with_targets` returns a new
:class:`~analytics.sla.policy.Policy` whose clocks are computed from the same stored events.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from analytics.sla.calendar import WEEKDAYS, Calendar
from analytics.sla.durations import format_duration, parse_target
from analytics.sla.policy import Policy

__all__ = ["hours_text", "metrics_table", "target_rows", "teams_table", "with_targets"]


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def hours_text(calendar: Calendar) -> str:
    """Weekly hours as people write them: ``"Mon–Fri 09:00–18:00"``, or ``"24/7"``."""
    if calendar.always_open:
        return "24/7"
    groups: list[tuple[int, int, tuple]] = []  # first day, last day, ranges
    for day, ranges in enumerate(calendar.weekly):
        if groups and groups[-1][2] == ranges and groups[-1][1] == day - 1:
            groups[-1] = (groups[-1][0], day, ranges)
        else:
            groups.append((day, day, ranges))
    parts = []
    for first, last, ranges in groups:
        if not ranges:
            continue
        days = WEEKDAYS[first] if first == last else f"{WEEKDAYS[first]}–{WEEKDAYS[last]}"
        parts.append(f"{days} " + ", ".join(f"{_hhmm(a)}–{_hhmm(b)}" for a, b in ranges))
    return "; ".join(parts)


def teams_table(policy: Policy) -> pd.DataFrame:
    """One row per team: id, name, tier, hours, timezone, public holidays."""
    rows = []
    for t in policy.teams.values():
        c = t.calendar
        holidays = (
            ""
            if c.always_open or not c.holiday_country
            else (c.holiday_country + (f"-{c.holiday_subdiv}" if c.holiday_subdiv else ""))
        )
        rows.append(
            {
                "Team": t.id,
                "Name": t.name,
                "Tier": "" if t.tier is None else str(t.tier),
                "Hours": hours_text(c),
                "Timezone": "" if c.always_open else c.timezone,
                "Public holidays": holidays,
                "Handles": t.description,
            }
        )
    return pd.DataFrame(rows)


def _target(seconds: float | None) -> str:
    return "its estimate" if seconds is None else format_duration(seconds)


def target_rows(policy: Policy, metric: str) -> pd.DataFrame:
    """A metric's targets: the default, then each more specific rule, as ``rule, applies_to, target``."""
    m = policy.metrics[metric]
    rows = [{"rule": 0, "applies_to": "default", "target": _target(m.target_seconds)}]
    for i, o in enumerate(m.overrides, start=1):
        scope = ", ".join(
            f"{k} {v}" for k, v in (("channel", o.channel), ("complexity", o.complexity), ("team", o.team)) if v
        )
        rows.append({"rule": i, "applies_to": scope, "target": _target(o.target_seconds)})
    return pd.DataFrame(rows)


def metrics_table(policy: Policy) -> pd.DataFrame:
    """Every metric with its targets in words, calendar and pause rule."""
    rows = []
    for m in policy.metrics.values():
        targets = target_rows(policy, m.name)
        text = "; ".join(
            f"{r.target}" if r.applies_to == "default" else f"{r.applies_to}: {r.target}" for r in targets.itertuples()
        )
        calendar = {
            "24/7": "24/7",
            "team": "the clock's team's hours",
            "receiving_team": "the receiving team's hours",
        }.get(m.calendar, f"{m.calendar} hours")
        rows.append(
            {
                "Metric": m.name.replace("_", " ").capitalize(),
                "Targets": text,
                "Calendar": calendar,
                "Customer waits": "left out" if m.pauses else "counted",
                "What it measures": m.description,
            }
        )
    return pd.DataFrame(rows)


def with_targets(policy: Policy, metric: str, targets: list[str]) -> Policy:
    """A copy of ``policy`` in which ``metric``'s targets (default first, then each rule in order, as
    in :func:`target_rows`) are replaced by ``targets`` (``"15min"``, ``"1h 30min"``, ``"estimate"``).

    Raises
    ------
    ValueError
        A target that is not a duration, or a wrong number of targets; the message names the rule.
    """
    if metric not in policy.metrics:
        raise ValueError(f"unknown metric {metric!r}; known: {', '.join(policy.metrics)}")
    m = policy.metrics[metric]
    if len(targets) != 1 + len(m.overrides):
        raise ValueError(f"{metric} has {1 + len(m.overrides)} targets; got {len(targets)}")

    def parse(text: str, where: str) -> float | None:
        text = str(text).strip()
        if metric == "resolution" and text.lower() in ("estimate", "its estimate"):
            return None
        return parse_target(text, what=f"{metric} target ({where})")

    default = parse(targets[0], "default")
    overrides = tuple(
        replace(o, target_seconds=parse(t, f"rule {i}"))
        for i, (o, t) in enumerate(zip(m.overrides, targets[1:], strict=True), start=1)
    )
    metrics = dict(policy.metrics)
    metrics[metric] = replace(m, target_seconds=default, overrides=overrides)
    return replace(
        policy, metrics=metrics, name=f"{policy.name} (what-if)", text=policy.text + f"\n# what-if {metric}: {targets}"
    )
