"""Data: three tasks in tabs, each drawn by its module in ``dashboard/data_page/``: the datasets
(rename, delete), an import wizard (upload, format, columns mapped by hand or by a mapping file,
preview, validation with line numbers, import, rejects) and the policy in force with a what-if on
its targets.

Draws only; reading, checking and writing go through ``analytics.api``.
"""

from __future__ import annotations

import streamlit as st

from dashboard.data_page import datasets, importing, policy
from dashboard.errors import show_messages, shown_as_error
from dashboard.selection import current_selection

selection = current_selection()
st.title("Data")
show_messages([m for m in selection.messages if m.level != "info"] if selection.datasets.empty else selection.messages)

if "data_notice" in st.session_state:
    st.success(st.session_state.pop("data_notice"))
if "data_command" in st.session_state:
    st.caption("The mapping was saved; this command repeats the import:")
    st.code(st.session_state.pop("data_command"), language="sh")
datasets_tab, import_tab, policy_tab = st.tabs(["Datasets", "Import a file", "Policy and what-if"])

with datasets_tab, shown_as_error():
    datasets.draw(selection)

with import_tab, shown_as_error():
    importing.draw(selection)

with policy_tab, shown_as_error():
    policy.draw(selection)
