"""Data page, first tab: the datasets, their refused rows, rename and delete (editors only)."""

from __future__ import annotations

import streamlit as st

from analytics import api
from dashboard import actions, downloads, tables
from dashboard.access import editing_note
from dashboard.markup import plain
from dashboard.selection import Selection

__all__ = ["draw"]


def draw(selection: Selection) -> None:
    """The datasets table, a download of refused rows, and the rename and delete forms.

    A viewer sees the forms disabled, with the reason; :mod:`dashboard.actions` refuses the change
    itself should a browser submit them anyway.
    """
    if selection.datasets.empty:
        st.info("No datasets yet. Import a file in the **Import a file** tab.")
        return
    listing = tables.dataset_table(selection.datasets, selection.timezone)
    st.dataframe(listing, hide_index=True, height=tables.table_height(len(listing)))
    downloads.button("Download the list (CSV)", listing, "datasets.csv", key="download_datasets")
    name = st.selectbox("Dataset to manage", list(selection.datasets["name"]), key="manage_dataset")
    rejects = api.dataset_rejects(selection.store, name)
    if not rejects.empty:
        st.caption(f"{len(rejects):,} rows of its imports were refused.")
        downloads.button(
            f"Download the refused rows of {plain(name)} (CSV)",
            rejects,
            downloads.file_name("rejects", name),
            key="download_rejects",
        )
    note = editing_note("Renaming or deleting a dataset")
    if note:
        st.info(note)
    rename_col, delete_col = st.columns(2)
    with rename_col.form("rename"):
        new = st.text_input("New name", key="rename_to", disabled=bool(note))
        if st.form_submit_button("Rename", disabled=bool(note)):
            actions.rename_dataset(selection.store, name, new)
            st.session_state["data_notice"] = f"Renamed '{plain(name)}' to '{plain(new.strip())}'."
            st.rerun()
    with delete_col.form("delete"):
        confirm = st.text_input(
            f"Type **{plain(name)}** to confirm the deletion", key="delete_confirm", disabled=bool(note)
        )
        if st.form_submit_button("Delete dataset", type="primary", disabled=bool(note)):
            if confirm.strip() != name:
                st.warning(f"Nothing deleted: type the dataset's name, {plain(name)}, to confirm.")
            else:
                actions.delete_dataset(selection.store, name)
                st.session_state["data_notice"] = f"Deleted dataset '{plain(name)}'."
                st.rerun()
