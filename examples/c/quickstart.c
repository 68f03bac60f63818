/* Quickstart: business hours and an SLA due date under a New York office
 * calendar (Mon-Fri 09:00-17:00, a holiday), across the March 2026 DST change.
 * Build: cc -std=c99 quickstart.c $(pkg-config --cflags --libs csmetrics) */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "csmetrics.h"

static const char kOffice[] =
    "{\"timezone\": \"America/New_York\","
    " \"weekly\": {\"mon\": [[\"09:00\",\"17:00\"]], \"tue\": [[\"09:00\",\"17:00\"]],"
    "              \"wed\": [[\"09:00\",\"17:00\"]], \"thu\": [[\"09:00\",\"17:00\"]],"
    "              \"fri\": [[\"09:00\",\"17:00\"]]},"
    " \"holidays\": [\"2026-05-25\", \"2026-07-03\"]}";

/* Prints a UTC epoch-ms instant as ISO 8601. */
static void print_instant(const char* label, int64_t ms) {
  char text[32];
  const time_t seconds = (time_t)(ms / 1000);
  strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", gmtime(&seconds));
  printf("%-22s %s\n", label, text);
}

static int fail(const char* what, csm_status status) {
  fprintf(stderr, "%s: %s: %s\n", what, csm_status_str(status), csm_last_error());
  return 1;
}

int main(void) {
  csm_calendar* office = NULL;
  int64_t business_ms = 0, due_ms = 0;
  const int64_t created = INT64_C(1772829000000);  /* Fri 2026-03-06 15:30 EST = 20:30Z */
  const int64_t resolved = INT64_C(1773068400000); /* Mon 2026-03-09 11:00 EDT = 15:00Z */
  const int64_t sla_ms = INT64_C(8) * 3600 * 1000; /* 8 business hours */
  csm_status status;

  if (csm_version_number() != CSM_VERSION_NUMBER) {
    fprintf(stderr, "header and library versions differ\n");
    return 1;
  }
  printf("csmetrics %s\n", csm_version());

  status = csm_calendar_create(kOffice, strlen(kOffice), &office);
  if (status != CSM_OK) return fail("csm_calendar_create", status);

  /* Business time from creation to resolution: 1.5 h on Friday + 2 h on Monday. */
  status = csm_calendar_elapsed(office, created, resolved, &business_ms);
  if (status != CSM_OK) return fail("csm_calendar_elapsed", status);
  /* The SLA due date: 1.5 h on Friday, 6.5 h from Monday 09:00 EDT -> 15:30 EDT. */
  status = csm_calendar_add(office, created, sla_ms, &due_ms);
  if (status != CSM_OK) return fail("csm_calendar_add", status);

  print_instant("ticket created", created);
  print_instant("ticket resolved", resolved);
  printf("%-22s %.2f h (calendar time %.2f h)\n", "business time", business_ms / 3600000.0,
         (resolved - created) / 3600000.0);
  print_instant("8 business-hour SLA", due_ms);
  printf("%-22s %s\n", "SLA met", resolved <= due_ms ? "yes" : "no");

  csm_calendar_free(office);
  return 0;
}
