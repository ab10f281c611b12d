"""The Streamlit dashboard: a router (``app.py``), a shared sidebar and one module per page.

Pages only draw: every number comes from :mod:`analytics.api`, so the dashboard, the ``sla`` command
line and scripts always agree.
"""
