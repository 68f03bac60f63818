"""csmetrics.staffing: the Python contract of issue 23 (names and keywords),
numbers against tests/staffing (Call Centre Helper's example, recomputed by
tools/staffing/erlang_reference.py), arrays, and errors."""

import math

import numpy as np
import pytest

import csmetrics
from csmetrics import staffing

# 100 contacts in 30 minutes, AHT 180 s (10 Erlangs), T = 20 s.
SERVICE_LEVEL = {11: 0.389613811729153, 12: 0.640158040374007, 13: 0.795594788417783,
                 14: 0.888350019179467, 15: 0.941452842869022}


def test_erlang_c_textbook_example():
    for agents, expected in SERVICE_LEVEL.items():
        r = staffing.erlang_c(arrivals=100, interval_s=1800, aht_s=180, agents=agents,
                              threshold_s=20)
        assert r.service_level == pytest.approx(expected, abs=1e-12)
        assert r.stable
    r = staffing.erlang_c(100, 1800, 180, 14, 20)
    assert r.wait_probability == pytest.approx(0.17413193359505, abs=1e-12)
    assert r.asa == pytest.approx(7.83593701177724, abs=1e-9)
    assert r.occupancy == pytest.approx(10 / 14)


def test_erlang_c_unstable_queue_is_defined():
    r = staffing.erlang_c(100, 1800, 180, 10, 20)
    assert not r.stable
    assert r.service_level == 0 and r.wait_probability == 1 and r.occupancy == 1
    assert math.isinf(r.asa)


def test_arrays_in_arrays_out():
    arrivals = np.array([100.0, 200.0, 300.0])
    r = staffing.erlang_c(arrivals, 1800, 180, 40, 20)
    assert isinstance(r.service_level, np.ndarray) and r.service_level.shape == (3,)
    assert list(np.diff(r.service_level) < 0) == [True, True]  # falls with load
    assert r.service_level[0] == staffing.erlang_c(100, 1800, 180, 40, 20).service_level

    need = staffing.agents_required(arrivals, 1800, np.array([180.0, 180.0, 240.0]), 0.8, 20)
    assert need.dtype == np.int64 and need.shape == (3,)
    assert need[0] == 14
    assert list(need) == [staffing.agents_required(a, 1800, h, 0.8, 20)
                          for a, h in zip(arrivals, [180, 180, 240])]


def test_agents_required_keywords():
    assert staffing.agents_required(100, 1800, 180, service_level=0.8, threshold_s=20) == 14
    assert staffing.agents_required(100, 1800, 180, 0.8, 20, shrinkage=0.3) == 20
    assert staffing.agents_required(100, 1800, 180, 0.8, 20, max_occupancy=0.7) == 15
    assert staffing.agents_required(100, 1800, 180, 0.8, 20, max_occupancy=None, shrinkage=0.0) == 14
    assert staffing.agents_required(0, 1800, 180, 0.8, 20) == 0
    # Erlang A: callers who abandon relieve the queue.
    assert staffing.agents_required(100, 1800, 180, 0.8, 20, patience_s=120) == 12


def test_erlang_a_adds_abandonment():
    r = staffing.erlang_a(100, 1800, 180, 12, 20, patience_s=120)
    assert r.abandon_probability == pytest.approx(0.0615973770037, abs=1e-9)
    assert r.service_level == pytest.approx(0.825582644362, abs=1e-6)
    c = staffing.erlang_a(100, 1800, 180, 12, 20, math.inf)
    assert c.abandon_probability == 0
    assert c.service_level == staffing.erlang_c(100, 1800, 180, 12, 20).service_level
    arr = staffing.erlang_a(np.array([50.0, 100.0]), 1800, 180, 12, 20, 120)
    assert arr.abandon_probability.shape == (2,)
    assert arr.abandon_probability[0] < arr.abandon_probability[1]


def test_errors():
    with pytest.raises(csmetrics.InvalidArgument, match="fraction"):
        staffing.agents_required(100, 1800, 180, 80, 20)  # a percentage
    with pytest.raises(csmetrics.InvalidArgument, match="arrivals"):
        staffing.erlang_c(float("nan"), 1800, 180, 12, 20)
    with pytest.raises(csmetrics.InvalidArgument, match="whole number"):
        staffing.erlang_c(100, 1800, 180, 12.5, 20)
    with pytest.raises(csmetrics.InvalidArgument):
        staffing.erlang_a(100, 1800, 180, 12, 20, 0)
    with pytest.raises(csmetrics.OutOfRange):
        staffing.agents_required(2e7, 1800, 180, 0.8, 20)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, -1.0])
