"""What every page works on: the store, the policy in force and the sidebar's choices.

The sidebar (run by ``app.py`` before the page) builds one :class:`View` per script run and keeps it
in ``st.session_state``; pages read it with :func:`current_view` and never open the store themselves.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from analytics.policy import Policy, default_policy_path, load_policy
from analytics.store import Store, default_db_path

_VIEW_KEY = "sla_view"


@dataclass(frozen=True)
class Message:
    """Something to tell the reader: ``level`` is ``"info"``, ``"warning"`` or ``"error"``."""

    level: str
    text: str


@dataclass(frozen=True, eq=False)  # holds a DataFrame: compare by identity, never by value
class View:
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
    """

    store: Store
    policy: Policy | None
    policy_path: Path
    datasets: pd.DataFrame
    dataset: str | None = None
    as_of: str | None = None
    timezone: str = "UTC"
    cache_key: tuple = ()
    messages: tuple[Message, ...] = field(default_factory=tuple)

    @property
    def ready(self) -> bool:
        """True when there is a dataset and a policy, so pages can compute clocks."""
        return (self.dataset is not None and self.policy is not None
                and not any(m.level in ("info", "error") for m in self.messages))

    def dataset_row(self) -> pd.Series | None:
        """The ``datasets`` row of the chosen dataset (tickets, events, time span...)."""
        rows = self.datasets[self.datasets["name"] == self.dataset] if self.dataset else self.datasets.iloc[0:0]
        return rows.iloc[0] if len(rows) else None


def database_path() -> Path:
    """Absolute path of the database: ``$SLA_DB`` (set by ``sla dashboard --db``) or the default."""
    return Path(os.environ.get("SLA_DB") or default_db_path()).resolve()


@st.cache_resource(show_spinner=False)
def open_store(path: str) -> Store:
    """One :class:`Store` per database file, shared by every session.

    Safe to share: the store hands out a fresh cursor per call and notices when an import replaced
    the file.
    """
    return Store(path)


@st.cache_resource(show_spinner=False, max_entries=8)
def _policy_at(path: str, mtime_ns: int) -> Policy:
    # mtime_ns is part of the cache key only: an edited policy file is read again.
    return load_policy(path)


def policy_in_force() -> tuple[Path, Policy]:
    """The policy file path and its parsed policy, re-read when the file changes.

    Raises
    ------
    PolicyError
        When the file is missing or invalid (the message says how to fix it).
    """
    path = default_policy_path().resolve()
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return path, load_policy(path)  # raises the usual PolicyError naming the file and the fix
    return path, _policy_at(str(path), mtime)


def file_version(path: Path) -> tuple:
    """``(path, inode, mtime, size)`` of a file, or ``(path,)`` when it is missing; for cache keys.

    The size is there too because a file replaced within the file system's timestamp resolution
    can get the same inode number and mtime back.
    """
    try:
        s = os.stat(path)
    except OSError:
        return (str(path),)
    return str(path), s.st_ino, s.st_mtime_ns, s.st_size


def set_view(view: View) -> None:
    """Keep the view of this script run for the page (called by the sidebar)."""
    st.session_state[_VIEW_KEY] = view


def current_view() -> View:
    """The view built by the sidebar in this script run.

    A page script run on its own (not through ``app.py``) draws the sidebar itself, so it still
    works instead of failing on a missing key.
    """
    if _VIEW_KEY not in st.session_state:
        from dashboard import sidebar  # here, not at the top: the sidebar module imports this one

        return sidebar.render()
    return st.session_state[_VIEW_KEY]
