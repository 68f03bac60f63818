#!/usr/bin/python3
"""Turns `csm report --query queries.json --format json` output (two §8
reports: first_reply_time by agent, tickets_created by channel) into the
comparison's JSON: per-agent median first reply (seconds), tickets per channel."""
import json
import sys

by_agent, by_channel = json.load(sys.stdin)
out = {"median_first_reply_by_agent": {}, "tickets_by_channel": {}}
for row in by_agent["rows"]:
    frt = row.get("first_reply_time")
    if row["agent"] is not None and frt:
        out["median_first_reply_by_agent"][row["agent"]] = frt["calendar"]["p50"]
for row in by_channel["rows"]:
    if row["channel"] is not None and row["tickets_created"]:
        out["tickets_by_channel"][row["channel"]] = row["tickets_created"]
json.dump(out, sys.stdout)
