"""Plotly figures for the pages (built from API results, drawn with ``st.plotly_chart``)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.tables import counts_text, metric_label, pct_text

BAR_COLOUR = "#2563eb"


def compliance_bar(per_metric: pd.DataFrame) -> go.Figure:
    """Bar per metric of compliance % (0-100) with a dashed 100 % line; hover shows the counts.

    Parameters
    ----------
    per_metric : DataFrame
        ``metric, met, breached, pending, compliance_pct`` as from :func:`dashboard.tables.per_metric`;
        metrics without a percentage get a "n/a" label instead of a bar.
    """
    labels = [metric_label(m) for m in per_metric["metric"]]
    pct = per_metric["compliance_pct"].astype("float64")
    counts = [counts_text(r.met, r.breached, r.pending) for r in per_metric.itertuples()]
    fig = go.Figure(go.Bar(
        x=labels, y=pct.fillna(0), text=[pct_text(v) for v in pct], textposition="inside", insidetextanchor="end",
        marker_color=BAR_COLOUR, customdata=counts, cliponaxis=False, textfont={"size": 14, "color": "white"},
        hovertemplate="<b>%{x}</b><br>Compliance: %{text}<br>%{customdata}<extra></extra>",
    ))
    fig.add_hline(y=100, line_dash="dash", line_color="#6b7280",
                  annotation_text="100 % = every clock met its target", annotation_position="top left")
    fig.update_layout(
        title="Compliance by metric", height=420, margin={"t": 70, "b": 40, "l": 60, "r": 20},
        xaxis_title="SLA metric", yaxis_title="Compliance (%)",
        yaxis={"range": [0, 112], "tickvals": [0, 20, 40, 60, 80, 100], "ticksuffix": " %"},
        showlegend=False,
    )
    return fig
