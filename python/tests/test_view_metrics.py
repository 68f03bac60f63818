"""Views keeping a subset of the metrics (config "metrics"), through the
C ABI: the kept metrics report what a view keeping all reports, a query
without "metrics" gets the kept ones, the others are an error naming the
metric and the view."""

import pytest

from csmetrics import Engine
from csmetrics.errors import FailedPrecondition, InvalidArgument

MON_0900 = 1793610000000  # 2026-11-02T09:00Z
HOUR = 3_600_000
VIEWS = [{"group_by": ["agent"], "grain": "day"}, {"group_by": [], "grain": "hour"}]
KEPT = ["tickets_created", "first_reply_time"]

EVENTS = [
    {"time": MON_0900, "ticket": "T-1", "type": "created", "channel": "email"},
    {"time": MON_0900 + 1000, "ticket": "T-1", "type": "assigned", "agent": "alice"},
    {"time": MON_0900 + HOUR, "ticket": "T-1", "type": "agent_reply", "agent": "alice"},
    {"time": MON_0900 + 2 * HOUR, "ticket": "T-2", "type": "created", "agent": "bob"},
    {"time": MON_0900 + 2 * HOUR, "ticket": "T-2", "type": "csat", "value": 4},
    {"time": MON_0900 + 3 * HOUR, "ticket": "T-2", "type": "agent_reply"},
    {"time": MON_0900 + 3 * HOUR, "ticket": "T-1", "type": "status", "status": "solved"},
]


def engines():
    full = Engine({"views": VIEWS})
    part = Engine({"views": [dict(v, metrics=KEPT) for v in VIEWS]})
    for e in (full, part):
        e.ingest(EVENTS)
    return full, part


def test_kept_metrics_report_what_a_full_view_reports():
    full, part = engines()
    with full, part:
        for query in ({"grain": "day", "group_by": ["agent"]}, {"grain": "hour"}, {"grain": "all"}):
            query = dict(query, metrics=KEPT)
            assert part.report(query) == full.report(query)
        rows = part.report(grain="all", metrics=["first_reply_time"]).rows
        assert rows[0]["first_reply_time"]["calendar"]["count"] >= 1


def test_a_query_without_metrics_gets_the_kept_ones():
    _, part = engines()
    with part:
        row = part.report(grain="all").rows[0]
        assert set(row) == {"bucket", *KEPT}


def test_unkept_metrics_and_unknown_ids_are_errors():
    _, part = engines()
    with part:
        with pytest.raises(FailedPrecondition, match=r'"csat".*view 0'):
            part.report(grain="all", group_by=["agent"], metrics=["csat"])
    with pytest.raises(InvalidArgument, match='unknown metric "first_reply"'):
        Engine({"views": [{"metrics": ["first_reply"]}]})
