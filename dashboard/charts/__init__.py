"""Plotly figures, one module per subject; every page imports ``dashboard.charts``.

Figures only: no Streamlit, no queries. Durations are drawn in human units (min, h, days).
"""

from dashboard.charts.backtest import HISTORY_COLOUR, history_vs_model
from dashboard.charts.breaches import breach_heatmap, breach_reasons_bar
from dashboard.charts.compliance import breakdown_bar, compliance_bar, compliance_with_ci, weekly_trend
from dashboard.charts.escalations import escalation_rate, escalation_sankey, pickup_bars
from dashboard.charts.inert import inert, inert_text
from dashboard.charts.resolution import resolution_ecdf, resolution_weekly
from dashboard.charts.staffing import hour_heatmap, utilisation_bars
from dashboard.charts.style import (
    A_COLOUR,
    B_COLOUR,
    BAR_COLOUR,
    COMPLEXITY_COLOURS,
    CONFIG,
    DASHES,
    DATASET_COLOURS,
    GOAL_COLOUR,
    METRIC_COLOURS,
    WEEKDAYS,
    duration_axis,
    every_week,
    goal_line,
    style,
)
from dashboard.charts.timeline import CONVERSATION, KIND_GROUPS, STATUS_COLOURS, clock_lane, timeline_figure

__all__ = [
    "A_COLOUR",
    "BAR_COLOUR",
    "B_COLOUR",
    "COMPLEXITY_COLOURS",
    "CONFIG",
    "CONVERSATION",
    "DASHES",
    "DATASET_COLOURS",
    "GOAL_COLOUR",
    "HISTORY_COLOUR",
    "KIND_GROUPS",
    "METRIC_COLOURS",
    "STATUS_COLOURS",
    "WEEKDAYS",
    "breach_heatmap",
    "breach_reasons_bar",
    "breakdown_bar",
    "clock_lane",
    "compliance_bar",
    "compliance_with_ci",
    "duration_axis",
    "escalation_rate",
    "escalation_sankey",
    "every_week",
    "goal_line",
    "history_vs_model",
    "hour_heatmap",
    "inert",
    "inert_text",
    "pickup_bars",
    "resolution_ecdf",
    "resolution_weekly",
    "style",
    "timeline_figure",
    "utilisation_bars",
    "weekly_trend",
]
