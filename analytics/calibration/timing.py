"""Work times per team, behaviour delays and shares, and rosters of a calibrated period."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.calibration.fit import fit_duration
from analytics.calibration.history import _df

__all__ = ["measure_behaviour", "measure_rosters", "measure_work", "open_hours"]

PER_CATEGORY = 50  # work steps of a (team, category) from which it gets its own fit
OCCUPANCY = 0.85  # target occupancy of a roster derived from throughput
SESSION_GAP_HOURS = 6  # events of one agent closer than this belong to one session (one shift)


def _factors(steps: pd.DataFrame) -> dict:
    """Complexity factors relative to ``standard``: a ratio of means within (team, category) cells."""
    cells = (
        steps.dropna(subset=["complexity"]).groupby(["team", "category", "complexity"])["minutes"].agg(["mean", "size"])
    )
    if cells.empty:
        return {}
    wide = cells["mean"].unstack("complexity")
    size = cells["size"].unstack("complexity")
    if "standard" not in wide:
        return {}
    out = {"standard": 1.0}
    for c in wide.columns.drop("standard"):
        both = wide[c].notna() & wide["standard"].notna()
        w = size.loc[both, c]
        if w.sum() >= 20:
            out[str(c)] = round(float((w * wide.loc[both, c]).sum() / (w * wide.loc[both, "standard"]).sum()), 3)
    return out


def measure_work(con, p: dict, cal) -> None:
    """Lognormal (or empirical) work time per team, and per category where there are enough steps."""
    steps = _df(con, "work_segments", p)
    cal.notes["work_steps"] = steps
    if steps.empty:
        cal.gaps.append("no work steps (no replies, pickups or resolutions by a team): work times not measured")
        return
    work = steps[~steps["paused"]]
    cal.complexity_factor = _factors(work)
    factor = work["complexity"].map(cal.complexity_factor).fillna(1.0)
    norm = work.assign(minutes=work["minutes"] / factor)
    for team, g in norm.groupby("team"):
        fits = {"default": fit_duration(g["minutes"], f"{team} work steps, wall-clock")}
        for category, gc in g.groupby("category"):
            if len(gc) >= PER_CATEGORY:
                fits[str(category)] = fit_duration(gc["minutes"], f"{team} {category} work steps, wall-clock")
        if fits["default"].n < 20:
            cal.gaps.append(f"work.{team}: {fits['default'].note}")
        cal.work[str(team)] = fits


def measure_behaviour(con, p: dict, cal) -> None:
    """Delays (fits with n) and shares (pause, reopen, denial) of the ``[behaviour]`` table."""
    delays = _df(con, "behaviour_delays", p)
    names = {
        "ack_delay": "created -> acknowledged",
        "notice_delay": "hand-off -> the same team's next reply",
        "status_every": "consecutive replies while work goes on",
        "pause_duration": "paused -> resumed",
        "reopen_after": "resolved -> reopened",
        "close_after": "resolved -> closed",
        "approval_delay": "approval requested -> decision (includes the approver's queue and work)",
    }
    for key, what in names.items():
        fit = fit_duration(delays.loc[delays["measure"] == key, "minutes"], what)
        cal.behaviour[key] = fit
        if fit.n < 20:
            stays = "; the scenario's default stays" if fit.method == "none" else ""
            cal.gaps.append(f"behaviour.{key} ({what}): {fit.note}{stays}")
    steps = cal.notes.get("work_steps")
    if steps is not None and len(steps):
        cal.behaviour["pause_probability"] = (float(steps["paused"].mean()), len(steps))
    counts = _df(con, "behaviour_counts", p).iloc[0]
    if counts["resolved_tickets"]:
        cal.behaviour["reopen_probability"] = (
            float(counts["reopened_tickets"] / counts["resolved_tickets"]),
            int(counts["resolved_tickets"]),
        )
    decided = int(counts["approvals_granted"] + counts["approvals_denied"])
    if decided:
        cal.behaviour["approval_denied"] = (float(counts["approvals_denied"] / decided), decided)
    cal.gaps.append(
        "behaviour.reply_writing: the intake team's pickup is not logged, so its work is measured from the "
        "first reply and reply_writing is 0s"
    )
    cal.gaps.append("behaviour.ack_outages_per_week: outages are not separated; they are part of ack_delay")


def open_hours(team) -> np.ndarray:
    """1 for each hour of week in which the team's policy calendar is open for any part of the hour."""
    cal = team.calendar
    if cal.always_open:
        return np.ones(168, dtype=int)
    out = np.zeros(168, dtype=int)
    for day, ranges in enumerate(cal.weekly):
        for a, b in ranges:
            out[day * 24 + a // 60 : day * 24 + -(-b // 60)] = 1
    return out


def measure_rosters(con, p: dict, policy, cal, roster_given: bool) -> None:
    """Headcount per hour of week per team: from agent sessions, else from throughput; at least 1 when open."""
    if roster_given:
        return
    presence = _df(con, "data_presence", p).iloc[0]
    teams = sorted(set(cal.work) | set(cal.routing.values()) | set(cal.specialist.values()))
    teams = [t for t in teams if t in policy.teams]
    steps = cal.notes.get("work_steps")
    for team in teams:
        tz = policy.teams[team].calendar.timezone
        if presence["agent_events"]:
            g = _df(con, "roster_activity", p | {"team": team, "tz": tz, "gap_hours": SESSION_GAP_HOURS})
            grid = np.zeros(168)
            grid[g["slot"].to_numpy()] = g["agents"].to_numpy()
            method = (
                "estimate: agents present per hour of week (first to last event of each agent's sessions,"
                f" events less than {SESSION_GAP_HOURS} h apart), averaged over the weeks; idle agents leave"
                " no trace, so a quiet team's headcount is a lower bound"
            )
        elif steps is not None and (steps["team"] == team).any():
            s = steps[steps["team"] == team]
            local = pd.to_datetime(s["started_at"], utc=True).dt.tz_convert(tz)
            slot = (local.dt.dayofweek * 24 + local.dt.hour).to_numpy()
            weeks = cal.days / 7
            grid = np.bincount(slot, weights=s["minutes"].to_numpy() / 60, minlength=168) / weeks / OCCUPANCY
            method = f"from throughput: work hours per hour of week / occupancy {OCCUPANCY} (no agent column)"
        else:
            continue
        heads = np.rint(grid).astype(int)
        open_ = open_hours(policy.teams[team])
        low = int(((heads < 1) & (open_ > 0)).sum())
        if low:
            heads = np.maximum(heads, open_)
            method += f"; {low} open hours (policy calendar) with less than half an agent raised to 1"
        cal.rosters[team] = {"headcount": heads.tolist(), "timezone": tz, "method": method}
    if not presence["agent_events"]:
        cal.gaps.append("no agent column: rosters come from throughput, not from who worked")
    if not presence["replies"]:
        cal.gaps.append("no agent replies: first response, notices and status updates cannot be calibrated")
