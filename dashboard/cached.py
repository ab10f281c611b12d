"""Cached calls of :mod:`analytics.api` for the pages.

Computing clocks is the slow part, and Streamlit reruns the page on every click (a download, an
expander). Results are cached per database file version, policy version, dataset and as-of instant,
so a new import or an edited policy is picked up at once while clicks stay instant. The store and
the policy are passed with a leading underscore: Streamlit does not hash them; ``view.cache_key``
stands for them.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import api
from analytics.policy import Policy
from analytics.store import Store
from dashboard.context import View

_CACHE = {"max_entries": 64, "ttl": 3600, "show_spinner": False}


@st.cache_data(**_CACHE)
def _compliance(_store: Store, _policy: Policy, key: tuple, dataset: str, by: str, as_of: str | None):
    return api.compliance(_store, dataset, by=by, policy=_policy, as_of=as_of)


@st.cache_data(**_CACHE)
def _clocks(_store: Store, _policy: Policy, key: tuple, dataset: str, as_of: str | None):
    return api.clocks(_store, dataset, policy=_policy, as_of=as_of)


@st.cache_data(**_CACHE)
def _breaches(_store: Store, _policy: Policy, key: tuple, dataset: str, as_of: str | None):
    return api.breaches(_store, dataset, policy=_policy, as_of=as_of)


def compliance(view: View, by: str = "metric") -> pd.DataFrame:
    """``analytics.api.compliance`` for the view's dataset, policy and as-of instant."""
    return _compliance(view.store, view.policy, view.cache_key, view.dataset, by, view.as_of)


def clocks(view: View) -> pd.DataFrame:
    """``analytics.api.clocks`` for the view's dataset, policy and as-of instant."""
    return _clocks(view.store, view.policy, view.cache_key, view.dataset, view.as_of)


def breaches(view: View) -> pd.DataFrame:
    """``analytics.api.breaches`` (latest first) for the view's dataset, policy and as-of instant."""
    return _breaches(view.store, view.policy, view.cache_key, view.dataset, view.as_of)
