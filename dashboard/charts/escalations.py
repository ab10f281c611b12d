"""Escalation charts: weekly rate by reason, hand-offs between teams, pickup times."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics import api
from dashboard.charts.style import METRIC_COLOURS, duration_axis, style

__all__ = ["escalation_rate", "escalation_sankey", "pickup_bars"]


def escalation_rate(weekly: pd.DataFrame) -> go.Figure:
    """Stacked bars: share of the week's tickets escalated, per reason."""
    fig = go.Figure()
    for i, (reason, df) in enumerate(weekly.groupby("reason", sort=True)):
        fig.add_bar(
            x=df["week"],
            y=df["rate_pct"],
            name=reason,
            marker_color=METRIC_COLOURS[i % len(METRIC_COLOURS)],
            customdata=list(zip(df["escalated"], df["tickets"], strict=True)),
            hovertemplate=f"<b>{reason}</b>, week of %{{x|%Y-%m-%d}}<br>%{{y:.1f}} % of tickets "
            "(%{customdata[0]} of %{customdata[1]})<extra></extra>",
        )
    style(
        fig,
        "Escalation rate per week, by reason",
        "Week of ticket creation (starting Monday)",
        "Tickets escalated (% of the week's tickets)",
    )
    fig.update_layout(barmode="stack", yaxis={"ticksuffix": " %"})
    return fig


def escalation_sankey(flows: pd.DataFrame, title: str = "Hand-offs between teams") -> go.Figure:
    """Sankey from sending teams (left) to receiving teams (right); hover shows counts and bounces."""
    senders = [f"{t} (sends)" for t in dict.fromkeys(flows["from_team"])]
    receivers = [f"{t} (receives)" for t in dict.fromkeys(flows["to_team"])]
    nodes = senders + receivers
    idx = {n: i for i, n in enumerate(nodes)}
    kind_text = {"escalated": "escalations", "approval_requested": "approval requests"}
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={
                "label": nodes,
                "pad": 18,
                "thickness": 18,
                "color": "#94a3b8",
                "hovertemplate": "%{label}: %{value} hand-offs<extra></extra>",
            },
            link={
                "source": [idx[f"{f} (sends)"] for f in flows["from_team"]],
                "target": [idx[f"{t} (receives)"] for t in flows["to_team"]],
                "value": flows["handoffs"],
                "color": [
                    "rgba(220,38,38,0.45)"
                    if b
                    else ("rgba(147,51,234,0.35)" if k == "approval_requested" else "rgba(37,99,235,0.35)")
                    for b, k in zip(flows["bounces"] > 0, flows["kind"], strict=True)
                ],
                "customdata": [
                    f"{kind_text.get(k, k)}; {b} sent back to a team that already had the ticket"
                    for k, b in zip(flows["kind"], flows["bounces"], strict=True)
                ],
                "hovertemplate": "%{source.label} → %{target.label}: %{value}<br>%{customdata}<extra></extra>",
            },
        )
    )
    fig.update_layout(
        title=title,
        height=max(360, 60 * len(nodes) // 2 + 200),
        font={"size": 14, "color": "#111827"},
        margin={"t": 70, "b": 30, "l": 20, "r": 20},
    )
    return fig


def pickup_bars(pickup: pd.DataFrame) -> go.Figure:
    """Per receiving team: median and p90 pickup time in team hours and wall-clock (log scale), target marks."""
    fig = go.Figure()
    for col, label, colour in (
        ("p50_seconds", "median, team hours", "#2563eb"),
        ("p90_seconds", "p90, team hours", "#93c5fd"),
        ("wall_p50_seconds", "median, wall-clock", "#ea580c"),
        ("wall_p90_seconds", "p90, wall-clock", "#fdba74"),
    ):
        fig.add_bar(
            x=pickup["to_team"],
            y=pickup[col].clip(lower=1),
            name=label,
            marker_color=colour,
            customdata=[api.format_duration(s) for s in pickup[col]],
            hovertemplate=f"<b>%{{x}}</b> {label}: %{{customdata}}<extra></extra>",
        )
    fig.add_scatter(
        x=pickup["to_team"],
        y=pickup["target_seconds"],
        mode="markers",
        name="pickup target",
        marker={"symbol": "line-ew", "size": 40, "line": {"width": 3, "color": "#111827"}},
        customdata=[api.format_duration(s) for s in pickup["target_seconds"]],
        hovertemplate="<b>%{x}</b> target: %{customdata} in team hours<extra></extra>",
    )
    style(
        fig,
        "Hand-off pickup time per receiving team (team hours vs. wall-clock incl. closed hours)",
        "Receiving team",
        "Pickup time (log scale)",
        height=440,
    )
    values = pd.concat(
        [pickup[c] for c in ("p50_seconds", "p90_seconds", "wall_p50_seconds", "wall_p90_seconds", "target_seconds")]
    ).dropna()
    fig.update_layout(barmode="group", yaxis=duration_axis(values))
    return fig
