"""csmetrics.Engine over the C ABI: lifetime, every input form of ingest,
reports as dicts and frames, state, errors. The scenario (worked out by
hand): ticket T-1 is created Monday 2026-11-02 09:00Z, assigned to alice,
answered at 10:00Z (first reply: 1 h) and solved at 12:00Z."""

import ctypes
import datetime as dt
import gc
import json
import pickle
import threading

import numpy as np
import pandas as pd
import pytest

import csmetrics
from csmetrics import Engine, IngestResult, Report, _lib
from csmetrics.errors import DataLoss, FailedPrecondition, InvalidArgument

MON_0900 = 1793610000000  # 2026-11-02T09:00Z
HOUR = 3_600_000
CONFIG = {"views": [{"group_by": ["agent"], "grain": "day"}, {"group_by": [], "grain": "hour"}]}

EVENTS = [
    {"time": MON_0900, "ticket": "T-1", "type": "created", "channel": "email"},
    {"time": MON_0900 + 1000, "ticket": "T-1", "type": "assigned", "agent": "alice"},
    {"time": MON_0900 + HOUR, "ticket": "T-1", "type": "agent_reply", "agent": "alice"},
    {"time": MON_0900 + 3 * HOUR, "ticket": "T-1", "type": "status", "status": "solved"},
    {"time": MON_0900 + 3 * HOUR, "ticket": "T-2", "type": "status", "status": "solved"},  # unknown
    {"time": MON_0900 + 3 * HOUR, "ticket": "T-1", "type": "teleported"},  # unknown type
]


@pytest.fixture
def engine():
    with Engine(CONFIG) as e:
        yield e


def totals(engine: Engine) -> Report:
    return engine.report({"grain": "all", "metrics": ["tickets_created", "tickets_solved", "first_reply_time"]})


# ------------------------------------------------------------------ lifetime


def test_create_from_dict_string_or_nothing():
    with Engine() as a, Engine("{}") as b, Engine(CONFIG) as c:
        assert json.loads(c.config) == CONFIG
        assert not a.closed and not b.closed
        assert "open" in repr(c)


def test_bad_config_raises_with_the_message():
    with pytest.raises(InvalidArgument, match="colour"):
        Engine({"colour": 1})
    with pytest.raises(InvalidArgument):
        Engine("{not json")
    with pytest.raises(TypeError):
        Engine(42)
    with pytest.raises(InvalidArgument, match="UTF-8"):
        Engine('{"timezone": "\ud800"}')


def test_close_is_idempotent_and_use_after_close_raises():
    e = Engine()
    with e:
        pass
    assert e.closed and "closed" in repr(e)
    e.close()
    for call in (lambda: e.ingest(EVENTS), e.report, e.serialize, lambda: e.merge(b"x"),
                 lambda: e.intern("agent", "a"), lambda: e.ingest_jsonl("")):
        with pytest.raises(ValueError, match="closed"):
            call()


def test_finalizer_frees_exactly_once(monkeypatch):
    freed = []
    real_free = _lib.lib.csm_engine_free

    def counting_free(handle):
        freed.append(ctypes.addressof(handle.contents))
        real_free(handle)

    monkeypatch.setattr(_lib.lib, "csm_engine_free", counting_free)
    e = Engine()
    e.close()
    e.close()
    del e
    f = Engine()
    del f  # never closed: the finalizer frees it
    gc.collect()
    assert len(freed) == 2


# -------------------------------------------------------------------- ingest


def test_ingest_dicts_counts_and_reasons(engine):
    r = engine.ingest(EVENTS)
    assert r == IngestResult(4, 2, ((4, "unknown_ticket"), (5, "unknown_type")))
    rep = totals(engine)
    (row,) = rep.rows
    assert row["tickets_created"] == 1 and row["tickets_solved"] == 1
    assert row["first_reply_time"]["calendar"]["mean"] == 3600.0
    assert rep.rejected == {"count": 2, "reasons": {"unknown_ticket": 1, "unknown_type": 1}}


