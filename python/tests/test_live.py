"""Engine.live (and Engine.advance): live queries through the C ABI."""

import datetime as dt

import pytest

import csmetrics
from csmetrics import Engine, InvalidArgument, NotFound, OutOfRange

NY = dt.timezone(dt.timedelta(hours=-5))
CONFIG = {"timezone": "America/New_York",
          "views": [{"group_by": ["group"], "grain": "hour", "timezone": "UTC"}]}
EVENTS = [
    {"time": "2026-11-02T09:00:00-05:00", "ticket": "C1", "type": "created", "channel": "phone",
     "priority": "urgent"},
    {"time": "2026-11-02T09:00:00-05:00", "ticket": "C1", "type": "queued", "group": "tier1"},
    {"time": "2026-11-02T09:00:10-05:00", "ticket": "C1", "type": "answered", "agent": "alice"},
    {"time": "2026-11-02T09:20:00-05:00", "ticket": "C2", "type": "created", "channel": "phone"},
    {"time": "2026-11-02T09:20:00-05:00", "ticket": "C2", "type": "queued", "group": "tier1"},
    {"time": "2026-11-02T09:21:00-05:00", "type": "agent_state", "agent": "bob", "status": "available",
     "group": "tier1"},
]
NOW = dt.datetime(2026, 11, 2, 9, 30, tzinfo=NY)


@pytest.fixture
def engine():
    with Engine(CONFIG) as e:
        assert e.ingest(EVENTS).rejected == 0
        yield e


def test_queue_by_group(engine):
    a = engine.live({"kind": "queue", "group_by": ["group"]}, NOW)
    assert isinstance(a, dict) and a.kind == "queue"
    assert a["now"] == "2026-11-02T09:30:00-05:00"
    (row,) = a["rows"]
    assert row["group"] == "tier1"
    # C2 waits since 09:20: 600 s; bob is available.
    assert row["waiting"] == {"count": 1, "longest_wait": 600.0, "oldest_queued": "2026-11-02T09:20:00-05:00"}
    assert row["agents"]["available"] == 1
    # Offered C1 and C2; C1 answered after 10 s (within 20 s): 100 %.
    assert row["today"] == {"offered": 2, "answered": 1, "abandoned": 0, "service_level": 100.0,
                            "average_speed_of_answer": 10.0}


def test_now_forms_agree(engine):
    query = '{"kind": "queue"}'
    ms = int(NOW.timestamp() * 1000)
    answers = [engine.live(query, now) for now in (NOW, ms, "2026-11-02T14:30:00Z")]
    assert answers[0] == answers[1] == answers[2]


def test_ticket(engine):
    a = engine.live({"kind": "ticket", "ticket": "C1"}, NOW)
    assert a["ticket"] == "C1" and a["priority"] == "urgent"
    assert a["age"]["calendar"] == 1800.0


def test_bad_queries(engine):
    for query, message in [
        ({"kind": "breaches"}, "unknown kind"),
        ({"within": 60}, '"kind" is required'),
        ({"kind": "sla_due", "within": -1}, "within must not be negative"),
        ({"kind": "sla_due", "limit": 0}, "limit must be an integer"),
        ({"kind": "queue", "colour": 1}, 'unknown key "colour"'),
        ('{"kind": ', "live query"),
    ]:
        with pytest.raises(InvalidArgument, match=message):
            engine.live(query, NOW)
    with pytest.raises(TypeError):
        engine.live(["queue"], NOW)


def test_unknown_ticket_is_not_found(engine):
    with pytest.raises(NotFound, match="is not a live ticket"):
        engine.live({"kind": "ticket", "ticket": "T-404"}, NOW)


def test_now_before_the_clock(engine):
    # The clock is the latest event, 09:21.
    with pytest.raises(OutOfRange, match="earlier than the engine's clock"):
        engine.live({"kind": "queue"}, dt.datetime(2026, 11, 2, 9, 20, tzinfo=NY))
    with pytest.raises(ValueError, match="naive"):
        engine.live({"kind": "queue"}, dt.datetime(2026, 11, 2, 9, 30))


def test_to_frame_is_for_sla_due(engine):
    with pytest.raises(TypeError, match="sla_due"):
        engine.live({"kind": "queue"}, NOW).to_frame()


def test_closed_engine(engine):
    engine.close()
    with pytest.raises(ValueError, match="closed"):
        engine.live({"kind": "queue"}, NOW)
    assert csmetrics.LiveAnswer


SLA_CONFIG = {
    "timezone": "America/New_York",
    "sla_policies": [
        {"name": "vip", "match": {"segment": ["vip"]},
         "targets": [{"priority": "*", "metric": "first_reply_time", "seconds": 900, "business": False}]},
    ],
}
SLA_EVENTS = [
    {"time": "2026-11-02T09:00:00-05:00", "ticket": "T-2", "type": "created", "segment": "vip"},
    {"time": "2026-11-02T09:05:00-05:00", "ticket": "T-1", "type": "created", "segment": "vip"},
]


