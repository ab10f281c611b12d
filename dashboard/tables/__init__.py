"""Frames shaped for ``st.dataframe``, and values as text, one module per subject.

No Streamlit, no queries: the pages pass in what the API returned.
"""

from dashboard.tables.compliance import breach_table, breakdown_table, pending_table, percentile_table, team_table
from dashboard.tables.datasets import dataset_table, reject_table, whatif_table
from dashboard.tables.escalations import finding_table, handoff_team_table, pickup_table
from dashboard.tables.text import (
    NOT_AVAILABLE,
    STATUS,
    counts_text,
    metric_label,
    metric_order,
    pct_text,
    policy_target_text,
    share_text,
    table_height,
    target_text,
    ticket_link,
    when_text,
)
from dashboard.tables.tickets import clock_table, event_table, summary_text, ticket_table

__all__ = [
    "NOT_AVAILABLE",
    "STATUS",
    "breach_table",
    "breakdown_table",
    "clock_table",
    "counts_text",
    "dataset_table",
    "event_table",
    "finding_table",
    "handoff_team_table",
    "metric_label",
    "metric_order",
    "pct_text",
    "pending_table",
    "percentile_table",
    "pickup_table",
    "policy_target_text",
    "reject_table",
    "share_text",
    "summary_text",
    "table_height",
    "target_text",
    "team_table",
    "ticket_link",
    "ticket_table",
    "whatif_table",
    "when_text",
]
