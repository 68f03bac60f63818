"""csmetrics.Calendar over the C ABI. Expected values are worked out in the
comments: New York is UTC-5 in winter (09:00 EST = 14:00Z)."""

import datetime as dt
import gc
import json
import pickle
import threading
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import csmetrics
from csmetrics import Calendar

NY = ZoneInfo("America/New_York")
UTC = dt.timezone.utc
HOUR_MS = 3_600_000
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
OFFICE = {
    "timezone": "America/New_York",
    "weekly": {day: [["09:00", "17:00"]] for day in WEEKDAYS},
    "holidays": ["2026-01-16"],
}

FRI_1600 = 1767992400000  # 2026-01-09T21:00Z, Friday 16:00 New York
MON_0900 = 1768226400000  # 2026-01-12T14:00Z
MON_1000 = 1768230000000  # 2026-01-12T15:00Z
MAX_MS = 7258118400000  # 2200-01-01T00:00Z


@pytest.fixture
def office():
    with Calendar(OFFICE) as cal:
        yield cal


def test_epoch_ms_in_ints_out(office):
    assert office.elapsed(FRI_1600, MON_1000) == 2 * HOUR_MS
    assert office.elapsed(MON_1000, FRI_1600) == -2 * HOUR_MS
    assert office.add(FRI_1600, 2 * HOUR_MS) == MON_1000
    assert office.add(FRI_1600, HOUR_MS) == FRI_1600 + HOUR_MS  # lands on 17:00, the close
    assert office.add(MON_1000, -2 * HOUR_MS) == FRI_1600
    assert office.is_open(MON_0900) is True
    assert office.is_open(MON_0900 - 1) is False
    assert office.next_open(FRI_1600 + HOUR_MS) == MON_0900
    assert office.next_close(MON_1000) == MON_0900 + 8 * HOUR_MS
    assert office.elapsed(np.int64(FRI_1600), np.int64(MON_1000)) == 2 * HOUR_MS


def test_datetimes_in_datetimes_out(office):
    fri = dt.datetime(2026, 1, 9, 16, 0, tzinfo=NY)
    mon = dt.datetime(2026, 1, 12, 10, 0, tzinfo=NY)
    assert office.elapsed(fri, mon) == dt.timedelta(hours=2)
    due = office.add(fri, dt.timedelta(hours=2))
    assert due == mon and due.tzinfo is NY
    assert office.add(fri, 2 * HOUR_MS) == mon  # business time may be int ms
    assert office.add(fri.astimezone(UTC), dt.timedelta(hours=2)).tzinfo is UTC
    assert office.next_open(dt.datetime(2026, 1, 10, 12, tzinfo=NY)) == dt.datetime(2026, 1, 12, 9, tzinfo=NY)
    assert office.next_close(mon) == dt.datetime(2026, 1, 12, 17, tzinfo=NY)
    assert office.is_open(mon)
    # Sub-millisecond parts of an instant are dropped.
    assert office.elapsed(mon, mon + dt.timedelta(microseconds=1999)) == dt.timedelta(milliseconds=1)


def test_holiday(office):
    # Thu 15th 16:00 -> Tue 20th 10:00: 1 h, Friday 16th closed, 8 h Monday, 1 h Tuesday.
    thu = dt.datetime(2026, 1, 15, 16, tzinfo=NY)
    tue = dt.datetime(2026, 1, 20, 10, tzinfo=NY)
    assert office.elapsed(thu, tue) == dt.timedelta(hours=10)
    assert not office.is_open(dt.datetime(2026, 1, 16, 12, tzinfo=NY))


def test_dst_follows_the_wall_clock():
    # Sunday 2026-03-08 01:00-04:00 New York: 02:00-03:00 does not exist, so 2 h.
    cal = Calendar(json.dumps({"timezone": "America/New_York", "weekly": {"sun": [["01:00", "04:00"]]}}))
    start = dt.datetime(2026, 3, 8, 0, 0, tzinfo=NY)
    assert cal.elapsed(start, start + dt.timedelta(hours=6)) == dt.timedelta(hours=2)
    # Sunday 2026-11-01 01:00-02:00 happens twice, 05:00Z-06:00Z (EDT) and 06:00Z-07:00Z (EST): 2 h.
    fall = Calendar({"timezone": "America/New_York", "weekly": {"sun": [["01:00", "02:00"]]}})
    fall_back = 1793512800000  # 2026-11-01T06:00Z
    assert fall.elapsed(fall_back - 2 * HOUR_MS, fall_back + 4 * HOUR_MS) == 2 * HOUR_MS
    assert fall.next_close(fall_back - 30 * 60_000) == fall_back + HOUR_MS
    cal.close()
    fall.close()


