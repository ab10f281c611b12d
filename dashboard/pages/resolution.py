"""Resolution times: distributions per complexity against the objectives, percentiles (measured and
wall-clock), and the trend over weeks.

Draws only; the numbers come from ``analytics.api``.
"""

from __future__ import annotations

import streamlit as st

from analytics import api
from dashboard import charts, downloads, header, plot, tables
from dashboard import queries as cached
from dashboard.errors import shown_as_error
from dashboard.markup import plain

selection = header.start("Resolution times")

with shown_as_error():
    header.caption(
        selection,
        "Resolution is an objective, not a contractual SLA: one clock per cycle (created or reopened → resolved).",
    )
    goals = api.objectives(selection.policy)
    st.markdown(
        "**Objectives:** "
        + " · ".join(f"{r.complexity} {tables.target_text(r.target_seconds)}" for r in goals.itertuples())
    )
    ecdf = cached.stacked(selection, api.resolution_distribution)
    if ecdf.empty:
        st.info("No resolved ticket in this selection. Widen the date range or clear filters in the sidebar.")
        st.stop()
    plot.show(charts.resolution_ecdf(ecdf, goals), key="ecdf")
    st.caption(
        "Read a line from left to right: where it crosses the dotted objective line of its colour is the "
        "share of cycles resolved within the objective. Further left is faster."
    )

    st.subheader("Percentiles")
    st.caption(
        "**Measured** time is what the objective counts: customer waits left out. **Wall-clock** time is "
        "what the customer lived through, waits, nights and weekends included."
    )
    for name in selection.shown:
        pct = cached.get(selection, api.resolution_percentiles, name)
        table = tables.percentile_table(pct, goals)
        if selection.compare:
            st.markdown(f"**{plain(selection.label(name))}**")
        st.dataframe(
            table,
            hide_index=True,
            height=tables.table_height(len(table)),
            key=f"pct_{name}",
            column_config={
                "Within objective %": st.column_config.ProgressColumn(
                    "Within objective %", min_value=0, max_value=100, format="%.1f%%"
                )
            },
        )
        downloads.button(
            "Download percentiles (CSV)",
            table,
            downloads.file_name("resolution_percentiles", name),
            key=f"download_pct_{name}",
        )

    st.subheader("Trend over weeks")
    weekly = cached.get(selection, api.resolution_weekly)
    if weekly.empty:
        st.info("No resolved cycles to draw per week.")
    else:
        plot.show(charts.resolution_weekly(weekly, goals), key="weekly")
