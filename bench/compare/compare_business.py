#!/usr/bin/python3
"""Business-time comparison on the file of compare.py (make_events.py, seeded):
per-agent median BUSINESS first reply time (created -> first agent_reply of
tickets assigned to the agent), Mon-Fri 09:00-17:00 America/New_York with the
US federal holidays (pandas' USFederalHolidayCalendar, observed dates), by
  csm     `csm report --calendar` (release build, 2 threads), one query
          (business_queries.json); its p50 is numpy's median within the
          sketch's documented 1 % (docs/accumulators.md)
  DuckDB  @duckdb/node-api, 2 threads: the open intervals per business day
          built in SQL (a date spine, the holidays, ICU time zones) and
          range-joined to the tickets, the business milliseconds of a ticket
          the sum of its overlaps, as the dbt packages for Zendesk data do
          (duckdb_business.mjs)
  pandas  vectorised (/usr/bin/python3, numpy's threads pinned to 2): the same
          intervals, cumulative open time G(t) by np.searchsorted, business
          time G(reply) - G(created) (pandas_business.py)
Prints, best of 3 runs each, wall and CPU time (user + system, from wait4) and
the ratios. Checks the answers: DuckDB and pandas exactly equal (medians in
integral milliseconds), csm within 1 % of them. The p90 is checked too: with
most first replies outside business hours, every agent's business median is 0.

usage: compare_business.py [EVENTS]   (default 10000000; files in $CSM_BENCH_DIR or /tmp/csm-bench)"""
import json
import os
import pathlib
import subprocess
import sys

from compare import best_of_3, ensure_inputs, print_times

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
# The holidays of the years the file can span (10 M events: January to August 2026).
FIRST_DAY, LAST_DAY = "2025-12-01", "2028-12-31"


def write_calendar(path):
    """The calendar csm reads; the other two get the same hours and holidays."""
    from pandas.tseries.holiday import USFederalHolidayCalendar

    holidays = USFederalHolidayCalendar().holidays(FIRST_DAY, LAST_DAY)
    hours = [["09:00", "17:00"]]
    spec = {"timezone": "America/New_York",
            "weekly": {d: hours for d in ("mon", "tue", "wed", "thu", "fri")},
            "holidays": [d.strftime("%Y-%m-%d") for d in holidays]}
    path.write_text(json.dumps(spec, indent=1))


def relative_error(value, exact):
    if exact == 0:
        return 0.0 if value == 0 else float("inf")
    return abs(value - exact) / exact


def main():
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    data, csv, csm = ensure_inputs(events)
    calendar = data / "business_calendar.json"
    write_calendar(calendar)
    env2 = dict(os.environ, OMP_NUM_THREADS="2", OPENBLAS_NUM_THREADS="2")

    times = {}
    report = [csm, "report", "--events", csv, "--query", HERE / "business_queries.json",
              "--calendar", calendar, "--format", "json", "--threads", "2"]
    times["csm"] = best_of_3(report, data / "csm-business.json")
    with open(data / "csm-business.json") as f:
        by_agent = json.load(f)  # one query: one report
    csm_answers = {}  # agent: [p50, p90] business ms
    for row in by_agent["rows"]:
        if row["agent"] is not None and row["first_reply_time"]:
            business = row["first_reply_time"]["business"]
            csm_answers[row["agent"]] = [business["p50"] * 1000.0, business["p90"] * 1000.0]
    times["pandas"] = best_of_3(["/usr/bin/python3", HERE / "pandas_business.py", csv, calendar],
                                data / "pandas-business.json", env=env2)
    times["duckdb"] = best_of_3(["node", HERE / "duckdb_business.mjs", csv, calendar],
                                data / "duckdb-business.json")

    # Quantiles interpolate between two integral milliseconds at a tenth
    # (h = q (n - 1)): the exact answer has one decimal, so both round alike.
    def rounded(answers):
        return {a: [round(v, 3) for v in qs] for a, qs in answers.items()}

    pandas_answers = json.load(open(data / "pandas-business.json"))
    duckdb_answers = json.load(open(data / "duckdb-business.json"))
    exact = rounded(pandas_answers) == rounded(duckdb_answers)
    ok = exact
    print(f"DuckDB vs pandas: {len(duckdb_answers)} agents, p50 and p90 "
          f"{'equal' if exact else 'DIFFER'} (to 0.001 ms)")
    if set(csm_answers) != set(pandas_answers):
        ok = False
        print("csm and pandas have different agents")
    else:
        for i, q in enumerate(("p50", "p90")):
            # Within 1 % of the exact value (zeros are exact).
            worst = max(relative_error(csm_answers[a][i], pandas_answers[a][i])
                        for a in pandas_answers)
            ok = ok and worst <= 0.01
            median = sorted(v[i] for v in pandas_answers.values())[len(pandas_answers) // 2]
            print(f"csm vs pandas: per-agent business {q} within {worst:.3%} "
                  f"({'within' if worst <= 0.01 else 'OUTSIDE'} the sketch's 1 %; "
                  f"the agents' median {q} is {median / 1000:.1f} s)")
    print(f"{events:,} events, {csv.stat().st_size / 1e6:.0f} MB CSV, load {os.getloadavg()[0]:.1f}")
    print_times(times, events)
    for what, i in (("wall", 0), ("cpu", 1)):
        c = times["csm"][i]
        faster = min(times["pandas"][i], times["duckdb"][i])
        print(f"  {what}: csm is {times['pandas'][i] / c:.2f}x pandas, "
              f"{times['duckdb'][i] / c:.2f}x DuckDB; {faster / c:.2f}x the faster (goal 2x)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
