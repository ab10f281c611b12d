"""Compliance charts: per metric against the goal, weekly trend, breakdowns, two runs with confidence intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics import api
from dashboard.charts.style import (
    A_COLOUR,
    B_COLOUR,
    DATASET_COLOURS,
    GOAL_COLOUR,
    METRIC_COLOURS,
    every_week,
    goal_line,
    style,
)
from dashboard.tables.text import counts_text, metric_label, pct_text

__all__ = ["breakdown_bar", "compliance_bar", "compliance_with_ci", "weekly_trend"]


def compliance_bar(per_metric: pd.DataFrame | dict[str, pd.DataFrame], goal: float | None = None) -> go.Figure:
    """Bar per metric of compliance % (0-100), one colour per dataset; hover shows the counts.

    Parameters
    ----------
    per_metric : ``metric, met, breached, pending, compliance_pct`` (one dataset), or a dict of
        dataset label -> such a frame (datasets side by side)
    goal : compliance goal in % (dashed line); without it a line at 100 %
    """
    frames = per_metric if isinstance(per_metric, dict) else {"": per_metric}
    fig = go.Figure()
    for i, (label, df) in enumerate(frames.items()):
        pct = df["compliance_pct"].astype("float64")
        fig.add_bar(
            x=[metric_label(m) for m in df["metric"]],
            y=pct.fillna(0),
            name=label or "compliance",
            text=[pct_text(v) for v in pct],
            textposition="inside",
            insidetextanchor="end",
            marker_color=DATASET_COLOURS[i % 2],
            cliponaxis=False,
            textfont={"size": 14, "color": "white"},
            customdata=[counts_text(r.met, r.breached, r.pending) for r in df.itertuples()],
            hovertemplate=f"<b>%{{x}}</b> {label}<br>Compliance: %{{text}}<br>%{{customdata}}<extra></extra>",
        )
    if goal is None:
        fig.add_hline(
            y=100,
            line_dash="dash",
            line_color=GOAL_COLOUR,
            annotation_text="100 % = every clock met its target",
            annotation_position="top left",
        )
    else:
        goal_line(fig, goal)
    style(fig, "Compliance by metric", "SLA metric", "Compliance (%)", legend=len(frames) > 1)
    fig.update_layout(
        barmode="group", yaxis={"range": [0, 112], "tickvals": [0, 20, 40, 60, 80, 100], "ticksuffix": " %"}
    )
    return fig


def weekly_trend(weekly: pd.DataFrame, goal: float, title: str = "Weekly compliance per metric") -> go.Figure:
    """Line per metric of weekly compliance %, with the goal line; hover shows the week's counts."""
    fig = go.Figure()
    for i, (metric, df) in enumerate(every_week(weekly, "metric").groupby("metric", sort=False)):
        df = df.sort_values("week")
        fig.add_scatter(
            x=df["week"],
            y=df["compliance_pct"],
            mode="lines+markers",
            name=metric_label(metric),
            line={"color": METRIC_COLOURS[i % len(METRIC_COLOURS)]},
            connectgaps=False,
            customdata=[
                counts_text(r.met, r.breached, r.pending) if pd.notna(r.met) else "no clocks" for r in df.itertuples()
            ],
            hovertemplate=f"<b>{metric_label(metric)}</b><br>Week of %{{x|%Y-%m-%d}}<br>"
            "Compliance: %{y:.1f} %<br>%{customdata}<extra></extra>",
        )
    goal_line(fig, goal)
    style(fig, title, "Week (starting Monday)", "Compliance (%)")
    fig.update_layout(yaxis={"range": [0, 105], "ticksuffix": " %"})
    return fig


def breakdown_bar(df: pd.DataFrame, dim: str, dim_label: str, goal: float) -> go.Figure:
    """Compliance % per metric (x) and a dimension value (colour), with the goal line."""
    fig = go.Figure()
    for i, (value, part) in enumerate(df.groupby(dim, sort=True, dropna=False)):
        name = "(none)" if pd.isna(value) else str(value)
        pct = part["compliance_pct"].astype("float64")
        fig.add_bar(
            x=[metric_label(m) for m in part["metric"]],
            y=pct,
            name=name,
            marker_color=METRIC_COLOURS[i % len(METRIC_COLOURS)] if i < 6 else None,
            customdata=[counts_text(r.met, r.breached, r.pending) for r in part.itertuples()],
            hovertemplate=f"<b>%{{x}}</b> · {dim_label} {name}<br>Compliance: %{{y:.1f}} %<br>"
            "%{customdata}<extra></extra>",
        )
    goal_line(fig, goal)
    style(fig, f"Compliance by metric and {dim_label.lower()}", "SLA metric", "Compliance (%)")
    order = [metric_label(m) for m in api.METRICS]
    fig.update_layout(
        barmode="group",
        yaxis={"range": [0, 105], "ticksuffix": " %"},
        xaxis={"categoryorder": "array", "categoryarray": order},
    )
    return fig


def compliance_with_ci(df: pd.DataFrame, a: str, b: str) -> go.Figure:
    """Grouped bars per metric: A and B compliance %, error bars = 95 % confidence intervals."""
    labels = [metric_label(m) for m in df["metric"]]
    fig = go.Figure()
    for key, name, colour in (("a", a, A_COLOUR), ("b", b, B_COLOUR)):
        mean = df[f"{key}_pct"].astype(float)
        half = ((df[f"{key}_high"] - df[f"{key}_low"]) / 2).astype(float)
        fig.add_bar(
            x=labels,
            y=mean,
            name=name,
            marker_color=colour,
            error_y={"type": "data", "array": half.fillna(0), "visible": True, "color": "#111827"},
            hovertemplate="%{x}<br>%{y:.1f}% ± %{error_y.array:.1f}<extra>" + name + "</extra>",
        )
    low = np.nanmin(np.r_[df["a_low"].to_numpy(float), df["b_low"].to_numpy(float), df["a_pct"].to_numpy(float)])
    fig.update_layout(
        barmode="group",
        height=380,
        margin={"t": 50, "b": 40, "l": 60, "r": 20},
        title="Compliance by metric (bars: mean over replications; whiskers: 95% CI)",
        yaxis={"title": "Compliance (%)", "range": [max(0, np.floor(low / 10) * 10 - 5), 101], "ticksuffix": " %"},
        legend={"orientation": "h", "y": -0.15},
    )
    return fig
