"""A non-editable install runs with its packaged defaults, away from this source tree.

The wheel is built from the checkout and unpacked into a folder of its own; the commands then run
from an empty directory with that folder first on the path, so nothing can come from the checkout.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE_EVENTS


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict]:
    base = tmp_path_factory.mktemp("wheel")
    # Built from a copy: a build writes build/ and *.egg-info beside the sources it builds.
    source = base / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "data", "build", "*.egg-info", "__pycache__", "test-artifacts", ".*_cache"
        ),
    )
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(base / "dist"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    wheel = next((base / "dist").glob("sla_dashboard-*.whl"))
    target = base / "site"
    inst = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert inst.returncode == 0, inst.stderr
    work = base / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLA_")}
    env["PYTHONPATH"] = str(target)
    return work, env


def run(work: Path, env: dict, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=work, env=env, capture_output=True, text=True, timeout=timeout)


def test_packages_come_from_the_install(installed):
    work, env = installed
    out = run(
        work,
        env,
        "-c",
        "import analytics, dashboard, simulation, sla; "
        "print('\\n'.join(m.__file__ for m in (analytics, dashboard, simulation, sla)))",
    )
    assert out.returncode == 0, out.stderr
    files = out.stdout.split()
    assert len(files) == 4 and all(env["PYTHONPATH"] in f for f in files), files


def test_import_and_simulate_with_the_packaged_defaults(installed):
    work, env = installed
    sample = work / "events.csv"
    sample.write_bytes(SAMPLE_EVENTS.read_bytes())
    out = run(work, env, "-m", "sla", "import", "events.csv", "--name", "sample")
    assert out.returncode == 0, out.stderr
    assert (work / "data" / "sla.duckdb").exists()  # the default database, under the current directory
    out = run(work, env, "-m", "sla", "simulate", "--days", "2", "--replications", "1", "--name", "sim")
    assert out.returncode == 0, out.stderr
    out = run(work, env, "-m", "sla", "compliance", "--dataset", "sim", "--format", "csv")
    assert out.returncode == 0 and "first_response" in out.stdout, out.stderr


def test_dashboard_serves_from_the_install(installed):
    work, env = installed
    db = work / "dash.duckdb"
    sample = work / "events.csv"
    sample.write_bytes(SAMPLE_EVENTS.read_bytes())
    assert run(work, env, "-m", "sla", "import", "events.csv", "--name", "sample", "--db", str(db)).returncode == 0
    # Every page of the installed app, through Streamlit's test runner (no browser needed here).
    script = (
        "import sys\nfrom pathlib import Path\nimport sla\nfrom streamlit.testing.v1 import AppTest\n"
        "from dashboard.navigation import PAGES\n"
        "app = str(Path(sla.__file__).parent / 'streamlit_app.py')\n"
        "for key, spec in PAGES.items():\n"
        "    at = AppTest.from_file(app, default_timeout=120).run()\n"
        "    at.switch_page('../dashboard/pages/' + spec.script).run()\n"
        "    bad = [e.value for e in at.exception] + [e.value for e in at.error]\n"
        "    assert not bad, (key, bad)\n"
        "    print(key, len(at.title) and at.title[0].value)\n"
    )
    out = run(work, dict(env, SLA_DB=str(db)), "-c", script, timeout=600)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "compliance SLA compliance" in out.stdout
    # And the real server, started by `sla dashboard` as a user would.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "sla", "dashboard", "--db", str(db), "--port", str(port)],
        cwd=work,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # its own process group: the Streamlit child goes too
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=5) as resp:
                    assert resp.read() == b"ok"
                    break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "the dashboard did not start"
                time.sleep(0.5)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=20)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # whatever of the group did not stop
        proc.wait(timeout=10)
