"""Data page tables: the datasets, refused rows, a policy what-if against the policy in force."""

from __future__ import annotations

import pandas as pd

from analytics import api
from dashboard.tables.text import metric_label, when_text

__all__ = ["dataset_table", "reject_table", "whatif_table"]


def dataset_table(datasets: pd.DataFrame, tz: str) -> pd.DataFrame:
    """Every dataset: name, kind, source, counts, time span and last update."""
    return pd.DataFrame(
        {
            "Dataset": datasets["name"],
            "Kind": datasets["kind"],
            "Source": datasets["source"].fillna(""),
            "Tickets": datasets["tickets"].astype("int64"),
            "Events": datasets["events"].astype("int64"),
            "Refused rows": datasets["rejects"].astype("int64"),
            f"First event ({tz})": datasets["first_event_at"].map(lambda t: when_text(t, tz)),
            f"Last event ({tz})": datasets["last_event_at"].map(lambda t: when_text(t, tz)),
            f"Updated ({tz})": datasets["updated_at"].map(lambda t: when_text(t, tz)),
        }
    )


def reject_table(rejects: pd.DataFrame) -> pd.DataFrame:
    """Refused rows with their line number, ticket, reason and raw values.

    The ticket and the raw row are the file's own text: control and invisible characters (a
    right-to-left override, say) are shown as escapes, as ``sla rejects`` shows them.
    """
    line = rejects["source_line"].map(lambda v: "" if pd.isna(v) else str(int(v)))
    return pd.DataFrame(
        {
            "Line": line,
            "Ticket": rejects["ticket_id"].fillna("").map(api.shown),
            "Reason": rejects["reason"].fillna("").map(api.shown),
            "Raw row": rejects["raw"].fillna("").map(api.shown),
        }
    )


def whatif_table(now: pd.DataFrame, then: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Compliance per metric under the policy in force and under the what-if, side by side."""
    a, b = api.per_metric(now), api.per_metric(then)
    table = pd.DataFrame(
        {
            "Metric": a["metric"].map(metric_label),
            "Compliance now %": a["compliance_pct"].astype("float64"),
            "What-if %": b["compliance_pct"].astype("float64"),
            "Breached now": a["breached"],
            "Breached what-if": b["breached"],
        }
    )
    table["Change (pts)"] = (table["What-if %"] - table["Compliance now %"]).round(2)
    return {"now": a, "then": b, "table": table}
