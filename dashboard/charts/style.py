"""Shared look of every chart: colours, the Plotly config, axes, the goal line, weeks without data."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from analytics import api

__all__ = [
    "A_COLOUR",
    "BAR_COLOUR",
    "B_COLOUR",
    "COMPLEXITY_COLOURS",
    "CONFIG",
    "DASHES",
    "DATASET_COLOURS",
    "GOAL_COLOUR",
    "METRIC_COLOURS",
    "WEEKDAYS",
    "duration_axis",
    "every_week",
    "goal_line",
    "style",
]


A_COLOUR, B_COLOUR = "#94a3b8", "#2563eb"  # two runs compared: the first grey, the second blue
BAR_COLOUR = "#2563eb"
DATASET_COLOURS = ["#2563eb", "#f59e0b"]  # main dataset, comparison dataset
METRIC_COLOURS = ["#2563eb", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#dc2626"]
GOAL_COLOUR = "#6b7280"
WEEKDAYS = list(api.WEEKDAYS)  # rows of the hour-of-week heatmaps
CONFIG = {"displaylogo": False}


def style(fig: go.Figure, title: str, x: str, y: str, height: int = 420, legend: bool = True) -> go.Figure:
    """Common layout: title, axis titles, margins, legend above the plot."""
    # The legend goes under the plot: above it, a legend of two lines ran into the title.
    fig.update_layout(
        title=title,
        height=height + (60 if legend else 0),
        margin={"t": 60, "b": 130 if legend else 50, "l": 70, "r": 20},
        xaxis_title=x,
        yaxis_title=y,
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "top", "y": -0.22, "x": 0},
        hoverlabel={"align": "left"},
    )
    return fig


def every_week(df: pd.DataFrame, by: str) -> pd.DataFrame:
    """``df`` with a row (values missing) for every week without data, per ``by`` group, so that
    lines break over empty weeks instead of drawing a straight line across months."""
    if df.empty:
        return df
    weeks = pd.date_range(pd.Timestamp(df["week"].min()), pd.Timestamp(df["week"].max()), freq="7D").date
    full = pd.MultiIndex.from_product([list(dict.fromkeys(df[by])), weeks], names=[by, "week"]).to_frame(index=False)
    out = full.merge(df.assign(week=pd.to_datetime(df["week"]).dt.date), on=[by, "week"], how="left")
    return out


def goal_line(fig: go.Figure, goal: float) -> None:
    """Dashed horizontal line at the compliance goal."""
    fig.add_hline(
        y=goal,
        line_dash="dash",
        line_color=GOAL_COLOUR,
        annotation_text=f"goal {goal:g} %",
        annotation_position="bottom right",
    )


COMPLEXITY_COLOURS = {
    "simple": "#16a34a",
    "standard": "#2563eb",
    "complex": "#9333ea",
    "custom": "#ea580c",
    "(none)": "#6b7280",
}


DASHES = ["solid", "dash"]  # main dataset, comparison dataset
_TICKS = [60, 300, 600, 1800, 3600, 7200, 14400, 28800, 86400, 172800, 604800, 2592000]


def duration_axis(values: pd.Series) -> dict:
    """Log-scale axis settings with readable duration ticks ("30 min", "2 h", "1 d") covering ``values``."""
    v = values[values > 0]
    lo, hi = (v.min(), v.max()) if len(v) else (60, 86400)
    ticks = [t for t in _TICKS if lo / 3 <= t <= hi * 3] or _TICKS[:6]
    return {
        "type": "log",
        "tickvals": ticks,
        "ticktext": [api.format_duration(t) for t in ticks],
        "range": [math.log10(max(1, lo / 1.5)), math.log10(hi * 1.5)],
    }
