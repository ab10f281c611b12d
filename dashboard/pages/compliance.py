"""SLA compliance: KPI per metric, compliance by team / channel / complexity / week, breaches by
hour of week, the breach table (each row links to the ticket's timeline) and clocks still running.

Draws only; the numbers come from ``analytics.api`` (through ``dashboard.queries``).
"""

from __future__ import annotations

import streamlit as st

from analytics import api
from dashboard import cards, charts, downloads, header, navigation, plot, tables
from dashboard import queries as cached
from dashboard.errors import shown_as_error
from dashboard.markup import plain

BREAKDOWNS = {"team": "Team", "channel": "Channel", "complexity": "Complexity", "week": "Week"}

selection = header.start("SLA compliance")

with shown_as_error():
    goal = api.compliance_goal_pct()
    header.caption(
        selection, "Compliance = met ÷ (met + breached); clocks still running (pending) are not counted yet."
    )
    kpis = {name: cached.get(selection, api.kpis, name) for name in selection.shown}
    counts = cached.get(selection, api.status_counts)
    breaches = cached.breaches(selection, limit=api.SHOWN_ROWS)
    pending = cached.get(selection, api.pending, limit=api.SHOWN_ROWS)

    # -- KPI cards and chart ---------------------------------------------------------------------
    for name in selection.shown:
        if selection.compare:
            st.subheader(selection.label(name))
        cards.compliance_cards(kpis[name], selection.policy, goal)
    plot.show(
        charts.compliance_bar(
            {selection.label(n): k for n, k in kpis.items()} if selection.compare else kpis[selection.dataset], goal
        ),
    )

    # -- Breakdown -------------------------------------------------------------------------------
    st.subheader("Compliance breakdown")
    dim = st.segmented_control(
        "Break down by", list(BREAKDOWNS), format_func=BREAKDOWNS.get, default="team", key="breakdown", required=True
    )
    by_dim = cached.compliance(selection, f"metric,{dim}")
    if dim == "team":
        st.caption("The team a clock belongs to: the team holding the ticket, or for hand-offs the receiving team.")
        shown = tables.team_table(by_dim, selection.policy)
    else:
        shown = tables.breakdown_table(by_dim, dim, BREAKDOWNS[dim])
    if by_dim.empty:
        st.info("No clocks in this selection. Widen the date range or clear filters in the sidebar.")
    else:
        if dim == "week":
            plot.show(charts.weekly_trend(by_dim, goal, "Weekly compliance per metric"))
        else:
            plot.show(charts.breakdown_bar(by_dim, dim, BREAKDOWNS[dim], goal))
        st.dataframe(
            shown,
            hide_index=True,
            height=tables.table_height(len(shown)),
            column_config={
                "Compliance %": st.column_config.ProgressColumn(
                    "Compliance %", min_value=0, max_value=100, format="%.1f%%", color=charts.BAR_COLOUR
                )
            },
        )
        downloads.button(
            f"Download compliance by {dim} (CSV)",
            shown,
            downloads.file_name(f"compliance_by_{dim}", selection.dataset),
            key="download_by_team",
        )

    # -- When breaches happen --------------------------------------------------------------------
    columns = st.columns(len(selection.shown))
    for column, name in zip(columns, selection.shown, strict=True):
        grid = cached.get(selection, api.breach_hour_of_week, name)
        with column:
            if selection.compare:
                st.markdown(f"**{plain(selection.label(name))}**")
            plot.show(charts.breach_heatmap(grid, selection.timezone), key=f"heat_{name}")
    st.caption(
        "Dark cells are hours in which many targets ran out: usually the hours in which a team was "
        "short-staffed or closed."
    )

    # -- Breaches --------------------------------------------------------------------------------
    n_breached = int(counts["breached"])
    st.subheader(f"Breaches ({n_breached:,})")
    if breaches.empty:
        st.success("No clock breached its target in this selection.")
    else:
        table = tables.breach_table(breaches, selection.timezone, selection.dataset)
        more = (
            f" Showing the latest {len(table):,}; the download has all {n_breached:,}."
            if n_breached > len(table)
            else ""
        )
        st.caption(
            "Newest first. Elapsed time counts the open hours of the metric's calendar (24/7 for most "
            "metrics) and, for metrics that pause, leaves out time spent waiting on the customer. "
            f"**Timeline** opens the ticket's history with its clocks.{more}"
        )
        st.dataframe(
            table,
            hide_index=True,
            height=tables.table_height(len(table)),
            column_config={"Timeline": st.column_config.LinkColumn("Timeline", display_text="open timeline")},
        )
        downloads.button(
            "Download breaches (CSV)",
            lambda: tables.breach_table(cached.breaches(selection), selection.timezone),
            downloads.file_name("breaches", selection.dataset),
            key="download_breaches",
        )
        pick, go = st.columns([3, 1], vertical_alignment="bottom")
        ticket = pick.selectbox(
            "Open the timeline of a breached ticket", list(dict.fromkeys(breaches["ticket_id"])), key="breach_ticket"
        )
        if go.button("Show timeline", key="open_breach_ticket", type="primary"):
            st.session_state["ticket"] = ticket
            st.switch_page(navigation.page("tickets"), query_params={"dataset": selection.dataset, "ticket": ticket})

    with st.expander(f"Clocks still running ({int(counts['pending']):,})"):
        if pending.empty:
            st.write("No clock is running: every clock has met or breached its target.")
        else:
            running = tables.pending_table(pending, selection.timezone)
            st.dataframe(running, hide_index=True, height=tables.table_height(len(running)))
            downloads.button(
                "Download running clocks (CSV)",
                lambda: tables.pending_table(cached.get(selection, api.pending), selection.timezone),
                downloads.file_name("running_clocks", selection.dataset),
                key="download_pending",
            )