def test_sla_due_and_to_frame():
    with Engine(SLA_CONFIG) as e:
        assert e.ingest(SLA_EVENTS).rejected == 0
        # T-2 due 09:15, T-1 due 09:20; at 09:17 T-2 is breached.
        a = e.live({"kind": "sla_due", "within": 3600}, dt.datetime(2026, 11, 2, 9, 17, tzinfo=NY))
        assert [i["ticket"] for i in a["items"]] == ["T-2", "T-1"]
        assert a["items"][0]["breached"] is True
        assert a["items"][0]["remaining"] == {"calendar": -120.0, "business": None}
        frame = a.to_frame()
        assert list(frame["ticket"]) == ["T-2", "T-1"]
        assert str(frame["due"].dt.tz) == "America/New_York"
        assert frame["due"][0] == dt.datetime(2026, 11, 2, 9, 15, tzinfo=NY)
        assert frame["remaining_calendar"].tolist() == [-120.0, 180.0]
        assert frame["remaining_business"].isna().all()
        assert e.live({"kind": "sla_due", "within": 0}, "2026-11-02T09:17:00-05:00").to_frame().shape[0] == 1


def test_empty_sla_due_frame():
    with Engine(SLA_CONFIG) as e:
        frame = e.live({"kind": "sla_due"}, 0).to_frame()
        assert frame.empty and "due" in frame.columns


def test_advance():
    with Engine(SLA_CONFIG) as e:
        e.ingest(SLA_EVENTS)
        e.advance(dt.datetime(2026, 11, 2, 9, 30, tzinfo=NY))
        with pytest.raises(OutOfRange):
            e.advance("2026-11-02T09:29:00-05:00")
        with pytest.raises(OutOfRange, match="earlier than the engine's clock"):
            e.live({"kind": "sla_due"}, dt.datetime(2026, 11, 2, 9, 29, tzinfo=NY))
        # An event before the advanced clock is out of order now.
        r = e.ingest([{"time": "2026-11-02T09:10:00-05:00", "ticket": "T-1", "type": "agent_reply"}])
        assert r.rejections == ((0, "out_of_order"),)
        t = e.live({"kind": "ticket", "ticket": "T-2"}, "2026-11-02T09:30:00-05:00")
        assert t["policy"] == "vip" and t["targets"][0]["breached"] is True


def test_queue_filter(engine):
    a = engine.live({"kind": "queue", "filter": {"group": "tier1"}}, NOW)
    (row,) = a["rows"]
    assert row["waiting"]["count"] == 1 and row["agents"]["available"] == 1
    none = engine.live({"kind": "queue", "filter": {"group": ["nobody"]}}, NOW)
    assert none["rows"][0]["waiting"]["count"] == 0 and none["rows"][0]["today"]["offered"] == 0
    with pytest.raises(InvalidArgument, match="is not a dimension"):
        engine.live({"kind": "queue", "filter": {"colour": "red"}}, NOW)


SPLIT_CONFIG = {
    "timezone": "America/New_York",
    "views": [{"group_by": [], "grain": "hour"},
              {"group_by": ["sla_policy", "sla_metric"], "grain": "all",
               "metrics": ["sla_achieved", "sla_breached", "sla_achievement_rate", "sla_breach_overrun",
                           "sla_active"]}],
    "sla_policies": SLA_CONFIG["sla_policies"]
    + [{"name": "default", "targets": [{"metric": "first_reply_time", "seconds": 3600}]}],
}


def test_sla_metrics_by_policy_and_metric():
    with Engine(SPLIT_CONFIG) as e:
        # T-2 (vip) due 09:15, replied 09:10: achieved; T-3 (default) due 10:05, still open.
        assert e.ingest(SLA_EVENTS[:1] + [
            {"time": "2026-11-02T09:05:00-05:00", "ticket": "T-3", "type": "created"},
            {"time": "2026-11-02T09:10:00-05:00", "ticket": "T-2", "type": "agent_reply", "agent": "ann"},
        ]).rejected == 0
        r = e.report(grain="all", group_by=["sla_policy", "sla_metric"])
        assert r.group_by == ["sla_policy", "sla_metric"]
        rows = {(row["sla_policy"], row["sla_metric"]): row for row in r.rows}
        assert rows[("vip", "first_reply_time")]["sla_achieved"] == 1
        assert rows[("default", "first_reply_time")]["sla_active"] == 1
        frame = r.to_frame()
        assert {"sla_policy", "sla_metric", "sla_active", "sla_achieved"} <= set(frame.columns)
        assert e.report(grain="all", metrics=["sla_active"]).rows[0]["sla_active"] == 1
        with pytest.raises(InvalidArgument, match="splits only the SLA metrics"):
            e.report(group_by=["sla_policy"], metrics=["tickets_created"])
