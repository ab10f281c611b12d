"""Hostile files: names that look like patterns, bad bytes, UTF-16 without a mark, truncated or foreign
files, huge fields and terminal escapes. Each is read exactly, or refused in one line that leaves the
database byte-identical."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import SAMPLE_EVENTS

from analytics.api import shown
from analytics.ingest import ImportRefused, import_file
from analytics.ingest.preview import preview
from analytics.ingest.readers import ENCODINGS, detect_encoding, read_table
from sla.cli import main

FIX = Path(__file__).resolve().parent / "fixtures" / "ingest"
SAMPLE = SAMPLE_EVENTS.read_text(encoding="utf-8")
LINES = SAMPLE.splitlines()
SAMPLE_ROWS = len(LINES) - 1


def digest(store) -> str | None:
    return hashlib.sha256(store.path.read_bytes()).hexdigest() if store.exists() else None


def with_sample(store) -> str:
    """The store with the sample imported, and its hash."""
    import_file(store, SAMPLE_EVENTS, name="before", timezone="UTC")
    return digest(store)


def to_parquet(csv_path: Path, out: Path, limit: int | None = None) -> Path:
    rel = duckdb.read_csv(str(csv_path), all_varchar=True)
    (rel.limit(limit) if limit else rel).to_parquet(str(out))
    return out


def to_xlsx(csv_path: Path, out: Path) -> Path:
    import csv

    import openpyxl

    wb = openpyxl.Workbook()
    with open(csv_path, encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            wb.active.append(row)
    wb.save(out)
    return out


# --- 1. a file name is never a pattern -----------------------------------------------------------


def _csv(folder: Path, name: str) -> Path:
    (folder / name).write_text(SAMPLE, encoding="utf-8")
    return folder / name


def _csv_gz(folder: Path, name: str) -> Path:
    (folder / name).write_bytes(gzip.compress(SAMPLE.encode()))
    return folder / name


def _parquet(folder: Path, name: str) -> Path:
    return to_parquet(SAMPLE_EVENTS, folder / name)


CANONICAL = [
    (_csv, "glob[1].csv", ["glob1.csv"]),
    (_csv, "exp*.csv", ["exp1.csv", "exp2.csv"]),
    (_csv_gz, "exp*.csv.gz", ["exp1.csv.gz", "exp2.csv.gz"]),
    (_csv_gz, "glob[1].csv.gz", ["glob1.csv.gz"]),
    (_parquet, "a?.parquet", ["ab.parquet", "ac.parquet"]),
    (_csv, "back\\slash.csv", []),
]


@pytest.mark.parametrize("make,name,decoys", CANONICAL, ids=[c[1] for c in CANONICAL])
def test_pattern_names_read_exactly_that_file(store, tmp_path, make, name, decoys):
    target = make(tmp_path, name)
    (tmp_path / "rows.csv").write_text("\n".join(LINES[:30]) + "\n", encoding="utf-8")
    for decoy in decoys:  # files the name would match as a pattern: a few rows of the sample each
        if decoy.endswith(".parquet"):
            to_parquet(tmp_path / "rows.csv", tmp_path / decoy)
        else:
            raw = ("\n".join(LINES[:30]) + "\n").encode()
            (tmp_path / decoy).write_bytes(gzip.compress(raw) if decoy.endswith(".gz") else raw)
    r = import_file(store, target, name="x", timezone="UTC")
    assert r.rows_read == SAMPLE_ROWS and r.rejects.empty and r.tickets_new == 14


def test_relative_name_starting_with_tilde(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _csv(tmp_path, "~notes.csv")
    r = import_file(store, Path("~notes.csv"), name="x", timezone="UTC")
    assert r.rows_read == SAMPLE_ROWS and r.rejects.empty


def test_pattern_names_for_excel_json_and_xes(store, tmp_path):
    to_xlsx(FIX / "servicenow_list.csv", tmp_path / "exp*.xlsx")
    to_xlsx(FIX / "servicenow_list.csv", tmp_path / "exp1.xlsx")
    r = import_file(store, tmp_path / "exp*.xlsx", name="sn", fmt="servicenow", timezone="UTC")
    assert r.tickets_new == 3 and r.rejects.empty
    for name in ("exp*.json", "exp1.json", "exp2.json"):
        shutil.copy(FIX / "zendesk_export.json", tmp_path / name)
    r = import_file(store, tmp_path / "exp*.json", name="zd", fmt="zendesk")
    assert r.tickets_new == 2 and r.rejects.empty
    shutil.copy(FIX / "small.xes", tmp_path / "log[1].xes")
    shutil.copy(FIX / "small.xes", tmp_path / "log1.xes")
    r = import_file(store, tmp_path / "log[1].xes", name="xes", fmt="eventlog", mapping=str(FIX / "xes_mapping.toml"))
    assert r.tickets_new == 1


def test_hive_like_folder_adds_no_column(tmp_path):
    folder = tmp_path / "year=2026"
    folder.mkdir()
    to_parquet(SAMPLE_EVENTS, folder / "events.parquet")
    con = duckdb.connect()
    src = read_table(con, folder / "events.parquet")
    assert "year" not in src.columns and src.rows == SAMPLE_ROWS


@pytest.mark.parametrize(
    "name,fmt", [("exp*.csv", "events"), ("a?.parquet", "events"), ("exp*.json", "zendesk"), ("glob[1].xlsx", "jira")]
)
def test_missing_pattern_name_is_file_not_found(store, tmp_path, policy, name, fmt):
    for decoy in ("exp1.csv", "ab.parquet", "exp1.json", "glob1.xlsx"):
        (tmp_path / decoy).write_text(SAMPLE)
    before = with_sample(store)
    with pytest.raises(ImportRefused, match=r"file not found"):
        import_file(store, tmp_path / name, name="x", fmt=fmt, timezone="UTC")
    with pytest.raises(ImportRefused, match=re.escape(f"{name}: file not found")):
        preview(tmp_path / name, fmt, policy, timezone="UTC")
    assert digest(store) == before


# --- 2. one bad byte never garbles a file --------------------------------------------------------


def _zoe_with_bad_byte(bad_line: int) -> bytes:
    lines = [line.encode() for line in LINES]
    lines[2] = lines[2].replace(b"Automatic acknowledgement", "Zoë acknowledges".encode())
    lines[bad_line - 1] += b"\xff"
    return b"\n".join(lines) + b"\n"


def test_one_invalid_byte_refuses_only_its_row_and_keeps_utf8(store, tmp_path):
    path = tmp_path / "bad-byte.csv"
    path.write_bytes(_zoe_with_bad_byte(10))
    r = import_file(store, path, name="x", timezone="UTC")
    assert list(r.rejects["source_line"]) == [10]
    assert "not valid UTF-8" in r.rejects["reason"].iloc[0] and "--encoding" in r.rejects["reason"].iloc[0]
    details = {d for (d,) in store.reader().execute("SELECT detail FROM events").fetchall()}
    assert "Zoë acknowledges" in details and not any("Ã" in (d or "") for d in details)
    assert "read as cp1252" not in " ".join(r.notes)


def test_detection_rule():
    path = Path("x.csv")
    assert detect_encoding(path, "a,b\nZoë,é\n".encode(), None) == "utf-8"
    assert detect_encoding(path, "a,b\nZoë,é\n".encode("cp1252"), None) == "cp1252"  # no UTF-8 at all
    assert detect_encoding(path, "a,b\nZoë,é,ü\n".encode() + b"\xff", None) == "utf-8"  # mostly UTF-8
    with pytest.raises(ImportRefused, match=r"encoding is unclear.*--encoding"):
        detect_encoding(path, "Zoë ".encode() + "é ü ö ä".encode("cp1252"), None)


def test_unclear_encoding_is_refused_and_database_unchanged(store, tmp_path):
    before = with_sample(store)
    text = SAMPLE.replace("Automatic acknowledgement", "Zoë").encode()
    text = text.replace(b"Refund confirmed", "Rückerstattung bestätigt, Grüße".encode("cp1252"))
    path = tmp_path / "mixed.csv"
    path.write_bytes(text)
    with pytest.raises(ImportRefused, match=r"mixed.csv: the encoding is unclear.*--encoding utf-8.*--encoding cp1252"):
        import_file(store, path, name="x", timezone="UTC")
    assert digest(store) == before


def test_cp1252_start_with_utf8_later_is_refused(store, tmp_path):
    before = with_sample(store)
    head, rows = LINES[0], LINES[1:]
    body = [head.encode(), rows[0].replace("Why was I", "Café: why was I").encode("cp1252")]
    filler = [r.encode() for r in rows[1:]] * 40  # about 100 KB of ASCII, past the first block
    tail = [(rows[-1] + " Zoë Müller").encode()] * 5
    path = tmp_path / "late-utf8.csv"
    path.write_bytes(b"\n".join(body + filler + tail) + b"\n")
    with pytest.raises(ImportRefused, match=r"mixes encodings.*first near line \d+.*--encoding utf-8") as err:
        import_file(store, path, name="x", timezone="UTC")
    assert f"near line {len(body) + len(filler) + 1}" in str(err.value)
    assert digest(store) == before


# --- 3. UTF-16 without a byte-order mark -----------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(store, tmp_path, codec):
    path = tmp_path / "u16.csv"
    path.write_bytes(SAMPLE.replace("Automatic acknowledgement", "Zoë").encode(codec))
    assert not path.read_bytes().startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    r = import_file(store, path, name="x", timezone="UTC")
    assert r.rows_read == SAMPLE_ROWS and r.rejects.empty and f"read as {codec}" in r.notes
    assert store.reader().execute("SELECT count(*) FROM events WHERE detail = 'Zoë'").fetchone()[0] == 1


def test_nul_bytes_that_are_not_utf16_are_refused(store, tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes(SAMPLE.encode()[:500] + b"\x00\x00\x00\x00" * 16 + SAMPLE.encode()[500:])
    with pytest.raises(ImportRefused, match=r"NUL bytes.*UTF-16 without a byte-order mark pass --encoding utf-16-le"):
        import_file(store, path, name="x", timezone="UTC")


def test_a_stray_nul_in_an_id_refuses_that_row_only(store, tmp_path):
    path = tmp_path / "one_nul.csv"
    first_id = SAMPLE.splitlines()[1].split(",")[0]
    path.write_bytes(SAMPLE.encode().replace(first_id.encode(), first_id.encode() + b"\x00", 1))
    r = import_file(store, path, name="x", timezone="UTC")
    assert len(r.rejects) >= 1 and "U+0000" in r.rejects["reason"].iloc[0]
    assert r.rows_read == SAMPLE_ROWS


# --- 4. clear messages instead of unexpected errors ------------------------------------------------


def test_huge_field_is_refused_with_its_line_and_the_limit(store, tmp_path):
    lines = list(LINES[:9])
    lines[2] = lines[2].replace("Automatic acknowledgement", "x" * 20_000_000)
    path = tmp_path / "huge.csv"
    path.write_text("\n".join(lines) + "\n")
    r = import_file(store, path, name="x", timezone="UTC")
    bad = r.rejects[r.rejects["source_line"] == 3]
    assert len(bad) == 1 and "10000000 bytes" in bad["reason"].iloc[0] and "shorten" in bad["reason"].iloc[0]


def test_not_a_text_encoding_lists_the_supported_ones(store, tmp_path, capsys):
    with pytest.raises(ImportRefused, match=r"'rot13' is not a text encoding; use one of utf-8") as err:
        import_file(store, SAMPLE_EVENTS, name="x", timezone="UTC", encoding="rot13")
    assert all(e in str(err.value) for e in ENCODINGS)
    code = main(["import", str(SAMPLE_EVENTS), "--name", "x", "--db", str(store.path), "--encoding", "base64"])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("sla: error: ") and "unexpected" not in err and len(err.splitlines()) == 1


def _truncated_gzip(data: bytes) -> bytes:
    packed = gzip.compress(data)
    return packed[: len(packed) // 2]


def _long_xes() -> bytes:
    """small.xes with its traces repeated 500 times (one document)."""
    text = (FIX / "small.xes").read_text(encoding="utf-8")
    start, end = text.index("<trace>"), text.rindex("</log>")
    return (text[:start] + text[start:end] * 500 + text[end:]).encode()


def _hostile_files(folder: Path) -> dict[str, Path]:
    """Files broken as a whole, by name."""
    big = (SAMPLE * 200).encode()
    files = {
        "empty.csv": b"",
        "blank.csv": b"\n\n  \n",
        "binary.csv": bytes(range(256)) * 300,
        "workbook-as.csv": None,
        "truncated.csv.gz": _truncated_gzip(big),
        "not-gzip.csv.gz": SAMPLE.encode(),
        "truncated.parquet": None,
        "empty.parquet": b"",
        "text.parquet": SAMPLE.encode(),
        "truncated.xlsx": None,
        "empty.xlsx": b"",
        "empty.json": b"",
        "truncated.json.gz": _truncated_gzip((FIX / "zendesk_export.json").read_bytes() * 50),
        "binary.json": bytes(range(256)) * 20,
        "empty.xes": b"",
        "binary.xes": bytes(range(256)) * 20,
        "truncated.xes.gz": _truncated_gzip(_long_xes()),
    }
    to_xlsx(FIX / "servicenow_list.csv", folder / "book.xlsx")
    to_parquet(SAMPLE_EVENTS, folder / "whole.parquet")
    files["workbook-as.csv"] = (folder / "book.xlsx").read_bytes()
    files["truncated.xlsx"] = (folder / "book.xlsx").read_bytes()[:1000]
    files["truncated.parquet"] = (folder / "whole.parquet").read_bytes()[:2000]
    out = {}
    for name, data in files.items():
        (folder / name).write_bytes(data)
        out[name] = folder / name
    return out


FORMATS = [
    ["--format", "events"],
    ["--format", "eventlog", "--mapping", "bpic2013"],
    ["--format", "csv", "--mapping", "servicenow-list"],
    ["--format", "servicenow"],
    ["--format", "jira"],
    ["--format", "zendesk"],
]


@pytest.mark.parametrize("fmt", FORMATS, ids=[f[1] for f in FORMATS])
def test_broken_files_give_one_line_for_every_format(store, tmp_path, capsys, fmt):
    before = with_sample(store)
    for name, path in _hostile_files(tmp_path).items():
        code = main(["import", str(path), "--name", "x", "--db", str(store.path), "--timezone", "UTC", *fmt])
        captured = capsys.readouterr()
        err = captured.err
        assert code == 1, (name, captured.out)
        assert err.startswith("sla: error: ") and len(err.strip().splitlines()) == 1, (name, err)
        assert "unexpected error" not in err and name in err, (name, err)
        assert digest(store) == before, name


def test_truncated_zendesk_gzip_says_so(store, tmp_path):
    path = _hostile_files(tmp_path)["truncated.json.gz"]
    with pytest.raises(ImportRefused, match=r"truncated.json.gz: the gzip file is truncated.*export it again"):
        import_file(store, path, name="zd", fmt="zendesk")


@pytest.mark.parametrize(
    "name,fmt,message",
    [
        ("truncated.csv.gz", "events", r"gzip file is truncated"),
        ("not-gzip.csv.gz", "events", r"not a complete gzip file"),
        ("truncated.parquet", "events", r"Parquet file is truncated"),
        ("text.parquet", "events", r"not a Parquet file"),
        ("truncated.xlsx", "servicenow", r"not a complete Excel workbook"),
        ("empty.xlsx", "servicenow", r"the file is empty"),
        ("empty.csv", "events", r"the file is empty"),
        ("binary.csv", "events", r"NUL bytes.*not a CSV file"),
        ("empty.xes", "eventlog", r"the file is empty; expected an XES event log"),
        ("truncated.xes.gz", "eventlog", r"gzip file is truncated"),
    ],
)
def test_broken_files_say_what_is_wrong(store, tmp_path, name, fmt, message):
    path = _hostile_files(tmp_path)[name]
    mapping = "bpic2013" if fmt == "eventlog" else None
    with pytest.raises(ImportRefused, match=message):
        import_file(store, path, name="x", fmt=fmt, timezone="UTC", mapping=mapping)


# --- 5. terminal escapes from a file are shown escaped ---------------------------------------------


def test_shown_escapes_controls_and_keeps_letters():
    assert shown("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m"
    assert shown("a\rb\nc\td\x7f\x9b") == "a\\x0db\\x0ac\\x09d\\x7f\\x9b"
    assert shown("abc\u202edef\u200b") == "abc\\u202edef\\u200b"
    assert shown("Zoë, Müller, 日本, Ελλάδα") == "Zoë, Müller, 日本, Ελλάδα"
    assert shown(shown("\x1b]0;title\x07")) == shown("\x1b]0;title\x07")
    assert shown(None) == "" and shown(12) == "12"


def test_escapes_in_a_header_are_shown_escaped(store, tmp_path, capsys):
    path = tmp_path / "evil\x1b[2Jname.csv"
    path.write_text("ticket_id,\x1b]0;owned\x07at,kind\u202e\n1,2,3\n", encoding="utf-8")
    code = main(["import", str(path), "--name", "x", "--db", str(store.path), "--timezone", "UTC"])
    err = capsys.readouterr().err
    assert code == 1 and "\x1b" not in err and "\x07" not in err and "\u202e" not in err
    assert "\\x1b]0;owned\\x07at" in err and "kind\\u202e" in err and "evil\\x1b[2Jname.csv" in err
    assert len(err.strip().splitlines()) == 1


def test_escapes_in_refused_rows_are_shown_escaped(store, tmp_path, capsys):
    lines = list(LINES)
    reply = next(i for i, line in enumerate(lines) if ",agent_reply," in line)
    lines[reply] = lines[reply].replace(",agent_reply,", ",\x1b[31mbogus\x1b[0m,", 1)
    lines[3] = lines[3].replace("Automatic acknowledgement", "Zoë \u202eevil")
    path = tmp_path / "rows.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = str(store.path)
    assert main(["import", str(path), "--name", "x", "--db", db, "--timezone", "UTC"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "rows refused" in out
    for fmt in ("table", "csv"):
        assert main(["rejects", "--dataset", "x", "--db", db, "--format", fmt]) == 0
        table = capsys.readouterr().out
        assert "bogus" in table and ("\x1b" not in table) == (fmt == "table")
    assert main(["rejects", "--dataset", "x", "--db", db]) == 0
    table = capsys.readouterr().out
    assert "\\x1b[31mbogus\\x1b[0m" in table and "\u202e" not in table
