"""The top of each analysis page: its title, the sidebar's messages, and the line under the title
(which data, read at which instant, with which filters)."""

from __future__ import annotations

import streamlit as st

from dashboard.context import View, current_view
from dashboard.errors import show_messages
from dashboard.tables import when_text


def start(title: str) -> View:
    """Draw the page title and the sidebar's messages; stop the page when no dataset can be shown."""
    view = current_view()
    st.title(title)
    show_messages(view.messages)
    if not view.ready:
        st.stop()
    return view


def caption(view: View, extra: str = "") -> None:
    """Dataset(s), as-of instant, timezone, policy and filters, in one caption."""
    latest = view.dataset_row()["last_event_at"]
    read_at = (f"as of {when_text(view.as_of, view.timezone)}" if view.as_of
               else f"at the latest event, {when_text(latest, view.timezone)}")
    shown = f"**{view.dataset}**" + (f" compared with **{view.compare}**" if view.compare else "")
    st.caption(f"Dataset {shown}, clocks read {read_at} ({view.timezone}), policy *{view.policy.name}*. "
               f"Filters: {view.filters.describe()}. {extra}")
