"""SLA analytics core: event store, policy and calendars, SLA clocks, importers and reports.

Everything a front (command line, dashboard, simulation) needs is reached through :mod:`analytics.api`.
"""
