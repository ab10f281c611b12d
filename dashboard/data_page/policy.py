"""Data page, third tab: the policy in force as tables, and a what-if on one metric's targets."""

from __future__ import annotations

import streamlit as st

from analytics import api
from dashboard import charts, downloads, plot, tables
from dashboard.markup import code, plain
from dashboard.selection import Selection

__all__ = ["draw"]


def draw(selection: Selection) -> None:
    """The policy's metrics and teams, and compliance recomputed with edited targets."""
    if selection.policy is None:
        st.stop()
    st.markdown(
        f"**{plain(selection.policy.name)}** · reporting timezone {plain(selection.policy.reporting_timezone)}"
        f" · file {code(selection.policy_path)}"
    )
    st.dataframe(api.metrics_table(selection.policy), hide_index=True)
    st.dataframe(api.teams_table(selection.policy), hide_index=True)
    st.subheader("What if a target changed?")
    if not selection.ready:
        st.info("Import a dataset first: the what-if recomputes compliance on its history.")
        st.stop()
    metric = st.selectbox(
        "Metric", list(selection.policy.metrics), key="whatif_metric", format_func=tables.metric_label
    )
    with st.form("whatif"):
        rows = api.target_rows(selection.policy, metric)
        edited = st.data_editor(
            rows,
            hide_index=True,
            disabled=["rule", "applies_to"],
            key=f"whatif_{metric}",
            column_config={
                "target": st.column_config.TextColumn(
                    "Target", help="e.g. 15min, 1h 30min, 2h; resolution may use 'estimate'"
                )
            },
        )
        submitted = st.form_submit_button("Recompute compliance", type="primary")
    if submitted:
        changed = api.with_targets(selection.policy, metric, list(edited["target"]))
        with st.spinner("Recomputing every clock of the dataset with the new targets…"):
            st.session_state["whatif_result"] = tables.whatif_table(
                api.compliance(
                    selection.store,
                    selection.dataset,
                    "metric",
                    selection.policy,
                    selection.as_of,
                    filters=selection.filters,
                ),
                api.compliance(
                    selection.store, selection.dataset, "metric", changed, selection.as_of, filters=selection.filters
                ),
            )
    result = st.session_state.get("whatif_result")
    if result is not None:
        plot.show(
            charts.compliance_bar(
                {"policy in force": result["now"], "what-if": result["then"]}, api.compliance_goal_pct()
            ),
            key="whatif_chart",
        )
        st.dataframe(result["table"], hide_index=True)
        downloads.button("Download the comparison (CSV)", result["table"], "whatif.csv", key="download_whatif")
