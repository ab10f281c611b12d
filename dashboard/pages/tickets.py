"""Ticket explorer: search tickets with the sidebar's filters, then read one ticket's full history
as a timeline with every SLA clock drawn over it.

Draws only; the numbers come from ``analytics.api``.
"""

from __future__ import annotations

import streamlit as st

from analytics import api
from dashboard import charts, downloads, header, plot, tables
from dashboard import queries as cached
from dashboard.errors import shown_as_error
from dashboard.markup import plain

LIMIT = 200

selection = header.start("Ticket explorer")

with shown_as_error():
    header.caption(selection)
    if "ticket" in st.query_params and st.session_state.get("_ticket_from_url") != st.query_params["ticket"]:
        # a shared link or a drill-down from a breach: that ticket, once (the reader may pick another)
        st.session_state["ticket"] = st.session_state["_ticket_from_url"] = st.query_params["ticket"]
    left, right = st.columns([2, 3])
    text = left.text_input(
        "Ticket id contains",
        key="ticket_search",
        placeholder="e.g. E1 or 2026-",
        help="Part of a ticket id; upper or lower case. The sidebar's filters apply too.",
    )
    status = right.segmented_control(
        "Status",
        api.STATUSES,
        default="any",
        key="ticket_status",
        required=True,
        format_func=lambda s: {"any": "All", "open": "Open", "resolved": "Resolved", "breached": "With a breach"}[s],
    )
    found = cached.get(selection, api.ticket_search, text=text, status=status, limit=LIMIT)
    if found.empty:
        st.info("No ticket matches. Change the search text or the status, or clear filters in the sidebar.")
    else:
        st.caption(
            f"{len(found):,} tickets"
            + (f" (the newest {LIMIT}; narrow the search to see others)" if len(found) >= LIMIT else "")
            + ", newest first."
        )
        shown = tables.ticket_table(found, selection.timezone)
        st.dataframe(shown, hide_index=True, height=tables.table_height(len(shown), 10))
        downloads.button(
            "Download these tickets (CSV)",
            shown,
            downloads.file_name("tickets", selection.dataset),
            key="download_tickets",
        )

    options = list(found["ticket_id"])
    wanted = st.session_state.get("ticket")
    if wanted and wanted not in options and not text.strip():
        # a ticket from a link or an earlier choice stays while nothing is searched; a search that does not
        # match it selects its own first match (a single match is the ticket shown)
        options.insert(0, wanted)
    if not options:
        st.stop()
    if st.session_state.get("ticket") not in options:
        st.session_state["ticket"] = options[0]
    ticket = st.selectbox("Ticket", options, key="ticket", help="The ticket whose timeline is drawn below.")
    st.query_params["ticket"] = ticket
    st.session_state["_ticket_from_url"] = ticket
    tl = api.ticket_timeline(selection.store, selection.dataset, ticket, selection.policy, selection.as_of)
    if tl.events.empty:
        st.warning(
            f"There is no ticket '{plain(ticket)}' in dataset '{plain(selection.dataset)}' (at the as-of time). "
            "Pick one from the list above."
        )
        st.stop()
    if tl.summary is not None:
        st.markdown(tables.summary_text(tl.summary, selection.timezone))
    plot.show(charts.timeline_figure(tl, selection.timezone, tl.as_of), key="timeline")
    st.caption(
        "Bars are SLA clocks: green met, red breached, blue still running (dotted to the as-of time). "
        "A black tick marks the target where it falls at a fixed time; ✕ marks where a target ran out. "
        "Grey bands are customer waits, which pausing clocks leave out."
    )
    c1, c2 = st.columns(2)
    with c1:
        st.subheader("Clocks")
        clocks = tables.clock_table(tl.clocks, selection.timezone)
        st.dataframe(clocks, hide_index=True, height=tables.table_height(len(clocks)))
        downloads.button("Download clocks (CSV)", clocks, downloads.file_name("clocks", ticket), key="download_clocks")
    with c2:
        st.subheader("Conversation")
        events = tables.event_table(tl.events, selection.timezone)
        st.dataframe(events, hide_index=True, height=tables.table_height(len(events)))
        downloads.button("Download events (CSV)", events, downloads.file_name("events", ticket), key="download_events")
