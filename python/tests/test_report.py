"""csmetrics.Report: a dict with helpers, and its flattening into a frame."""

import json

import numpy as np
import pandas as pd
import pytest

from csmetrics import Report
from csmetrics.report import bucket_start, flatten_row

REPORT = {
    "from": None, "to": None, "timezone": "UTC", "grain": "day", "group_by": ["agent"],
    "rows": [
        {"bucket": "2026-11-02", "agent": "alice", "tickets_created": 2,
         "first_reply_time": {"calendar": {"count": 2, "p90": 5400.0,
                                           "histogram": {"edges": [3600.0], "counts": [1, 1]}},
                              "business": {"count": 2, "p90": 1200.0}},
         "csat": {"responses": 1, "score": 100.0}},
        {"bucket": "2026-11-03", "agent": None, "tickets_created": None,
         "first_reply_time": None, "csat": {"responses": 0, "score": None}},
    ],
    "rejected": {"count": 1, "reasons": {"out_of_order": 1}},
}


def test_report_is_the_parsed_dict():
    rep = Report.from_json(json.dumps(REPORT))
    assert rep == REPORT and isinstance(rep, dict)
    assert rep.rows == REPORT["rows"] and rep.group_by == ["agent"]
    assert rep.rejected == {"count": 1, "reasons": {"out_of_order": 1}}
    assert json.loads(rep.to_json(indent=1)) == REPORT
    assert "rows=2" in repr(rep)
    assert Report().rows == [] and Report().rejected == {"count": 0, "reasons": {}}
    with pytest.raises(ValueError):
        Report.from_json("[1, 2]")


def test_flatten_row_gives_one_scalar_per_column():
    flat = flatten_row(REPORT["rows"][0])
    assert flat["first_reply_time.business.p90"] == 1200.0
    # A histogram: one column per bin, named by its lower edge in seconds.
    assert flat["first_reply_time.calendar.histogram.0"] == 1
    assert flat["first_reply_time.calendar.histogram.3600"] == 1
    assert flat["csat.score"] == 100.0 and flat["agent"] == "alice"
    assert not any(isinstance(v, (list, dict)) for v in flat.values())
    assert flatten_row({"x": {"items": [{"name": "a", "count": 2}], "edges": [0.5]}}) == {
        "x.items.0.name": "a", "x.items.0.count": 2, "x.edges.0": 0.5}


