"""Plotly figures for the Resolution times and Escalations pages: distributions on a log scale
against the objectives, weekly percentiles, escalation rates, the flow between teams (Sankey) and
hand-off pickup times."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from analytics import api
from dashboard.charts import METRIC_COLOURS, every_week, style

COMPLEXITY_COLOURS = {"simple": "#16a34a", "standard": "#2563eb", "complex": "#9333ea", "custom": "#ea580c",
                      "(none)": "#6b7280"}
DASHES = ["solid", "dash"]  # main dataset, comparison dataset
_TICKS = [60, 300, 600, 1800, 3600, 7200, 14400, 28800, 86400, 172800, 604800, 2592000]


def duration_axis(values: pd.Series) -> dict:
    """Log-scale axis settings with readable duration ticks ("30 min", "2 h", "1 d") covering ``values``."""
    v = values[values > 0]
    lo, hi = (v.min(), v.max()) if len(v) else (60, 86400)
    ticks = [t for t in _TICKS if lo / 3 <= t <= hi * 3] or _TICKS[:6]
    return {"type": "log", "tickvals": ticks, "ticktext": [api.format_duration(t) for t in ticks],
            "range": [math.log10(max(1, lo / 1.5)), math.log10(hi * 1.5)]}


def resolution_ecdf(ecdf: pd.DataFrame, objectives: pd.DataFrame) -> go.Figure:
    """ECDF per complexity (and ``dataset``, dashed for the comparison) on a log time axis, with the
    objective of each complexity as a dotted vertical line in its colour."""
    fig = go.Figure()
    ecdf = ecdf if "dataset" in ecdf else ecdf.assign(dataset="")
    datasets = list(dict.fromkeys(ecdf["dataset"]))
    for (ds, cx), df in ecdf.groupby(["dataset", "complexity"], sort=False):
        dash = DASHES[datasets.index(ds) % 2]
        name = f"{cx}" + (f" · {ds}" if len(datasets) > 1 else "")
        fig.add_scatter(x=df["seconds"].clip(lower=1), y=df["share"] * 100, mode="lines", name=name,
                        line={"color": COMPLEXITY_COLOURS.get(cx, "#6b7280"), "dash": dash, "shape": "hv"},
                        customdata=[api.format_duration(s) for s in df["seconds"]],
                        hovertemplate=f"<b>{name}</b><br>%{{y:.0f}} % resolved within %{{customdata}}"
                                      f"<br>{int(df['cycles'].iloc[0]):,} cycles<extra></extra>")
    for o in objectives.dropna(subset=["target_seconds"]).itertuples():
        fig.add_vline(x=o.target_seconds, line_dash="dot", line_color=COMPLEXITY_COLOURS.get(o.complexity),
                      annotation_text=f"{o.complexity}: {api.format_duration(o.target_seconds)}",
                      annotation_position="top left", annotation_textangle=-90)
    style(fig, "Resolution time distribution per complexity (share resolved within a time)",
          "Resolution time (log scale; customer waits left out)", "Resolved within (%)", height=460)
    fig.update_layout(xaxis=duration_axis(ecdf["seconds"]), yaxis={"range": [0, 101], "ticksuffix": " %"})
    return fig


def resolution_weekly(weekly: pd.DataFrame, objectives: pd.DataFrame) -> go.Figure:
    """Median (solid) and p90 (dotted) resolution time per week and complexity, log scale."""
    fig = go.Figure()
    for cx, df in every_week(weekly, "complexity").groupby("complexity", sort=False):
        colour = COMPLEXITY_COLOURS.get(cx, "#6b7280")
        for col, label, dash in (("p50_seconds", "median", "solid"), ("p90_seconds", "p90", "dot")):
            fig.add_scatter(x=df["week"], y=df[col], mode="lines+markers", name=f"{cx} {label}",
                            line={"color": colour, "dash": dash},
                            customdata=list(zip([api.format_duration(s) for s in df[col]], df["cycles"].fillna(0),
                                                strict=True)),
                            hovertemplate=f"<b>{cx}</b> {label}, week of %{{x|%Y-%m-%d}}: %{{customdata[0]}}"
                                          "<br>%{customdata[1]} cycles<extra></extra>")
    for o in objectives.dropna(subset=["target_seconds"]).itertuples():
        if o.complexity in set(weekly["complexity"]):
            fig.add_hline(y=o.target_seconds, line_dash="dash", line_color=COMPLEXITY_COLOURS.get(o.complexity),
                          annotation_text=f"{o.complexity} objective {api.format_duration(o.target_seconds)}",
                          annotation_position="bottom right")
    style(fig, "Resolution time per week (median and p90)", "Week (starting Monday)",
          "Resolution time (log scale)", height=440)
    values = pd.concat([weekly["p50_seconds"], weekly["p90_seconds"], objectives["target_seconds"].dropna()])
    fig.update_layout(yaxis=duration_axis(values))
    return fig


def escalation_rate(weekly: pd.DataFrame) -> go.Figure:
    """Stacked bars: share of the week's tickets escalated, per reason."""
    fig = go.Figure()
    for i, (reason, df) in enumerate(weekly.groupby("reason", sort=True)):
        fig.add_bar(x=df["week"], y=df["rate_pct"], name=reason, marker_color=METRIC_COLOURS[i % len(METRIC_COLOURS)],
                    customdata=list(zip(df["escalated"], df["tickets"], strict=True)),
                    hovertemplate=f"<b>{reason}</b>, week of %{{x|%Y-%m-%d}}<br>%{{y:.1f}} % of tickets "
                                  "(%{customdata[0]} of %{customdata[1]})<extra></extra>")
    style(fig, "Escalation rate per week, by reason", "Week of ticket creation (starting Monday)",
          "Tickets escalated (% of the week's tickets)")
    fig.update_layout(barmode="stack", yaxis={"ticksuffix": " %"})
    return fig


