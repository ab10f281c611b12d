"""Rosters: headcount per hour of week in a team's own timezone, turned into on-duty steps.

A roster is written as ``agents = N`` (N agents whenever the team's policy calendar is open),
``headcount`` (a number, 168 values or 7 rows of 24, Monday 00:00-01:00 first) or ``shifts``
(``{days = "Mon-Fri", start = "08:00", end = "17:00", agents = 2}``; an end before the start runs
overnight). Times are local wall-clock hours of ``timezone`` (default: the team's policy timezone), so
rosters follow DST: after the clocks change, a 08:00 shift still starts at 08:00 local time. On the
team's public holidays (policy calendar) no one works unless ``work_on_holidays = true``.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import numpy as np
import pandas as pd

from analytics.sla.calendar import WEEKDAYS, parse_weekdays
from analytics.sla.policy import Team
from simulation.scenario import Roster

__all__ = ["DAYS", "calendar_hours", "duty_steps", "roster_from_spec", "uncovered_hours"]

DAYS = WEEKDAYS  # the policy's weekday names, Monday first: rows of a roster's 7 x 24 table
_GRID_MIN = 15  # UTC grid step: catches zones whose offsets are not whole hours


def _hour(text: object, what: str) -> int:
    if not isinstance(text, str) or len(text.split(":")) != 2:
        raise ValueError(f'{what} {text!r} must be a time like "08:00"')
    h, m = text.split(":")
    if not (h.isdigit() and m.isdigit()) or int(h) > 24 or int(m) > 59:
        raise ValueError(f'{what} {text!r} must be a time like "08:00"')
    if int(m) != 0:
        raise ValueError(f'{what} {text!r}: rosters work in whole hours; use e.g. "08:00"')
    return int(h)


def _days(text: object) -> list[int]:
    if not isinstance(text, str):
        raise ValueError(f'days {text!r} must be text like "Mon-Fri" or "Sat,Sun"')
    try:
        return parse_weekdays(text)  # the same day lists as the policy's hours
    except ValueError:
        raise ValueError(
            f'days {text!r}: use 3-letter names like "Mon", a range "Mon-Fri" or a list "Sat,Sun"'
        ) from None


def _table168(value, what: str) -> np.ndarray:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        arr = np.full(168, value, dtype=float)
    elif isinstance(value, list) and len(value) == 7 and all(isinstance(r, list) and len(r) == 24 for r in value):
        arr = np.array(value, dtype=float).reshape(168)
    elif isinstance(value, list) and len(value) == 168:
        arr = np.array(value, dtype=float)
    else:
        raise ValueError(f"{what}: give a number, 168 values, or 7 rows (Mon..Sun) of 24 values")
    return arr


def _check_counts(arr: np.ndarray, what: str) -> np.ndarray:
    bad = np.flatnonzero((arr < 0) | (arr != np.round(arr)) | ~np.isfinite(arr))
    if len(bad):
        i = int(bad[0])
        raise ValueError(
            f"{what}: {arr[i]!r} agents at {DAYS[i // 24]} {i % 24:02d}:00; headcounts are whole numbers, 0 or more"
        )
    return arr.astype(np.int64)


def calendar_hours(team: Team) -> np.ndarray:
    """1 for each hour of week in which the team's policy calendar is open at the full hour, else 0."""
    cal = team.calendar
    if cal.always_open:
        return np.ones(168, dtype=np.int64)
    out = np.zeros(168, dtype=np.int64)
    for day, ranges in enumerate(cal.weekly):
        for a, b in ranges:
            if a % 60 or b % 60:
                raise ValueError(
                    f"policy hours of {team.id} do not start and end on the hour; give a headcount "
                    "or shifts instead of 'agents'"
                )
            out[day * 24 + a // 60 : day * 24 + b // 60] = 1
    return out


def roster_from_spec(spec: object, team: Team) -> Roster:
    """A :class:`Roster` from a ``[rosters.TEAM]`` table; ``ValueError`` says what to fix."""
    if isinstance(spec, (int, float)) and not isinstance(spec, bool):
        spec = {"agents": spec}
    if not isinstance(spec, dict):
        raise ValueError("must be a table with agents, headcount or shifts")
    allowed = {"agents", "headcount", "shifts", "timezone", "work_on_holidays"}
    bad = sorted(set(spec) - allowed)
    if bad:
        raise ValueError(f"unknown key(s) {bad}; allowed: {', '.join(sorted(allowed))}")
    given = [k for k in ("agents", "headcount", "shifts") if k in spec]
    if len(given) != 1:
        raise ValueError(
            "give exactly one of agents (during the policy hours), headcount (per hour of week) "
            f"or shifts; found {', '.join(given) or 'none'}"
        )
    tz = spec.get("timezone", team.calendar.timezone)
    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(f"timezone: unknown timezone {tz!r}; use an IANA name such as 'Europe/Amsterdam'") from None
    if "agents" in spec:
        n = spec["agents"]
        if isinstance(n, bool) or not isinstance(n, (int, float)) or n < 0 or n != int(n):
            raise ValueError(f"agents: {n!r} must be a whole number of agents, 0 or more")
        if "timezone" in spec:
            raise ValueError(
                "timezone: 'agents' follows the team's policy hours in the policy's timezone; "
                "use headcount or shifts for other hours"
            )
        head = calendar_hours(team) * int(n)
    elif "headcount" in spec:
        head = _check_counts(_table168(spec["headcount"], "headcount"), "headcount")
    else:
        shifts = spec["shifts"]
        if not isinstance(shifts, list) or not shifts:
            raise ValueError(
                'shifts: give a list like [{days = "Mon-Fri", start = "08:00", end = "17:00", agents = 2}]'
            )
        head = np.zeros(168, dtype=np.int64)
        for i, sh in enumerate(shifts, 1):
            w = f"shifts[{i}]"
            if not isinstance(sh, dict) or set(sh) - {"days", "start", "end", "agents"}:
                raise ValueError(f"{w}: must be a table with days, start, end and agents")
            n = sh.get("agents", 1)
            if isinstance(n, bool) or not isinstance(n, int) or n < 0:
                raise ValueError(f"{w}.agents: {n!r} must be a whole number, 0 or more")
            try:
                days = _days(sh.get("days", "Mon-Sun"))
                a, b = _hour(sh.get("start"), "start"), _hour(sh.get("end"), "end")
            except ValueError as exc:
                raise ValueError(f"{w}.{exc}") from None
            if a == b or a == 24:
                raise ValueError(
                    f"{w}: start {sh.get('start')} and end {sh.get('end')} make an empty or "
                    "unclear shift; use 00:00-24:00 for a whole day"
                )
            length = (b - a) % 24 or 24
            for d in days:
                for h in range(a, a + length):
                    head[(d * 24 + h) % 168] += n  # past midnight: the next day's early hours
    wh = spec.get("work_on_holidays", False)
    if not isinstance(wh, bool):
        raise ValueError(f"work_on_holidays: {wh!r} must be true or false")
    return Roster(head.astype(np.int64), tz, wh)


def uncovered_hours(headcount: np.ndarray) -> str:
    """Hours of the week with nobody on duty, as ``"Mon 02:00-06:00, Sun 00:00-24:00"``; ``""`` if none."""
    zero = np.asarray(headcount) <= 0
    parts, i = [], 0
    while i < 168:
        if zero[i]:
            j = i
            while j + 1 < 168 and zero[j + 1] and (j + 1) // 24 == i // 24:
                j += 1
            parts.append(f"{DAYS[i // 24]} {i % 24:02d}:00-{j % 24 + 1:02d}:00")
            i = j + 1
        else:
            i += 1
    return ", ".join(parts)


def duty_steps(roster: Roster, team: Team, origin: dt.datetime, minutes: float) -> tuple[np.ndarray, np.ndarray]:
    """On-duty headcount as steps over simulated time ``[0, minutes]``.

    Returns ``(times, counts)``: ``counts[i]`` agents are on duty from minute ``times[i]`` until
    ``times[i + 1]``; ``times[0] == 0``. Built on a 15-minute UTC grid converted to local time, so a
    repeated fall-back hour is staffed twice and a skipped spring-forward hour not at all.
    """
    n = int(np.ceil(minutes / _GRID_MIN)) + 1
    grid = pd.date_range(origin, periods=n, freq=f"{_GRID_MIN}min", tz="UTC")
    local = grid.tz_convert(roster.timezone)
    slot = local.day_of_week.to_numpy() * 24 + local.hour.to_numpy()
    counts = roster.headcount[slot].copy()
    if not roster.work_on_holidays:
        closed = team.calendar.closed_dates_in(local[0].year, local[-1].year)
        if closed:
            # Local calendar days as day numbers (not one date object per grid step).
            days = local.tz_localize(None).to_numpy().astype("datetime64[D]")
            counts[np.isin(days, np.array(sorted(closed), dtype="datetime64[D]"))] = 0
    change = np.concatenate(([True], counts[1:] != counts[:-1]))
    times = np.arange(n, dtype=float)[change] * _GRID_MIN
    return times, counts[change]