@pytest.mark.parametrize("field", ["arrivals", "interval_s", "aht_s", "threshold_s"])
def test_hostile_numbers_are_clear_errors(field, bad):
    args = dict(arrivals=100, interval_s=1800, aht_s=180, threshold_s=20)
    args[field] = bad
    with pytest.raises(csmetrics.InvalidArgument, match=field):
        staffing.erlang_c(agents=14, **args)
    with pytest.raises(csmetrics.InvalidArgument, match=field):
        staffing.erlang_a(agents=14, patience_s=120, **args)
    with pytest.raises(csmetrics.InvalidArgument, match=field):
        staffing.agents_required(service_level=0.8, **args)


def test_zero_interval_and_hostile_targets():
    with pytest.raises(csmetrics.InvalidArgument, match="interval_s"):
        staffing.erlang_c(100, 0, 180, 14, 20)
    with pytest.raises(csmetrics.InvalidArgument, match="interval_s"):
        staffing.agents_required(100, 0, 180, 0.8, 20)
    for bad in (math.nan, math.inf, -0.5, 1.5):
        with pytest.raises(csmetrics.InvalidArgument, match="service_level"):
            staffing.agents_required(100, 1800, 180, bad, 20)
    for bad in (math.nan, 1.0, -0.1):
        with pytest.raises(csmetrics.InvalidArgument, match="shrinkage"):
            staffing.agents_required(100, 1800, 180, 0.8, 20, shrinkage=bad)
    for bad in (math.nan, -math.inf, -1, 0):
        with pytest.raises(csmetrics.InvalidArgument, match="patience"):
            staffing.erlang_a(100, 1800, 180, 14, 20, bad)
    # An infinite patience is Erlang C, not an error.
    assert staffing.erlang_a(100, 1800, 180, 14, 20, math.inf).abandon_probability == 0


def test_explicit_zero_caps_are_errors_not_no_cap():
    # The C ABI reads 0 as "no cap"; Python's None is that, 0 is a mistake.
    for name in ("max_occupancy", "max_asa"):
        for bad in (0, 0.0, -1, math.nan):
            with pytest.raises(csmetrics.InvalidArgument, match=name):
                staffing.agents_required(100, 1800, 180, 0.8, 20, **{name: bad})
    assert staffing.agents_required(100, 1800, 180, 0.8, 20, max_occupancy=None) == 14


@pytest.mark.parametrize("agents", [10**9, 2**63, 2**64, 2**70, -(2**64), 1e300, -1])
def test_huge_teams_are_refused_not_wrapped(agents):
    # 2**64 used to wrap to 0 agents in the int64 field and answer "unstable".
    with pytest.raises(csmetrics.InvalidArgument, match="agents"):
        staffing.erlang_c(100, 1800, 180, agents, 20)
    with pytest.raises(csmetrics.InvalidArgument, match="agents"):
        staffing.erlang_a(100, 1800, 180, agents, 20, 120)


def test_huge_loads_answer_or_refuse_quickly():
    import time

    start = time.monotonic()
    with pytest.raises(csmetrics.OutOfRange):
        staffing.agents_required(1e9, 1800, 180, 0.8, 20)
    assert staffing.erlang_c(1e300, 1800, 180, 14, 20).stable is False
    assert staffing.agents_required(50000, 1800, 180, 0.999999, 0) > 5000
    assert staffing.agents_required(50000, 1800, 180, 0.999999, 0, patience_s=1) > 0
    assert time.monotonic() - start < 10


def test_scalars_need_no_numpy():
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = """
import sys
sys.modules['numpy'] = None
from csmetrics import staffing
assert staffing.agents_required(100, 1800, 180, 0.8, 20) == 14
assert staffing.erlang_c(100, 1800, 180, 14, 20).stable
print('ok')
"""
    python_dir = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(python_dir)}).stdout
    assert out.strip() == "ok"


