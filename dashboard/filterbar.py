"""The sidebar's comparison dataset and filters, kept in session state and mirrored in the URL.

Every widget has a fixed session-state key; on the first run of a session the keys are filled from
the page address (``?compare=…&from=2026-03-01&to=2026-03-31&team=L1,SYSADMIN&channel=chat``), and
after drawing, the address is rewritten from the widgets, so the current view can be shared as a link
and survives page switches.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from analytics import api
from dashboard.markup import plain
from dashboard.selection import Message, file_version

__all__ = ["COMPARE_KEY", "DATES_KEY", "LISTS", "NO_COMPARE", "render"]

NO_COMPARE = "— none —"
COMPARE_KEY = "compare"
DATES_KEY = "dates"
# session-state key = URL parameter -> Filters field
LISTS = {"team": "teams", "channel": "channels", "category": "categories", "complexity": "complexities"}
_LABELS = {"team": "Team", "channel": "Channel", "category": "Category", "complexity": "Complexity"}
_HELP = {
    "team": "Clocks of these teams (the team a clock belongs to: see the SLA semantics); tickets that any "
    "of these teams touched; hand-offs from or to them.",
    "channel": "Tickets that came in by e-mail / portal (ticket) or chat.",
    "category": "The ticket's category, as imported.",
    "complexity": "simple, standard, complex or custom (resolution objectives depend on it).",
}


@st.cache_data(show_spinner=False, max_entries=32)
def _categories(_store, version: tuple, dataset: str) -> list[str]:
    return api.filter_options(_store, dataset)


def _url_list(name: str) -> list[str]:
    raw = st.query_params.get(name, "")
    return [v for v in raw.split(",") if v] if raw else []


def _init_from_url(options: dict[str, list[str]], messages: list[Message]) -> None:
    """Fill widget state from the URL once per session (later runs keep what the reader chose)."""
    for key in LISTS:
        if key in st.session_state:
            continue
        wanted = _url_list(key)
        known = [v for v in wanted if v in options[key]]
        if len(known) < len(wanted):
            unknown = ", ".join(v for v in wanted if v not in options[key])
            messages.append(Message("warning", f"Ignored unknown {key} in the link: {plain(unknown)}."))
        st.session_state[key] = known


def _span(row: pd.Series, tz: str) -> tuple[date, date] | None:
    if pd.isna(row["first_event_at"]) or pd.isna(row["last_event_at"]):
        return None
    return (
        pd.Timestamp(row["first_event_at"]).tz_convert(tz).date(),
        pd.Timestamp(row["last_event_at"]).tz_convert(tz).date(),
    )


def _parse_day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _pick_dates(span: tuple[date, date] | None, dataset: str) -> tuple[date | None, date | None]:
    """Date range inside the dataset's span; the whole span means "no date filter"."""
    if span is None:
        return None, None
    lo, hi = span
    current = st.session_state.get(DATES_KEY)
    if st.session_state.get("_dates_for") != dataset or not isinstance(current, (tuple, list)) or not current:
        # first run, or another dataset: take the URL's range if it fits, else the whole span
        start = _parse_day(st.query_params.get("from")) if "_dates_for" not in st.session_state else None
        end = _parse_day(st.query_params.get("to")) if "_dates_for" not in st.session_state else None
        current = (max(lo, min(start or lo, hi)), min(hi, max(end or hi, lo)))
    current = tuple(min(max(d, lo), hi) for d in current)  # a later import may have moved the span
    st.session_state[DATES_KEY] = current
    st.session_state["_dates_for"] = dataset
    picked = st.date_input(
        "Date range",
        min_value=lo,
        max_value=hi,
        key=DATES_KEY,
        format="YYYY-MM-DD",
        help="Clocks that started, tickets created and hand-offs made on these days "
        "(policy's reporting timezone). KPI cards compare with the equally long "
        "period just before.",
    )
    if not isinstance(picked, (tuple, list)) or len(picked) != 2:
        return None, None  # the reader picked the first day and not the last yet: no filter meanwhile
    start, end = picked
    return (None if start <= lo else start), (None if end >= hi else end)


def _pick_compare(names: list[str], dataset: str, kinds: dict[str, str], messages: list[Message]) -> str | None:
    others = [n for n in names if n != dataset]
    choices = [NO_COMPARE, *others]
    if st.session_state.get(COMPARE_KEY) not in choices:
        wanted = st.query_params.get(COMPARE_KEY) if "_compare_seen" not in st.session_state else None
        if wanted and wanted not in others:
            messages.append(Message("warning", f"There is no other dataset named '{plain(wanted)}' to compare with."))
        st.session_state[COMPARE_KEY] = wanted if wanted in others else NO_COMPARE
    st.session_state["_compare_seen"] = True
    choice = st.selectbox(
        "Compare with",
        choices,
        key=COMPARE_KEY,
        disabled=not others,
        format_func=lambda n: n if n == NO_COMPARE else f"{n} ({kinds[n]})",
        help="Show a second dataset side by side, e.g. history against a simulated baseline.",
    )
    return None if choice == NO_COMPARE else choice


def _clear() -> None:
    for key in LISTS:
        st.session_state[key] = []
    st.session_state.pop("_dates_for", None)
    st.session_state.pop(DATES_KEY, None)
    st.session_state[COMPARE_KEY] = NO_COMPARE


def render(
    store, datasets: pd.DataFrame, dataset: str, policy: api.Policy | None, tz: str, messages: list[Message]
) -> tuple[str | None, api.Filters]:
    """Draw the comparison picker and the filters (inside the sidebar); return them."""
    names = [str(n) for n in datasets["name"]]
    kinds = dict(zip(names, datasets["kind"], strict=True))
    compare = _pick_compare(names, dataset, kinds, messages)
    row = datasets[datasets["name"] == dataset].iloc[0]
    options = {
        "team": list(policy.teams) if policy else [],
        "channel": list(api.CHANNELS),
        "category": _categories(store, file_version(store.path), dataset),
        "complexity": list(api.COMPLEXITIES),
    }
    _init_from_url(options, messages)
    for key in LISTS:  # a value gone from the options (other dataset, edited policy) is dropped
        st.session_state[key] = [v for v in st.session_state[key] if v in options[key]]
    st.markdown("**Filters**")
    start, end = _pick_dates(_span(row, tz), dataset)
    chosen = {
        key: st.multiselect(_LABELS[key], options[key], key=key, placeholder="All", help=_HELP[key]) for key in LISTS
    }
    st.button("Clear filters", on_click=_clear, key="clear_filters", type="tertiary")
    try:
        filters = api.Filters(start=start, end=end, **{LISTS[k]: tuple(v) for k, v in chosen.items()})
    except ValueError as exc:
        messages.append(Message("warning", f"{plain(exc)}; showing all data."))
        filters = api.Filters()
    _to_url(compare, filters)
    return compare, filters


def _to_url(compare: str | None, filters: api.Filters) -> None:
    wanted = {
        COMPARE_KEY: compare,
        "from": filters.start and filters.start.isoformat(),
        "to": filters.end and filters.end.isoformat(),
    }
    wanted.update({key: ",".join(getattr(filters, field)) for key, field in LISTS.items()})
    for key, value in wanted.items():
        if value:
            if st.query_params.get(key) != value:
                st.query_params[key] = value
        elif key in st.query_params:
            del st.query_params[key]
