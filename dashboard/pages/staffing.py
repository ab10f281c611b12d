"""Staffing what-if: edit rosters, volume and escalations; simulate; compare two runs with 95 % CIs.

Draws only: scenarios come from :mod:`simulation`, figures from ``dashboard.staffing_model``, and every
compliance number from ``analytics.api`` (through ``simulation.compare``).
"""

from __future__ import annotations

import os
from dataclasses import replace

import numpy as np
import streamlit as st

from dashboard import actions, charts, plot
from dashboard import staffing_model as model
from dashboard.access import editing_note
from dashboard.errors import show_messages, shown_as_error
from dashboard.markup import code, plain
from dashboard.selection import current_selection, file_version
from simulation.api import (
    DEFAULT_SEED,
    Roster,
    check_scenario,
    compare,
    default_scenario_path,
    load_scenario,
    readable,
    run_params,
)

selection = current_selection()
st.title("Staffing what-if")
st.caption(
    "Change a roster, the ticket volume or how often tickets are escalated, simulate the organisation "
    "several times (replications) and compare the SLA compliance with the baseline, with 95% confidence "
    "intervals. Every run is saved as a dataset, so all other pages can show it too."
)
errors = [m for m in selection.messages if m.level == "error"]
show_messages(tuple(errors))
if selection.policy is None:
    st.stop()

scenario_path = default_scenario_path().resolve()


@st.cache_resource(show_spinner=False, max_entries=4)
def _scenario(path: str, version: tuple, _policy, policy_key: tuple):
    return load_scenario(path, _policy)


with shown_as_error():
    base = _scenario(str(scenario_path), file_version(scenario_path), selection.policy, selection.cache_key[1:])
first_target = (selection.policy.metrics["first_response"].target_seconds or 600) / 60.0

# -- 1. Edit -------------------------------------------------------------------------------------
st.subheader("1. Change the scenario")
st.caption(
    f"Starting point: scenario **{plain(base.name)}** ({code(scenario_path.name)}). Rosters are agents on duty per "
    "hour of the week, in each team's own local time; an agent finishes the ticket in hand before leaving."
)
edits = st.session_state.setdefault("staff_rosters", {})
left, right = st.columns([3, 2], gap="large")
with left:
    team = st.selectbox(
        "Roster to edit",
        list(base.rosters),
        key="staff_team",
        format_func=lambda t: f"{t} — {selection.policy.teams[t].name}",
    )
    tz = base.rosters[team].timezone
    frame = edits.get(team, model.roster_frame(base.rosters[team]))
    edited = st.data_editor(
        frame,
        key=f"staff_roster::{team}",
        width="stretch",
        height=35 * 25 + 3,
        column_config={d: st.column_config.NumberColumn(d, min_value=0, max_value=99, step=1) for d in frame.columns},
    )
    st.caption(
        f"{plain(team)}: agents on duty in each hour of the week, {plain(tz)} time (row = hour starting at). "
        f"{int(edited.to_numpy().sum()):,} agent-hours a week."
    )
    edits[team] = edited
    multiplier = st.number_input(
        "Volume multiplier",
        min_value=0.0,
        max_value=10.0,
        value=float(base.multiplier),
        step=0.05,
        key="staff_multiplier",
        help="Scales every arrival rate: 1.2 means 20% more tickets and chats.",
    )
    with st.expander("Escalation shares (% of each category's tickets escalated, by reason)"):
        esc = st.data_editor(model.escalation_frame(base), key="staff_escalations", width="stretch")
        st.caption(
            "Changing a share scales that reason's probabilities for every complexity of the category. "
            "'volume' hand-offs depend on L1's queue and are not set here."
        )

candidate, problem = None, None
try:
    rosters = {
        t: (Roster(model.roster_from_frame(edits[t], t), r.timezone, r.work_on_holidays) if t in edits else r)
        for t, r in base.rosters.items()
    }
    candidate = model.with_escalation_shares(replace(base, rosters=rosters, multiplier=float(multiplier)), esc)
    check_scenario(candidate, selection.policy, "edited scenario")
except ValueError as exc:
    candidate, problem = None, str(exc)

with right:
    intake = base.intake
    head = candidate.rosters[intake].headcount if candidate else base.rosters[intake].headcount
    grid = model.erlang_grid(base, head, float(multiplier), first_target)
    st.markdown(f"**Instant estimate (Erlang C): {plain(intake)} first response within {first_target:g} min**")
    plot.show(
        charts.hour_heatmap(
            grid, "", "%", "RdYlGn", 0, 100, text=False, height=35 * 25 + 60, x_title="", hover="%{x} %{y}"
        ),
        key="staff_erlang",
    )
    overloaded = int(np.isnan(grid.to_numpy()).sum())
    st.caption(
        "Per hour, as if the hour's arrivals and headcount lasted: a quick check before simulating. It "
        "ignores hand-overs between hours and work that comes back to L1."
        + (
            f" **{overloaded} hours are overloaded** (blank): more work arrives than the agents can do."
            if overloaded
            else ""
        )
    )
if problem:
    st.error(plain(problem))

