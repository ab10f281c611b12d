"""Breach charts: when breaches happen (hour of week) and their most frequent reasons."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.style import WEEKDAYS, style
from dashboard.tables.text import metric_label

__all__ = ["breach_heatmap", "breach_reasons_bar"]


def breach_heatmap(grid: pd.DataFrame, tz: str) -> go.Figure:
    """Breaches per weekday × hour (a 7 × 24 grid) in the reporting timezone."""
    z = grid.pivot(index="weekday", columns="hour", values="breaches").reindex(range(1, 8)).fillna(0)
    text = grid.pivot(index="weekday", columns="hour", values="metrics").reindex(range(1, 8)).fillna("")
    hours = [f"{h:02d}:00" for h in range(24)]
    fig = go.Figure(
        go.Heatmap(
            z=z.to_numpy(),
            x=hours,
            y=WEEKDAYS,
            customdata=text.to_numpy(),
            colorscale="Reds",
            zmin=0,
            colorbar={"title": {"text": "breaches"}},
            xgap=1,
            ygap=1,
            hovertemplate="%{y} %{x} (hour starting)<br>Breaches: %{z}<br>Metrics: %{customdata}<extra></extra>",
        )
    )
    style(
        fig,
        f"Breaches by hour of week (when the target ran out, {tz})",
        f"Hour of day ({tz})",
        "Weekday",
        height=360,
        legend=False,
    )
    fig.update_yaxes(autorange="reversed")
    return fig


def breach_reasons_bar(reasons: pd.DataFrame) -> go.Figure:
    """Horizontal bars: the most frequent kinds of breach (metric · team · why)."""
    labels = [f"{metric_label(r.metric)} · {r.team or 'no team'} · {r.note}" for r in reasons.itertuples()]
    fig = go.Figure(
        go.Bar(
            x=reasons["breaches"],
            y=labels,
            orientation="h",
            marker_color="#dc2626",
            hovertemplate="%{y}<br>Breaches: %{x}<extra></extra>",
        )
    )
    style(fig, "Top breach reasons", "Breached clocks (count)", "", height=120 + 40 * max(1, len(labels)), legend=False)
    fig.update_yaxes(autorange="reversed")
    return fig
