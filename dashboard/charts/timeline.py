"""One ticket's timeline: its events in lanes, with its SLA clocks as bars."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics import api
from dashboard.charts.style import style
from dashboard.tables.text import metric_label

__all__ = ["CONVERSATION", "KIND_GROUPS", "STATUS_COLOURS", "clock_lane", "timeline_figure"]


STATUS_COLOURS = {"met": "#16a34a", "breached": "#dc2626", "pending": "#2563eb"}


KIND_GROUPS = {  # event kind -> (legend group, marker symbol, colour)
    "created": ("created / resolved", "star", "#111827"),
    "resolved": ("created / resolved", "star", "#111827"),
    "closed": ("created / resolved", "star-open", "#111827"),
    "reopened": ("created / resolved", "star-open", "#dc2626"),
    "acknowledged": ("automatic", "circle-open", "#6b7280"),
    "agent_reply": ("agent reply", "circle", "#2563eb"),
    "customer_reply": ("customer", "circle", "#f59e0b"),
    "internal_note": ("internal", "square-open", "#6b7280"),
    "assigned": ("internal", "square", "#6b7280"),
    "escalated": ("hand-off", "triangle-right", "#9333ea"),
    "approval_requested": ("hand-off", "triangle-right", "#9333ea"),
    "approval_granted": ("hand-off", "triangle-left", "#16a34a"),
    "approval_denied": ("hand-off", "triangle-left", "#dc2626"),
    "estimate": ("estimate", "diamond", "#0891b2"),
    "paused": ("customer wait", "line-ns-open", "#9ca3af"),
    "resumed": ("customer wait", "line-ns-open", "#9ca3af"),
}


CONVERSATION = "Conversation"


def _local(ts, tz: str):
    return None if ts is None or pd.isna(ts) else pd.Timestamp(ts).tz_convert(tz).tz_localize(None)


def clock_lane(row) -> str:
    """Lane label of a clock: ``"Status update #2"`` for repeated clocks, else the metric's name."""
    label = metric_label(row.metric)
    return (
        f"{label} #{int(row.cycle)}"
        if row.metric in ("status_update", "escalation_notice", "handoff_pickup", "resolution")
        else label
    )


def _event_hover(e, tz: str) -> str:
    parts = [f"<b>{e.kind.replace('_', ' ')}</b> · {_local(e.ts, tz):%Y-%m-%d %H:%M}"]
    who = " ".join(str(v) for v in (e.team, e.agent) if isinstance(v, str) and v)
    if who:
        parts.append(who)
    if isinstance(e.to_team, str) and e.to_team:
        parts.append(f"to {e.to_team}" + (f" (reason: {e.reason})" if isinstance(e.reason, str) else ""))
    if e.due_at is not None and not pd.isna(e.due_at):
        parts.append(f"promised by {_local(e.due_at, tz):%Y-%m-%d %H:%M}")
    if isinstance(e.detail, str) and e.detail:
        parts.append(e.detail[:120])
    return "<br>".join(parts)


def _clock_hover(c, tz: str) -> str:
    target = "none (no estimate)" if pd.isna(c.target_seconds) else api.format_duration(c.target_seconds)
    lines = [
        f"<b>{clock_lane(c)}</b> ({c.team or 'no team'}) — <b>{c.status}</b>",
        f"Started {_local(c.started_at, tz):%Y-%m-%d %H:%M}",
        (f"Stopped {_local(c.stopped_at, tz):%Y-%m-%d %H:%M}" if pd.notna(c.stopped_at) else "Still running"),
        f"Target {target} · elapsed {api.format_duration(c.elapsed_seconds)}"
        + ("" if c.calendar == "24/7" else f" in {c.calendar} hours"),
        f"Wall-clock {api.format_duration(c.wall_seconds)}",
    ]
    if pd.notna(c.breached_at):
        lines.append(f"Target ran out {_local(c.breached_at, tz):%Y-%m-%d %H:%M}")
    if isinstance(c.note, str) and c.note:
        lines.append(c.note)
    return "<br>".join(lines)


