"""Simulation of the support organisation (DESIGN §6): scenarios, a SimPy model, replications.

Simulated runs are written as datasets of kind ``simulation`` in the same tables as imported history,
so every SLA clock, report and page works on them unchanged. The package depends on ``analytics``
only for the policy, calendars and vocabularies (``analytics.sla``, ``analytics.vocabulary``) and, through
``analytics.api``, for compliance figures and for writing (and reading back) datasets; it never
imports Streamlit. The fronts use it through :mod:`simulation.api`.

Modules
-------
api             the facade the command line (``sla simulate``, ``sla compare``) and the staffing page use
distributions   work-time and delay distributions (lognormal, exponential, empirical, fixed)
scenario        the scenario as frozen dataclasses
scenario_parse  reading and validating a scenario TOML file
scenario_check  cross-checks of a whole scenario (work times and rosters for every team that gets work)
rosters         headcount per hour of week in a team's timezone -> on-duty steps in simulated time
arrivals        non-homogeneous Poisson arrivals, incident bursts and ticket attributes
kernel          the SimPy internals the engine relies on for speed (events scheduled directly), in one place
facility        desks: a team's agents, queue and on-duty headcount at run time
organisation    the desks, the event recorder, status-update timers and statistics of one replication
lifecycle       the ticket process: acknowledgement, first response, escalations, pauses, resolution
engine          one replication: build the facility, run it, return column buffers and statistics
columns         column buffers -> Arrow tables in the store's shape
runner          replications in parallel worker processes, written as one dataset
results         what a stored run recorded besides its events (parameters, statistics)
stats           means with Student-t confidence intervals
erlang          Erlang C in closed form (validation and the page's instant estimate)
compare         per-metric compliance of two runs with confidence intervals
"""
