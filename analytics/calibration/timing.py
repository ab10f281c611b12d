"""Work times per team, behaviour delays and shares, and rosters of a calibrated period."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.calibration.fit import fit_duration
from analytics.calibration.history import _df
from analytics.sla.calendar import open_seconds

__all__ = [
    "measure_behaviour",
    "measure_reply_writing",
    "measure_rosters",
    "measure_work",
    "open_hours",
    "roster_timezone",
]

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


UNATTENDED_MIN = 6 * 60  # a step that no event of its agent's shows attended for this long is not effort


def measure_work(con, p: dict, cal, policy=None) -> None:
    """Lognormal (or empirical) work time per team, and per category where there are enough steps.

    A step of a team with business hours counts only its open time (policy calendar): work left at closing
    time and finished the next morning is the minutes worked, not the night between.
    """
    steps = _df(con, "work_segments", p)
    # Effort ends when the agent who started the step turned to another ticket (a log of status changes
    # holds steps that last days while the agent works on other tickets); a step with no event of its
    # agent's for a whole shift after its start says nothing about effort and is left out.
    steps["attended"] = steps["attended"].where(steps["agent"].notna(), steps["minutes"]).fillna(steps["minutes"])
    cut = steps["attended"] < steps["minutes"] - 1e-9
    unattended = steps["attended"] > UNATTENDED_MIN
    for team, g in steps[~steps["paused"]].assign(cut=cut, unattended=unattended).groupby("team"):
        if g["cut"].any() or g["unattended"].any():
            cal.gaps.append(
                f"work.{team}: {int(g['cut'].sum())} of {len(g)} steps end where their agent turned to another "
                f"ticket (effort, not the time the ticket waited); {int(g['unattended'].sum())} with no event of "
                f"the agent's for {UNATTENDED_MIN // 60} h are left out"
            )
    steps = steps[~unattended].assign(minutes=steps["attended"]).drop(columns="attended")
    if len(steps):
        ended = pd.to_datetime(steps["started_at"], utc=True) + pd.to_timedelta(steps["minutes"], unit="min")
        for team, idx in steps.groupby("team").indices.items():
            rows = steps.iloc[idx]
            mins, business = _business_minutes(
                policy, team, rows["started_at"], ended.iloc[idx], rows["minutes"].to_numpy()
            )
            if business:
                steps.loc[steps.index[idx], "minutes"] = mins
                cal.notes.setdefault("business_teams", set()).add(str(team))
    cal.notes["work_steps"] = steps
    if steps.empty:
        cal.gaps.append("no work steps (no replies, pickups or resolutions by a team): work times not measured")
        return
    work = steps[~steps["paused"]]
    cal.complexity_factor = _factors(work)
    factor = work["complexity"].map(cal.complexity_factor).fillna(1.0)
    norm = work.assign(minutes=work["minutes"] / factor)
    for team, g in norm.groupby("team"):
        clock = "business hours" if str(team) in cal.notes.get("business_teams", ()) else "wall-clock"
        fits = {"default": fit_duration(g["minutes"], f"{team} work steps, {clock}")}
        for category, gc in g.groupby("category"):
            if len(gc) >= PER_CATEGORY:
                fits[str(category)] = fit_duration(gc["minutes"], f"{team} {category} work steps, {clock}")
        if fits["default"].n < 20:
            cal.gaps.append(f"work.{team}: {fits['default'].note}")
        cal.work[str(team)] = fits


def _business_minutes(policy, team: str, starts, ends, minutes: np.ndarray) -> tuple[np.ndarray, bool]:
    """``minutes`` in the team's open hours (policy calendar) when it has business hours; wall-clock otherwise."""
    t = policy.teams.get(team) if policy is not None else None
    if t is None or t.calendar.always_open:
        return minutes, False
    s = pd.to_datetime(starts, utc=True)
    e = pd.to_datetime(ends, utc=True)
    return open_seconds(t.calendar, s, e) / 60.0, True


