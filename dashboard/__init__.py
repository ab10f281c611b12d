"""The Streamlit dashboard: a router (``navigation.py``), a shared sidebar and one script per page (``pages/``).

Pages only draw: every number comes from :mod:`analytics.api`, so the dashboard, the ``sla`` command
line and scripts always agree.
"""