def escalation_sankey(flows: pd.DataFrame, title: str = "Hand-offs between teams") -> go.Figure:
    """Sankey from sending teams (left) to receiving teams (right); hover shows counts and bounces."""
    senders = [f"{t} (sends)" for t in dict.fromkeys(flows["from_team"])]
    receivers = [f"{t} (receives)" for t in dict.fromkeys(flows["to_team"])]
    nodes = senders + receivers
    idx = {n: i for i, n in enumerate(nodes)}
    kind_text = {"escalated": "escalations", "approval_requested": "approval requests"}
    fig = go.Figure(go.Sankey(
        arrangement="snap",
        node={"label": nodes, "pad": 18, "thickness": 18, "color": "#94a3b8",
              "hovertemplate": "%{label}: %{value} hand-offs<extra></extra>"},
        link={"source": [idx[f"{f} (sends)"] for f in flows["from_team"]],
              "target": [idx[f"{t} (receives)"] for t in flows["to_team"]],
              "value": flows["handoffs"],
              "color": ["rgba(220,38,38,0.45)" if b else ("rgba(147,51,234,0.35)" if k == "approval_requested"
                                                        else "rgba(37,99,235,0.35)")
                        for b, k in zip(flows["bounces"] > 0, flows["kind"], strict=True)],
              "customdata": [f"{kind_text.get(k, k)}; {b} sent back to a team that already had the ticket"
                             for k, b in zip(flows["kind"], flows["bounces"], strict=True)],
              "hovertemplate": "%{source.label} → %{target.label}: %{value}<br>%{customdata}<extra></extra>"}))
    fig.update_layout(title=title, height=max(360, 60 * len(nodes) // 2 + 200), font={"size": 14, "color": "#111827"},
                      margin={"t": 70, "b": 30, "l": 20, "r": 20})
    return fig


def pickup_bars(pickup: pd.DataFrame) -> go.Figure:
    """Per receiving team: median and p90 pickup time in team hours and wall-clock (log scale), target marks."""
    fig = go.Figure()
    for col, label, colour in (("p50_seconds", "median, team hours", "#2563eb"),
                               ("p90_seconds", "p90, team hours", "#93c5fd"),
                               ("wall_p50_seconds", "median, wall-clock", "#ea580c"),
                               ("wall_p90_seconds", "p90, wall-clock", "#fdba74")):
        fig.add_bar(x=pickup["to_team"], y=pickup[col].clip(lower=1), name=label, marker_color=colour,
                    customdata=[api.format_duration(s) for s in pickup[col]],
                    hovertemplate=f"<b>%{{x}}</b> {label}: %{{customdata}}<extra></extra>")
    fig.add_scatter(x=pickup["to_team"], y=pickup["target_seconds"], mode="markers", name="pickup target",
                    marker={"symbol": "line-ew", "size": 40, "line": {"width": 3, "color": "#111827"}},
                    customdata=[api.format_duration(s) for s in pickup["target_seconds"]],
                    hovertemplate="<b>%{x}</b> target: %{customdata} in team hours<extra></extra>")
    style(fig, "Hand-off pickup time per receiving team (team hours vs. wall-clock incl. closed hours)",
          "Receiving team", "Pickup time (log scale)", height=440)
    values = pd.concat([pickup[c] for c in ("p50_seconds", "p90_seconds", "wall_p50_seconds", "wall_p90_seconds",
                                            "target_seconds")]).dropna()
    fig.update_layout(barmode="group", yaxis=duration_axis(values))
    return fig
