"""Staffing: check the model against a history; edit rosters, volume and escalations; simulate; compare.

Two tabs. *What-if*: change the baseline scenario, simulate it and compare two runs with 95 % CIs.
*Model vs history*: replay a stored history's period with a scenario calibrated from it (or the
baseline) and compare per metric, team and week; the calibrated scenario can become the baseline.

Draws only: scenarios come from :mod:`simulation`, figures from ``dashboard.staffing_model`` and
``dashboard.model_vs_history``, and every compliance number from ``analytics.api`` (through
``simulation.compare`` and ``simulation.backtest``).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace

import numpy as np
import streamlit as st

from analytics import api
from dashboard import actions, charts, plot, tables
from dashboard import model_vs_history as mvh
from dashboard import staffing_model as model
from dashboard.access import editing_note
from dashboard.errors import show_messages, shown_as_error
from dashboard.markup import code, plain
from dashboard.selection import current_selection, file_version
from simulation.api import (
    DEFAULT_SEED,
    MIN_CLOCKS,
    SMALL_CELL,
    Roster,
    backtest,
    calibrated_scenario,
    cells_table,
    check_scenario,
    compare,
    default_scenario_path,
    handoffs_table,
    load_scenario,
    metrics_table,
    parse_scenario,
    readable,
    resolution_table,
    run_params,
    volume_table,
)

WHAT_IF, HISTORY = "What-if", "Model vs history"

selection = current_selection()
st.title("Staffing what-if")
st.caption(
    "Change a roster, the ticket volume or how often tickets are escalated, simulate the organisation "
    "several times (replications) and compare the SLA compliance with the baseline, with 95% confidence "
    "intervals. Every run is saved as a dataset, so all other pages can show it too. The Model vs history "
    "tab checks first how well a scenario reproduces a stored history."
)
errors = [m for m in selection.messages if m.level == "error"]
show_messages(tuple(errors))
if selection.policy is None:
    st.stop()

scenario_path = default_scenario_path().resolve()


@st.cache_resource(show_spinner=False, max_entries=4)
def _scenario(path: str, version: tuple, _policy, policy_key: tuple):
    return load_scenario(path, _policy)


@st.cache_resource(show_spinner=False, max_entries=8)
def _parsed(digest: str, _text: str, _policy, policy_key: tuple):
    return parse_scenario(_text, _policy, "calibrated scenario")


@st.cache_data(show_spinner="Measuring the history (calibration)…", max_entries=8)
def _calibrated(_store, _policy, key: tuple, dataset: str) -> dict:
    cal = api.calibrate(_store, dataset, _policy)
    text = calibrated_scenario(cal, _policy)
    return {"text": text, "start": cal.start, "days": cal.days, "tickets": cal.tickets, "gaps": list(cal.gaps)}


@st.cache_data(show_spinner=False, max_entries=32)
def _compare(_store, _policy, key: tuple, a: str, b: str):
    return compare(_store, a, b, _policy)


def _set_baseline(custom: dict | None) -> None:
    """Make a calibrated scenario (``{"text", "dataset"}``) the what-ifs' baseline, or with None the default
    scenario again; the edits made to the old baseline are dropped and the What-if tab is shown."""
    for key in mvh.edit_keys(list(st.session_state)):
        del st.session_state[key]
    if custom is None:
        st.session_state.pop("staff_baseline", None)
    else:
        st.session_state["staff_baseline"] = custom
    st.session_state["staff_tab"] = WHAT_IF


with shown_as_error():
    base = _scenario(str(scenario_path), file_version(scenario_path), selection.policy, selection.cache_key[1:])
custom = st.session_state.get("staff_baseline")
if custom:
    try:
        base = _parsed(mvh.digest(custom["text"]), custom["text"], selection.policy, selection.cache_key[1:])
    except ValueError as exc:  # the policy changed since (a team the scenario names is gone)
        st.warning(
            f"The calibrated baseline does not fit the policy any more, so the default scenario is the baseline "
            f"again: {plain(exc)}"
        )
        for key in mvh.edit_keys(list(st.session_state)):
            del st.session_state[key]
        st.session_state.pop("staff_baseline", None)
        custom = None
first_target = (selection.policy.metrics["first_response"].target_seconds or 600) / 60.0

what_if_tab, history_tab = st.tabs([WHAT_IF, HISTORY], key="staff_tab", on_change="rerun")

# -- Model vs history ----------------------------------------------------------------------------
if history_tab.open:
    with history_tab:
        st.caption(
            "Replay the period of a stored history with a scenario and compare what the model gives with what "
            "happened, per metric, team and week, before trusting it for what-ifs. The whole period is compared (the "
            "sidebar's filters do not apply), and the simulation goes to a temporary database: nothing is saved."
        )
        options = mvh.history_options(selection.datasets)
        if not options:
            st.info("No dataset yet: import a history on the Data page (or with `sla import`) to check the model.")
            st.stop()
        kinds = dict(zip(map(str, selection.datasets["name"]), map(str, selection.datasets["kind"]), strict=True))
        if st.session_state.get("staff_bt_dataset") not in options:
            st.session_state["staff_bt_dataset"] = mvh.default_history(options, kinds, selection.dataset)
        h1, h2 = st.columns([2, 3], gap="large")
        dataset = h1.selectbox(
            "History",
            options,
            key="staff_bt_dataset",
            format_func=selection.label,
            help="Histories first; a simulated run can stand in for one (its first replication is measured).",
        )
        baseline_label = f"The what-if baseline ({code(base.name)})"
        source = h2.radio(
            "Scenario",
            ["calibrated", "baseline"],
            key="staff_bt_source",
            horizontal=True,
            format_func=lambda s: "Calibrated from this history" if s == "calibrated" else baseline_label,
            help="Calibrated: measured from the history's arrivals, routing, work times and agents' hours. "
            "The baseline is the what-ifs' starting point, run over the history's days.",
        )
        with shown_as_error():
            cal = _calibrated(selection.store, selection.policy, selection.cache_key, dataset)
            calibrated = _parsed(mvh.digest(cal["text"]), cal["text"], selection.policy, selection.cache_key[1:])
        scenario = calibrated if source == "calibrated" else mvh.over_period(base, cal["start"], cal["days"])
        last_day = cal["start"] + dt.timedelta(days=cal["days"] - 1)
        st.caption(
            f"Period: {cal['start']:%a %d %b %Y} to {last_day:%a %d %b %Y} ({cal['days']} days, "
            f"{cal['tickets']:,} tickets), from the history's first Monday to its last ticket, as `sla calibrate` "
            "measures it." + (" The baseline is run over the same days." if source == "baseline" else "")
        )
        if cal["gaps"]:
            with st.expander(f"What the calibration could not measure ({len(cal['gaps'])})"):
                st.markdown("\n".join(f"- {plain(gap)}" for gap in cal["gaps"]))

        r1, r2, r3 = st.columns([1, 1, 2], vertical_alignment="bottom")
        bt_reps = int(
            r1.number_input(
                "Replications",
                min_value=2,
                max_value=20,
                value=5,
                step=1,
                key="staff_bt_reps",
                help="Each replication simulates the whole period; more give a surer mean and band.",
            )
        )
        bt_seed = int(r2.number_input("Seed", min_value=0, value=DEFAULT_SEED, step=1, key="staff_bt_seed"))
        run_backtest = r3.button("Run the backtest", type="primary", key="staff_bt_run")
        key = mvh.backtest_key(selection.cache_key, dataset, scenario, bt_reps, bt_seed)
        results = st.session_state.setdefault("staff_bt_results", {})
        if run_backtest and key not in results:
            with shown_as_error():
                bar = st.progress(0.0, text="Starting…")

                def progress(done, total):
                    bar.progress(
                        min(1.0, done / total), text=f"Simulating {plain(scenario.name)}: {done}/{total} replications"
                    )

                bt = backtest(
                    selection.store,
                    dataset,
                    scenario,
                    selection.policy,
                    replications=bt_reps,
                    seed=bt_seed,
                    workers=min(bt_reps, os.cpu_count() or 1),
                    progress=progress,
                )
                mvh.remember(results, key, bt)
                bar.empty()
        bt = results.get(key)
        if bt is None:
            st.info(
                f"Press **Run the backtest**: {bt_reps} replications of the {cal['days']} days, then the history and "
                "the simulation are compared per metric, team and week."
            )
        else:
            (st.success if bt.passed else st.warning)(plain(bt.verdict()))
            st.caption(
                f"Scenario {code(bt.scenario)} against {code(bt.dataset)}, {bt.start} + {bt.days} days, "
                f"{bt.replications} replications, seed {bt.seed}. A metric is within when the simulated mean is "
                f"within {bt.threshold:g} pp of the history. A miss inside the 95% band is what one history of this "
                "length varies by chance; outside it, it is a model error. Metrics with fewer than "
                f"{MIN_CLOCKS} finished clocks in the history are not judged."
            )
            for note in bt.notes:
                st.caption(plain(note))
            st.dataframe(
                metrics_table(bt),
                hide_index=True,
                width="stretch",
                column_config={
                    "metric": st.column_config.TextColumn(width=140),
                    "95% band": st.column_config.TextColumn(width=130),
                    "verdict": st.column_config.TextColumn(width=340),
                },
            )

            metrics = [str(m) for m in bt.metrics["metric"]]
            if st.session_state.get("staff_bt_metric") not in metrics:
                st.session_state["staff_bt_metric"] = mvh.worst_metric(bt)
            c1, c2 = st.columns(2)
            metric = c1.selectbox("Metric", metrics, key="staff_bt_metric", format_func=tables.metric_label)
            teams = mvh.teams_of(bt, metric)
            if st.session_state.get("staff_bt_team") not in [mvh.ALL_TEAMS, *teams]:
                st.session_state["staff_bt_team"] = mvh.ALL_TEAMS
            team = c2.selectbox(
                "Team to show",
                [mvh.ALL_TEAMS, *teams],
                key="staff_bt_team",
                format_func=lambda t: "All teams" if t == mvh.ALL_TEAMS else t,
                help="One team's clocks only, for the chart and the tables of errors below (teams with clocks "
                "of the metric).",
            )
            frame = mvh.weekly(bt, metric, team)
            if frame.empty:
                st.info(f"{plain(team)} has no {tables.metric_label(metric).lower()} clocks in this period.")
            else:
                title = f"{tables.metric_label(metric)} per week: history and model" + (
                    "" if team == mvh.ALL_TEAMS else f" ({team})"
                )
                plot.show(charts.history_vs_model(frame, title), key="staff_bt_chart")
                st.caption(
                    "The shaded band is where one replication of the model falls 95% of the time: a week of the "
                    f"history outside it differs by more than chance. Hollow markers: fewer than {SMALL_CELL} "
                    "finished clocks in the history that week, too few to judge."
                )
            who = "" if team == mvh.ALL_TEAMS else f" ({plain(team)})"
            with st.expander(f"Errors per team over the period{who}, largest first"):
                st.dataframe(
                    cells_table(mvh.of_team(bt.teams, team), ["metric", "team"]), hide_index=True, width="stretch"
                )
            with st.expander(f"Errors per team and week{who}, largest first"):
                st.dataframe(
                    cells_table(mvh.of_team(bt.cells, team), ["metric", "team", "week"]),
                    hide_index=True,
                    width="stretch",
                )
            with st.expander("Resolution time per team (p50 and p90, as the SLA measures it)"):
                st.dataframe(resolution_table(bt), hide_index=True, width="stretch")
            with st.expander("Hand-offs per route and reason (share of the tickets)"):
                st.dataframe(handoffs_table(bt), hide_index=True, width="stretch")
            with st.expander("Tickets per week and channel"):
                st.dataframe(volume_table(bt), hide_index=True, width="stretch")

        st.markdown(f"**The scenario calibrated from {plain(dataset)}**")
        in_use = custom is not None and custom["text"] == cal["text"]
        a1, a2 = st.columns(2)
        with a1:
            st.download_button(
                "Download it (TOML)",
                cal["text"],
                file_name=mvh.scenario_file_name(calibrated.name),
                mime="application/toml",
                key="staff_bt_download",
                on_click="ignore",
                icon=":material/download:",
                help="Edit it, or run it with `sla simulate --scenario FILE` and `sla backtest --scenario FILE`.",
            )
        with a2:
            st.button(
                "Use the calibrated scenario as the baseline for what-ifs",
                key="staff_bt_use",
                on_click=_set_baseline,
                args=({"text": cal["text"], "dataset": dataset},),
                disabled=in_use,
                help="The What-if tab then starts from it (nothing is saved); it has a way back to the default.",
            )
        st.caption(
            f"It is the baseline of the what-ifs now ({code(base.name)})."
            if in_use
            else f"The what-ifs start from scenario {code(base.name)} now."
        )
    st.stop()

# -- What-if -------------------------------------------------------------------------------------
with what_if_tab:
    # -- 1. Edit -------------------------------------------------------------------------------------
    st.subheader("1. Change the scenario")
    if custom:
        st.info(
            f"Baseline: scenario {code(base.name)}, calibrated from dataset {code(custom['dataset'])} on the Model "
            "vs history tab. The edits below start from it, and its unchanged run is the baseline of the comparison."
        )
        st.button(
            "Back to the default scenario",
            key="staff_default",
            on_click=_set_baseline,
            args=(None,),
            help=f"The baseline becomes {code(scenario_path.name)} again; the edits made here are dropped.",
        )
    where = "calibrated" if custom else code(scenario_path.name)
    st.caption(
        f"Starting point: scenario **{plain(base.name)}** ({where}). Rosters are agents on duty per "
        "hour of the week, in each team's own local time; an agent finishes the ticket in hand before leaving."
    )
    edits = st.session_state.setdefault("staff_rosters", {})
    left, right = st.columns([3, 2], gap="large")
    with left:
        team = st.selectbox(
            "Roster to edit",
            [base.intake, *(t for t in base.rosters if t != base.intake)],
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
            column_config={
                d: st.column_config.NumberColumn(d, min_value=0, max_value=99, step=1) for d in frame.columns
            },
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
    baseline_name = mvh.baseline_run_name(base, custom is not None, days, reps, seed)
    st.caption(
        f"The baseline is the unchanged scenario run with the same settings (dataset {code(baseline_name)}); it is "
        "simulated once and reused."
    )
    existing = set(selection.datasets["name"]) if "name" in selection.datasets else set()
    note = editing_note("Running a simulation (it saves the runs as datasets)")
    if note:
        st.info(note)
    if st.button(
        "Run baseline and candidate", type="primary", disabled=candidate is None or bool(note), key="staff_run"
    ):
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
                        min(1.0, (j + done / total) / len(jobs)),
                        text=f"Simulating {run_name}: {done}/{total} replications",
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
