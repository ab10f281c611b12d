"""The dashboard's pages and its router: which page scripts exist, their titles and addresses.

Pages link to each other through :func:`page` (``st.page_link(page("compliance"))``), never through
path strings, so a page can move without breaking a link. ``st.Page`` objects need a running
script, so they are built on each run from :data:`PAGES`; equal arguments give the same page.

The page scripts live in ``dashboard/pages/`` and the entry script in ``sla/streamlit_app.py``: no
``pages/`` folder sits beside the entry script, which Streamlit would treat as a legacy multipage app
(the first request to a page's address after a restart, a shared link, would then run that page
alone, without this router and its sidebar).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboard import sidebar
from dashboard.errors import shown_as_error

PAGES_DIR = Path(__file__).resolve().parent / "pages"

__all__ = ["PAGES", "PAGES_DIR", "PageSpec", "main", "page"]


@dataclass(frozen=True)
class PageSpec:
    """One page: its script in ``dashboard/pages/``, its title and its address (``""`` for ``/``)."""

    script: str
    title: str
    url_path: str


PAGES = {
    "overview": PageSpec("overview.py", "Overview", ""),
    "compliance": PageSpec("compliance.py", "SLA compliance", "compliance"),
    "resolution": PageSpec("resolution.py", "Resolution times", "resolution"),
    "escalations": PageSpec("escalations.py", "Escalations", "escalations"),
    "tickets": PageSpec("tickets.py", "Ticket explorer", "tickets"),
    "data": PageSpec("data.py", "Data", "data"),
    "staffing": PageSpec("staffing.py", "Staffing what-if", "staffing"),
}


def page(key: str) -> st.Page:
    """The ``st.Page`` of a page of :data:`PAGES` (for ``st.navigation``, ``st.page_link``, ``st.switch_page``)."""
    spec = PAGES[key]
    if not spec.url_path:  # the default page is served at /
        return st.Page(PAGES_DIR / spec.script, title=spec.title, default=True)
    return st.Page(PAGES_DIR / spec.script, title=spec.title, url_path=spec.url_path)


def main() -> None:
    """One run of the app: page settings, the sidebar shared by every page, then the chosen page."""
    st.set_page_config(page_title="SLA dashboard", layout="wide")
    chosen = st.navigation([page(key) for key in PAGES])
    # Safety net: whatever a page or the sidebar raises is shown as a one-line st.error, like the
    # command line does, instead of Streamlit's exception box with a traceback.
    with shown_as_error():
        sidebar.render()
        chosen.run()
