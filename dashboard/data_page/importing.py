"""Data page, second tab: upload a file, choose its format and mapping (or map columns by hand), preview
and validate it with line numbers, import it (editors only: a viewer sees the upload disabled)."""

from __future__ import annotations

import streamlit as st

from analytics import api
from dashboard import actions, downloads, mapping_wizard, tables, uploads
from dashboard.access import editing_note
from dashboard.markup import plain
from dashboard.selection import Selection

__all__ = ["draw"]


def draw(selection: Selection) -> None:
    """The import wizard; stops the page where the file cannot go further, saying why."""
    if selection.policy is None:
        st.error("The policy file cannot be used, so imports cannot check team names. Fix it first.")
        st.stop()
    st.markdown("1. Upload a file · 2. choose its format · 3. check the preview · 4. import.")
    note = editing_note("Importing a file")
    if note:
        st.info(note)
    upload = st.file_uploader(
        "File to import",
        type=["csv", "gz", "parquet", "xes", "xlsx"],
        key="upload",
        help="Canonical events (see the README) or an export of another helpdesk.",
        disabled=bool(note),
    )
    if upload is None:
        if not note:
            st.info("Upload a file to start: for example `sample_data/sample_events.csv` of this project.")
    else:
        path = actions.save_upload(selection.store.path.parent / "uploads", upload.name, upload.getvalue())
        described = api.import_formats()
        left, right = st.columns(2)
        fmt = left.selectbox(
            "Format",
            list(described),
            key="import_format",
            format_func=lambda f: f"{f}: {described[f]}" if described[f] else f,
        )
        name = right.text_input(
            "Dataset name",
            value=uploads.dataset_name_for(upload.name),
            key="import_name",
            help="A new name creates a dataset; an existing one adds or updates its tickets.",
        )
        presets = api.mapping_presets()
        mapping, by_hand, tz, mapping_text = None, False, "", None
        if fmt == "csv":
            choice = left.selectbox(
                "Mapping",
                [mapping_wizard.BY_HAND, *presets],
                key="import_mapping_csv",
                help="Which source columns are which: a mapping file, or chosen here by hand.",
            )
            by_hand = choice == mapping_wizard.BY_HAND
            mapping = None if by_hand else choice
        elif fmt not in ("events",):
            choice = left.selectbox(
                "Mapping",
                ["(built-in / none)", *presets],
                key="import_mapping",
                help="Which source columns are which. Formats eventlog and csv need one.",
            )
            mapping = None if choice.startswith("(") else choice
        if not by_hand:  # by hand, the timezone is part of the mapping
            tz = right.text_input(
                "Timezone of times without an offset (optional)",
                key="import_tz",
                placeholder="e.g. Europe/Amsterdam",
                help="Times without a UTC offset are refused unless you say which zone they are in.",
            )
        strict = left.checkbox("Refuse the whole file if any row is refused", key="import_strict")
        if by_hand:
            try:
                choices = mapping_wizard.draw(path, selection.policy, name.strip())
                mapping_text = api.build_mapping_text(choices)
                api.check_mapping_text(mapping_text)
            except (api.ImportRefused, ValueError) as exc:
                st.error(f"The columns cannot be mapped yet: {plain(exc)}")
                st.stop()
            mapping_file = uploads.mapping_path(selection.store.path.parent / "mappings", name)
            custom_policy = not api.is_default_policy(selection.policy_path)
            policy_file = selection.policy_path if custom_policy else None
            command = api.import_command(
                path, name.strip(), mapping_file, db=selection.store.path, policy=policy_file, strict=strict
            )
            mapping_wizard.show_mapping(mapping_text, mapping_file, command)
        try:
            with uploads.draft_mapping(mapping_text) as draft:
                pv = api.preview_import(path, fmt, selection.policy, tz.strip() or None, draft or mapping)
        except api.ImportRefused as exc:
            st.error(f"This file cannot be imported as {fmt}: {plain(exc)}")
            st.stop()
        st.subheader("Preview")
        st.caption(
            f"The first {len(pv.head)} events made from the file's {pv.rows_read:,} rows "
            "(line = the row's line in the file)."
        )
        st.dataframe(pv.head, hide_index=True, height=tables.table_height(len(pv.head), 10))
        a, b, c = st.columns(3)
        a.metric("Rows read", f"{pv.rows_read:,}")
        b.metric("Tickets to import", f"{pv.tickets:,}")
        c.metric("Rows refused", f"{len(pv.rejects):,}")
        for line in pv.notes:
            st.caption(plain(line))
        if len(pv.rejects):
            st.warning(f"{len(pv.rejects):,} rows would be refused (a ticket with a bad row is refused whole):")
            shown = tables.reject_table(pv.rejects)
            st.dataframe(shown, hide_index=True, height=tables.table_height(len(shown), 10))
            downloads.button(
                "Download the refused rows (CSV)",
                shown,
                downloads.file_name("rejects", name),
                key="download_preview_rejects",
            )
        if pv.tickets == 0:
            st.error("No ticket in this file is valid, so there is nothing to import. Fix the rows above.")
        elif st.button(f"Import into '{plain(name)}'", type="primary", key="do_import", disabled=not name.strip()):
            if by_hand:  # kept next to the database, so that the import can be repeated
                mapping = str(actions.save_mapping(selection.store.path.parent / "mappings", name, mapping_text))
                st.session_state["data_command"] = command
            with st.spinner("Importing…"):
                result = actions.import_file(
                    selection.store,
                    path,
                    name=name.strip(),
                    fmt=fmt,
                    timezone=tz.strip() or None,
                    policy=selection.policy,
                    strict=strict,
                    mapping=mapping,
                )
            st.session_state["data_notice"] = plain(result.summary()) + " It is now the dataset in the sidebar."
            st.session_state["_switch_dataset"] = result.dataset  # the sidebar picks it on the rerun
            st.rerun()