def test_every_reject_reason_has_its_report_name():
    names = [csmetrics.engine.reason_name(r) for r in range(1, 10)]
    assert names == ["unknown_ticket", "duplicate_created", "out_of_order", "unknown_type",
                     "invalid_field", "ticket_released", "malformed", "invalid_sequence",
                     "limit_exceeded"]
    assert csmetrics.engine.reason_name(10) == "unknown"


def test_open_ticket_limit_rejects_and_counts():
    with Engine({"options": {"max_open_tickets": 1}}) as e:
        r = e.ingest([
            {"time": MON_0900, "ticket": 1, "type": "created"},
            {"time": MON_0900 + HOUR, "ticket": 2, "type": "created"},
        ])
        assert r == IngestResult(1, 1, ((1, "limit_exceeded"),))
        rep = e.report({"grain": "all"})
        assert rep.rejected == {"count": 1, "reasons": {"limit_exceeded": 1}}


def test_ingest_dicts_with_datetimes(engine):
    utc = dt.timezone.utc
    start = dt.datetime(2026, 11, 2, 9, tzinfo=utc)
    r = engine.ingest([
        {"time": start, "ticket": 1, "type": "created"},
        {"time": np.datetime64(MON_0900 + HOUR, "ms"), "ticket": np.int64(1), "type": "agent_reply",
         "agent": "bob"},
        {"time": "2026-11-02T07:00:00-05:00", "ticket": 1, "type": "status", "status": "solved"},
        {"time": pd.Timestamp(MON_0900 + 3 * HOUR, unit="ms", tz="UTC"), "ticket": 1, "type": "csat",
         "value": np.float64(5)},
    ])
    assert (r.accepted, r.rejected) == (4, 0)
    with pytest.raises(ValueError, match="naive"):
        engine.ingest([{"time": dt.datetime(2026, 1, 1), "ticket": 1, "type": "note"}])
    with pytest.raises(TypeError, match="JSON"):
        engine.ingest([{"time": MON_0900, "ticket": object(), "type": "note"}])
    with pytest.raises(TypeError, match="dict"):
        engine.ingest(["not a dict"])
    with pytest.raises(TypeError):
        engine.ingest("created")


def frame() -> pd.DataFrame:
    return pd.DataFrame(EVENTS)


@pytest.mark.parametrize(
    "convert",
    [
        lambda df: df,
        lambda df: df.assign(time=pd.to_datetime(df["time"], unit="ms")),  # naive = UTC
        lambda df: df.assign(time=pd.to_datetime(df["time"], unit="ms", utc=True).dt.tz_convert("Asia/Tokyo")),
        lambda df: df.astype({c: "category" for c in ("type", "agent", "channel", "status", "ticket")}),
        lambda df: df.assign(time=df["time"].astype("float64")),
    ],
    ids=["epoch-ms", "datetime64", "tz-aware", "categorical", "float-ms"],
)
def test_ingest_frame_equals_dicts(convert):
    with Engine(CONFIG) as by_dicts, Engine(CONFIG) as by_frame:
        expected = by_dicts.ingest(EVENTS)
        assert by_frame.ingest(convert(frame())) == expected
        for q in ({"grain": "day", "group_by": ["agent"]}, {"grain": "hour"}):
            assert by_frame.report(q) == by_dicts.report(q)


def test_ingest_structured_array(engine):
    arr = np.array(
        [(MON_0900, 5, "created", ""), (MON_0900 + HOUR, 5, "agent_reply", "alice"),
         (MON_0900 + HOUR, 0, "agent_reply", "alice"), (MON_0900 + HOUR, 5, "agent_reply", "")],
        dtype=[("time", "M8[ms]"), ("ticket", "i8"), ("type", "U16"), ("agent", "U8")],
    )
    r = engine.ingest(arr)
    # "" is no agent (numpy strings have no null); ticket 0 is no ticket.
    assert r == IngestResult(3, 1, ((2, "invalid_field"),))
    raw = np.array([(MON_0900, b"T", b"created", b"\xff")],
                   dtype=[("time", "i8"), ("ticket", "S4"), ("type", "S8"), ("agent", "S4")])
    assert engine.ingest(raw) == IngestResult(0, 1, ((0, "invalid_field"),))  # not UTF-8