# -- forecast(engine, weeks) ----------------------------------------------

def _synthetic_events(weeks=3, calls=6):
    """Every day `calls` contacts in 09:00-09:30 UTC from Monday 2026-11-02,
    AHT 180 s (120 s talk + 60 s wrap-up); Wednesday 11 November has none."""
    import datetime as dt

    start = dt.datetime(2026, 11, 2, tzinfo=dt.timezone.utc)
    events = []
    for day in range(7 * weeks):
        if day == 9:
            continue
        for i in range(calls):
            t = start + dt.timedelta(days=day, hours=9, seconds=240 * i)
            ticket = f"D{day}C{i}"
            for offset, kind in ((0, "created"), (0, "queued"), (1, "answered"), (121, "ended"),
                                 (181, "wrapup_end")):
                e = {"time": (t + dt.timedelta(seconds=offset)).isoformat(), "ticket": ticket,
                     "type": kind}
                if kind == "answered":
                    e["agent"] = "a"
                events.append(e)
    return events


_FORECAST_CONFIG = {
    "views": [{"group_by": [], "grain": "30min"}],
    "calendars": {"default": {"timezone": "UTC", "weekly": {"mon": [["09:00", "17:00"]]},
                              "holidays": ["2026-11-11"]}},
    "options": {"staffing": {"service_level": 80, "threshold": 20, "shrinkage": 30}},
}


def test_forecast_frame_plans_each_interval():
    pd = pytest.importorskip("pandas")
    engine = csmetrics.Engine(_FORECAST_CONFIG)
    engine.ingest(_synthetic_events())
    frame = staffing.forecast(engine, weeks=2)
    assert list(frame.columns) == ["start", "weekday", "time", "offered", "aht", "erlangs",
                                   "agents", "scheduled", "service_level", "occupancy", "holiday"]
    assert len(frame) == 2 * 7 * 48
    assert frame["start"].iloc[0] == pd.Timestamp("2026-11-23T00:00:00Z")
    monday_nine = frame[(frame.weekday == "mon") & (frame.time == "09:00")]
    assert list(monday_nine.offered) == [6, 6]
    # The same plan as agents_required on the forecast's numbers (fractions there).
    expected = staffing.agents_required(6, 1800, 180, 0.8, 20, shrinkage=0.3)
    assert list(monday_nine.scheduled) == [expected, expected]
    # The holiday's 0 is left out: Wednesday still expects 6.
    assert list(frame[(frame.weekday == "wed") & (frame.time == "09:00")].offered) == [6, 6]
    assert frame.attrs["history"]["excluded_days"] == ["2026-11-11"]
    assert frame.attrs["backtest"] is None


def test_forecast_backtest_and_overrides():
    pytest.importorskip("pandas")
    engine = csmetrics.Engine(_FORECAST_CONFIG)
    engine.ingest(_synthetic_events())
    frame = staffing.forecast(engine, np.int64(1), backtest_weeks=np.int32(1),
                              staffing={"shrinkage": 0})
    assert frame.attrs["staffing"]["shrinkage"] == 0
    assert (frame.scheduled == frame.agents).all()
    backtest = frame.attrs["backtest"]
    assert backtest["wape"] == 0 and backtest["naive_wape"] == 0
    assert backtest["train_weeks"] == 2


def test_forecast_errors():
    pytest.importorskip("pandas")
    engine = csmetrics.Engine(_FORECAST_CONFIG)
    with pytest.raises(csmetrics.InvalidArgument, match="no data"):
        staffing.forecast(engine)
    engine.ingest(_synthetic_events())
    for bad in (0, -1, 1.5, True, "1"):
        with pytest.raises(csmetrics.InvalidArgument, match="weeks"):
            staffing.forecast(engine, weeks=bad)
    with pytest.raises(csmetrics.InvalidArgument, match="whole weeks"):
        staffing.forecast(engine, backtest_weeks=3)
    with pytest.raises(csmetrics.InvalidArgument, match="service_level"):
        staffing.forecast(engine, staffing={"service_level": 180})
    with pytest.raises(csmetrics.InvalidArgument, match="grain"):
        staffing.forecast(engine, grain="day")
    with pytest.raises(csmetrics.FailedPrecondition, match="15min"):
        staffing.forecast(engine, grain="15min")
