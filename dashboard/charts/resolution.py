"""Resolution time charts: distribution per complexity against the objectives, weekly median and p90."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics import api
from dashboard.charts.style import COMPLEXITY_COLOURS, DASHES, duration_axis, every_week, style

__all__ = ["resolution_ecdf", "resolution_weekly"]


def resolution_ecdf(ecdf: pd.DataFrame, objectives: pd.DataFrame) -> go.Figure:
    """ECDF per complexity (and ``dataset``, dashed for the comparison) on a log time axis, with the
    objective of each complexity as a dotted vertical line in its colour."""
    fig = go.Figure()
    ecdf = ecdf if "dataset" in ecdf else ecdf.assign(dataset="")
    datasets = list(dict.fromkeys(ecdf["dataset"]))
    for (ds, cx), df in ecdf.groupby(["dataset", "complexity"], sort=False):
        dash = DASHES[datasets.index(ds) % 2]
        name = f"{cx}" + (f" · {ds}" if len(datasets) > 1 else "")
        fig.add_scatter(
            x=df["seconds"].clip(lower=1),
            y=df["share"] * 100,
            mode="lines",
            name=name,
            line={"color": COMPLEXITY_COLOURS.get(cx, "#6b7280"), "dash": dash, "shape": "hv"},
            customdata=[api.format_duration(s) for s in df["seconds"]],
            hovertemplate=f"<b>{name}</b><br>%{{y:.0f}} % resolved within %{{customdata}}"
            f"<br>{int(df['cycles'].iloc[0]):,} cycles<extra></extra>",
        )
    for o in objectives.dropna(subset=["target_seconds"]).itertuples():
        fig.add_vline(
            x=o.target_seconds,
            line_dash="dot",
            line_color=COMPLEXITY_COLOURS.get(o.complexity),
            annotation_text=f"{o.complexity}: {api.format_duration(o.target_seconds)}",
            annotation_position="top left",
            annotation_textangle=-90,
        )
    style(
        fig,
        "Resolution time distribution per complexity (share resolved within a time)",
        "Resolution time (log scale; customer waits left out)",
        "Resolved within (%)",
        height=460,
    )
    fig.update_layout(xaxis=duration_axis(ecdf["seconds"]), yaxis={"range": [0, 101], "ticksuffix": " %"})
    return fig


def resolution_weekly(weekly: pd.DataFrame, objectives: pd.DataFrame) -> go.Figure:
    """Median (solid) and p90 (dotted) resolution time per week and complexity, log scale."""
    fig = go.Figure()
    for cx, df in every_week(weekly, "complexity").groupby("complexity", sort=False):
        colour = COMPLEXITY_COLOURS.get(cx, "#6b7280")
        for col, label, dash in (("p50_seconds", "median", "solid"), ("p90_seconds", "p90", "dot")):
            fig.add_scatter(
                x=df["week"],
                y=df[col],
                mode="lines+markers",
                name=f"{cx} {label}",
                line={"color": colour, "dash": dash},
                customdata=list(zip([api.format_duration(s) for s in df[col]], df["cycles"].fillna(0), strict=True)),
                hovertemplate=f"<b>{cx}</b> {label}, week of %{{x|%Y-%m-%d}}: %{{customdata[0]}}"
                "<br>%{customdata[1]} cycles<extra></extra>",
            )
    for o in objectives.dropna(subset=["target_seconds"]).itertuples():
        if o.complexity in set(weekly["complexity"]):
            fig.add_hline(
                y=o.target_seconds,
                line_dash="dash",
                line_color=COMPLEXITY_COLOURS.get(o.complexity),
                annotation_text=f"{o.complexity} objective {api.format_duration(o.target_seconds)}",
                annotation_position="bottom right",
            )
    style(
        fig,
        "Resolution time per week (median and p90)",
        "Week (starting Monday)",
        "Resolution time (log scale)",
        height=440,
    )
    values = pd.concat([weekly["p50_seconds"], weekly["p90_seconds"], objectives["target_seconds"].dropna()])
    fig.update_layout(yaxis=duration_axis(values))
    return fig
