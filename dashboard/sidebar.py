"""The sidebar every page shares: dataset, comparison dataset, filters, as-of instant and the policy.

The chosen dataset lives in ``st.session_state["dataset"]`` and in the URL (``?dataset=NAME``), so a
view can be shared as a link and survives a page switch; the filters do the same (``filterbar``).
"""

from __future__ import annotations

import shlex
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import streamlit as st

from analytics import api
from dashboard import access, filterbar
from dashboard.errors import error_message
from dashboard.markup import code, plain
from dashboard.selection import (
    Message,
    Selection,
    database_path,
    file_version,
    open_store,
    policy_in_force,
    set_selection,
)

__all__ = ["DATASET_KEY", "SAMPLE_COMMAND", "render"]

DATASET_KEY = "dataset"  # session-state key and URL query parameter
SAMPLE_COMMAND = "sla import sample_data/sample_events.csv --name sample"
_NO_DATASETS = pd.DataFrame({"name": pd.Series([], dtype=str), "kind": pd.Series([], dtype=str)})


def _how_to_import(db: Path) -> str:
    return (
        f"Import the sample data into it with\n\n```\n{SAMPLE_COMMAND} --db {shlex.quote(str(db))}\n```\n\n"
        "or run `make run` in the project folder to build the demo database and start the dashboard."
    )


def _load_datasets(store, messages: list[Message]) -> pd.DataFrame:
    if not store.exists():
        messages.append(Message("info", f"No database at {code(store.path)} yet. " + _how_to_import(store.path)))
        return _NO_DATASETS
    try:
        datasets = api.datasets(store)
    except api.EXPECTED_ERRORS as exc:
        messages.append(Message("error", error_message(exc)))
        return _NO_DATASETS
    if datasets.empty:
        messages.append(
            Message("info", f"The database {code(store.path)} has no datasets yet. " + _how_to_import(store.path))
        )
    return datasets


def _pick_dataset(datasets: pd.DataFrame, messages: list[Message]) -> str | None:
    """Dataset selectbox, initialised from the URL on first use, mirrored back into the URL."""
    names = [str(n) for n in datasets["name"]]
    if not names:
        st.caption("No datasets yet.")
        return None
    kinds = dict(zip(names, datasets["kind"], strict=True))
    if st.session_state.get("_switch_dataset") in names:  # just imported on the Data page
        st.session_state[DATASET_KEY] = st.session_state.pop("_switch_dataset")
    # Initialise the widget's state before it is drawn (Streamlit refuses changes afterwards); also
    # when the remembered dataset was renamed or deleted meanwhile.
    if st.session_state.get(DATASET_KEY) not in names:
        wanted = st.query_params.get(DATASET_KEY)
        if wanted in names:
            st.session_state[DATASET_KEY] = wanted
        else:
            if wanted:
                messages.append(
                    Message(
                        "warning",
                        f"There is no dataset named '{plain(wanted)}' (any more); "
                        f"showing '{plain(names[0])}', the most recently updated one.",
                    )
                )
            st.session_state[DATASET_KEY] = names[0]
    choice = st.selectbox(
        "Dataset",
        names,
        key=DATASET_KEY,
        format_func=lambda n: f"{n} ({kinds[n]})",
        help="Each import or simulation run is a dataset. The choice is kept in the "
        "page address, so you can share this view as a link.",
    )
    st.query_params[DATASET_KEY] = choice
    return choice


def _local(ts: pd.Timestamp, tz: str) -> datetime:
    """A UTC instant as naive wall-clock time in ``tz`` (what the date/time widget shows)."""
    return pd.Timestamp(ts).tz_convert(tz).tz_localize(None).to_pydatetime()


def _dataset_summary(row: pd.Series, tz: str) -> str:
    counts = f"{int(row['tickets']):,} tickets · {int(row['events']):,} events"
    if pd.isna(row["first_event_at"]) or pd.isna(row["last_event_at"]):
        return counts
    return f"{counts} · {_local(row['first_event_at'], tz):%Y-%m-%d} to {_local(row['last_event_at'], tz):%Y-%m-%d}"


def _pick_as_of(row: pd.Series, dataset: str, tz: str) -> str | None:
    """Optional as-of instant as ISO 8601 with offset; None means the dataset's latest event."""
    if pd.isna(row["first_event_at"]) or pd.isna(row["last_event_at"]):
        return None  # no events: the page says so
    last, first = _local(row["last_event_at"], tz), _local(row["first_event_at"], tz)
    earlier = st.toggle(
        "Read clocks at an earlier time",
        key="as_of_enabled",
        help="Off: every clock is read at the dataset's latest event. On: see the SLA "
        "state as it was at a chosen moment; clocks still running then count as pending.",
    )
    if not earlier:
        st.caption(f"Clocks read at the latest event: {last:%Y-%m-%d %H:%M} ({tz})")
        return None
    # One widget per dataset, so its default is that dataset's latest event.
    picked = st.datetime_input(
        f"As of ({tz})",
        value=last,
        min_value=first,
        key=f"as_of::{dataset}",
        format="YYYY-MM-DD",
        step=timedelta(minutes=5),
    )
    if picked is None:
        return None
    # Wall-clock times that occur twice (DST end) mean the first; skipped ones (DST start) move on.
    return pd.Timestamp(picked).tz_localize(tz, ambiguous=True, nonexistent="shift_forward").isoformat()


def render() -> Selection:
    """Draw the sidebar, build this run's :class:`Selection` and keep it for the page."""
    messages: list[Message] = []
    store = open_store(str(database_path()))
    try:
        policy_path, policy = policy_in_force()
    except api.PolicyError as exc:
        policy_path, policy = api.default_policy_path().resolve(), None
        messages.append(Message("error", plain(exc)))
    datasets = _load_datasets(store, messages)
    tz = policy.reporting_timezone if policy else "UTC"
    with st.sidebar:
        access.draw_role()
        st.divider()
        dataset = _pick_dataset(datasets, messages)
        as_of, compare, filters = None, None, api.Filters()
        if dataset is not None:
            row = datasets[datasets["name"] == dataset].iloc[0]
            st.caption(_dataset_summary(row, tz))
            compare, filters = filterbar.render(store, datasets, dataset, policy, tz, messages)
            st.divider()
            as_of = _pick_as_of(row, dataset, tz)
        st.divider()
        st.markdown(f"**SLA policy:** {plain(policy.name) if policy else 'not loaded'}")
        st.code(str(policy_path), language=None, wrap_lines=True)
        st.caption(
            "Read-only here. To use another policy file, start the dashboard with SLA_POLICY=FILE. "
            f"Database: {code(store.path)}"
        )
    selection = Selection(
        store=store,
        policy=policy,
        policy_path=policy_path,
        datasets=datasets,
        dataset=dataset,
        as_of=as_of,
        timezone=tz,
        cache_key=(file_version(store.path), file_version(policy_path)),
        messages=tuple(messages),
        compare=compare,
        filters=filters,
    )
    set_selection(selection)
    return selection
