#!/usr/bin/python3
"""Writes a seeded synthetic events file for bench/compare: N events (docs/metrics.md
§1 CSV: time,ticket,type,agent,channel,status) in time order, four per ticket:
created (channel), assigned (agent), agent_reply (agent), status solved.

Tickets arrive as a Poisson stream (about 8 a minute) over ~7 months; first
replies take minutes to hours (log-normal), solves hours to days. 200 agents,
5 channels with unequal shares. Same seed, same bytes.

usage: make_events.py OUT.csv [--events N] [--seed S]"""
import argparse

import numpy as np

CHANNELS = np.array(["email", "chat", "phone", "web", "social"])
CHANNEL_SHARE = [0.45, 0.25, 0.15, 0.10, 0.05]
START_MS = 1767225600000  # 2026-01-01T00:00:00Z


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--events", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    n = args.events // 4

    created = START_MS + np.cumsum(rng.exponential(7500.0, n)).astype(np.int64)
    assigned = created + rng.integers(1_000, 600_000, n)
    reply = assigned + (rng.lognormal(np.log(1_800_000), 1.0, n)).astype(np.int64)
    solved = reply + (rng.lognormal(np.log(14_400_000), 1.2, n)).astype(np.int64)
    agent = rng.integers(0, 200, n)
    channel = rng.choice(len(CHANNELS), n, p=CHANNEL_SHARE)

    time = np.concatenate([created, assigned, reply, solved])
    kind = np.repeat(np.arange(4, dtype=np.int8), n)
    ticket = np.tile(np.arange(n), 4)
    order = np.lexsort((kind, time))  # time order; a ticket's own events keep theirs

    agent_names = np.array(["agent%03d" % i for i in range(200)])
    time_col = time[order].astype(str)
    ticket_col = np.char.add("T", ticket[order].astype(str))
    kind_o = kind[order]
    types = np.array(["created", "assigned", "agent_reply", "status"])[kind_o]
    agents = np.where(kind_o == 0, "", agent_names[np.tile(agent, 4)[order]])
    channels = np.where(kind_o == 0, CHANNELS[np.tile(channel, 4)[order]], "")
    status = np.where(kind_o == 3, "solved", "")
    with open(args.out, "w") as f:
        f.write("time,ticket,type,agent,channel,status\n")
        chunk = 1_000_000
        for i in range(0, len(order), chunk):
            s = slice(i, i + chunk)
            lines = [",".join(r) for r in zip(time_col[s], ticket_col[s], types[s],
                                               agents[s], channels[s], status[s])]
            f.write("\n".join(lines))
            f.write("\n")


if __name__ == "__main__":
    main()