def timeline_figure(tl: api.Timeline, tz: str, as_of) -> go.Figure:
    """Conversation markers plus one bar per clock, coloured by status, pauses shaded."""
    fig = go.Figure()
    lanes = [CONVERSATION] + [clock_lane(c) for c in tl.clocks.itertuples()]
    for group in dict.fromkeys(g for g, _, _ in KIND_GROUPS.values()):
        ev = tl.events[tl.events["kind"].map(lambda k, g=group: KIND_GROUPS.get(k, ("other",))[0] == g)]
        if ev.empty:
            continue
        fig.add_scatter(
            x=[_local(t, tz) for t in ev["ts"]],
            y=[CONVERSATION] * len(ev),
            mode="markers",
            name=group,
            marker={
                "size": 13,
                "symbol": [KIND_GROUPS[k][1] for k in ev["kind"]],
                "color": [KIND_GROUPS[k][2] for k in ev["kind"]],
                "line": {"width": 1.5},
            },
            hovertext=[_event_hover(e, tz) for e in ev.itertuples()],
            hoverinfo="text",
        )
    end = _local(as_of, tz)
    shown_status: set[str] = set()
    for c in tl.clocks.itertuples():
        lane, colour = clock_lane(c), STATUS_COLOURS.get(c.status, "#6b7280")
        stop = _local(c.stopped_at, tz) or end
        hover = _clock_hover(c, tz)
        fig.add_scatter(
            x=[_local(c.started_at, tz), stop],
            y=[lane, lane],
            mode="lines+markers",
            line={"color": colour, "width": 10, "dash": "solid" if pd.notna(c.stopped_at) else "dot"},
            marker={
                "size": 9,
                "symbol": ["line-ns", "line-ns" if pd.notna(c.stopped_at) else "arrow-right"],
                "line": {"width": 2, "color": colour},
            },
            name=f"clock {c.status}",
            legendgroup=c.status,
            showlegend=c.status not in shown_status,
            hovertext=[hover, hover],
            hoverinfo="text",
        )
        shown_status.add(c.status)
        if c.calendar == "24/7" and pd.notna(c.target_seconds) and pd.isna(c.breached_at):
            # target instant is exact only on a 24/7 calendar without customer waits
            due = _local(c.started_at, tz) + pd.Timedelta(seconds=float(c.target_seconds))
            if c.wall_seconds == c.elapsed_seconds:
                fig.add_scatter(
                    x=[due],
                    y=[lane],
                    mode="markers",
                    name="target",
                    legendgroup="target",
                    showlegend="target" not in shown_status,
                    hoverinfo="text",
                    hovertext=[f"Target: {api.format_duration(c.target_seconds)} after the start"],
                    marker={"symbol": "line-ns", "size": 18, "color": "#111827", "line": {"width": 3}},
                )
                shown_status.add("target")
        if pd.notna(c.breached_at):
            fig.add_scatter(
                x=[_local(c.breached_at, tz)],
                y=[lane],
                mode="markers",
                name="breach point",
                legendgroup="breach",
                showlegend="breach" not in shown_status,
                hoverinfo="text",
                hovertext=[f"Breached: target ran out {_local(c.breached_at, tz):%Y-%m-%d %H:%M}"],
                marker={"symbol": "x", "size": 14, "color": "#7f1d1d", "line": {"width": 1}},
            )
            shown_status.add("breach")
    for p in tl.pauses.itertuples():
        fig.add_vrect(
            x0=_local(p.pause_start, tz),
            x1=_local(p.pause_end, tz),
            fillcolor="#9ca3af",
            opacity=0.2,
            line_width=0,
            annotation_text="waiting on customer",
            annotation_position="top left",
        )
    style(fig, f"Timeline of ticket {tl.ticket_id}", f"Time ({tz})", "", height=160 + 38 * len(lanes))
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(lanes)), type="category")
    return fig
