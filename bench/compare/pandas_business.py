#!/usr/bin/python3
"""Per-agent median business first reply time with pandas, vectorised: the
calendar's open intervals (one per business day, 09:00-17:00 local made UTC
with the zone's rules), the cumulative open time G(t) at any instant by
np.searchsorted over the interval starts, a ticket's business time
G(reply) - G(created) in integral milliseconds. Prints {agent: [p50 ms, p90 ms]}.

usage: pandas_business.py EVENTS.csv CALENDAR.json"""
import json
import sys

import numpy as np
import pandas as pd

events, calendar_path = sys.argv[1], sys.argv[2]
calendar = json.load(open(calendar_path))
(open_at, close_at), = calendar["weekly"]["mon"]  # Mon-Fri share their hours
days = pd.bdate_range("2025-12-01", "2028-12-31", freq="C", holidays=calendar["holidays"])
zone = calendar["timezone"]


def utc_ms(hhmm):
    local = (days + pd.Timedelta(hhmm + ":00")).tz_localize(zone)
    return local.tz_convert("UTC").asi8 // 1_000_000


starts, ends = utc_ms(open_at), utc_ms(close_at)
open_before = np.concatenate([[0], np.cumsum(ends - starts)])  # open ms before interval i


def business_ms(t):
    """Open milliseconds from the first interval's start to each instant t."""
    i = np.searchsorted(starts, t, side="right") - 1  # the last interval starting at or before t
    inside = np.clip(t - starts[np.maximum(i, 0)], 0, (ends - starts)[np.maximum(i, 0)])
    return np.where(i >= 0, open_before[np.maximum(i, 0)] + inside, 0)


df = pd.read_csv(events, usecols=["time", "ticket", "type", "agent"],
                 dtype={"time": "int64", "ticket": "string", "type": "category",
                        "agent": "category"})
created = df.loc[df["type"] == "created", ["ticket", "time"]].set_index("ticket")["time"]
reply = df.loc[df["type"] == "agent_reply"].groupby("ticket", sort=False)["time"].min()
assigned = df.loc[df["type"] == "assigned"].drop_duplicates("ticket").set_index("ticket")["agent"]
frt = pd.concat([created.rename("created"), reply.rename("reply")], axis=1, join="inner") \
        .join(assigned, how="inner")
frt["ms"] = business_ms(frt["reply"].to_numpy()) - business_ms(frt["created"].to_numpy())
by_agent = frt.groupby("agent", observed=True)["ms"]
p50, p90 = by_agent.median(), by_agent.quantile(0.9)  # numpy's linear interpolation, as DuckDB's
json.dump({str(k): [float(v), float(p90[k])] for k, v in p50.items()}, sys.stdout)
