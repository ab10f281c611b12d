"""Draw a figure on the page: the one place that calls ``st.plotly_chart``.

Every figure goes through :func:`dashboard.charts.inert` first, so a team, dataset or reason name
from an imported file is drawn as text, never as a link or styled span; and every chart gets the
same Plotly config.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from dashboard import charts

__all__ = ["show"]


def show(fig: go.Figure, key: str | None = None, **kwargs) -> None:
    """``st.plotly_chart`` of ``fig`` made inert, with the charts' config.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
    key : str, optional
        The element's key, for charts drawn in a loop.
    **kwargs
        More arguments of ``st.plotly_chart`` (e.g. ``on_select``).
    """
    return st.plotly_chart(charts.inert(fig), config=charts.CONFIG, key=key, **kwargs)
