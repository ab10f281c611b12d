"""Dataset names are checked in one place, files derived from them stay in their folder, and the
dashboard listens on this machine only unless told otherwise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE_EVENTS, ticket, write_events

from analytics import api
from analytics.ingest import ImportRefused, import_file
from analytics.store.names import check_dataset_name, inside
from sla.cli import build_parser, dashboard_command

BAD_NAMES = {
    "": "empty",
    "   ": "empty",
    "x" * 101: "at most 100",
    "../../../../tmp/x": "path separator",
    "a/b": "path separator",
    "a\\b": "path separator",
    "..": "'..'",
    "tab\there": "control or invisible",
    "zero\u200bwidth": "control or invisible",
    "bell\x07": "control or invisible",
}


@pytest.mark.parametrize("name", list(BAD_NAMES), ids=repr)
def test_bad_dataset_names_are_refused_with_the_reason(name):
    with pytest.raises(ValueError, match=BAD_NAMES[name]):
        check_dataset_name(name)


def test_good_names_are_kept_trimmed():
    assert check_dataset_name("  helpdesk 2026-Q1 (Zoë)  ") == "helpdesk 2026-Q1 (Zoë)"
    assert check_dataset_name("x" * 100) == "x" * 100


def test_inside_refuses_a_path_out_of_its_folder(tmp_path):
    assert inside(tmp_path, "a.csv") == (tmp_path / "a.csv").resolve()
    for bad in ("../a.csv", "sub/a.csv", "/tmp/a.csv"):
        with pytest.raises(ValueError, match="outside"):
            inside(tmp_path, bad)


def test_import_with_a_path_as_name_writes_nothing_anywhere(store, tmp_path):
    bad = write_events(tmp_path / "bad.csv", [{**r, "kind": "nonsense"} for r in ticket("T1")])
    before = sorted(p for p in tmp_path.rglob("*"))
    with pytest.raises(ImportRefused, match="path separator"):
        import_file(store, bad, name="../../../../" + str(tmp_path / "escaped"), strict=True)
    assert sorted(p for p in tmp_path.rglob("*")) == before  # no rejects file, no database
    assert not (tmp_path / "escaped").exists()


def test_rejects_of_a_refused_file_are_saved_in_the_rejects_folder(store, tmp_path):
    bad = write_events(tmp_path / "bad.csv", [{**r, "kind": "nonsense"} for r in ticket("T1")])
    with pytest.raises(ImportRefused) as refused:
        import_file(store, bad, name="refused one", strict=True)
    saved = Path(refused.value.rejects_path)
    assert saved.parent == (store.path.parent / "rejects").resolve() and saved.exists()


def test_rename_and_simulate_use_the_same_check(store, policy):
    import_file(store, SAMPLE_EVENTS, name="sample")
    with pytest.raises(ValueError, match="path separator"):
        api.rename_dataset(store, "sample", "a/b")
    from simulation.api import default_scenario_path, load_scenario, simulate

    scenario = load_scenario(default_scenario_path(), policy)
    with pytest.raises(ValueError, match=r"--name: .*control or invisible"):
        simulate(store, scenario, policy, name="bad\x00name", replications=1, seed=1, workers=1)
    assert list(api.datasets(store)["name"]) == ["sample"]


def test_cli_reports_a_bad_name_in_one_line(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "sla",
            "import",
            str(SAMPLE_EVENTS),
            "--name",
            "a/b",
            "--db",
            str(tmp_path / "x.duckdb"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("sla: error: the dataset name 'a/b' contains a path separator")
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.db").exists()


def test_dashboard_listens_on_this_machine_by_default():
    args = build_parser().parse_args(["dashboard"])
    cmd = dashboard_command(args.port, args.address)
    assert cmd[cmd.index("--server.address") + 1] == "127.0.0.1"
    exposed = build_parser().parse_args(["dashboard", "--address", "0.0.0.0", "--port", "8600"])
    cmd = dashboard_command(exposed.port, exposed.address)
    assert cmd[cmd.index("--server.address") + 1] == "0.0.0.0" and cmd[cmd.index("--server.port") + 1] == "8600"
    with pytest.raises(ValueError, match="--port"):
        dashboard_command(0, "127.0.0.1")


def test_names_from_data_cannot_link_or_restyle_inside_a_figure():
    import json

    import numpy as np
    import plotly
    import plotly.graph_objects as go

    from dashboard.charts import inert

    evil = '<a href="https://evil.example/login">L2</a>'
    fig = go.Figure(
        go.Bar(
            x=np.array([evil, "L1"], dtype=object),
            y=[1, 2],
            name='<span style="font-size:90px">big</span>',
            customdata=[[evil], ["x"]],
            hovertemplate="%{x}<br>%{customdata[0]}<extra></extra>",
        )
    )
    fig.add_trace(go.Sankey(node={"label": [evil, "L3"]}, link={"source": [0], "target": [1], "value": [1]}))
    fig.update_layout(title=f"Hand-offs of {evil}<br><b>week 3</b>")
    out = inert(fig)
    text = json.dumps(out.to_plotly_json(), cls=plotly.utils.PlotlyJSONEncoder).replace("\\u003c", "<")
    assert "<br>" in text  # the check below reads the text as drawn
    assert "<a" not in text and "<span" not in text
    assert list(out.data[0].x) == ['&lt;a href="https://evil.example/login">L2&lt;/a>', "L1"]
    # The charts' own markup stays: line breaks, bold, and the hover template as written.
    assert out.layout.title.text.endswith("<br><b>week 3</b>")
    assert out.data[0].hovertemplate == "%{x}<br>%{customdata[0]}<extra></extra>"


def test_refused_rows_on_the_data_page_show_invisible_characters_as_escapes():
    import pandas as pd

    from dashboard.tables.datasets import reject_table

    table = reject_table(
        pd.DataFrame({"source_line": [3], "ticket_id": ["A\u202e1"], "reason": ["bad"], "raw": ['{"a":"\x1b[31m"}']})
    )
    assert table.to_dict("records") == [
        {"Line": "3", "Ticket": "A\\u202e1", "Reason": "bad", "Raw row": '{"a":"\\x1b[31m"}'}
    ]
