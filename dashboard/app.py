"""The dashboard's entry point (``sla dashboard --db PATH`` runs ``streamlit run dashboard/app.py``).

A router: page settings, the sidebar shared by every page, then the chosen page. Add a page by
adding its ``st.Page`` to ``PAGES``.

Page scripts live in ``dashboard/views/``, deliberately not ``dashboard/pages/``: Streamlit still
treats a ``pages/`` folder next to the main script as a legacy multipage app until ``st.navigation``
has run once in the process. The first request after a restart to a page's address (a shared link)
would then run that page alone, without this router and its sidebar.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import sidebar
from dashboard.errors import shown_as_error

HERE = Path(__file__).resolve().parent

st.set_page_config(page_title="SLA dashboard", layout="wide")

PAGES = [
    st.Page(HERE / "views" / "overview.py", title="Overview", default=True),  # served at /
    st.Page(HERE / "views" / "compliance.py", title="SLA compliance", url_path="compliance"),
    st.Page(HERE / "views" / "resolution.py", title="Resolution times", url_path="resolution"),
    st.Page(HERE / "views" / "escalations.py", title="Escalations", url_path="escalations"),
    st.Page(HERE / "views" / "tickets.py", title="Ticket explorer", url_path="tickets"),
    st.Page(HERE / "views" / "data.py", title="Data", url_path="data"),
    st.Page(HERE / "views" / "staffing.py", title="Staffing what-if", url_path="staffing"),
]

page = st.navigation(PAGES)
# Safety net: whatever a page or the sidebar raises is shown as a one-line st.error, like the
# command line does, instead of Streamlit's exception box with a traceback.
with shown_as_error():
    sidebar.render()
    page.run()
