"""Staffing charts: headcount, load or waits per hour of the week, agent utilisation of two runs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.style import A_COLOUR, B_COLOUR

__all__ = ["hour_heatmap", "utilisation_bars"]


def hour_heatmap(
    frame: pd.DataFrame,
    title: str,
    unit: str,
    colorscale: str,
    zmin=None,
    zmax=None,
    fmt: str = ".0f",
    text: bool = True,
    height: int = 300,
    x_title: str = "hour (local time)",
    hover: str = "%{y} %{x}:00",
) -> go.Figure:
    """A heatmap of a frame (rows top to bottom as in the frame); empty cells (NaN) are left blank."""
    z = frame.to_numpy(dtype=float)
    labels = [[("" if not np.isfinite(v) else format(v, fmt)) for v in row] for row in z]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(frame.columns),
            y=list(frame.index),
            colorscale=colorscale,
            zmin=zmin,
            zmax=zmax,
            text=labels,
            texttemplate="%{text}" if text else None,
            textfont={"size": 9},
            colorbar={"title": unit, "thickness": 12},
            hovertemplate=hover + "<br>%{z:" + fmt + "} " + unit + "<extra></extra>",
        )
    )
    fig.update_layout(
        title={"text": title, "font": {"size": 14}},
        height=height,
        margin={"t": 50, "b": 30, "l": 50, "r": 10},
        xaxis={"title": x_title, "dtick": 1, "side": "top" if not text else "bottom"},
        yaxis={"autorange": "reversed"},
    )
    return fig


def utilisation_bars(a: pd.DataFrame, b: pd.DataFrame, name_a: str, name_b: str) -> go.Figure:
    """Utilisation per team (busy time / on-duty time) of two runs."""
    fig = go.Figure()
    for df, name, colour in ((a, name_a, A_COLOUR), (b, name_b, B_COLOUR)):
        fig.add_bar(
            x=df["team"],
            y=df["utilisation_pct"],
            name=name,
            marker_color=colour,
            hovertemplate="%{x}: %{y:.0f}% busy<extra>" + name + "</extra>",
        )
    fig.update_layout(
        barmode="group",
        height=320,
        title="Utilisation per team (busy ÷ on-duty time)",
        yaxis={"title": "%", "range": [0, 105]},
        margin={"t": 50, "b": 40, "l": 60, "r": 20},
        legend={"orientation": "h", "y": -0.2},
    )
    return fig