def measure_behaviour(con, p: dict, cal, policy=None) -> None:
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
    approver = cal.routing.get("approval")
    spans = _df(con, "approval_spans", p)
    spans = spans[spans["approver"] == approver] if approver else spans.iloc[:0]
    if len(spans) and approver in getattr(policy, "teams", {}):
        wall = (spans["decided_at"] - spans["asked_at"]).dt.total_seconds().to_numpy() / 60
        mins, business = _business_minutes(policy, approver, spans["asked_at"], spans["decided_at"], wall)
        if business:
            what = f"approval requested -> decision, in {approver}'s business hours (its queue and work included)"
            fit = fit_duration(mins, what)
            if fit.method != "none":
                cal.behaviour["approval_delay"] = fit
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
    cal.gaps.append("behaviour.ack_outages_per_week: outages are not separated; they are part of ack_delay")


def roster_timezone(policy, team: str, cal) -> str:
    """The timezone a team's estimated roster is read in: its policy calendar's, or for a team open around
    the clock (whose calendar needs none, UTC by default) the policy's reporting timezone, where its
    shifts start and end (the desk's local time, across daylight-saving changes)."""
    calendar = policy.teams[team].calendar
    return cal.timezone if calendar.always_open else calendar.timezone


def _activity_grid(con, p: dict, team: str, tz: str) -> np.ndarray:
    g = _df(con, "roster_activity", p | {"team": team, "tz": tz, "gap_hours": SESSION_GAP_HOURS})
    grid = np.zeros(168)
    grid[g["slot"].to_numpy()] = g["agents"].to_numpy()
    return grid


def measure_reply_writing(con, p: dict, policy, cal) -> None:
    """``reply_writing``: creation -> first reply of the tickets that found at least two intake agents free.

    The intake team's pickup is not logged, so its wait and its writing cannot be told apart on one ticket.
    A ticket created while the team held at most ``headcount - 2`` others (worked on or queued) was picked up
    at once, so its delay is the writing alone; two free agents, not one, so that agents busy with messages
    the log does not show as held do not count as free.
    """
    intake = cal.routing.get("intake")
    if intake is None or intake not in policy.teams:
        return
    tz = roster_timezone(policy, intake, cal)
    loads = _df(con, "first_reply_load", p | {"intake": intake})
    if intake in cal.rosters:
        heads = np.asarray(cal.rosters[intake]["headcount"], dtype=float)
    elif _df(con, "data_presence", p).iloc[0]["agent_events"]:
        heads = np.rint(_activity_grid(con, p, intake, tz))
    else:
        cal.gaps.append("behaviour.reply_writing: no roster of the intake team to tell free agents; 0s kept")
        volume = int((loads["first_reason"] == "volume").sum())
        if volume:
            cal.gaps.append(
                f"{volume} 'volume' hand-offs seen; without a roster of the intake team its queue is unknown, so "
                "their load rule is not fitted (routing.volume_share = 0)"
            )
        return
    _measure_volume_rule(loads, heads, tz, policy, cal)
    d = loads.dropna(subset=["minutes"])
    local = pd.to_datetime(d["created_at"], utc=True).dt.tz_convert(tz)
    slot = (local.dt.day_of_week * 24 + local.dt.hour).to_numpy()
    free = d[d["others"].to_numpy() <= heads[slot] - 2]
    what = "created -> first reply, tickets that found two or more intake agents free"
    fit = fit_duration(free["minutes"], what)
    if fit.n < 20:
        cal.gaps.append(f"behaviour.reply_writing ({what}): {fit.note}; 0s kept")
        return
    cal.behaviour["reply_writing"] = fit


MIN_VOLUME = 20  # 'volume' hand-offs below which the load rule is not fitted


