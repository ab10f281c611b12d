"""Backtest chart: a history's weekly compliance against the model's mean and the band of one replication."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.style import B_COLOUR, style
from simulation.api import SMALL_CELL

__all__ = ["HISTORY_COLOUR", "history_vs_model"]

HISTORY_COLOUR = "#111827"  # the history is the reference: near black, drawn on top
_BAND_FILL = "rgba(37, 99, 235, 0.16)"  # B_COLOUR, light


def _range(df: pd.DataFrame) -> list[float]:
    """The y range (%): every value with some room, at least 10 pp tall, never a tick above 100 %."""
    values = pd.concat([df["history_pct"], df["sim_pct"], df["band_low"], df["band_high"]]).dropna()
    if values.empty:
        return [0.0, 100.5]
    lo, hi = float(values.min()), float(values.max())
    pad = max(1.0, (hi - lo) * 0.1)
    top = min(100.0, hi + pad)
    bottom = max(0.0, min(math.floor(lo - pad), top - 10))
    return [bottom, top + min(1.0, 0.04 * (top - bottom))]  # room for a marker at 100 %, less than a tick step


def _weeks_axis(weeks: pd.Series) -> dict:
    """The x axis: dates, one tick per week (Monday) up to 12 weeks, half a week of room on each side."""
    if weeks.empty:
        return {"type": "date"}
    axis = {
        "type": "date",
        "hoverformat": "week of %d %b %Y",
        "range": [weeks.min() - pd.Timedelta(days=3.5), weeks.max() + pd.Timedelta(days=3.5)],
    }
    if len(weeks) <= 12:
        axis |= {"tickvals": list(weeks), "ticktext": [f"{w:%d %b %Y}" for w in weeks]}
    else:
        axis |= {"tickformat": "%d %b %Y"}
    return axis


def history_vs_model(df: pd.DataFrame, title: str) -> go.Figure:
    """Compliance per week: the history (line and markers), the simulated mean (on top) and its 95 % band.

    Parameters
    ----------
    df : pandas.DataFrame
        Rows of ``Backtest.weeks`` or ``Backtest.cells`` (one metric, one team or all): ``week``,
        ``history_pct``, ``clocks``, ``sim_pct``, ``band_low``, ``band_high``, ``small``.
    title : str

    Returns
    -------
    plotly.graph_objects.Figure
        Weeks with fewer than ``SMALL_CELL`` clocks in the history have hollow markers and a legend entry.
    """
    weeks = pd.to_datetime(df["week"])
    fig = go.Figure()
    fig.add_scatter(
        x=weeks,
        y=df["band_high"],
        mode="lines",
        line={"width": 0},
        hoverinfo="skip",
        showlegend=False,
        name="band high",
    )
    fig.add_scatter(
        x=weeks,
        y=df["band_low"],
        mode="lines",
        line={"width": 0},
        fill="tonexty",
        fillcolor=_BAND_FILL,
        name="model: 95% band of one replication",
        legendrank=3,
        hoverinfo="skip",
    )
    small = df["small"].astype(bool).to_numpy()
    fig.add_scatter(
        x=weeks,
        y=df["history_pct"],
        mode="lines+markers",
        line={"color": HISTORY_COLOUR, "width": 2.5},
        marker={
            "size": 9,
            "color": ["white" if s else HISTORY_COLOUR for s in small],  # small: hollow, the line hidden behind
            "line": {"color": HISTORY_COLOUR, "width": 2},
        },
        customdata=df[["clocks"]].to_numpy(),
        name="history",
        legendrank=1,
        cliponaxis=False,
        hovertemplate="history %{y:.1f}% (%{customdata[0]:,} clocks)<extra></extra>",
    )
    fig.add_scatter(
        x=weeks,
        y=df["sim_pct"],
        mode="lines+markers",
        line={"color": B_COLOUR, "dash": "dash", "width": 2},
        marker={"size": 6, "color": B_COLOUR},
        customdata=df[["band_low", "band_high"]].to_numpy(),
        name="model: simulated mean",
        legendrank=2,
        cliponaxis=False,
        hovertemplate="model %{y:.1f}% (band %{customdata[0]:.1f}–%{customdata[1]:.1f}%)<extra></extra>",
    )
    if small.any():
        fig.add_scatter(
            x=weeks[small],
            y=df["history_pct"][small],
            mode="markers",
            marker={"size": 9, "color": "white", "line": {"color": HISTORY_COLOUR, "width": 2}},
            name=f"small sample (< {SMALL_CELL} clocks)",
            legendrank=4,
            cliponaxis=False,
            hoverinfo="skip",
        )
    style(fig, title, "week (starting Monday)", "compliance %", height=380)
    fig.update_layout(
        hovermode="x unified",
        xaxis=_weeks_axis(weeks),
        yaxis={"range": _range(df), "ticksuffix": "%"},
        legend={"traceorder": "normal"},  # a filled trace would turn the legend around: history first
    )
    return fig
