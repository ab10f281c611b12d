"""Viewers and editors (AppTest): a viewer cannot import, rename, delete or simulate, even by pressing
a control it sees disabled; the editor secret unlocks, a wrong one is refused and braked; a read-only
dashboard cannot be unlocked; and text from the page address is shown literally, never as a link."""

from __future__ import annotations

import pytest
from conftest import SAMPLE_EVENTS, shown
from streamlit import config
from streamlit.testing.v1 import AppTest
from test_dashboard_apptest import APP, run_app

from analytics import api
from analytics.ingest import import_file
from analytics.store.database import Store
from dashboard.editor_secret import FREE_ATTEMPTS, THROTTLE, hash_secret
from dashboard.markup import plain

SECRET = "correct horse battery staple"
SECRET_HASH = hash_secret(SECRET, salt=b"a fixed test salt")


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Wrong guesses are counted per process: each test starts with none."""
    THROTTLE.reset()
    yield
    THROTTLE.reset()


@pytest.fixture
def db(tmp_path) -> Store:
    """A database of its own with dataset 'sample' (tests here try to change it)."""
    store = Store(tmp_path / "data" / "sla.duckdb")
    import_file(store, SAMPLE_EVENTS, name="sample")
    store.close()
    return store


@pytest.fixture
def with_secret(monkeypatch):
    monkeypatch.setenv("SLA_EDITOR_SECRET_HASH", SECRET_HASH)


def names(store: Store) -> list[str]:
    return api.datasets(Store(store.path))["name"].tolist()


def role(at: AppTest) -> str:
    return next(m.value for m in at.sidebar.markdown if m.value.startswith("**Role:**"))


def submit(at: AppTest, label: str):
    return next(b for b in at.get("form_submit_button") if b.label == label)


def unlock(at: AppTest, secret: str) -> AppTest:
    at.sidebar.text_input(key="unlock_secret").input(secret)
    return submit(at, "Unlock").click().run()


def ignoring_disabled(widget):
    """The widget as a browser that ignores ``disabled`` has it: a crafted message can still press it
    (Streamlit discards such a press; the change's own check, below, is the second lock)."""
    widget.proto.disabled = False
    return widget


def errors(at: AppTest) -> str:
    return "\n".join(shown(e.value) for e in at.error)


# -- what a viewer cannot do --------------------------------------------------------------------


def test_viewer_sees_rename_and_delete_disabled_and_a_pressed_delete_changes_nothing(db, with_secret, monkeypatch):
    at = run_app(db.path, monkeypatch, page="data")
    assert not at.exception
    assert role(at) == "**Role:** viewer"
    assert any("needs the editor role" in i.value for i in at.info)
    assert submit(at, "Delete dataset").disabled and submit(at, "Rename").disabled
    # A browser can still send the press of a disabled button: the change itself is refused.
    ignoring_disabled(at.text_input(key="delete_confirm")).input("sample")
    ignoring_disabled(submit(at, "Delete dataset")).click().run()
    assert not at.exception
    assert names(db) == ["sample"]


def test_viewer_cannot_rename(db, with_secret, monkeypatch):
    at = run_app(db.path, monkeypatch, page="data")
    ignoring_disabled(at.text_input(key="rename_to")).input("renamed")
    ignoring_disabled(submit(at, "Rename")).click().run()
    assert not at.exception
    assert names(db) == ["sample"]


def test_viewer_cannot_import(db, with_secret, monkeypatch):
    at = run_app(db.path, monkeypatch, page="data")
    assert at.file_uploader(key="upload").disabled
    ignoring_disabled(at.file_uploader(key="upload")).set_value(
        ("more.csv", SAMPLE_EVENTS.read_bytes(), "text/csv")
    ).run()
    assert not at.exception
    assert not (db.path.parent / "uploads").exists()  # not even the upload was kept
    assert names(db) == ["sample"]


def test_viewer_cannot_run_a_simulation(db, with_secret, monkeypatch):
    monkeypatch.setenv("SLA_DB", str(db.path))
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("../dashboard/pages/staffing.py").run()
    assert not at.exception
    assert at.button(key="staff_run").disabled
    assert any("Running a simulation" in i.value and "editor role" in i.value for i in at.info)
    at.number_input(key="staff_days").set_value(1)
    at.number_input(key="staff_reps").set_value(2)
    at.run()
    ignoring_disabled(at.button(key="staff_run")).click().run()
    assert not at.exception
    assert names(db) == ["sample"]


def test_viewer_has_no_control_that_changes_the_policy(db, with_secret, monkeypatch):
    """The policy in force is a file chosen at start; the what-if recomputes in memory only."""
    policy_file = api.default_policy_path()
    before = policy_file.read_bytes()
    at = run_app(db.path, monkeypatch, page="data")
    assert {b.label for b in at.get("form_submit_button") if not b.disabled} == {
        "Unlock",
        "Recompute compliance",
    }
    submit(at, "Recompute compliance").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert policy_file.read_bytes() == before
    assert any("policy.toml" in c.value for c in at.sidebar.code)


def _call_every_action():
    """An app script that calls each change directly, as a bypassed control would, and reports."""
    import streamlit as st

    from analytics import api
    from dashboard import actions
    from simulation.api import default_scenario_path, load_scenario

    store = api.Store(api.default_db_path())
    policy = api.load_policy()
    calls = {
        "rename": lambda: actions.rename_dataset(store, "sample", "renamed"),
        "delete": lambda: actions.delete_dataset(store, "sample"),
        "upload": lambda: actions.save_upload(store.path.parent / "uploads", "x.csv", b"ticket_id\n"),
        "mapping": lambda: actions.save_mapping(store.path.parent / "mappings", "x", "x = 1\n"),
        "import": lambda: actions.import_file(store, api.default_db_path(), name="more"),
        "simulate": lambda: actions.simulate(
            store, load_scenario(default_scenario_path(), policy), policy, name="sim", replications=1
        ),
    }
    for what, call in calls.items():
        try:
            call()
            st.text(f"{what}: done")
        except Exception as exc:
            st.text(f"{what}: {type(exc).__name__}: {exc}")


def test_every_change_checks_the_role_itself(db, with_secret, monkeypatch):
    monkeypatch.setenv("SLA_DB", str(db.path))
    at = AppTest.from_function(_call_every_action, default_timeout=60).run()
    assert not at.exception
    lines = [t.value for t in at.text]
    assert len(lines) == 6
    for line in lines:
        assert "EditingRefused" in line and "needs the editor role" in line, line
    assert names(db) == ["sample"]
    assert not (db.path.parent / "uploads").exists() and not (db.path.parent / "mappings").exists()


# -- unlocking ----------------------------------------------------------------------------------


def test_right_secret_unlocks_and_lock_locks_again(db, with_secret, monkeypatch):
    at = run_app(db.path, monkeypatch, page="data")
    unlock(at, SECRET)
    assert not at.exception and not at.error
    assert role(at) == "**Role:** editor"
    assert not submit(at, "Delete dataset").disabled
    at.text_input(key="delete_confirm").input("sample")
    submit(at, "Delete dataset").click().run()
    assert not at.exception and not at.error
    assert names(db) == []
    at.sidebar.button(key="lock_editing").click().run()
    assert role(at) == "**Role:** viewer"


def test_wrong_secret_is_refused(db, with_secret, monkeypatch):
    at = run_app(db.path, monkeypatch, page="data")
    unlock(at, "not the secret at all")
    assert not at.exception
    assert role(at) == "**Role:** viewer"
    assert "That is not the editor secret." in errors(at)
    assert submit(at, "Delete dataset").disabled


def test_wrong_secrets_are_braked_then_forgiven_after_the_wait(db, with_secret, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(THROTTLE, "clock", lambda: now[0])
    at = run_app(db.path, monkeypatch, page="data")
    for _ in range(FREE_ATTEMPTS):
        unlock(at, "a wrong guess, again")
    assert "The next try is heard in 2 s." in errors(at)
    unlock(at, SECRET)  # even the right secret is not heard while the server waits
    assert "Too many wrong secrets" in errors(at)
    assert role(at) == "**Role:** viewer"
    now[0] += 2.5
    unlock(at, SECRET)
    assert role(at) == "**Role:** editor"


def test_the_wait_is_per_server_not_per_session(db, with_secret, monkeypatch):
    monkeypatch.setattr(THROTTLE, "clock", lambda: 50.0)
    first = run_app(db.path, monkeypatch, page="data")
    for _ in range(FREE_ATTEMPTS):
        unlock(first, "a wrong guess, again")
    second = run_app(db.path, monkeypatch, page="data")  # a new browser session
    unlock(second, SECRET)
    assert "Too many wrong secrets" in errors(second)
    assert role(second) == "**Role:** viewer"


def test_read_only_cannot_be_unlocked(db, with_secret, monkeypatch):
    monkeypatch.setenv("SLA_READ_ONLY", "1")
    at = run_app(db.path, monkeypatch, page="data")
    assert not at.exception and not at.error
    assert role(at) == "**Role:** viewer"
    assert not any(t.key == "unlock_secret" for t in at.sidebar.text_input)
    assert any("read-only" in c.value for c in at.sidebar.caption)
    ignoring_disabled(at.text_input(key="delete_confirm")).input("sample")
    ignoring_disabled(submit(at, "Delete dataset")).click().run()
    assert names(db) == ["sample"]


def test_without_a_secret_beyond_this_machine_everyone_is_viewer(db, monkeypatch):
    config.set_option("server.address", "0.0.0.0")  # the conftest fixture restores it
    at = run_app(db.path, monkeypatch, page="data")
    assert not at.exception and not at.error
    assert role(at) == "**Role:** viewer"
    how = next(c.value for c in at.sidebar.caption if "Editing is off" in c.value)
    assert "sla editor-secret" in how and "SLA_EDITOR_SECRET_HASH" in how
    assert submit(at, "Delete dataset").disabled


def test_on_this_machine_without_a_secret_the_user_is_editor(db, monkeypatch):
    at = run_app(db.path, monkeypatch, page="data")
    assert role(at) == "**Role:** editor"
    assert not submit(at, "Delete dataset").disabled
    assert not any(t.key == "unlock_secret" for t in at.sidebar.text_input)


def test_an_unusable_secret_hash_locks_editing_and_says_why(db, monkeypatch):
    monkeypatch.setenv("SLA_EDITOR_SECRET_HASH", "hunter2")  # the secret itself, not its hash
    at = run_app(db.path, monkeypatch, page="data")
    assert not at.exception
    assert role(at) == "**Role:** viewer"
    assert "sla editor-secret" in errors(at)
    assert submit(at, "Delete dataset").disabled


# -- text from the page address -----------------------------------------------------------------

PHISH = "[Session expired: log in again](https://evil.example/login)"


def test_a_link_in_the_address_is_shown_as_text(sample_store, monkeypatch):
    at = run_app(sample_store.path, monkeypatch, query={"dataset": PHISH, "compare": PHISH, "team": PHISH}, page=None)
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 3
    for text in warnings:
        assert plain(PHISH) in text and PHISH in shown(text)  # the reader sees the address's characters
    markdown_it = pytest.importorskip("markdown_it")
    for text in warnings:
        html = markdown_it.MarkdownIt("commonmark").render(text)
        assert "<a" not in html and "evil.example/login" in html
