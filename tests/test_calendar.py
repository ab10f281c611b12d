"""Tests for analytics.sla.calendar: golden cases, a brute-force oracle, validation."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import duckdb
import holidays
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.sla.calendar import NOT_REACHED, Calendar, IntervalTable, open_seconds

UTC = dt.UTC
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
AMS = ZoneInfo("Europe/Amsterdam")
TOR = ZoneInfo("America/Toronto")
H = 3600

AMS_CAL = Calendar.from_spec(
    "AMS", {"timezone": "Europe/Amsterdam", "hours": ["Mon-Fri 09:00-18:00"], "holidays": "NL"}
)
TOR_CAL = Calendar.from_spec(
    "TOR",
    {"timezone": "America/Toronto", "hours": ["Mon-Fri 08:00-17:00"], "holidays": "CA", "holiday_subdiv": "ON"},
)


def us(t: dt.datetime) -> int:
    return (t - EPOCH) // dt.timedelta(microseconds=1)


def from_us(u: int) -> dt.datetime:
    return EPOCH + dt.timedelta(microseconds=int(u))


def between(cal: Calendar, a: dt.datetime, b: dt.datetime) -> float:
    table = cal.intervals(min(a, b), max(a, b))
    return float(table.open_between(np.array([us(a)]), np.array([us(b)]))[0]) / 1e6


def plus(cal: Calendar, a: dt.datetime, seconds: int) -> dt.datetime:
    table = cal.intervals(a, a + dt.timedelta(days=30))
    return from_us(table.add_open(np.array([us(a)]), np.array([seconds * 1_000_000]))[0])


# --------------------------------------------------------------------------- golden cases


def test_friday_evening_to_monday_morning_amsterdam():
    a = dt.datetime(2026, 3, 13, 17, 0, tzinfo=AMS)  # Friday
    b = dt.datetime(2026, 3, 16, 10, 0, tzinfo=AMS)  # Monday
    assert between(AMS_CAL, a, b) == 2 * H


@pytest.mark.parametrize(
    "year,working_days",
    [
        (2025, 4),  # King's Day on Saturday 26 April (27th is a Sunday); Easter Monday is 21 April
        (2026, 4),  # Monday 27 April
        (2027, 4),  # Tuesday 27 April
        (2028, 4),  # Thursday 27 April
    ],
)
def test_kings_day(year, working_days):
    kings = [d for d, name in holidays.country_holidays("NL", years=year).items() if "King" in name]
    expected = dt.date(year, 4, 26) if dt.date(year, 4, 27).weekday() == 6 else dt.date(year, 4, 27)
    assert kings == [expected]
    monday = expected - dt.timedelta(days=expected.weekday())
    a = dt.datetime.combine(monday, dt.time(0, 0), AMS)
    assert between(AMS_CAL, a, a + dt.timedelta(days=7)) == working_days * 9 * H
    if expected.weekday() < 5:  # the holiday itself is closed, the next (working) day is open
        day = dt.datetime.combine(expected, dt.time(0, 0), AMS)
        assert between(AMS_CAL, day, day + dt.timedelta(days=1)) == 0
        assert between(AMS_CAL, day + dt.timedelta(days=1), day + dt.timedelta(days=2)) == 9 * H


def test_christmas_amsterdam():
    # 2026: Christmas Friday 25th, second day Saturday 26th; Jan 1st outside the span.
    a = dt.datetime(2026, 12, 23, 9, 0, tzinfo=AMS)
    b = dt.datetime(2026, 12, 29, 18, 0, tzinfo=AMS)
    assert between(AMS_CAL, a, b) == 4 * 9 * H  # Wed, Thu, Mon, Tue


def test_toronto_escalated_friday_evening_is_zero_until_monday_open():
    a = dt.datetime(2026, 5, 8, 18, 0, tzinfo=TOR)
    b = dt.datetime(2026, 5, 11, 8, 0, tzinfo=TOR)
    assert between(TOR_CAL, a, b) == 0


def test_toronto_provincial_holiday_needs_subdivision():
    family_day = dt.datetime(2026, 2, 16, 8, 0, tzinfo=TOR)  # Ontario only
    national = Calendar.from_spec(
        "CA", {"timezone": "America/Toronto", "hours": "Mon-Fri 08:00-17:00", "holidays": "CA"}
    )
    assert between(TOR_CAL, family_day, family_day + dt.timedelta(hours=9)) == 0
    assert between(national, family_day, family_day + dt.timedelta(hours=9)) == 9 * H


@pytest.mark.parametrize(
    "cal,tz,friday,monday,utc_hour_before,utc_hour_after",
    [
        (TOR_CAL, TOR, dt.date(2026, 3, 6), dt.date(2026, 3, 9), 13, 12),  # EST -> EDT
        (TOR_CAL, TOR, dt.date(2026, 10, 30), dt.date(2026, 11, 2), 12, 13),  # EDT -> EST
        (AMS_CAL, AMS, dt.date(2026, 3, 27), dt.date(2026, 3, 30), 8, 7),  # CET -> CEST
        (AMS_CAL, AMS, dt.date(2026, 10, 23), dt.date(2026, 10, 26), 7, 8),  # CEST -> CET
    ],
)
def test_dst_changes_keep_local_hours(cal, tz, friday, monday, utc_hour_before, utc_hour_after):
    open_t = dt.time(8, 0) if tz is TOR else dt.time(9, 0)
    close_t = dt.time(17, 0) if tz is TOR else dt.time(18, 0)
    mon_open = dt.datetime.combine(monday, open_t, tz)
    assert between(cal, mon_open, dt.datetime.combine(monday, close_t, tz)) == 9 * H
    assert between(cal, dt.datetime.combine(friday, open_t, tz), dt.datetime.combine(monday, close_t, tz)) == 18 * H
    fri_open = dt.datetime.combine(friday, open_t, tz)
    starts = [from_us(s) for s in cal.intervals(fri_open, mon_open).starts]
    assert dt.datetime.combine(friday, dt.time(utc_hour_before), UTC) in starts
    assert dt.datetime.combine(monday, dt.time(utc_hour_after), UTC) in starts


@pytest.mark.parametrize(
    "tz,hours,night_of,expected_hours",
    [
        ("Europe/Amsterdam", "Sat 22:00-06:00", dt.date(2026, 3, 28), 7),  # 02:00-03:00 skipped
        ("Europe/Amsterdam", "Sat 22:00-06:00", dt.date(2026, 10, 24), 9),  # 02:00-03:00 twice
        ("America/Toronto", "Sat 23:00-03:00", dt.date(2026, 10, 31), 5),  # 01:00-02:00 twice
        ("Australia/Lord_Howe", "Sat 23:00-03:00", dt.date(2026, 10, 3), 3.5),  # 02:00-02:30 skipped
    ],
)
def test_overnight_range_across_dst(tz, hours, night_of, expected_hours):
    cal = Calendar.from_spec("NIGHT", {"timezone": tz, "hours": hours})
    z = ZoneInfo(tz)
    a = dt.datetime.combine(night_of, dt.time(12, 0), z)
    assert between(cal, a, a + dt.timedelta(days=1)) == expected_hours * H
    assert cal.weekly[5] == ((int(hours[4:6]) * 60, 1440),) and cal.weekly[6][0][0] == 0


def test_overnight_morning_part_follows_next_dates_holiday():
    # Mon-Fri 22:00-06:00; Christmas 2026 is Friday, so Thu 22:00-24:00 counts,
    # Fri 00:00-06:00 (Christmas) does not, Fri 22:00-24:00 does not, Sat 00-06 (26th) does not.
    cal = Calendar.from_spec("N", {"timezone": "Europe/Amsterdam", "hours": "Mon-Fri 22:00-06:00", "holidays": "NL"})
    a = dt.datetime(2026, 12, 24, 12, 0, tzinfo=AMS)
    assert between(cal, a, a + dt.timedelta(days=2)) == 2 * H


@pytest.mark.parametrize(
    "start,expected",
    [
        (dt.datetime(2026, 3, 13, 17, 30, tzinfo=AMS), dt.datetime(2026, 3, 16, 9, 30, tzinfo=AMS)),
        # Monday 27 April 2026 is King's Day.
        (dt.datetime(2026, 4, 24, 17, 30, tzinfo=AMS), dt.datetime(2026, 4, 28, 9, 30, tzinfo=AMS)),
        # Good Friday (3 April) and Easter Monday (6 April) 2026 are NL holidays.
        (dt.datetime(2026, 4, 2, 17, 30, tzinfo=AMS), dt.datetime(2026, 4, 7, 9, 30, tzinfo=AMS)),
        # Friday 16:30 + 1 h stays on Friday when the desk closes at 18:00.
        (dt.datetime(2026, 3, 13, 16, 30, tzinfo=AMS), dt.datetime(2026, 3, 13, 17, 30, tzinfo=AMS)),
    ],
)
def test_add_open_friday_afternoon_plus_one_hour(start, expected):
    assert plus(AMS_CAL, start, H) == expected


def test_add_open_friday_1630_with_five_oclock_close():
    cal = Calendar.from_spec(
        "AMS17", {"timezone": "Europe/Amsterdam", "hours": "Mon-Fri 09:00-17:00", "holidays": "NL"}
    )
    assert plus(cal, dt.datetime(2026, 3, 13, 16, 30, tzinfo=AMS), H) == dt.datetime(2026, 3, 16, 9, 30, tzinfo=AMS)
    assert plus(cal, dt.datetime(2026, 4, 24, 16, 30, tzinfo=AMS), H) == dt.datetime(2026, 4, 28, 9, 30, tzinfo=AMS)


def test_add_open_edges():
    fri9 = dt.datetime(2026, 3, 13, 9, 0, tzinfo=AMS)
    assert plus(AMS_CAL, fri9, 9 * H) == dt.datetime(2026, 3, 13, 18, 0, tzinfo=AMS)  # end of interval itself
    sat = dt.datetime(2026, 3, 14, 12, 0, tzinfo=AMS)
    assert plus(AMS_CAL, sat, 0) == sat
    table = AMS_CAL.intervals(fri9, fri9)
    far = table.add_open(np.array([us(fri9)]), np.array([30 * 24 * H * 1_000_000]))
    assert far[0] == NOT_REACHED and np.isnat(far.view("datetime64[us]")[0])
    with pytest.raises(ValueError):
        table.add_open(np.array([us(fri9)]), np.array([-1]))


def test_empty_table():
    cal = Calendar.from_spec("FRI", {"timezone": "Europe/Amsterdam", "hours": "Fri 09:00-10:00"})
    monday = dt.datetime(2026, 3, 16, 12, 0, tzinfo=AMS)
    table = cal.intervals(monday, monday)  # padded to Sat..Wed: no Friday inside
    assert len(table.starts) == 0 and len(table.to_frame("FRI")) == 0
    a = np.array([us(monday)])
    assert table.open_between(a, a + 10**9).tolist() == [0]
    assert table.add_open(a, np.array([0, 1])).tolist() == [us(monday), NOT_REACHED]


def test_interval_table_invariants_and_frame():
    t = AMS_CAL.intervals(dt.datetime(2025, 12, 1, tzinfo=UTC), dt.datetime(2026, 12, 31, tzinfo=UTC))
    assert t.starts.dtype == t.ends.dtype == t.cum.dtype == np.int64
    assert np.all(t.ends > t.starts) and np.all(t.starts[1:] > t.ends[:-1])
    assert t.cum[0] == 0 and np.array_equal(np.diff(t.cum), (t.ends - t.starts)[:-1])
    frame = t.to_frame("AMS")
    assert list(frame.columns) == ["calendar", "start_us", "end_us", "cum_us"] and len(frame) == len(t.starts)
    merged = IntervalTable.from_bounds(np.array([5, 0, 10, 30]), np.array([10, 5, 20, 40]))
    assert merged.starts.tolist() == [0, 30] and merged.ends.tolist() == [20, 40] and merged.cum.tolist() == [0, 20]


def test_frame_supports_duckdb_asof_join():
    t = TOR_CAL.intervals(dt.datetime(2026, 1, 1, tzinfo=UTC), dt.datetime(2026, 3, 1, tzinfo=UTC))
    cal = t.to_frame("TOR")  # noqa: F841 - read by name in the SQL below
    rng = np.random.default_rng(1)
    events = pd.DataFrame({"calendar": "TOR", "ts_us": rng.integers(t.starts[0], t.ends[-1], 500)})  # noqa: F841
    got = duckdb.sql(
        """SELECT e.ts_us, c.cum_us + least(e.ts_us - c.start_us, c.end_us - c.start_us) AS f
           FROM events e ASOF JOIN cal c ON e.calendar = c.calendar AND e.ts_us >= c.start_us
           ORDER BY e.ts_us"""
    ).df()
    assert np.array_equal(got["f"].to_numpy(np.int64), t.open_until(got["ts_us"].to_numpy(np.int64)))


def test_open_seconds_inputs():
    idx = pd.Series(pd.to_datetime(["2026-03-13 17:00", "2026-03-16 10:00", None]).tz_localize("Europe/Amsterdam"))
    starts = idx.iloc[[0, 1, 0]].reset_index(drop=True)
    ends = idx.iloc[[1, 0, 2]].reset_index(drop=True)
    got = open_seconds(AMS_CAL, starts, ends)
    assert got[0] == 2 * H and got[1] == 0 and np.isnan(got[2])
    s64 = starts.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy("datetime64[us]")
    e64 = ends.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy("datetime64[us]")
    assert np.array_equal(open_seconds(AMS_CAL, s64, e64), got, equal_nan=True)
    always = Calendar.from_spec("ALL", {"hours": "24/7"})
    assert open_seconds(always, s64[:1], e64[:1])[0] == (3 * 24 - 7) * H


def test_from_spec_forms():
    cal = Calendar.from_spec(
        "T",
        {
            "timezone": "America/Toronto",
            "hours": ["Mon-Fri 08:00-17:00", "sat 10:00-14:00", "MON,wed 16:00-19:00", "Sun-Mon 00:00-01:00"],
            "holidays": "CA",
            "holiday_subdiv": "ON",
            "closed_dates": ["2026-12-24", dt.date(2026, 12, 31)],
        },
    )
    assert cal.weekly[0] == ((0, 60), (480, 1140))
    assert cal.weekly[2] == ((480, 1140),) and cal.weekly[5] == ((600, 840),) and cal.weekly[6] == ((0, 60),)
    assert cal.closed_dates == {dt.date(2026, 12, 24), dt.date(2026, 12, 31)}
    assert Calendar.from_spec("X", {"hours": "Mon 09:00-24:00"}).weekly[0] == ((540, 1440),)
    assert Calendar.from_spec("X", {"hours": "24/7"}).always_open
    same = Calendar.from_spec(
        "T",
        {
            "timezone": "America/Toronto",
            "hours": [
                "Mon 00:00-01:00",
                "Mon-Fri 08:00-17:00",
                "Mon,Wed 17:00-19:00",
                "Sat 10:00-14:00",
                "Sun 00:00-01:00",
                "Mon 16:00-17:30",
            ],
            "holidays": "ca",
            "holiday_subdiv": "ON",
            "closed_dates": ["2026-12-31", "2026-12-24"],
        },
    )
    assert same == cal and hash(same) == hash(cal)


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "spec,fragments",
    [
        (
            {"timezone": "Europe/Amsterdm", "hours": "Mon 09:00-10:00"},
            ["'BILLING'", "'Europe/Amsterdm'", "'Europe/Amsterdam'"],
        ),
        ({"timezone": "Mars/Olympus", "hours": "Mon 09:00-10:00"}, ["'Mars/Olympus'", "IANA"]),
        ({"hours": "Mon-Fri 9-18"}, ["'BILLING'", "'Mon-Fri 9-18'", "'Mon-Fri 09:00-18:00'"]),
        ({"hours": ["Mon-Fri 18:00-09:00x"]}, ["'Mon-Fri 18:00-09:00x'", "'Mon-Fri 09:00-18:00'"]),
        ({"hours": ["Funday 08:00-10:00"]}, ["'Funday'", "'Mon-Fri'"]),
        ({"hours": ["Mon 25:00-26:00"]}, ["'25:00'", "HH:MM"]),
        ({"hours": ["Mon 09:00-09:00"]}, ["'Mon 09:00-09:00'", "00:00-24:00"]),
        ({"hours": "Mon 09:00-10:00", "holidays": "XX"}, ["'XX'", "'NL'"]),
        ({"hours": "Mon 09:00-10:00", "holidays": "CA", "holiday_subdiv": "ZZ"}, ["'ZZ'", "ON"]),
        ({"hours": "Mon 09:00-10:00", "timezon": "UTC"}, ["'timezon'", "timezone"]),
        ({"hours": "Mon 09:00-10:00", "closed_dates": ["24-12-2026"]}, ["'24-12-2026'", "YYYY-MM-DD"]),
        ({"timezone": "UTC"}, ["'hours'"]),
        ({"hours": []}, ["no open hours"]),
    ],
)
def test_validation_messages(spec, fragments):
    with pytest.raises(ValueError) as info:
        Calendar.from_spec("BILLING", spec)
    for fragment in fragments:
        assert fragment in str(info.value)


def test_direct_construction_validation():
    week = (((540, 1080),),) * 5 + ((), ())
    assert Calendar("OK", weekly=[list(d) for d in week]).weekly == week
    with pytest.raises(ValueError, match="7 entries"):
        Calendar("X", weekly=week[:5])
    with pytest.raises(ValueError, match="Mon ranges"):
        Calendar("X", weekly=(((600, 700), (650, 800)),) + ((),) * 6)
    with pytest.raises(ValueError, match="Tue ranges"):
        Calendar("X", weekly=((), ((0, 1500),)) + ((),) * 5)
    with pytest.raises(ValueError, match="no open hours"):
        Calendar("X")
    with pytest.raises(ValueError, match="timezone-aware"):
        AMS_CAL.intervals(dt.datetime(2026, 1, 1), dt.datetime(2026, 1, 2))


# --------------------------------------------------------------------------- brute-force oracle

TIMEZONES = [
    "Europe/Amsterdam",
    "Europe/Warsaw",
    "America/New_York",
    "America/Toronto",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "UTC",
]
DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
# DST transitions of the zones above (UTC) and holidays of the countries used.
ANCHORS = [
    dt.datetime.fromisoformat(s).replace(tzinfo=UTC)
    for s in [
        "2025-03-30T01:00",
        "2025-10-26T01:00",
        "2026-03-29T01:00",
        "2026-10-25T01:00",
        "2025-03-09T07:00",
        "2025-11-02T06:00",
        "2026-03-08T07:00",
        "2026-11-01T06:00",
        "2025-04-05T15:00",
        "2025-10-04T15:30",
        "2026-04-04T15:00",
        "2026-10-03T15:30",
        "2025-12-25T00:00",
        "2026-01-01T00:00",
        "2025-04-26T00:00",
        "2026-04-27T00:00",
        "2026-04-03T00:00",
        "2026-07-01T00:00",
        "2026-07-04T00:00",
        "2026-10-03T00:00",
        "2026-02-16T12:00",
    ]
]
ORACLE = settings(
    max_examples=200, derandomize=True, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

# Minutes biased towards quarter hours and the 01:00-04:00 DST window.
minutes = st.one_of(st.integers(60, 240), st.integers(0, 96).map(lambda q: q * 15), st.integers(0, 1440))


@st.composite
def day_sets(draw):
    kind = draw(st.sampled_from(["one", "range", "list"]))
    if kind == "one":
        d = draw(st.integers(0, 6))
        return DAY_NAMES[d], {d}
    if kind == "range":
        a, b = draw(st.integers(0, 6)), draw(st.integers(0, 6))
        return f"{DAY_NAMES[a]}-{DAY_NAMES[b]}", {(a + k) % 7 for k in range((b - a) % 7 + 1)}
    ds = draw(st.lists(st.integers(0, 6), min_size=1, max_size=4, unique=True))
    return ",".join(DAY_NAMES[d].upper() for d in ds), set(ds)


@st.composite
def hours_items(draw):
    text, days = draw(day_sets())
    start = draw(minutes.filter(lambda m: m < 1440))
    end = draw(minutes.filter(lambda m, s=start: m != s))
    hhmm = lambda m: f"{m // 60:02d}:{m % 60:02d}"  # noqa: E731
    return f"{text} {hhmm(start)}-{hhmm(end)}", (days, start, end)


@st.composite
def calendars(draw):
    """A random calendar plus the raw ingredients the oracle uses."""
    anchor = draw(st.sampled_from(ANCHORS))
    tz = draw(st.sampled_from(TIMEZONES))
    items = draw(st.lists(hours_items(), min_size=1, max_size=3))
    country = draw(st.sampled_from(["NL", "DE", "US", "CA", None]))
    subdiv = "ON" if country == "CA" and draw(st.booleans()) else None
    closed = {anchor.date() + dt.timedelta(days=k) for k in draw(st.lists(st.integers(-10, 10), max_size=3))}
    always = draw(st.integers(0, 14)) == 0
    spec = {
        "timezone": tz,
        "hours": "24/7" if always else [t for t, _ in items],
        "closed_dates": sorted(d.isoformat() for d in closed),
    }
    if country:
        spec["holidays"] = country
        if subdiv:
            spec["holiday_subdiv"] = subdiv
    cal = Calendar.from_spec("RANDOM", spec)
    hol = holidays.country_holidays(country, subdiv=subdiv) if country else {}
    return cal, anchor, (ZoneInfo(tz), always, [r for _, r in items], hol, closed)


def oracle_open_minutes(raw, start: dt.datetime, n: int) -> np.ndarray:
    """Open flag of each minute [start + k min, start + (k+1) min), straight from the definition."""
    tz, always, ranges, hol, closed = raw
    flags = np.zeros(n, dtype=bool)
    base = int(start.timestamp())
    for k in range(n):
        local = dt.datetime.fromtimestamp(base + 60 * k, tz)
        d, w = local.date(), local.hour * 60 + local.minute
        if always:
            flags[k] = True
            continue
        if d in hol or d in closed:
            continue
        wd = d.weekday()
        for days, s, e in ranges:
            if s < e:
                hit = wd in days and s <= w < e
            else:  # overnight: evening part on the listed day, morning part on the next
                hit = (wd in days and w >= s) or ((wd - 1) % 7 in days and w < e)
            if hit:
                flags[k] = True
                break
    return flags


@ORACLE
@given(data=st.data(), generated=calendars())
def test_open_between_matches_oracle(data, generated):
    cal, anchor, raw = generated
    pairs = data.draw(
        st.lists(st.tuples(st.integers(-10 * 1440, 10 * 1440), st.integers(-120, 3 * 1440)), min_size=1, max_size=3)
    )
    a = [anchor + dt.timedelta(minutes=off) for off, _ in pairs]
    b = [x + dt.timedelta(minutes=length) for x, (_, length) in zip(a, pairs)]
    table = cal.intervals(min(a + b), max(a + b))
    got = table.open_between(np.array([us(x) for x in a]), np.array([us(x) for x in b]))
    expected = [
        60_000_000 * int(oracle_open_minutes(raw, x, length).sum()) if length > 0 else 0
        for x, (_, length) in zip(a, pairs)
    ]
    assert got.tolist() == expected
    assert np.all(np.diff(table.starts) > 0) and np.all(table.starts[1:] > table.ends[:-1])


@ORACLE
@given(data=st.data(), generated=calendars())
def test_add_open_is_inverse_of_open_between(data, generated):
    cal, anchor, raw = generated
    a = anchor + dt.timedelta(minutes=data.draw(st.integers(-10 * 1440, 10 * 1440)))
    window = 4 * 1440
    flags = oracle_open_minutes(raw, a, window)
    open_idx = np.flatnonzero(flags)
    ks = data.draw(st.lists(st.integers(0, len(open_idx)), min_size=1, max_size=4))
    table = cal.intervals(a, a + dt.timedelta(minutes=window))
    a_us = np.full(len(ks), us(a))
    amount = np.array(ks, dtype=np.int64) * 60_000_000
    got = table.add_open(a_us, amount)
    # k-th open minute (1-based) ends exactly where k open minutes have elapsed.
    expected = [us(a) + (60_000_000 * (int(open_idx[k - 1]) + 1) if k else 0) for k in ks]
    assert got.tolist() == expected
    assert np.array_equal(table.open_between(a_us, got), amount)