def test_flatten_row_heatmap_by_weekday_and_hour():
    tickets = [[d * 24 + h for h in range(24)] for d in range(7)]
    row = {"bucket": "all", "volume_heatmap": {
        "total": 5, "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        "tickets": tickets, "spike": [[None] * 24] * 7, "spikes": 0}}
    flat = flatten_row(row)
    assert flat["volume_heatmap.tickets.mon.0"] == 0
    assert flat["volume_heatmap.tickets.sun.23"] == 6 * 24 + 23
    assert flat["volume_heatmap.spike.wed.13"] is None
    assert flat["volume_heatmap.total"] == 5 and "volume_heatmap.weekdays.0" not in flat


def test_to_frame_one_row_per_bucket_and_group():
    df = Report(REPORT).to_frame()
    assert list(df.columns[:3]) == ["bucket", "agent", "tickets_created"]
    assert str(df["bucket"].dtype) == "datetime64[ns, UTC]"
    assert list(df["bucket"]) == [pd.Timestamp("2026-11-02", tz="UTC"),
                                  pd.Timestamp("2026-11-03", tz="UTC")]
    assert df.loc[0, "first_reply_time.calendar.p90"] == 5400.0
    assert df.loc[0, "first_reply_time.calendar.histogram.3600"] == 1
    # A null metric is missing in each of its columns, not a column of its own.
    assert "first_reply_time" not in df.columns
    assert np.isnan(df.loc[1, "first_reply_time.calendar.p90"])
    assert df.loc[1, "csat.score"] is None or np.isnan(df.loc[1, "csat.score"])
    assert df.loc[1, "agent"] is None
    assert all(not isinstance(v, (list, dict)) for v in df.to_numpy().ravel())


@pytest.mark.parametrize("grain, label, start", [
    ("hour", "2026-11-01T01:00:00-05:00", "2026-11-01T06:00:00Z"),  # the second 1 am
    ("hour", "2026-11-01T01:00:00-04:00", "2026-11-01T05:00:00Z"),
    ("day", "2026-11-01", "2026-11-01T04:00:00Z"),
    ("day", "2026-11-02", "2026-11-02T05:00:00Z"),
    ("week", "2026-W45", "2026-11-02T05:00:00Z"),
    ("week", "2026-W53", "2026-12-28T05:00:00Z"),  # ISO 2026 has 53 weeks
    ("month", "2026-03", "2026-03-01T05:00:00Z"),
    ("month", "2026-04", "2026-04-01T04:00:00Z"),
])
def test_bucket_start_in_the_reports_zone(grain, label, start):
    t = bucket_start(label, grain, "America/New_York")
    assert t == pd.Timestamp(start)
    assert str(t.tz) == "America/New_York"


def test_bucket_start_of_a_day_whose_midnight_is_skipped():
    # Sao Paulo began DST at midnight on 2018-11-04: the day starts at 01:00.
    t = bucket_start("2018-11-04", "day", "America/Sao_Paulo")
    assert t == pd.Timestamp("2018-11-04T03:00:00Z")


def test_grain_all_bucket_is_the_reports_from():
    rep = Report({"from": "2026-11-02T00:00:00+01:00", "to": "2026-11-09T00:00:00+01:00",
                  "timezone": "Europe/Berlin", "grain": "all", "group_by": [],
                  "rows": [{"bucket": "all", "tickets_created": 3}]})
    df = rep.to_frame()
    assert df.loc[0, "bucket"] == pd.Timestamp("2026-11-01T23:00:00Z")
    assert str(df["bucket"].dtype) == "datetime64[ns, Europe/Berlin]"
    unbounded = Report(dict(rep, **{"from": None, "to": None})).to_frame()
    assert pd.isna(unbounded.loc[0, "bucket"])


def test_empty_report_frame_has_the_key_columns():
    df = Report({"grain": "all", "group_by": ["channel"], "rows": []}).to_frame()
    assert list(df.columns) == ["bucket", "channel"] and len(df) == 0
    assert str(df["bucket"].dtype) == "datetime64[ns, UTC]"


def test_frame_of_every_metric_holds_only_scalars():
    """Every metric of a real report, in a zone with DST: no cell is a list
    or a dict, and the buckets are the zone's local midnights."""
    from csmetrics import Engine

    t0 = 1793610000000  # 2026-11-02T09:00Z
    hour = 3_600_000
    events = [
        {"time": t0, "ticket": "T-1", "type": "created", "channel": "email", "category": "billing",
         "customer": "c1"},
        {"time": t0 + 1000, "ticket": "T-1", "type": "assigned", "agent": "alice"},
        {"time": t0 + hour, "ticket": "T-1", "type": "agent_reply", "agent": "alice"},
        {"time": t0 + 2 * hour, "ticket": "T-1", "type": "status", "status": "solved"},
        {"time": t0 + 3 * hour, "ticket": "T-1", "type": "csat", "value": 5},
        {"time": t0 + 30 * hour, "ticket": "T-2", "type": "created", "channel": "chat",
         "customer": "c2"},
    ]
    with Engine({"timezone": "America/New_York"}) as engine:
        engine.ingest(events)
        rep = engine.report(grain="day", **{"from": "2026-11-01", "to": "2026-11-04"})
    df = rep.to_frame()
    assert len(df) == 3
    assert list(df["bucket"]) == [pd.Timestamp(f"2026-11-0{d}", tz="America/New_York")
                                  for d in (1, 2, 3)]
    assert df["bucket"].iloc[0].utcoffset() != df["bucket"].iloc[1].utcoffset()  # DST ended
    assert not any(isinstance(v, (list, dict)) for v in df.to_numpy().ravel())
    assert df.loc[1, "first_reply_time.calendar.p50"] == pytest.approx(3600, rel=0.02)
    assert df.loc[1, "csat.score"] == 100.0
    # 09:00Z is 04:00 in New York on Monday, 2 November.
    assert df.loc[1, "volume_heatmap.tickets.mon.4"] == 1
    assert "volume_heatmap" not in df.columns and "volume_heatmap.weekdays.0" not in df.columns


def test_group_by_weekday_and_hour_of_day_in_the_engines_zone():
    """Volume by weekday and hour (issue 21) from the library, as a frame:
    local to New York, Monday first, the hour of day an integer."""
    from csmetrics import Engine

    events = [
        # Sat 31 Oct 23:30 EDT (Sunday in UTC); Mon 2 Nov 09:30 and 09:40 EST.
        {"time": "2026-11-01T03:30:00Z", "ticket": "A", "type": "created"},
        {"time": "2026-11-02T14:30:00Z", "ticket": "B", "type": "created"},
        {"time": "2026-11-02T14:40:00Z", "ticket": "C", "type": "created"},
    ]
    config = {"timezone": "America/New_York", "views": [{"group_by": [], "grain": "hour"}]}
    with Engine(config) as engine:
        engine.ingest(events)
        df = engine.report(group_by=["weekday", "hour_of_day"], metrics=["tickets_created"],
                           as_frame=True)
    assert list(df["weekday"]) == ["mon", "sat"]
    assert list(df["hour_of_day"]) == [9, 23]
    assert list(df["tickets_created"]) == [2, 1]


def test_anomalies_flag_a_count_against_the_same_weekday():
    """Four Mondays of 10 tickets, then 30: the fifth is flagged high
    (expected 10, spread max(1.4826 * 0, sqrt(10), 1) = 3.16: score 6.3)."""
    from csmetrics import Engine

    day = 86_400_000
    monday = 1790553600000  # 2026-09-28T00:00Z, a Monday
    events = []
    for week, n in enumerate([10, 10, 10, 10, 30]):
        for i in range(n):
            events.append({"time": monday + week * 7 * day + 3_600_000 + i,
                           "ticket": f"T{week}-{i}", "type": "created"})
    with Engine({"views": [{"group_by": [], "grain": "day"}]}) as engine:
        engine.ingest(events)
        rep = engine.report(grain="day", metrics=["tickets_created"], anomalies=True,
                            **{"from": "2026-10-26", "to": "2026-10-28"})
    monday_row, tuesday_row = rep.rows
    flag = monday_row["anomalies"]["tickets_created"]
    assert flag["expected"] == 10 and flag["flag"] == "high"
    assert flag["score"] == pytest.approx(20 / 10 ** 0.5)
    # Tuesday: no tickets on any Tuesday, a baseline of zeros: 0, no flag.
    assert tuesday_row["tickets_created"] == 0
    assert tuesday_row["anomalies"]["tickets_created"] == {"expected": 0, "score": 0, "flag": None}


def test_small_samples_report_numpys_linear_percentiles():
    """Exact while small (issue 21): up to 64 first replies per cell, the
    report's quantiles are numpy.percentile(..., method="linear") of the same
    samples, min and max exact, and the summary says "exact"."""
    from csmetrics import Engine

    rng = np.random.default_rng(21)
    for trial in range(20):
        n = int(rng.integers(1, 65))
        # Whole seconds with ties, as real reply times have.
        waits = np.round(rng.lognormal(7, 2, n) / 60) * 60 + 1
        t0 = 1793613600000  # 2026-11-02T10:00Z
        events = []
        for i, w in enumerate(waits):
            events.append({"time": t0 + i, "ticket": f"T{i}", "type": "created"})
            events.append({"time": t0 + i + int(w) * 1000, "ticket": f"T{i}",
                           "type": "agent_reply", "agent": "a"})
        with Engine({}) as engine:
            engine.ingest(events)
            s = engine.report(metrics=["first_reply_time"]).rows[0]["first_reply_time"]["calendar"]
        assert s["exact"] is True and s["count"] == n
        for key, q in (("p50", 50), ("p90", 90), ("p95", 95), ("p99", 99)):
            assert s[key] == pytest.approx(np.percentile(waits, q, method="linear"), rel=1e-12), \
                (trial, n, key)
        assert (s["min"], s["max"]) == (waits.min(), waits.max())
