"""Property: a DataFrame ingest and a list-of-dicts ingest of the same events
give identical reports. The two paths share nothing on the Python side:
dicts go to the engine's JSON-lines reader, frames through numpy into
csm_event batches, so this checks the column conversion against the
engine's own reading of every field, bad values included."""

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csmetrics import Engine

MON_0900 = 1793610000000
CONFIG = {
    "views": [{"group_by": ["agent"], "grain": "day"}, {"group_by": ["channel", "customer"], "grain": "hour"},
              {"group_by": [], "grain": "hour"}],
    "options": {"allowed_lateness": 60000},
}
QUERIES = [
    {"grain": "day", "group_by": ["agent"]},
    {"grain": "all", "group_by": ["channel", "customer"]},
    {"grain": "hour"},
]
TYPES = ["created", "created", "assigned", "customer_message", "agent_reply", "agent_reply", "status",
         "csat", "note", "agent_state", "merged", "teleported"]

events = st.lists(
    st.fixed_dictionaries(
        {
            "dt": st.integers(-600_000, 3_600_000),  # steps, sometimes back in time
            "ticket": st.sampled_from(["T-1", "T-2", "T-3", 1, 2, 3, "", None]),
            "type": st.sampled_from(TYPES),
        },
        optional={
            "agent": st.sampled_from(["alice", "bob", "zoë", "", "a\tb"]),
            "channel": st.sampled_from(["email", "chat"]),
            "customer": st.sampled_from([1042, 7]),  # numeric ids, as JSON numbers
            "status": st.sampled_from(["open", "pending", "solved", "closed", "available", "busy", "asleep"]),
            "value": st.sampled_from([1, 3, 5, 9, 4.5]),
        },
    ),
    max_size=60,
)


def as_events(draw):
    t, out = MON_0900, []
    for e in draw:
        t += e.pop("dt")
        out.append({"time": t, **e})
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events, st.sampled_from(["plain", "datetime", "categorical"]), st.integers(1, 8))
def test_frame_ingest_equals_dict_ingest(drawn, form, batch_rows):
    evs = as_events(drawn)
    df = pd.DataFrame(evs, columns=["time", "ticket", "type", "agent", "channel", "customer", "status", "value"])
    df = df.dropna(axis=1, how="all").astype({"time": "int64"}) if len(df) else df[["time", "type"]]
    if form == "datetime":
        df["time"] = pd.to_datetime(df["time"], unit="ms")
    elif form == "categorical":
        df = df.astype({c: "category" for c in ("type", "agent", "channel", "status") if c in df})
    with Engine(CONFIG) as by_dicts, Engine(CONFIG) as by_frame:
        a = by_dicts.ingest(evs)
        b = by_frame.ingest(df, batch_rows=batch_rows)
        assert (a.accepted, a.rejected) == (b.accepted, b.rejected)
        assert a.rejections == b.rejections
        for q in QUERIES:
            assert by_frame.report(q) == by_dicts.report(q)
