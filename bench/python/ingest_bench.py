"""Python ingest throughput from a large DataFrame vs the C ABI's own ingest.

Builds a synthetic helpdesk event table (8 events per ticket: created,
assigned, agent_reply, customer_message, agent_reply, status solved, csat,
status closed; tickets created over 30 days, events interleaved in time
order; 500 agents, 20 groups, 5 channels), then measures:

  python   Engine.ingest(DataFrame): column conversion, interning, the
           csm_event batches and the C calls, end to end;
  C ABI    csm_engine_ingest over the same csm_event array, already built
           (one call per 32,768 events, as Python makes them): the C++
           ingest with nothing of Python in the timed region.

Each figure is the best of --repeat runs, each on a fresh engine.

  CSM_LIBRARY=build/release/lib/libcsmetrics.so PYTHONPATH=python \\
      /usr/bin/python3 bench/python/ingest_bench.py --rows 10000000
"""

from __future__ import annotations

import argparse
import ctypes
import time

import numpy as np
import pandas as pd

import csmetrics
from csmetrics import _lib

STEPS = ["created", "assigned", "agent_reply", "customer_message", "agent_reply", "status", "csat", "status"]
TYPES = list(dict.fromkeys(STEPS))
TYPE_OF_STEP = np.array([TYPES.index(s) for s in STEPS])
CONFIG = {"views": [{"group_by": ["agent"], "grain": "day"}, {"group_by": ["channel"], "grain": "hour"}],
          "options": {"reopen_window": 86400}}


def synthetic_frame(rows: int, strings: str, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    per = len(STEPS)
    tickets = rows // per
    start = 1_767_225_600_000  # 2026-01-01
    created = np.sort(rng.integers(start, start + 30 * 86_400_000, tickets))
    delays = rng.exponential(1_800_000, size=(tickets, per)).astype(np.int64) + 1000
    delays[:, 0] = 0
    times = created[:, None] + np.cumsum(delays, axis=1)
    order = np.argsort(times, axis=None, kind="stable")
    ticket = np.repeat(np.arange(1, tickets + 1, dtype=np.int64), per)[order]
    step = np.tile(np.arange(per), tickets)[order]
    agent_of_ticket = rng.zipf(1.3, tickets) % 500
    agent_ids = np.where(np.isin(step, [1, 2, 4]), agent_of_ticket[ticket - 1], -1)
    group_ids = np.where(step == 0, rng.integers(0, 20, rows), -1)
    channel_ids = np.where(step == 0, rng.integers(0, 5, rows), -1)
    status_ids = np.select([step == 5, step == 7], [0, 1], -1)
    value = np.where(step == 6, rng.integers(1, 6, rows).astype(np.float64), np.nan)

    def names(codes, labels):
        cat = pd.Categorical.from_codes(codes, categories=labels)
        return cat if strings == "category" else np.asarray(cat.astype(object))

    return pd.DataFrame({
        "time": times.reshape(-1)[order].astype("datetime64[ms]"),
        "ticket": ticket,
        "type": names(TYPE_OF_STEP[step], TYPES),
        "agent": names(agent_ids, [f"agent-{i}" for i in range(500)]),
        "group": names(group_ids, [f"group-{i}" for i in range(20)]),
        "channel": names(channel_ids, ["email", "chat", "phone", "social", "web"]),
        "status": names(status_ids, ["solved", "closed"]),
        "value": value,
    })


def best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        seconds, result = fn()
        times.append(seconds)
    return min(times), result


def python_ingest(df: pd.DataFrame):
    with csmetrics.Engine(CONFIG) as engine:
        t0 = time.perf_counter()
        result = engine.ingest(df)
        return time.perf_counter() - t0, result


def c_ingest(df: pd.DataFrame):
    with csmetrics.Engine(CONFIG) as engine:
        with engine._lock:
            batches = [(s, e.copy()) for s, e in engine._event_batches(df, 1 << 15)]
            out = _lib.IngestResult()
            _lib.check(_lib.lib.csm_ingest_result_init(ctypes.byref(out), ctypes.sizeof(out)))
            accepted = 0
            t0 = time.perf_counter()
            for _, events in batches:
                _lib.check(_lib.lib.csm_engine_ingest(engine._handle, events.ctypes.data, len(events),
                                                      ctypes.byref(out)))
                accepted += out.accepted
            return time.perf_counter() - t0, accepted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--strings", choices=["category", "object", "both"], default="both")
    args = parser.parse_args()
    print(f"libcsmetrics {csmetrics.version()} at {csmetrics.library_path()}")
    for strings in (["category", "object"] if args.strings == "both" else [args.strings]):
        df = synthetic_frame(args.rows, strings)
        n = len(df)
        c_seconds, accepted = best(lambda: c_ingest(df), args.repeat)
        py_seconds, result = best(lambda: python_ingest(df), args.repeat)
        assert result.accepted == accepted, (result, accepted)
        print(f"{n} rows, name columns as {strings}: accepted {result.accepted}, rejected {result.rejected}")
        print(f"  C ABI  csm_engine_ingest      {c_seconds:7.2f} s  {n / c_seconds / 1e6:6.2f} M events/s")
        print(f"  Python Engine.ingest(frame)   {py_seconds:7.2f} s  {n / py_seconds / 1e6:6.2f} M events/s"
              f"  ({py_seconds / c_seconds:.2f}x the C ABI time)")


if __name__ == "__main__":
    main()
