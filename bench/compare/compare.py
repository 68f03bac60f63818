#!/usr/bin/python3
"""End-to-end comparison on one generated events file (make_events.py, seeded):
per-agent median first reply time and tickets per channel, computed by
  csm     `csm report --query queries.json` (release build, 2 threads: one
          reads the CSV and names the events, one runs the engine); also
          with --threads 1 for the split
  pandas  read_csv + groupby (/usr/bin/python3)
  DuckDB  @duckdb/node-api, 2 threads (npm install here on first run)
Prints, best of 3 runs each, wall time and CPU time (user + system, from
wait4) per event, and the ratios; checks the three agree (channel counts
exactly, medians within 2 %: csm's quantiles come from a relative-error
sketch). The machine is shared: CPU time is the steadier figure.

usage: compare.py [EVENTS]   (default 10000000; files in $CSM_BENCH_DIR or /tmp/csm-bench)"""
import json
import os
import pathlib
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def run(cmd, out_path, env=None):
    """Runs cmd with stdout to out_path; returns (wall s, cpu s)."""
    with open(out_path, "wb") as out:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}")
    return wall, usage.ru_utime + usage.ru_stime


def print_times(times, events):
    """One line per tool: best wall and CPU time, in all and per event."""
    for k, (wall, cpu) in times.items():
        print(f"  {k:7s} wall {wall:7.2f} s ({wall / events * 1e9:5.0f} ns/event)"
              f"   cpu {cpu:7.2f} s ({cpu / events * 1e9:5.0f} ns/event)")


def best_of_3(cmd, out_path, env=None):
    runs = [run(cmd, out_path, env) for _ in range(3)]
    return min(r[0] for r in runs), min(r[1] for r in runs)


def ensure_inputs(events):
    """The events file (generated once), the release csm, DuckDB's npm package,
    the file in the page cache; returns (data dir, events file, csm)."""
    data = pathlib.Path(os.environ.get("CSM_BENCH_DIR", "/tmp/csm-bench"))
    data.mkdir(parents=True, exist_ok=True)
    csv = data / f"events-{events}.csv"
    csm = ROOT / "build/release/bin/csm"
    if not csm.exists():
        sys.exit("build the release preset first: cmake --preset release && cmake --build --preset release")
    if not csv.exists():
        print(f"generating {csv} ({events:,} events)", file=sys.stderr)
        subprocess.run(["/usr/bin/python3", HERE / "make_events.py", csv, "--events", str(events)], check=True)
    if not (HERE / "node_modules/@duckdb/node-api").exists():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE, check=True)
    with open(csv, "rb") as f:  # warm the page cache for everyone
        while f.read(1 << 24):
            pass
    return data, csv, csm


def main():
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    data, csv, csm = ensure_inputs(events)

    times = {}
    report = [csm, "report", "--events", csv, "--query", HERE / "queries.json", "--format", "json"]
    times["csm"] = best_of_3(report + ["--threads", "2"], data / "csm.json")
    times["csm-1t"] = best_of_3(report + ["--threads", "1"], data / "csm-1t.json")
    if (data / "csm.json").read_bytes() != (data / "csm-1t.json").read_bytes():
        sys.exit("csm --threads 1 and --threads 2 reports differ")
    with open(data / "csm.json") as src, open(data / "csm.answers.json", "w") as dst:
        subprocess.run(["/usr/bin/python3", HERE / "csm_answers.py"], stdin=src, stdout=dst, check=True)
    times["pandas"] = best_of_3(["/usr/bin/python3", HERE / "pandas_report.py", csv],
                                data / "pandas.answers.json")
    times["duckdb"] = best_of_3(["node", HERE / "duckdb_report.mjs", csv], data / "duckdb.answers.json")

    answers = {k: json.load(open(data / f"{k}.answers.json")) for k in ("csm", "pandas", "duckdb")}
    ok = True
    for k in ("pandas", "duckdb"):
        if answers[k]["tickets_by_channel"] != answers["csm"]["tickets_by_channel"]:
            ok = False
            print(f"channel counts differ: csm vs {k}")
        a, b = answers["csm"]["median_first_reply_by_agent"], answers[k]["median_first_reply_by_agent"]
        worst = max(abs(a[x] - b[x]) / b[x] for x in b) if set(a) == set(b) else float("inf")
        ok = ok and worst <= 0.02
        print(f"csm vs {k}: channel counts {'equal' if ok else 'DIFFER'}, "
              f"per-agent medians within {worst:.2%}")
    print(f"{events:,} events, {csv.stat().st_size / 1e6:.0f} MB CSV")
    print_times(times, events)
    for what, i in (("wall", 0), ("cpu", 1)):
        c = times["csm"][i]
        print(f"  {what}: csm is {times['pandas'][i] / c:.2f}x pandas, "
              f"{times['duckdb'][i] / c:.2f}x DuckDB (2 threads)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