def test_bad_specs_raise_invalid_argument():
    with pytest.raises(csmetrics.InvalidArgument, match='unknown time zone "Mars/Base"'):
        Calendar({"timezone": "Mars/Base"})
    with pytest.raises(csmetrics.InvalidArgument, match="overlap"):
        Calendar({"timezone": "UTC", "weekly": {"mon": [["09:00", "12:00"], ["11:00", "13:00"]]}})
    with pytest.raises(csmetrics.InvalidArgument, match=r"weekly\.mon\[0\]\[0\]"):
        Calendar({"timezone": "UTC", "weekly": {"mon": [["9:00", "12:00"]]}})
    with pytest.raises(csmetrics.InvalidArgument, match="unknown key"):
        Calendar({"timezone": "UTC", "opening_hours": {}})
    with pytest.raises(csmetrics.InvalidArgument, match="not valid JSON"):
        Calendar("{not json")
    with pytest.raises(csmetrics.InvalidArgument, match="UTF-8"):
        Calendar('{"timezone": "\udcff"}')  # a lone surrogate cannot be encoded
    with pytest.raises(TypeError):
        Calendar(42)


def test_bad_arguments(office):
    with pytest.raises(ValueError, match="naive"):
        office.elapsed(dt.datetime(2026, 1, 9), dt.datetime(2026, 1, 10))
    with pytest.raises(TypeError):
        office.elapsed(True, 5)
    with pytest.raises(TypeError):
        office.elapsed(1.5, 5)
    with pytest.raises(TypeError, match="both"):
        office.elapsed(dt.datetime(2026, 1, 9, tzinfo=UTC), MON_1000)
    with pytest.raises(ValueError, match="whole number of milliseconds"):
        office.add(FRI_1600, dt.timedelta(microseconds=1500))
    with pytest.raises(csmetrics.OutOfRange, match="outside the supported range"):
        office.elapsed(-1, 0)
    with pytest.raises(csmetrics.OutOfRange):
        office.is_open(MAX_MS + 1)
    with pytest.raises(csmetrics.OutOfRange, match="past 2200"):
        office.add(MON_1000, 2**63 - 1)
    with pytest.raises(csmetrics.OutOfRange):
        office.add(MON_1000, -(2**63))
    with pytest.raises(csmetrics.OutOfRange, match="64-bit"):
        office.add(MON_1000, 2**64)
    with pytest.raises(csmetrics.OutOfRange, match="64-bit"):
        office.is_open(-(2**70))


def test_never_open_and_always_open():
    with Calendar({"timezone": "Europe/Paris"}) as never:
        with pytest.raises(csmetrics.OutOfRange, match="never open"):
            never.add(MON_1000, 1)
        with pytest.raises(csmetrics.OutOfRange):
            never.next_open(MON_1000)
        assert never.next_close(MON_1000) == MON_1000
    always = {"timezone": "Europe/Paris", "weekly": {d: [["00:00", "24:00"]] for d in WEEKDAYS + ("sat", "sun")}}
    with Calendar(always) as cal:
        assert cal.elapsed(0, MAX_MS) == MAX_MS
        with pytest.raises(csmetrics.OutOfRange, match="never closes"):
            cal.next_close(MON_1000)


def _count_calls(monkeypatch, name):
    """Wraps the C function `name` so that the test can count its calls."""
    from csmetrics import _lib

    function = getattr(_lib.lib, name)
    calls = []

    def counted(*args):
        calls.append(args[3] if len(args) > 3 else None)  # the element count
        return function(*args)

    monkeypatch.setattr(_lib.lib, name, counted)
    return calls


def test_elapsed_many_is_one_call_matching_single_calls(office, monkeypatch):
    rng = np.random.default_rng(7)
    start = rng.integers(1_700_000_000_000, 1_800_000_000_000, size=1000, dtype=np.int64)
    end = start + rng.integers(-40 * 86_400_000, 40 * 86_400_000, size=1000, dtype=np.int64)
    calls = _count_calls(monkeypatch, "csm_calendar_elapsed_many")
    out = office.elapsed_many(start, end)
    assert calls == [1000]  # one C call for the whole array
    monkeypatch.undo()
    assert out.dtype == np.int64 and out.shape == (1000,)
    assert out.tolist() == [office.elapsed(int(a), int(b)) for a, b in zip(start, end)]
    # Any shape; lists and smaller integer types are fine.
    assert office.elapsed_many(start.reshape(20, 50), end.reshape(20, 50)).shape == (20, 50)
    assert office.elapsed_many([FRI_1600], [MON_1000]).tolist() == [2 * HOUR_MS]
    assert office.elapsed_many(np.array([], dtype=np.int64), np.array([], dtype=np.int64)).size == 0
    # datetime64 in, timedelta64 out.
    a = np.array(["2026-01-09T21:00", "2026-01-12T15:00"], dtype="datetime64[ms]")
    b = np.array(["2026-01-12T15:00", "2026-01-09T21:00"], dtype="datetime64[s]")
    assert office.elapsed_many(a, b).tolist() == [dt.timedelta(hours=2), dt.timedelta(hours=-2)]
    # A non-contiguous view is copied, not misread.
    assert office.elapsed_many(start[::2], end[::2]).tolist() == out[::2].tolist()


