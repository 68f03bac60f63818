#!/usr/bin/env python3
"""A synthetic call stream for the staffing worked example (docs/staffing.md).

Writes csmetrics events (JSON Lines, §1 field names) for WEEKS weeks of a
phone queue from Monday 2026-01-05 (UTC), and optionally the business
calendar that lists its holiday. Deterministic for a given --seed.

The stream is what Erlang C and the forecast assume, with known parameters:
 - Poisson arrivals per half hour at a rate shaped by the time of day (open
   08:00-18:00, peaks at 10:00 and 14:00) and the weekday (Monday busiest,
   Saturday short, Sunday closed), growing 2 % a week;
 - Wednesday 2026-01-14 is a holiday: no calls (the calendar says so);
 - talk time exponential with mean 240 s, wrap-up 60 s (AHT 300 s);
 - each caller waits an exponential time of mean 15 s and hangs up if their
   exponential patience (mean 120 s) runs out first.

    python3 tools/staffing/synthetic_calls.py --weeks 4 --calendar hours.json > calls.jsonl
    csm staffing --events calls.jsonl --calendar hours.json --target 80/20 --shrinkage 30
"""

import argparse
import datetime as dt
import json
import math
import random
import sys

START = dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)  # a Monday
HOLIDAY = dt.date(2026, 1, 14)
WEEKDAY_FACTOR = [1.25, 1.0, 1.0, 1.0, 0.85, 0.4, 0.0]  # Monday first
OPEN_HOURS = {5: (8, 13)}  # Saturday closes at 13:00; the others 08:00-18:00
PEAK_CALLS_PER_HALF_HOUR = 60
GROWTH_PER_WEEK = 0.02
MEAN_TALK_S, MEAN_WRAPUP_S, MEAN_WAIT_S, MEAN_PATIENCE_S = 240, 60, 15, 120


def time_of_day_shape(hour: float) -> float:
    """Two peaks (10:00 and 14:00) over a floor, 0..1."""
    return 0.35 + 0.65 * max(math.exp(-((hour - 10.25) / 1.3) ** 2),
                             0.85 * math.exp(-((hour - 14.25) / 1.5) ** 2))


def rate(day: dt.date, half_hour: int, week: int) -> float:
    """Expected calls in one half hour."""
    weekday = day.weekday()
    open_from, open_to = OPEN_HOURS.get(weekday, (8, 18))
    hour = half_hour / 2
    if day == HOLIDAY or not open_from <= hour < open_to:
        return 0.0
    growth = (1 + GROWTH_PER_WEEK) ** week
    return PEAK_CALLS_PER_HALF_HOUR * WEEKDAY_FACTOR[weekday] * time_of_day_shape(hour + 0.25) * growth


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def calls(weeks: int, rng: random.Random):
    """Yields (created instant, events) per call, in creation order."""
    n = 0
    for day_index in range(7 * weeks):
        day = START + dt.timedelta(days=day_index)
        for half_hour in range(48):
            expected = rate(day.date(), half_hour, day_index // 7)
            if expected == 0:
                continue
            # Poisson arrivals: exponential gaps within the half hour.
            t = rng.expovariate(expected / 1800)
            while t < 1800:
                n += 1
                created = day + dt.timedelta(seconds=half_hour * 1800 + int(t))
                yield created, call_events(f"S{n:06d}", created, rng)
                t += rng.expovariate(expected / 1800)


def call_events(ticket: str, created: dt.datetime, rng: random.Random):
    def at(seconds: float) -> str:
        return iso(created + dt.timedelta(seconds=round(seconds)))

    events = [{"time": at(0), "ticket": ticket, "type": "created", "channel": "phone"},
              {"time": at(0), "ticket": ticket, "type": "queued"}]
    wait, patience = rng.expovariate(1 / MEAN_WAIT_S), rng.expovariate(1 / MEAN_PATIENCE_S)
    if patience < wait:
        events.append({"time": at(patience), "ticket": ticket, "type": "abandoned"})
        return events
    talk, wrapup = rng.expovariate(1 / MEAN_TALK_S), rng.expovariate(1 / MEAN_WRAPUP_S)
    agent = f"agent{rng.randrange(20):02d}"
    events += [{"time": at(wait), "ticket": ticket, "type": "answered", "agent": agent},
               {"time": at(wait + talk), "ticket": ticket, "type": "ended", "agent": agent},
               {"time": at(wait + talk + wrapup), "ticket": ticket, "type": "wrapup_end",
                "agent": agent}]
    return events


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--weeks", type=int, default=4, help="weeks of calls (default 4)")
    parser.add_argument("--seed", type=int, default=23, help="random seed (default 23)")
    parser.add_argument("--calendar", help="also write the business calendar (with the holiday) here")
    args = parser.parse_args()
    if not 1 <= args.weeks <= 52:
        parser.error("--weeks must be 1..52")
    rng = random.Random(args.seed)
    events = [e for _, call in calls(args.weeks, rng) for e in call]
    events.sort(key=lambda e: e["time"])  # stable: a call's events keep their order
    out = sys.stdout
    for e in events:
        out.write(json.dumps(e, separators=(",", ":")) + "\n")
    if args.calendar:
        hours = [["08:00", "18:00"]]
        calendar = {"timezone": "UTC",
                    "weekly": {"mon": hours, "tue": hours, "wed": hours, "thu": hours,
                               "fri": hours, "sat": [["08:00", "13:00"]]},
                    "holidays": [HOLIDAY.isoformat()]}
        with open(args.calendar, "w", encoding="utf-8") as f:
            json.dump(calendar, f, indent=2)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
