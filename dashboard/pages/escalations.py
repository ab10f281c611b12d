"""Escalations: how often tickets go to specialist teams and why, the flow between tiers, how fast
receiving teams pick hand-offs up (in their hours and in wall-clock time), bounces and tickets that
skipped L1.

Draws only; the numbers come from ``analytics.api``.
"""

from __future__ import annotations

import streamlit as st

from analytics import api
from dashboard import charts, downloads, header, plot, tables
from dashboard import queries as cached
from dashboard.errors import shown_as_error
from dashboard.markup import plain

selection = header.start("Escalations")

with shown_as_error():
    header.caption(selection, "A hand-off is an escalation to another team or a request for approval (to MGMT).")
    for column, name in zip(st.columns(len(selection.shown)), selection.shown, strict=True):
        counts = cached.get(selection, api.escalation_findings, name)
        with column:
            if selection.compare:
                st.subheader(selection.label(name))
            a, b, c, d = st.columns(4)
            tickets = int(counts["tickets"])
            a.metric("Tickets", f"{tickets:,}", border=True)
            b.metric(
                "Escalated",
                tables.share_text(counts["escalated"], tickets),
                border=True,
                help="Tickets escalated at least once (approval requests not counted).",
            )
            c.metric(
                "Bounced",
                f"{int(counts['bounced']):,}",
                border=True,
                help="Tickets sent back to a team that already held them (passed back and forth).",
            )
            d.metric(
                "Skipped L1",
                f"{int(counts['skipped_l1']):,}",
                border=True,
                help="Tickets first taken in by a team that is not tier 1.",
            )

    flows = cached.get(selection, api.escalation_flows)
    if flows.empty:
        st.info(
            "No hand-offs in this selection: no ticket was escalated. Widen the date range or clear filters "
            "in the sidebar."
        )
        st.stop()

    st.subheader("Escalation rate")
    weekly = cached.get(selection, api.escalation_rate)
    if weekly.empty:
        st.info("No escalations (only approval requests) in this selection.")
    else:
        plot.show(charts.escalation_rate(weekly), key="rate")
    by_team = tables.handoff_team_table(cached.get(selection, api.escalation_by_team))
    st.dataframe(by_team, hide_index=True, height=tables.table_height(len(by_team), 10))
    downloads.button(
        "Download hand-offs by team (CSV)",
        by_team,
        downloads.file_name("handoffs_by_team", selection.dataset),
        key="download_by_team",
    )

    st.subheader("Flow between teams")
    for column, name in zip(st.columns(len(selection.shown)), selection.shown, strict=True):
        f = cached.get(selection, api.escalation_flows, name)
        with column:
            if f.empty:
                st.info(f"No hand-offs in {plain(selection.label(name))}.")
            else:
                title = "Hand-offs between teams" + (f": {selection.label(name)}" if selection.compare else "")
                plot.show(charts.escalation_sankey(f, title), key=f"sankey_{name}")
    st.caption(
        "Left: the team that hands off; right: the team that receives. Red links went back to a team that "
        "already had the ticket; purple ones are approval requests."
    )

    st.subheader("Hand-off pickup")
    pickup = cached.get(selection, api.pickup_times)
    plot.show(charts.pickup_bars(pickup), key="pickup")
    st.caption(
        "Team hours count only the receiving team's opening hours (what the pickup target measures). "
        "Wall-clock adds the nights, weekends and holidays the ticket waited for the team to open."
    )
    table = tables.pickup_table(pickup)
    st.dataframe(table, hide_index=True, height=tables.table_height(len(table)))
    downloads.button(
        "Download pickup times (CSV)",
        table,
        downloads.file_name("pickup_times", selection.dataset),
        key="download_pickup",
    )

    st.subheader("Bounced tickets and tickets that skipped L1")
    left, right = st.columns(2)
    for column, finding, label in ((left, "bounced", "Bounced between teams"), (right, "skipped_l1", "Skipped L1")):
        found = cached.get(selection, api.finding_tickets, finding=finding)
        with column:
            st.markdown(f"**{label}**")
            if found.empty:
                st.success("None in this selection.")
            else:
                shown = tables.finding_table(found, selection.timezone, selection.dataset)
                st.dataframe(
                    shown,
                    hide_index=True,
                    height=tables.table_height(len(shown), 10),
                    column_config={"Timeline": st.column_config.LinkColumn("Timeline", display_text="open timeline")},
                )
                downloads.button(
                    f"Download {label.lower()} (CSV)",
                    shown,
                    downloads.file_name(finding, selection.dataset),
                    key=f"download_{finding}",
                )
