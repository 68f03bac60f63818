"""csmetrics.Report: a dict with helpers, and its flattening into a frame."""

import json

import numpy as np
import pytest

from csmetrics import Report
from csmetrics.report import flatten_row

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


def test_flatten_row():
    flat = flatten_row(REPORT["rows"][0])
    assert flat["first_reply_time.business.p90"] == 1200.0
    assert flat["first_reply_time.calendar.histogram.counts"] == [1, 1]
    assert flat["csat.score"] == 100.0 and flat["agent"] == "alice"


def test_to_frame_one_row_per_bucket_and_group():
    df = Report(REPORT).to_frame()
    assert list(df.columns[:3]) == ["bucket", "agent", "tickets_created"]
    assert list(df["bucket"]) == ["2026-11-02", "2026-11-03"]
    assert df.loc[0, "first_reply_time.calendar.p90"] == 5400.0
    # A null metric is missing in each of its columns, not a column of its own.
    assert "first_reply_time" not in df.columns
    assert np.isnan(df.loc[1, "first_reply_time.calendar.p90"])
    assert df.loc[1, "csat.score"] is None or np.isnan(df.loc[1, "csat.score"])
    assert df.loc[1, "agent"] is None


def test_empty_report_frame_has_the_key_columns():
    df = Report({"grain": "all", "group_by": ["channel"], "rows": []}).to_frame()
    assert list(df.columns) == ["bucket", "channel"] and len(df) == 0