# -- 2. Run --------------------------------------------------------------------------------------
st.subheader("2. Simulate")
c1, c2, c3, c4 = st.columns(4)
name = c1.text_input(
    "Save the changed scenario as",
    value="candidate",
    key="staff_name",
    help="The run is saved as a dataset of this name.",
)
reps = int(
    c2.number_input(
        "Replications",
        min_value=2,
        max_value=50,
        value=5,
        step=1,
        key="staff_reps",
        help="More replications give narrower confidence intervals.",
    )
)
days = float(c3.number_input("Days per replication", min_value=1, max_value=56, value=14, step=1, key="staff_days"))
seed = int(
    c4.number_input(
        "Seed",
        min_value=0,
        value=DEFAULT_SEED,
        step=1,
        key="staff_seed",
        help="Same seed: the baseline and the candidate see the same customers, which sharpens the comparison.",
    )
)
baseline_name = f"baseline-{days:g}d-{reps}x-seed{seed}"
st.caption(
    f"The baseline is the unchanged scenario run with the same settings (dataset {code(baseline_name)}); it is "
    "simulated once and reused."
)
existing = set(selection.datasets["name"]) if "name" in selection.datasets else set()
note = editing_note("Running a simulation (it saves the runs as datasets)")
if note:
    st.info(note)
if st.button("Run baseline and candidate", type="primary", disabled=candidate is None or bool(note), key="staff_run"):
    with shown_as_error():
        if name.strip() in existing:
            raise ValueError(
                f"a dataset named '{name.strip()}' already exists; type another name under "
                "'Save the changed scenario as'"
            )
        workers = min(reps, os.cpu_count() or 1)
        bar = st.progress(0.0, text="Starting…")
        jobs = (
            [(baseline_name, replace(base, horizon=replace(base.horizon, days=days)))]
            if baseline_name not in existing
            else []
        )
        jobs.append((name.strip(), replace(candidate, horizon=replace(candidate.horizon, days=days))))
        for j, (run_name, sc) in enumerate(jobs):

            def progress(done, total, j=j, run_name=run_name):
                bar.progress(
                    min(1.0, (j + done / total) / len(jobs)), text=f"Simulating {run_name}: {done}/{total} replications"
                )

            actions.simulate(
                selection.store,
                sc,
                selection.policy,
                name=run_name,
                replications=reps,
                seed=seed,
                workers=workers,
                progress=progress,
                extra_params={"edited_on": "staffing page", "base_scenario": base.name},
            )
        bar.progress(1.0, text="Done")
        st.session_state["staff_a"], st.session_state["staff_b"] = baseline_name, name.strip()
        st.rerun()

# -- 3. Compare ----------------------------------------------------------------------------------
st.subheader("3. Compare two runs")
sims = [
    str(n)
    for n, k in zip(selection.datasets.get("name", []), selection.datasets.get("kind", []), strict=True)
    if k == "simulation"
]
if len(sims) < 2:
    st.info("Run a baseline and a candidate above (or with `sla simulate`) to compare them here.")
    st.stop()
for key, default in (("staff_a", sims[-1]), ("staff_b", sims[0])):
    if st.session_state.get(key) not in sims:
        st.session_state[key] = default
ca, cb = st.columns(2)
a = ca.selectbox("A (e.g. the baseline)", sims, key="staff_a")
b = cb.selectbox("B (e.g. the changed roster)", sims, key="staff_b")


@st.cache_data(show_spinner=False, max_entries=32)
def _compare(_store, _policy, key: tuple, a: str, b: str):
    return compare(_store, a, b, _policy)


with shown_as_error():
    table = _compare(selection.store, selection.policy, selection.cache_key, a, b)
    pa_, pb_ = run_params(selection.store, a), run_params(selection.store, b)
for w in pb_.get("warnings", []):
    st.warning(f"{plain(b)}: {plain(w)}")
plot.show(charts.compliance_with_ci(table, a, b), key="staff_ci")
st.dataframe(readable(table, a, b), hide_index=True, width="stretch")
st.caption(
    "Difference in percentage points with its 95% confidence interval. 'better' / 'worse' when the whole "
    "interval is on one side of zero; runs with the same seed and number of replications are compared "
    "replication by replication (common random numbers)."
)

u1, u2 = st.columns(2)
fa, fb = model.team_figures(pa_, pa_.get("days", 7)), model.team_figures(pb_, pb_.get("days", 7))
with u1:
    plot.show(charts.utilisation_bars(fa, fb, a, b), key="staff_util")
with u2:
    cost = (
        fa[["team", "agent_hours_per_week"]]
        .merge(fb[["team", "agent_hours_per_week"]], on="team", how="outer", suffixes=(" A", " B"))
        .fillna(0)
    )
    cost.columns = ["Team", "A", "B"]
    cost["Change"] = cost["B"] - cost["A"]
    st.markdown(f"**Agent-hours per week (cost)** — A: {plain(a)}, B: {plain(b)}")
    st.dataframe(cost.round(1), hide_index=True, width="stretch", height=35 * (len(cost) + 1) + 3)
    st.caption(
        f"Total: {cost['A'].sum():,.0f} → {cost['B'].sum():,.0f} agent-hours a week ({cost['Change'].sum():+,.0f})."
    )

wteam = st.selectbox(
    "Queue waits of team", list(pb_.get("waits_by_hour_of_week", {})) or [base.intake], key="staff_wait_team"
)
w1, w2 = st.columns(2)
for col, run, params in ((w1, a, pa_), (w2, b, pb_)):
    with col:
        frame = model.waits_frame(params, wteam)
        plot.show(
            charts.hour_heatmap(frame, f"{run}: mean wait in {wteam}'s queue", "min", "YlOrRd", 0, fmt=".0f"),
            key=f"staff_wait::{col}",
        )
st.caption(
    "Mean minutes from joining the team's queue to an agent picking the ticket up, by the hour it joined "
    f"(reporting timezone {selection.timezone}); blank: no work arrived then."
)
