"""Overview: are promises kept? Compliance per metric against the goal and the previous period,
volume and backlog, the weekly trend and this period's breaches with their top reasons.

Draws only; the numbers come from ``analytics.api`` (through ``dashboard.queries``).
"""

from __future__ import annotations

import streamlit as st

from analytics import api
from dashboard import cards, charts, header, navigation, plot
from dashboard import queries as cached
from dashboard.errors import shown_as_error

selection = header.start("Overview")

with shown_as_error():
    goal = api.compliance_goal_pct()
    header.caption(selection)
    columns = st.columns(len(selection.shown)) if selection.compare else [st.container()]
    for column, name in zip(columns, selection.shown, strict=True):
        kpis = cached.get(selection, api.kpis, name)
        volume = cached.get(selection, api.backlog_and_volume, name)
        weekly = cached.get(selection, api.weekly_compliance, name)
        reasons = cached.get(selection, api.breach_reasons, name, limit=5)
        with column:
            if selection.compare:
                st.subheader(selection.label(name))
            if not selection.filters_for(name).start and not selection.filters_for(name).end:
                st.caption("Pick a date range in the sidebar to see the change against the period before.")
            cards.compliance_cards(kpis, selection.policy, goal)
            cards.volume_cards(volume)
            if weekly.empty:
                st.info("No clocks in this selection. Widen the date range or clear filters in the sidebar.")
            else:
                plot.show(charts.weekly_trend(weekly, goal), key=f"trend_{name}")
            breached = int(kpis["breached"].sum())
            st.subheader(f"Breaches this period ({breached:,})")
            if reasons.empty:
                st.success("No clock breached its target in this selection.")
            else:
                plot.show(charts.breach_reasons_bar(reasons), key=f"reasons_{name}")
    st.page_link(navigation.page("compliance"), label="See every breach on the SLA compliance page", icon="➡️")