def test_many_errors(office):
    start = np.array([FRI_1600, MON_1000], dtype=np.int64)
    with pytest.raises(csmetrics.InvalidArgument, match="shapes differ"):
        office.elapsed_many(start, start[:1])
    with pytest.raises(csmetrics.OutOfRange, match="element 1"):
        office.elapsed_many(start, np.array([MON_1000, -5]))
    with pytest.raises(TypeError, match="dtype"):
        office.elapsed_many(start.astype(float), start)
    with pytest.raises(TypeError):
        office.elapsed_many(start.astype(np.uint64), start)  # uint64 does not fit int64 safely
    with pytest.raises(csmetrics.OutOfRange):
        office.add_many(np.array([0]), np.array([-1]))


def test_add_many(office, monkeypatch):
    start = np.array([FRI_1600, MON_1000, FRI_1600], dtype=np.int64)
    business = np.array([2 * HOUR_MS, -2 * HOUR_MS, 0], dtype=np.int64)
    calls = _count_calls(monkeypatch, "csm_calendar_add_many")
    assert office.add_many(start, business).tolist() == [MON_1000, FRI_1600, FRI_1600]
    assert calls == [3]
    monkeypatch.undo()
    due = office.add_many(start.view("datetime64[ms]"), np.array([2, -2, 0], dtype="timedelta64[h]"))
    assert due.dtype == np.dtype("datetime64[ms]")
    assert due.view(np.int64).tolist() == [MON_1000, FRI_1600, FRI_1600]


def test_close_and_context_manager():
    cal = Calendar(OFFICE)
    finalizer = cal._finalizer
    assert finalizer.alive and not cal.closed
    cal.close()
    assert not finalizer.alive and cal.closed
    cal.close()  # idempotent
    with pytest.raises(ValueError, match="closed"):
        cal.elapsed(0, 1)
    with Calendar(OFFICE) as cal2:
        assert cal2.is_open(MON_0900)
    assert cal2.closed


def test_finalizer_frees_exactly_once():
    cal = Calendar(OFFICE)
    finalizer = cal._finalizer
    del cal
    gc.collect()
    assert not finalizer.alive  # the garbage collector freed it ...
    assert finalizer() is None  # ... and a second attempt does nothing


def test_pickles_by_spec(office):
    copy = pickle.loads(pickle.dumps(office))
    assert copy.elapsed(FRI_1600, MON_1000) == 2 * HOUR_MS
    assert json.loads(copy.spec) == OFFICE
    copy.close()


def test_shared_between_threads(office):
    rng = np.random.default_rng(3)
    starts = [int(x) for x in rng.integers(1_700_000_000_000, 1_800_000_000_000, size=300)]
    expected = [office.add(t, 3 * HOUR_MS) for t in starts]
    failures = []

    def work():
        for t, due in zip(starts, expected):
            if office.add(t, 3 * HOUR_MS) != due or office.elapsed(t, due) != 3 * HOUR_MS:
                failures.append(t)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_close_while_other_threads_query():
    cal = Calendar(OFFICE)
    outcomes = []

    def work():
        for _ in range(2000):
            try:
                cal.elapsed(FRI_1600, MON_1000)
            except ValueError:
                outcomes.append("closed")
                return
        outcomes.append("done")

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    cal.close()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 3 and set(outcomes) <= {"closed", "done"}


@settings(max_examples=200, deadline=None)
@given(
    a=st.integers(0, MAX_MS),
    b=st.integers(0, MAX_MS),
    c=st.integers(0, MAX_MS),
    d=st.integers(-(10**11), 10**11),
)
def test_properties(a, b, c, d):
    cal = _PROPERTY_CALENDAR
    assert cal.elapsed(a, b) + cal.elapsed(b, c) == cal.elapsed(a, c)
    try:
        u = cal.add(a, d)
    except csmetrics.OutOfRange:
        return
    assert cal.elapsed(a, u) == d


_PROPERTY_CALENDAR = Calendar(
    {
        "timezone": "Australia/Sydney",
        "weekly": {"mon": [["08:30", "12:00"], ["13:00", "17:30"]], "sat": [["22:00", "02:00"]]},
        "holidays": ["2030-01-07"],
        "special_days": {"2031-03-01": [["10:00", "11:00"]]},
    }
)