def test_bad_rows_are_rejected_like_the_jsonl_reader(engine):
    df = pd.DataFrame({
        "time": [MON_0900, MON_0900, -5, MON_0900, MON_0900, MON_0900],
        "ticket": [1, -3, 2, 3, 4, 5],
        "type": ["created", "created", "created", "status", None, "created"],
        "status": [None, None, None, "asleep", None, None],
        "agent": [None, None, None, None, None, "a\x00b"],
    })
    r = engine.ingest(df)
    assert r.accepted == 1
    assert [reason for _, reason in r.rejections] == [
        "invalid_field", "invalid_field", "invalid_field", "unknown_type", "invalid_field"]


def test_one_c_call_per_batch(engine, monkeypatch):
    calls = []
    real = _lib.lib.csm_engine_ingest

    def counting(handle, events, n, out):
        calls.append(n)
        return real(handle, events, n, out)

    monkeypatch.setattr(_lib.lib, "csm_engine_ingest", counting)
    n = 10
    df = pd.DataFrame({"time": MON_0900 + np.arange(n), "ticket": np.arange(1, n + 1), "type": "created"})
    df.loc[9, "ticket"] = 1  # a duplicate created, in the third batch
    r = engine.ingest(df, batch_rows=4)
    assert calls == [4, 4, 2]
    assert r == IngestResult(9, 1, ((9, "duplicate_created"),))
    calls.clear()
    big = pd.DataFrame({"time": MON_0900 + np.arange(5000), "ticket": np.arange(11, 5011), "type": "note"})
    assert engine.ingest(big).rejected == 5000  # unknown tickets: counted, not raised
    assert calls == [5000]


def test_table_misuse_raises_and_ingests_nothing(engine):
    df = frame()
    with pytest.raises(InvalidArgument, match="unknown columns"):
        engine.ingest(df.assign(colour="red"))
    with pytest.raises(InvalidArgument, match="'time' and 'type'"):
        engine.ingest(df.drop(columns=["type"]))
    with pytest.raises(TypeError, match="to_datetime"):
        engine.ingest(df.assign(time="2026-11-02T09:00:00Z"))
    with pytest.raises(TypeError, match="value"):
        engine.ingest(df.assign(value="five"))
    with pytest.raises(InvalidArgument, match="batch_rows"):
        engine.ingest(df, batch_rows=0)
    with pytest.raises(InvalidArgument, match="1-D"):
        engine.ingest(np.zeros((2, 2), dtype=[("time", "i8"), ("type", "U4")]))
    assert totals(engine).rejected["count"] == 0 and totals(engine).rows[0]["tickets_created"] == 0
    assert engine.ingest(df.iloc[:0]) == IngestResult()


def test_ingest_jsonl(engine):
    text = "\n".join(json.dumps(e) for e in EVENTS[:4]) + "\nnot json\n"
    assert engine.ingest_jsonl(text) == IngestResult(4, 1, ((4, "malformed"),))
    assert engine.ingest_jsonl(b"") == IngestResult()
    with pytest.raises(TypeError):
        engine.ingest_jsonl(5)


def test_intern(engine):
    assert engine.intern("agent", "alice") == 1
    assert engine.intern("agent", "bob") == 2
    assert engine.intern("agent", "alice") == 1
    with pytest.raises(InvalidArgument, match="colour"):
        engine.intern("colour", "red")
    with pytest.raises(InvalidArgument):
        engine.intern("agent", "")
    with pytest.raises(InvalidArgument, match="NUL"):
        engine.intern("agent", "a\x00b")


def test_threads_share_one_engine_safely(engine):
    def work(k):
        engine.ingest([{"time": MON_0900, "ticket": f"{k}-{i}", "type": "created"} for i in range(200)])
        engine.report({"grain": "all"})

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert totals(engine).rows[0]["tickets_created"] == 800


# ------------------------------------------------------------------- reports


