"""The library's own calendar answers on random instants, for the SQL
calendar tests to compare with: writes CSV rows (calendar spec, start_ms,
end_ms, elapsed_ms, amount_ms, add_ms, is_open, next_open_ms). Seeded, so
the same file every run."""

import csv
import json
import random
import sys

from csmetrics import Calendar

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
CALENDARS = [
    # New York office hours with a holiday, a half day and a Saturday special
    # (business_calendar_test.cc's HolidaysAndSpecialDays), across both DST changes.
    {"timezone": "America/New_York", "weekly": {d: [["09:00", "17:00"]] for d in WEEKDAYS},
     "holidays": ["2026-12-25"],
     "special_days": {"2026-12-24": [["09:00", "13:00"]], "2026-12-26": [["10:00", "12:00"]]}},
    # Berlin, one hour a night inside the DST changes (BerlinBothWays).
    {"timezone": "Europe/Berlin",
     "weekly": {d: [["02:00", "03:00"]] for d in WEEKDAYS + ("sat", "sun")}},
    # An overnight shift (OvernightShifts) and a split day.
    {"timezone": "UTC", "weekly": {"sun": [["22:00", "06:00"]], "wed": [["08:00", "12:00"], ["13:00", "17:00"]]}},
    # The incident log's calendar (examples/data/servicenow_calendar.json).
    {"timezone": "America/Sao_Paulo", "weekly": {d: [["08:00", "18:00"]] for d in WEEKDAYS},
     "holidays": ["2026-02-16", "2026-02-17", "2026-04-03", "2026-04-21"]},
]
START = 1767225600000  # 2026-01-01T00:00Z
SPAN = 365 * 86400000


def main(path: str) -> None:
    rng = random.Random(24)
    with open(path, "w", newline="") as out:
        rows = csv.writer(out)
        for spec in CALENDARS:
            cal = Calendar(spec)
            text = json.dumps(spec)
            for _ in range(250):
                start = START + rng.randrange(SPAN)
                end = start + rng.randrange(-20 * 86400000, 20 * 86400000)
                amount = rng.randrange(0, 40 * 3600000)
                rows.writerow([text, start, end, cal.elapsed(start, end), amount, cal.add(start, amount),
                               int(cal.is_open(start)), cal.next_open(start)])


if __name__ == "__main__":
    main(sys.argv[1])
