"""Simulation of the support organisation (DESIGN §6): scenarios, a SimPy model, replications.

Simulated runs are written as datasets of kind ``simulation`` in the same tables as imported history,
so every SLA clock, report and page works on them unchanged. The package depends on ``analytics``
only for the policy and calendars and for writing (and reading back) datasets; it never imports
Streamlit.

Modules
-------
distributions   work-time and delay distributions (lognormal, exponential, empirical, fixed)
scenario        the scenario as frozen dataclasses
scenario_parse  reading and validating a scenario TOML file
rosters         headcount per hour of week in a team's timezone -> on-duty steps in simulated time
arrivals        non-homogeneous Poisson arrivals, incident bursts and ticket attributes
facility        desks: a team's agents, queue and on-duty headcount at run time
lifecycle       the ticket process: acknowledgement, first response, escalations, pauses, resolution
engine          one replication: build the facility, run it, return column buffers and statistics
columns         column buffers -> Arrow tables in the store's shape
runner          replications in parallel worker processes, written as one dataset
stats           means with Student-t confidence intervals
erlang          Erlang C in closed form (validation and the page's instant estimate)
compare         per-metric compliance of two runs with confidence intervals
cli             ``sla simulate`` and ``sla compare``
"""
