"""What every page works on: the store, the policy in force and the sidebar's choices.

The sidebar (run by the router, ``dashboard.navigation``, before the page) builds one
:class:`Selection` per script run and keeps it in ``st.session_state``; pages read it with
:func:`current_selection` and never open the store themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from analytics import api

__all__ = [
    "Message",
    "Selection",
    "current_selection",
    "database_path",
    "file_version",
    "open_store",
    "policy_in_force",
    "set_selection",
]


_SELECTION_KEY = "sla_selection"


@dataclass(frozen=True)
class Message:
    """Something to tell the reader: ``level`` is ``"info"``, ``"warning"`` or ``"error"``."""

    level: str
    text: str


@dataclass(frozen=True, eq=False)  # holds a DataFrame: compare by identity, never by value
class Selection:
    """The sidebar's choices for one script run.

    Attributes
    ----------
    store : the database every page reads
    policy : the policy in force, or None when its file cannot be used (see ``messages``)
    policy_path : file the policy is read from
    datasets : every dataset (``analytics.api.datasets``); empty when there are none
    dataset : name of the chosen dataset, or None when there is nothing to choose
    as_of : ISO 8601 instant with offset the clocks are read at; None means the latest event
    timezone : IANA timezone times are shown in (the policy's reporting timezone)
    cache_key : changes whenever the database file or the policy file changes
    messages : what to show instead of, or above, the data
    compare : name of a second dataset to show side by side, or None
    filters : date range, teams, channels, categories and complexities chosen in the sidebar
    """

    store: api.Store
    policy: api.Policy | None
    policy_path: Path
    datasets: pd.DataFrame
    dataset: str | None = None
    as_of: str | None = None
    timezone: str = "UTC"
    cache_key: tuple = ()
    messages: tuple[Message, ...] = field(default_factory=tuple)
    compare: str | None = None
    filters: api.Filters = field(default_factory=api.Filters)

    @property
    def ready(self) -> bool:
        """True when there is a dataset and a policy, so pages can compute clocks."""
        return (
            self.dataset is not None
            and self.policy is not None
            and not any(m.level in ("info", "error") for m in self.messages)
        )

    def dataset_row(self, name: str | None = None) -> pd.Series | None:
        """The ``datasets`` row of the chosen dataset, or of ``name`` (tickets, events, time span...)."""
        name = name or self.dataset
        rows = self.datasets[self.datasets["name"] == name] if name else self.datasets.iloc[0:0]
        return rows.iloc[0] if len(rows) else None

    @property
    def shown(self) -> list[str]:
        """The datasets pages draw: the chosen one, then the one to compare with (if any)."""
        return [d for d in (self.dataset, self.compare) if d]

    def kind(self, name: str) -> str:
        """``"history"`` or ``"simulation"`` for a dataset of this selection."""
        row = self.dataset_row(name)
        return str(row["kind"]) if row is not None else ""

    def label(self, name: str) -> str:
        """A dataset's name with its kind, as pages title columns and legends: ``"sample (history)"``."""
        return f"{name} ({self.kind(name)})" if self.kind(name) else name

    def as_of_for(self, name: str) -> str | None:
        """The as-of instant for a dataset: the chosen one for the main dataset; the latest event of
        the comparison dataset (its own time span may be elsewhere, e.g. a simulated future week)."""
        return self.as_of if name == self.dataset else None

    def filters_for(self, name: str) -> api.Filters:
        """The filters for a dataset. The comparison dataset keeps the date range only where its own
        time span overlaps it: a simulated run of another period is then compared as a whole."""
        f = self.filters
        if name == self.dataset or (f.start is None and f.end is None):
            return f
        row = self.dataset_row(name)
        if row is None or pd.isna(row["first_event_at"]):
            return f.without_dates()
        first = pd.Timestamp(row["first_event_at"]).tz_convert(self.timezone).date()
        last = pd.Timestamp(row["last_event_at"]).tz_convert(self.timezone).date()
        overlaps = (f.start or first) <= last and (f.end or last) >= first
        return f if overlaps else f.without_dates()


def database_path() -> Path:
    """Absolute path of the database: ``$SLA_DB`` (set by ``sla dashboard --db``) or the default."""
    return api.default_db_path().resolve()


WRITE_WAIT_S = 60.0


@st.cache_resource(show_spinner=False)
def open_store(path: str) -> api.Store:
    """One :class:`api.Store` per database file, shared by every session.

    Safe to share: the store hands out a fresh cursor per call and notices when an import replaced
    the file. A write waits at most :data:`WRITE_WAIT_S` for another one (a command-line import, say)
    to finish, then says so on the page instead of spinning for ever.
    """
    return api.Store(path, lock_timeout=WRITE_WAIT_S)


@st.cache_resource(show_spinner=False, max_entries=8)
def _policy_at(path: str, mtime_ns: int) -> api.Policy:
    # mtime_ns is part of the cache key only: an edited policy file is read again.
    return api.load_policy(path)


def policy_in_force() -> tuple[Path, api.Policy]:
    """The policy file path and its parsed policy, re-read when the file changes.

    Raises
    ------
    PolicyError
        When the file is missing or invalid (the message says how to fix it).
    """
    path = api.default_policy_path().resolve()
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return path, api.load_policy(path)  # raises the usual PolicyError naming the file and the fix
    return path, _policy_at(str(path), mtime)


def file_version(path: Path) -> tuple:
    """``(path, inode, mtime, size)`` of a file, or ``(path,)`` when it is missing; for cache keys."""
    try:
        return (str(path), *api.file_identity(path))
    except OSError:
        return (str(path),)


def set_selection(selection: Selection) -> None:
    """Keep the selection of this script run for the page (called by the sidebar)."""
    st.session_state[_SELECTION_KEY] = selection


def current_selection() -> Selection:
    """The selection built by the sidebar in this script run.

    A page script run on its own (not through the router) draws the sidebar itself, so it still
    works instead of failing on a missing key.
    """
    if _SELECTION_KEY not in st.session_state:
        from dashboard import sidebar  # here, not at the top: the sidebar module imports this one

        return sidebar.render()
    return st.session_state[_SELECTION_KEY]
