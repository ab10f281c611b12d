"""The top of each analysis page: its title, the sidebar's messages, and the line under the title
(which data, read at which instant, with which filters)."""

from __future__ import annotations

import streamlit as st

from dashboard import queries
from dashboard.errors import show_messages
from dashboard.markup import plain
from dashboard.selection import Selection, current_selection
from dashboard.tables import when_text

__all__ = ["caption", "start"]


def start(title: str) -> Selection:
    """Draw the page title and the sidebar's messages; stop the page when no dataset can be shown."""
    selection = current_selection()
    st.title(title)
    show_messages(selection.messages)
    if not selection.ready:
        st.stop()
    return selection


def caption(selection: Selection, extra: str = "") -> None:
    """Dataset(s), as-of instant, timezone, policy and filters, in one caption."""
    latest = selection.dataset_row()["last_event_at"]
    read_at = (
        f"as of {when_text(selection.as_of, selection.timezone)}"
        if selection.as_of
        else f"at the latest event, {when_text(latest, selection.timezone)}"
    )
    shown = f"**{plain(selection.dataset)}**" + (
        f" compared with **{plain(selection.compare)}**" if selection.compare else ""
    )
    for notes in queries.data_notes(selection).values():
        for note in notes:
            st.warning(plain(note), icon=":material/warning:")
    st.caption(
        f"Dataset {shown}, clocks read {read_at} ({selection.timezone}), policy *{plain(selection.policy.name)}*. "
        f"Filters: {plain(selection.filters.describe())}. {extra}"
    )
