"""SLA compliance: KPI per metric, chart, compliance by team, breaches and clocks still running.

Draws only; the numbers come from ``analytics.api`` (through ``dashboard.cached``).
"""

from __future__ import annotations

import streamlit as st

from analytics.durations import format_duration
from dashboard import cached, charts, tables
from dashboard.context import current_view
from dashboard.downloads import csv_bytes, file_name
from dashboard.errors import show_messages, shown_as_error

view = current_view()
st.title("SLA compliance")
show_messages(view.messages)
if not view.ready:
    st.stop()

with shown_as_error():
    by_metric = tables.per_metric(cached.compliance(view, "metric"))
    by_team = tables.team_table(cached.compliance(view, "metric,team"), view.policy)
    breaches = tables.breach_table(cached.breaches(view), view.timezone)
    pending = tables.pending_table(cached.clocks(view), view.timezone)

latest = view.dataset_row()["last_event_at"]
read_at = (f"as of {tables.when_text(view.as_of, view.timezone)}" if view.as_of
           else f"at the latest event, {tables.when_text(latest, view.timezone)}")
st.caption(f"Dataset **{view.dataset}**, clocks read {read_at} ({view.timezone}), policy *{view.policy.name}*. "
           "Compliance = met ÷ (met + breached); clocks still running (pending) are not counted yet.")

# -- KPI cards ---------------------------------------------------------------------------------
# Three per row: six cards in one row would cut names such as "Escalation notice".
cards = [c for _ in range(2) for c in st.columns(3)]
for card, row in zip(cards, by_metric.itertuples(), strict=False):
    metric = view.policy.metrics.get(row.metric)
    target = format_duration(metric.target_seconds) if metric and metric.target_seconds is not None else "see policy"
    about = metric.description if metric and metric.description else ""
    counts = tables.counts_text(row.met, row.breached, row.pending)
    with card.container(border=True):
        st.metric(tables.metric_label(row.metric), tables.pct_text(row.compliance_pct),
                  help=f"{about}\n\nDefault target: {target}. {counts}.")
        st.caption(counts)

# -- Chart -------------------------------------------------------------------------------------
st.plotly_chart(charts.compliance_bar(by_metric), config={"displaylogo": False})

# -- Compliance by team ------------------------------------------------------------------------
st.subheader("Compliance by metric and team")
st.caption("The team a clock belongs to: the team holding the ticket, or for hand-offs the receiving team.")
st.dataframe(by_team, hide_index=True, height=tables.table_height(len(by_team)), column_config={
    "Compliance %": st.column_config.ProgressColumn("Compliance %", min_value=0, max_value=100, format="%.1f%%",
                                                    color=charts.BAR_COLOUR),
})
st.download_button("Download compliance by team (CSV)", csv_bytes(by_team),
                   file_name=file_name("compliance_by_team", view.dataset), mime="text/csv", key="download_by_team")

# -- Breaches ----------------------------------------------------------------------------------
st.subheader(f"Breaches ({len(breaches)})")
if breaches.empty:
    st.success("No clock breached its target.")
else:
    st.caption("Newest first. Elapsed time counts the open hours of the metric's calendar (24/7 for most "
               "metrics) and, for metrics that pause, leaves out time spent waiting on the customer.")
    st.dataframe(breaches, hide_index=True, height=tables.table_height(len(breaches)))
    st.download_button("Download breaches (CSV)", csv_bytes(breaches), file_name=file_name("breaches", view.dataset),
                       mime="text/csv", key="download_breaches")

with st.expander(f"Clocks still running ({len(pending)})"):
    if pending.empty:
        st.write("No clock is running: every clock has met or breached its target.")
    else:
        st.dataframe(pending, hide_index=True, height=tables.table_height(len(pending)))
        st.download_button("Download running clocks (CSV)", csv_bytes(pending),
                           file_name=file_name("running_clocks", view.dataset), mime="text/csv", key="download_pending")
