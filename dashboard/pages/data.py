"""Data: the datasets (rename, delete), an import wizard (upload, format, columns mapped by hand or by a
mapping file, preview, validation with line numbers, import, rejects) and the policy in force with a
what-if on its targets.

Draws only; reading, checking and writing go through ``analytics``.
"""

from __future__ import annotations


import streamlit as st

from analytics import api
from dashboard import charts, downloads, mapping_wizard, tables, uploads
from dashboard.context import current_view
from dashboard.errors import show_messages, shown_as_error

view = current_view()
st.title("Data")
show_messages([m for m in view.messages if m.level != "info"] if view.datasets.empty else view.messages)

if "data_notice" in st.session_state:
    st.success(st.session_state.pop("data_notice"))
if "data_command" in st.session_state:
    st.caption("The mapping was saved; this command repeats the import:")
    st.code(st.session_state.pop("data_command"), language="sh")
datasets_tab, import_tab, policy_tab = st.tabs(["Datasets", "Import a file", "Policy and what-if"])

with datasets_tab, shown_as_error():
    if view.datasets.empty:
        st.info("No datasets yet. Import a file in the **Import a file** tab.")
    else:
        listing = tables.dataset_table(view.datasets, view.timezone)
        st.dataframe(listing, hide_index=True, height=tables.table_height(len(listing)))
        downloads.button("Download the list (CSV)", listing, "datasets.csv", key="download_datasets")
        name = st.selectbox("Dataset to manage", list(view.datasets["name"]), key="manage_dataset")
        rejects = api.dataset_rejects(view.store, name)
        if not rejects.empty:
            st.caption(f"{len(rejects):,} rows of its imports were refused.")
            downloads.button(f"Download the refused rows of {name} (CSV)", rejects,
                             downloads.file_name("rejects", name), key="download_rejects")
        rename_col, delete_col = st.columns(2)
        with rename_col.form("rename"):
            new = st.text_input("New name", key="rename_to")
            if st.form_submit_button("Rename"):
                api.rename_dataset(view.store, name, new)
                st.session_state["data_notice"] = f"Renamed '{name}' to '{new.strip()}'."
                st.rerun()
        with delete_col.form("delete"):
            confirm = st.text_input(f"Type **{name}** to confirm the deletion", key="delete_confirm")
            if st.form_submit_button("Delete dataset", type="primary"):
                if confirm.strip() != name:
                    st.warning(f"Nothing deleted: type the dataset's name, {name}, to confirm.")
                else:
                    api.delete_dataset(view.store, name)
                    st.session_state["data_notice"] = f"Deleted dataset '{name}'."
                    st.rerun()

