"""Text from data drawn inert in a figure: no link, no styling tag from a team or dataset name.

Plotly draws a subset of HTML in every text of a figure (titles, tick labels, legend entries,
hover text, Sankey labels): ``<a href="...">`` becomes a link, ``<span style>`` restyles. Team
names, dataset names, reasons and categories come from imported files, so every figure is passed
through :func:`inert` before it is drawn: a ``<`` that does not open one of the harmless tags the
charts themselves use (line break, bold, italic, super/subscript) is written as ``&lt;``, which
Plotly shows as the character. The hover and text *templates* are the charts' own and are left
as written (they hold ``<extra></extra>`` and ``%{...}`` on purpose).
"""

from __future__ import annotations

import re

import numpy as np
import plotly.graph_objects as go

__all__ = ["inert", "inert_text"]

_UNSAFE = re.compile(r"<(?!/?(?:br|b|i|sup|sub)\s*/?>)", re.IGNORECASE)
_TEMPLATES = {"hovertemplate", "texttemplate", "hovertemplatefallback", "texttemplatefallback"}


def inert_text(text: str) -> str:
    """``text`` with every ``<`` that could open a link or a styled span written as ``&lt;``."""
    return _UNSAFE.sub("&lt;", text) if "<" in text else text


def _walk(value, key: str = ""):
    if key in _TEMPLATES:
        return value
    if isinstance(value, str):
        return inert_text(value)
    if isinstance(value, dict):
        return {k: _walk(v, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_walk(v) for v in value)
    if isinstance(value, np.ndarray) and value.dtype.kind in "OUS":
        out = np.array([_walk(v) for v in value.ravel()], dtype=object).reshape(value.shape)
        return out
    return value


def inert(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` whose texts from data can neither link nor restyle (see the module).

    Parameters
    ----------
    fig : plotly.graph_objects.Figure

    Returns
    -------
    plotly.graph_objects.Figure
    """
    return go.Figure(_walk(fig.to_dict()))
