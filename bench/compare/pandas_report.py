#!/usr/bin/python3
"""The comparison's two answers with pandas (read_csv + groupby): per-agent
median first reply time (created → first agent_reply of tickets assigned to
the agent, seconds) and tickets created per channel. Prints JSON."""
import json
import sys

import pandas as pd

df = pd.read_csv(sys.argv[1], dtype={"time": "int64", "ticket": "string", "type": "category",
                                     "agent": "category", "channel": "category",
                                     "status": "category"})
created = df.loc[df["type"] == "created", ["ticket", "time", "channel"]]
reply = df.loc[df["type"] == "agent_reply"].groupby("ticket", sort=False)["time"].min()
assigned = df.loc[df["type"] == "assigned"].drop_duplicates("ticket").set_index("ticket")["agent"]
frt = created.set_index("ticket").join(reply.rename("reply"), how="inner").join(assigned, how="inner")
frt["seconds"] = (frt["reply"] - frt["time"]) / 1000.0
per_agent = frt.groupby("agent", observed=True)["seconds"].median()
per_channel = created.groupby("channel", observed=True).size()
json.dump({"median_first_reply_by_agent": {str(k): float(v) for k, v in per_agent.items()},
           "tickets_by_channel": {str(k): int(v) for k, v in per_channel.items()}}, sys.stdout)