with import_tab, shown_as_error():
    if view.policy is None:
        st.error("The policy file cannot be used, so imports cannot check team names. Fix it first.")
        st.stop()
    st.markdown("1. Upload a file · 2. choose its format · 3. check the preview · 4. import.")
    upload = st.file_uploader("File to import", type=["csv", "gz", "parquet", "xes", "xlsx"], key="upload",
                              help="Canonical events (see the README) or an export of another helpdesk.")
    if upload is None:
        st.info("Upload a file to start: for example `sample_data/sample_events.csv` of this project.")
    else:
        path = uploads.save_upload(view.store.path.parent / "uploads", upload.name, upload.getvalue())
        described = api.import_formats()
        left, right = st.columns(2)
        fmt = left.selectbox("Format", list(described), key="import_format",
                             format_func=lambda f: f"{f}: {described[f]}" if described[f] else f)
        name = right.text_input("Dataset name", value=uploads.dataset_name_for(upload.name), key="import_name",
                                help="A new name creates a dataset; an existing one adds or updates its tickets.")
        presets = api.mapping_presets()
        mapping, by_hand, tz, mapping_text = None, False, "", None
        if fmt == "csv":
            choice = left.selectbox("Mapping", [mapping_wizard.BY_HAND, *presets], key="import_mapping_csv",
                                    help="Which source columns are which: a mapping file, or chosen here by hand.")
            by_hand = choice == mapping_wizard.BY_HAND
            mapping = None if by_hand else choice
        elif fmt not in ("events",):
            choice = left.selectbox("Mapping", ["(built-in / none)", *presets], key="import_mapping",
                                    help="Which source columns are which. Formats eventlog and csv need one.")
            mapping = None if choice.startswith("(") else choice
        if not by_hand:  # by hand, the timezone is part of the mapping
            tz = right.text_input("Timezone of times without an offset (optional)", key="import_tz",
                                  placeholder="e.g. Europe/Amsterdam",
                                  help="Times without a UTC offset are refused unless you say which zone they are in.")
        strict = left.checkbox("Refuse the whole file if any row is refused", key="import_strict")
        if by_hand:
            try:
                choices = mapping_wizard.draw(path, view.policy, name.strip())
                mapping_text = api.build_mapping_text(choices)
                api.check_mapping_text(mapping_text)
            except (api.ImportRefused, ValueError) as exc:
                st.error(f"The columns cannot be mapped yet: {exc}")
                st.stop()
            mapping_file = uploads.mapping_path(view.store.path.parent / "mappings", name)
            custom_policy = not api.is_default_policy(view.policy_path)
            policy_file = view.policy_path if custom_policy else None
            command = api.import_command(path, name.strip(), mapping_file, db=view.store.path, policy=policy_file,
                                     strict=strict)
            mapping_wizard.show_mapping(mapping_text, mapping_file, command)
        try:
            with uploads.draft_mapping(mapping_text) as draft:
                pv = api.preview_import(path, fmt, view.policy, tz.strip() or None, draft or mapping)
        except api.ImportRefused as exc:
            st.error(f"This file cannot be imported as {fmt}: {exc}")
            st.stop()
        st.subheader("Preview")
        st.caption(f"The first {len(pv.head)} events made from the file's {pv.rows_read:,} rows "
                   "(line = the row's line in the file).")
        st.dataframe(pv.head, hide_index=True, height=tables.table_height(len(pv.head), 10))
        a, b, c = st.columns(3)
        a.metric("Rows read", f"{pv.rows_read:,}")
        b.metric("Tickets to import", f"{pv.tickets:,}")
        c.metric("Rows refused", f"{len(pv.rejects):,}")
        for note in pv.notes:
            st.caption(note)
        if len(pv.rejects):
            st.warning(f"{len(pv.rejects):,} rows would be refused (a ticket with a bad row is refused whole):")
            shown = tables.reject_table(pv.rejects)
            st.dataframe(shown, hide_index=True, height=tables.table_height(len(shown), 10))
            downloads.button("Download the refused rows (CSV)", shown,
                             downloads.file_name("rejects", name), key="download_preview_rejects")
        if pv.tickets == 0:
            st.error("No ticket in this file is valid, so there is nothing to import. Fix the rows above.")
        elif st.button(f"Import into '{name}'", type="primary", key="do_import", disabled=not name.strip()):
            if by_hand:  # kept next to the database, so that the import can be repeated
                mapping = str(uploads.save_mapping(view.store.path.parent / "mappings", name, mapping_text))
                st.session_state["data_command"] = command
            with st.spinner("Importing…"):
                result = api.import_file(view.store, path, name=name.strip(), fmt=fmt, timezone=tz.strip() or None,
                                     policy=view.policy, strict=strict, mapping=mapping)
            st.session_state["data_notice"] = result.summary() + " It is now the dataset in the sidebar."
            st.session_state["_switch_dataset"] = result.dataset  # the sidebar picks it on the rerun
            st.rerun()

with policy_tab, shown_as_error():
    if view.policy is None:
        st.stop()
    st.markdown(f"**{view.policy.name}** · reporting timezone {view.policy.reporting_timezone}"
                f" · file `{view.policy_path}`")
    st.dataframe(api.metrics_table(view.policy), hide_index=True)
    st.dataframe(api.teams_table(view.policy), hide_index=True)
    st.subheader("What if a target changed?")
    if not view.ready:
        st.info("Import a dataset first: the what-if recomputes compliance on its history.")
        st.stop()
    metric = st.selectbox("Metric", list(view.policy.metrics), key="whatif_metric", format_func=tables.metric_label)
    with st.form("whatif"):
        rows = api.target_rows(view.policy, metric)
        edited = st.data_editor(rows, hide_index=True, disabled=["rule", "applies_to"], key=f"whatif_{metric}",
                                column_config={"target": st.column_config.TextColumn(
                                    "Target", help="e.g. 15min, 1h 30min, 2h; resolution may use 'estimate'")})
        submitted = st.form_submit_button("Recompute compliance", type="primary")
    if submitted:
        changed = api.with_targets(view.policy, metric, list(edited["target"]))
        with st.spinner("Recomputing every clock of the dataset with the new targets…"):
            st.session_state["whatif_result"] = tables.whatif_table(
                api.compliance(view.store, view.dataset, "metric", view.policy, view.as_of, filters=view.filters),
                api.compliance(view.store, view.dataset, "metric", changed, view.as_of, filters=view.filters))
    result = st.session_state.get("whatif_result")
    if result is not None:
        st.plotly_chart(charts.compliance_bar({"policy in force": result["now"], "what-if": result["then"]},
                                              api.compliance_goal_pct()), config=charts.CONFIG, key="whatif_chart")
        st.dataframe(result["table"], hide_index=True)
        downloads.button("Download the comparison (CSV)", result["table"], "whatif.csv", key="download_whatif")
