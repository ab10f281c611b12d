"""Plotly figures for the compliance and overview pages (built from API results, drawn with
``st.plotly_chart``). Every figure has a title, axis titles with units, hover details, and a target
line where there is a target."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics import api
from dashboard.tables import counts_text, metric_label, pct_text

BAR_COLOUR = "#2563eb"
DATASET_COLOURS = ["#2563eb", "#f59e0b"]  # main dataset, comparison dataset
METRIC_COLOURS = ["#2563eb", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#dc2626"]
GOAL_COLOUR = "#6b7280"
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
CONFIG = {"displaylogo": False}


def style(fig: go.Figure, title: str, x: str, y: str, height: int = 420, legend: bool = True) -> go.Figure:
    """Common layout: title, axis titles, margins, legend above the plot."""
    # The legend goes under the plot: above it, a legend of two lines ran into the title.
    fig.update_layout(title=title, height=height + (60 if legend else 0),
                      margin={"t": 60, "b": 130 if legend else 50, "l": 70, "r": 20},
                      xaxis_title=x, yaxis_title=y, showlegend=legend,
                      legend={"orientation": "h", "yanchor": "top", "y": -0.22, "x": 0},
                      hoverlabel={"align": "left"})
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
    fig.add_hline(y=goal, line_dash="dash", line_color=GOAL_COLOUR,
                  annotation_text=f"goal {goal:g} %", annotation_position="bottom right")


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
            x=[metric_label(m) for m in df["metric"]], y=pct.fillna(0), name=label or "compliance",
            text=[pct_text(v) for v in pct], textposition="inside", insidetextanchor="end",
            marker_color=DATASET_COLOURS[i % 2], cliponaxis=False, textfont={"size": 14, "color": "white"},
            customdata=[counts_text(r.met, r.breached, r.pending) for r in df.itertuples()],
            hovertemplate=f"<b>%{{x}}</b> {label}<br>Compliance: %{{text}}<br>%{{customdata}}<extra></extra>")
    if goal is None:
        fig.add_hline(y=100, line_dash="dash", line_color=GOAL_COLOUR,
                      annotation_text="100 % = every clock met its target", annotation_position="top left")
    else:
        goal_line(fig, goal)
    style(fig, "Compliance by metric", "SLA metric", "Compliance (%)", legend=len(frames) > 1)
    fig.update_layout(barmode="group", yaxis={"range": [0, 112], "tickvals": [0, 20, 40, 60, 80, 100],
                                              "ticksuffix": " %"})
    return fig


def weekly_trend(weekly: pd.DataFrame, goal: float, title: str = "Weekly compliance per metric") -> go.Figure:
    """Line per metric of weekly compliance %, with the goal line; hover shows the week's counts."""
    fig = go.Figure()
    for i, (metric, df) in enumerate(every_week(weekly, "metric").groupby("metric", sort=False)):
        df = df.sort_values("week")
        fig.add_scatter(
            x=df["week"], y=df["compliance_pct"], mode="lines+markers", name=metric_label(metric),
            line={"color": METRIC_COLOURS[i % len(METRIC_COLOURS)]}, connectgaps=False,
            customdata=[counts_text(r.met, r.breached, r.pending) if pd.notna(r.met) else "no clocks"
                        for r in df.itertuples()],
            hovertemplate=f"<b>{metric_label(metric)}</b><br>Week of %{{x|%Y-%m-%d}}<br>"
                          "Compliance: %{y:.1f} %<br>%{customdata}<extra></extra>")
    goal_line(fig, goal)
    style(fig, title, "Week (starting Monday)", "Compliance (%)")
    fig.update_layout(yaxis={"range": [0, 105], "ticksuffix": " %"})
    return fig


def breach_heatmap(grid: pd.DataFrame, tz: str) -> go.Figure:
    """Breaches per weekday × hour (a 7 × 24 grid) in the reporting timezone."""
    z = grid.pivot(index="weekday", columns="hour", values="breaches").reindex(range(1, 8)).fillna(0)
    text = grid.pivot(index="weekday", columns="hour", values="metrics").reindex(range(1, 8)).fillna("")
    hours = [f"{h:02d}:00" for h in range(24)]
    fig = go.Figure(go.Heatmap(
        z=z.to_numpy(), x=hours, y=WEEKDAYS, customdata=text.to_numpy(), colorscale="Reds", zmin=0,
        colorbar={"title": {"text": "breaches"}}, xgap=1, ygap=1,
        hovertemplate="%{y} %{x} (hour starting)<br>Breaches: %{z}<br>Metrics: %{customdata}<extra></extra>"))
    style(fig, f"Breaches by hour of week (when the target ran out, {tz})", f"Hour of day ({tz})", "Weekday",
          height=360, legend=False)
    fig.update_yaxes(autorange="reversed")
    return fig


def breach_reasons_bar(reasons: pd.DataFrame) -> go.Figure:
    """Horizontal bars: the most frequent kinds of breach (metric · team · why)."""
    labels = [f"{metric_label(r.metric)} · {r.team or 'no team'} · {r.note}" for r in reasons.itertuples()]
    fig = go.Figure(go.Bar(x=reasons["breaches"], y=labels, orientation="h", marker_color="#dc2626",
                           hovertemplate="%{y}<br>Breaches: %{x}<extra></extra>"))
    style(fig, "Top breach reasons", "Breached clocks (count)", "", height=120 + 40 * max(1, len(labels)),
          legend=False)
    fig.update_yaxes(autorange="reversed")
    return fig


def breakdown_bar(df: pd.DataFrame, dim: str, dim_label: str, goal: float) -> go.Figure:
    """Compliance % per metric (x) and a dimension value (colour), with the goal line."""
    fig = go.Figure()
    for i, (value, part) in enumerate(df.groupby(dim, sort=True, dropna=False)):
        name = "(none)" if pd.isna(value) else str(value)
        pct = part["compliance_pct"].astype("float64")
        fig.add_bar(x=[metric_label(m) for m in part["metric"]], y=pct, name=name,
                    marker_color=METRIC_COLOURS[i % len(METRIC_COLOURS)] if i < 6 else None,
                    customdata=[counts_text(r.met, r.breached, r.pending) for r in part.itertuples()],
                    hovertemplate=f"<b>%{{x}}</b> · {dim_label} {name}<br>Compliance: %{{y:.1f}} %<br>"
                                  "%{customdata}<extra></extra>")
    goal_line(fig, goal)
    style(fig, f"Compliance by metric and {dim_label.lower()}", "SLA metric", "Compliance (%)")
    order = [metric_label(m) for m in api.METRICS]
    fig.update_layout(barmode="group", yaxis={"range": [0, 105], "ticksuffix": " %"},
                      xaxis={"categoryorder": "array", "categoryarray": order})
    return fig