def test_report_dict_and_keywords(engine):
    engine.ingest(EVENTS)
    rep = engine.report(grain="day", group_by=["agent"], from_="2026-11-02T00:00:00Z", to="2026-11-03T00:00:00Z")
    assert isinstance(rep, Report) and isinstance(rep, dict)
    assert rep["from"] == "2026-11-02T00:00:00Z" or rep["from"].startswith("2026-11-02")
    assert rep.group_by == ["agent"]
    # Creation counts before anyone is assigned: the first row has no agent.
    assert [(r["bucket"], r["agent"]) for r in rep.rows] == [("2026-11-02", None), ("2026-11-02", "alice")]
    assert json.loads(rep.to_json()) == rep
    assert engine.report('{"grain": "all"}', metrics=["tickets_created"]).rows[0]["tickets_created"] == 1


def test_report_rows_are_capped_by_max_rows(engine):
    engine.ingest(EVENTS)
    query = {"grain": "hour", "from": "2026-11-02T00:00:00Z", "to": "2026-11-03T00:00:00Z",
             "metrics": ["tickets_created"]}
    assert len(engine.report(query, max_rows=24).rows) == 24
    with pytest.raises(csmetrics.errors.ResourceExhausted, match="max_rows = 23") as too_many:
        engine.report(query, max_rows=23)
    # A library limit, not the interpreter running out of memory.
    assert isinstance(too_many.value, csmetrics.CsmError)
    assert not isinstance(too_many.value, MemoryError)
    with pytest.raises(InvalidArgument, match="max_rows"):
        engine.report(query, max_rows=0)


def test_report_as_frame(engine):
    engine.ingest(EVENTS)
    df = engine.report({"grain": "day", "group_by": ["agent"]}, as_frame=True)
    assert list(df.columns[:2]) == ["bucket", "agent"]
    assert len(df) == 2 and list(df["agent"]) == [None, "alice"]
    assert df.loc[0, "tickets_created"] == 1 and np.isnan(df.loc[0, "first_reply_time.calendar.mean"])
    assert df.loc[1, "first_reply_time.calendar.mean"] == 3600.0
    assert df.loc[1, "first_reply_time.business.count"] == 1
    assert df.loc[1, "first_reply_time.calendar.histogram.3600"] == 1  # [3600 s, 7200 s)
    assert "first_reply_time" not in df.columns
    assert str(df["bucket"].dtype) == "datetime64[ns, UTC]"
    assert list(df["bucket"]) == [pd.Timestamp("2026-11-02", tz="UTC")] * 2


def test_report_errors(engine):
    with pytest.raises(FailedPrecondition, match="group_by"):
        engine.report({"group_by": ["channel"]})
    with pytest.raises(InvalidArgument):
        engine.report({"grain": 5})
    with pytest.raises(InvalidArgument):
        engine.report("{oops")
    with pytest.raises(TypeError):
        engine.report(3.5)


# --------------------------------------------------------------------- state


def test_serialize_merge_and_restore(engine):
    engine.ingest(EVENTS[:2])
    state = engine.serialize()
    assert state[:4] == b"CSME"
    with Engine(CONFIG) as copy:
        copy.merge(state)
        assert totals(copy) == totals(engine)
        with pytest.raises(FailedPrecondition):
            copy.merge(state)  # the same tickets twice
        with pytest.raises(DataLoss):
            copy.merge(state[: len(state) // 2])
        with pytest.raises(TypeError):
            copy.merge("text")
        assert totals(copy) == totals(engine)  # refused merges change nothing
    with Engine(CONFIG) as shard:
        shard.ingest([{"time": MON_0900, "ticket": "other", "type": "created"}])
        engine.merge(shard)
    assert totals(engine).rows[0]["tickets_created"] == 2
    with Engine() as other_config, pytest.raises(FailedPrecondition):
        other_config.merge(state)


def test_pickle_round_trip(engine):
    engine.ingest(EVENTS)
    clone = pickle.loads(pickle.dumps(engine))
    try:
        assert totals(clone) == totals(engine)
        assert clone.config == engine.config
    finally:
        clone.close()


def test_package_exports():
    for name in ("Engine", "Report", "IngestResult", "Calendar", "CsmError"):
        assert hasattr(csmetrics, name)