def _measure_volume_rule(loads: pd.DataFrame, heads: np.ndarray, tz: str, policy, cal) -> None:
    """``routing.volume_threshold`` and ``volume_share``: the queue at pickup above which the intake team
    hands a ticket it would solve itself straight to the specialist, and how often it then does.

    The queue at a pickup is what the team held at its first reply minus the agents on duty (the rest are
    waiting). The threshold is one below the 5th percentile of the queue at 'volume' hand-offs; the share is
    those hand-offs over the tickets the team would have kept (no other hand-off) picked up above the
    threshold while their category's specialist was open (policy calendar).
    """
    volume = loads["first_reason"] == "volume"
    n = int(volume.sum())
    if n == 0:
        return
    if n < MIN_VOLUME:
        cal.gaps.append(
            f"{n} 'volume' hand-offs seen (fewer than {MIN_VOLUME}): the load rule behind them is not fitted "
            "(routing.volume_share = 0, they are left out of the shares)"
        )
        return
    picked = loads.dropna(subset=["replied_at", "held_at_reply"])
    local = pd.to_datetime(picked["replied_at"], utc=True).dt.tz_convert(tz)
    slot = (local.dt.day_of_week * 24 + local.dt.hour).to_numpy()
    queue = np.maximum(0, picked["held_at_reply"].to_numpy() - heads[slot])
    is_volume = (picked["first_reason"] == "volume").to_numpy()
    if is_volume.sum() < MIN_VOLUME:
        cal.gaps.append(f"{n} 'volume' hand-offs, but too few after a first reply to read the queue; not fitted")
        return
    threshold = max(0, int(np.floor(np.quantile(queue[is_volume], 0.05))) - 1)
    kept = (~picked["handed_off"].fillna(False).to_numpy()) | is_volume
    # The rule only sends work to an expert who is there: the category's specialist open at the pickup.
    expert_open = np.zeros(len(picked), dtype=bool)
    specialist = picked["category"].map(cal.specialist)
    for team, idx in pd.Series(range(len(picked))).groupby(specialist.to_numpy()).groups.items():
        if team not in policy.teams:
            continue
        rows = picked.iloc[list(idx)]
        t_local = pd.to_datetime(rows["replied_at"], utc=True).dt.tz_convert(policy.teams[team].calendar.timezone)
        slots = (t_local.dt.day_of_week * 24 + t_local.dt.hour).to_numpy()
        expert_open[list(idx)] = open_hours(policy.teams[team])[slots] > 0
    cand = kept & (queue > threshold) & expert_open
    share = float(is_volume[cand].sum() / cand.sum()) if cand.sum() else 0.0
    cal.routing_rule = {
        "volume_threshold": threshold,
        "volume_share": round(min(1.0, share), 4),
        "n": int(is_volume.sum()),
        "candidates": int(cand.sum()),
    }


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
        tz = roster_timezone(policy, team, cal)
        if presence["agent_events"]:
            grid = _activity_grid(con, p, team, tz)
            method = (
                "estimate: agents present per hour of week (first to last event of each agent's sessions,"
                f" events less than {SESSION_GAP_HOURS} h apart), averaged over the weeks; idle agents leave"
                " no trace, so a quiet team's headcount is a lower bound"
            )
        elif steps is not None and ((steps["team"] == team) & ~steps["paused"]).any():
            s = steps[(steps["team"] == team) & ~steps["paused"]]  # a paused step's minutes hold the customer's wait
            local = pd.to_datetime(s["started_at"], utc=True).dt.tz_convert(tz)
            slot = (local.dt.day_of_week * 24 + local.dt.hour).to_numpy()
            weeks = cal.days / 7
            grid = np.bincount(slot, weights=s["minutes"].to_numpy() / 60, minlength=168) / weeks / OCCUPANCY
            method = f"from throughput: work hours per hour of week / occupancy {OCCUPANCY} (no agent column)"
        else:
            grid = np.zeros(168)
            method = "assumption: no work of this team is measurable (no agents, no work steps)"
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
