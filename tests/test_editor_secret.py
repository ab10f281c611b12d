"""The editor secret's hash line, the brake on wrong guesses, its settings and ``sla editor-secret``."""

from __future__ import annotations

import re
import subprocess
import sys
import threading

import pytest
from conftest import ROOT

from analytics.settings import Settings
from dashboard.editor_secret import FREE_ATTEMPTS, MAX_WAIT_SECONDS, SecretHash, Throttle, hash_secret
from dashboard.markup import WORD_JOINER, code, plain
from sla.cli import build_parser, cmd_dashboard

SECRET = "correct horse battery staple"


def test_a_hash_line_matches_its_secret_only():
    line = hash_secret(SECRET)
    assert line.startswith("scrypt:16384:8:1:") and SECRET not in line
    parsed = SecretHash.parse(line)
    assert parsed.matches(SECRET)
    assert not parsed.matches(SECRET + " ") and not parsed.matches("")
    assert hash_secret(SECRET) != line  # a fresh salt each time
    assert repr(parsed) == "SecretHash(scrypt n=16384 r=8 p=1)"  # no salt or key in a log


@pytest.mark.parametrize(
    "line, reason",
    [
        ("hunter2", "of the form"),
        ("pbkdf2:1:1:1:aa:bb", "of the form"),
        ("scrypt:x:8:1:aaaa:bbbb", "not a number or base64"),
        ("scrypt:1000:8:1:" + "A" * 24 + ":" + "A" * 43, "out of range"),
        ("scrypt:16384:8:1:AAAA:" + "A" * 43, "too short"),
    ],
)
def test_unusable_hash_lines_say_why(line, reason):
    with pytest.raises(ValueError, match=reason) as err:
        SecretHash.parse(line)
    assert "sla editor-secret" in str(err.value)


def test_short_secrets_are_refused():
    with pytest.raises(ValueError, match="at least 12"):
        hash_secret("short")


def test_throttle_lets_a_few_guesses_through_then_doubles_the_wait():
    now = [0.0]
    throttle = Throttle(clock=lambda: now[0])
    waits = [throttle.attempt(lambda: False).retry_in for _ in range(FREE_ATTEMPTS)]
    assert waits == [0.0] * (FREE_ATTEMPTS - 1) + [2.0]
    refused = throttle.attempt(lambda: pytest.fail("a guess is not even checked while waiting"))
    assert not refused.granted and not refused.checked and refused.retry_in == 2.0
    for expected in (4.0, 8.0, 16.0):
        now[0] += throttle.retry_in()
        assert throttle.attempt(lambda: False).retry_in == expected
    for _ in range(20):
        now[0] += throttle.retry_in()
        throttle.attempt(lambda: False)
    assert throttle.retry_in() == MAX_WAIT_SECONDS
    now[0] += MAX_WAIT_SECONDS
    assert throttle.attempt(lambda: True).granted
    assert throttle.attempt(lambda: False).retry_in == 0.0  # a right guess forgave the wrong ones


def test_throttle_counts_every_guess_of_many_threads():
    throttle = Throttle(free_attempts=1000, clock=lambda: 0.0)
    threads = [threading.Thread(target=lambda: [throttle.attempt(lambda: False) for _ in range(50)]) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert throttle._failures == 400


def test_settings_of_the_secret_and_read_only(tmp_path):
    assert Settings({}).editor_secret_hash is None and Settings({}).read_only is False
    assert Settings({"SLA_READ_ONLY": "1"}).read_only and not Settings({"SLA_READ_ONLY": "off"}).read_only
    with pytest.raises(ValueError, match="SLA_READ_ONLY"):
        _ = Settings({"SLA_READ_ONLY": "maybe"}).read_only
    file = tmp_path / "hash"
    file.write_text("scrypt:line\n")
    assert Settings({"SLA_EDITOR_SECRET_HASH_FILE": str(file)}).editor_secret_hash == "scrypt:line"
    with pytest.raises(ValueError, match="both set"):
        _ = Settings({"SLA_EDITOR_SECRET_HASH_FILE": str(file), "SLA_EDITOR_SECRET_HASH": "x"}).editor_secret_hash
    with pytest.raises(ValueError, match="cannot be read"):
        _ = Settings({"SLA_EDITOR_SECRET_HASH_FILE": str(tmp_path / "missing")}).editor_secret_hash


def test_sla_editor_secret_reads_stdin_and_prints_the_line():
    proc = subprocess.run(
        [sys.executable, "-m", "sla", "editor-secret"], input=SECRET + "\n", capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr
    assert SecretHash.parse(proc.stdout.strip()).matches(SECRET)
    assert "SLA_EDITOR_SECRET_HASH" in proc.stderr
    short = subprocess.run(
        [sys.executable, "-m", "sla", "editor-secret"], input="abc\n", capture_output=True, text=True, cwd=ROOT
    )
    assert short.returncode == 1 and short.stderr.startswith("sla: error: the secret has 3 characters")


def test_dashboard_read_only_reaches_the_app_as_a_setting(monkeypatch):
    seen = {}
    monkeypatch.setattr("sla.cli.subprocess.call", lambda cmd, env: seen.update(env) or 0)
    monkeypatch.delenv("SLA_READ_ONLY", raising=False)
    assert cmd_dashboard(build_parser().parse_args(["dashboard", "--read-only"])) == 0
    assert Settings(seen).read_only
    seen.clear()
    cmd_dashboard(build_parser().parse_args(["dashboard"]))
    assert not Settings(seen).read_only


@pytest.mark.parametrize(
    "text",
    ["[x](https://evil.example)", "**bold** _i_ `c` $x$ :red[r] <b>h</b> # h", "a\\b", "line\nbreak", "www.x.org"],
)
def test_plain_escapes_every_markdown_character(text):
    escaped = plain(text)
    assert "\n" not in escaped
    assert re.sub(r"\\(.)", r"\1", escaped).replace(WORD_JOINER, "") == text.replace("\n", " ")
    assert not re.search(r"(?<!\\)[\[\]()*_`$:<>#]", escaped.replace("\\\\", ""))


def test_code_spans_outlast_the_backticks_inside():
    assert code("a") == "`a`" and code("a`b") == "``a`b``" and code("`x") == "`` `x ``"
