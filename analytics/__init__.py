"""SLA analytics core: event store, policy and calendars, SLA clocks, importers and the `sla` CLI."""

__version__ = "0.1.0"
