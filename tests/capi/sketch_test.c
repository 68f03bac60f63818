/* C ABI: every csm_sketch_* function on good and bad input. Values 1..1000
 * have an exact median of rank floor(0.5 * 999) = 499, the value 500; the
 * sketch (1 % accuracy) must answer within 1 % of it. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "csmetrics.h"

static int message_has(const char* needle) { return strstr(csm_last_error(), needle) != NULL; }

static int within(double got, double want, double accuracy) {
  return fabs(got - want) <= accuracy * want + 1e-12;
}

static csm_sketch* make_sketch(void) {
  csm_sketch* s = NULL;
  CHECK(csm_sketch_create(0, 0, &s) == CSM_OK);
  CHECK(s != NULL);
  return s;
}

static void test_create(void) {
  csm_sketch* s = (csm_sketch*)1; /* sentinel: must stay as is on failure */
  CHECK(csm_sketch_create(0.6, 0, &s) == CSM_INVALID_ARGUMENT);
  CHECK(message_has("relative accuracy"));
  CHECK(csm_sketch_create(NAN, 0, &s) == CSM_INVALID_ARGUMENT);
  CHECK(csm_sketch_create(0.01, 4, &s) == CSM_INVALID_ARGUMENT);
  CHECK(message_has("max_buckets"));
  CHECK(s == (csm_sketch*)1);
  CHECK(csm_sketch_create(0, 0, NULL) == CSM_INVALID_ARGUMENT);
  CHECK(csm_sketch_create(0.001, 4096, &s) == CSM_OK);
  csm_sketch_free(s);
  csm_sketch_free(NULL);
}

static void test_add_and_quantile(void) {
  csm_sketch* s = make_sketch();
  double median = -1;
  uint64_t count = 99;
  CHECK(csm_sketch_quantile(s, 0.5, &median) == CSM_FAILED_PRECONDITION);
  CHECK(message_has("empty"));
  CHECK(median == -1);
  CHECK(csm_sketch_count(s, &count) == CSM_OK && count == 0);
  for (int i = 1; i <= 1000; ++i) CHECK(csm_sketch_add(s, (double)i) == CSM_OK);
  CHECK(csm_sketch_count(s, &count) == CSM_OK && count == 1000);
  CHECK(csm_sketch_quantile(s, 0.5, &median) == CSM_OK);
  CHECK(within(median, 500, 0.01));
  double top = 0;
  CHECK(csm_sketch_quantile(s, 1, &top) == CSM_OK && within(top, 1000, 0.01));
  double low = -1;
  CHECK(csm_sketch_add(s, 0) == CSM_OK);
  CHECK(csm_sketch_quantile(s, 0, &low) == CSM_OK && low == 0);

  /* Bad values and q change nothing. */
  CHECK(csm_sketch_add(s, -1) == CSM_INVALID_ARGUMENT);
  CHECK(message_has("value -1"));
  CHECK(csm_sketch_add(s, NAN) == CSM_INVALID_ARGUMENT);
  CHECK(csm_sketch_add(s, INFINITY) == CSM_INVALID_ARGUMENT);
  CHECK(csm_sketch_quantile(s, 1.5, &median) == CSM_INVALID_ARGUMENT);
  CHECK(csm_sketch_quantile(s, NAN, &median) == CSM_INVALID_ARGUMENT);
  CHECK(csm_sketch_quantile(s, 0.5, NULL) == CSM_INVALID_ARGUMENT);
  CHECK(csm_sketch_count(s, NULL) == CSM_INVALID_ARGUMENT);
  CHECK(csm_sketch_count(s, &count) == CSM_OK && count == 1001);

  /* add_many checks every value before adding any. */
  const double some[] = {1, 2, -3, 4};
  CHECK(csm_sketch_add_many(s, some, 4) == CSM_INVALID_ARGUMENT);
  CHECK(message_has("values[2]"));
  CHECK(csm_sketch_count(s, &count) == CSM_OK && count == 1001);
  CHECK(csm_sketch_add_many(s, some, 2) == CSM_OK);
  CHECK(csm_sketch_add_many(s, NULL, 0) == CSM_OK);
  CHECK(csm_sketch_add_many(s, NULL, 1) == CSM_INVALID_ARGUMENT);
  CHECK(csm_sketch_count(s, &count) == CSM_OK && count == 1003);
  csm_sketch_free(s);
}

/* Two halves merged (by handle and by bytes) answer as one sketch of all. */
static void test_merge_and_bytes(void) {
  csm_sketch* all = make_sketch();
  csm_sketch* odd = make_sketch();
  csm_sketch* even = make_sketch();
  for (int i = 1; i <= 5000; ++i) {
    CHECK(csm_sketch_add(all, i * 0.37) == CSM_OK);
    CHECK(csm_sketch_add(i % 2 ? odd : even, i * 0.37) == CSM_OK);
  }
  uint8_t* bytes = NULL;
  size_t len = 0;
  CHECK(csm_sketch_serialize(even, &bytes, &len) == CSM_OK);
  CHECK(bytes != NULL && len > 6 && memcmp(bytes, "CSMA", 4) == 0);

  csm_sketch* by_bytes = make_sketch();
  CHECK(csm_sketch_merge(by_bytes, odd) == CSM_OK);
  CHECK(csm_sketch_merge_serialized(by_bytes, bytes, len) == CSM_OK);
  CHECK(csm_sketch_merge(odd, even) == CSM_OK);

  uint8_t *a = NULL, *b = NULL, *c = NULL;
  size_t alen = 0, blen = 0, clen = 0;
  CHECK(csm_sketch_serialize(all, &a, &alen) == CSM_OK);
  CHECK(csm_sketch_serialize(odd, &b, &blen) == CSM_OK);
  CHECK(csm_sketch_serialize(by_bytes, &c, &clen) == CSM_OK);
  CHECK(alen == blen && memcmp(a, b, alen) == 0);
  CHECK(alen == clen && memcmp(a, c, alen) == 0);

  csm_sketch* restored = NULL;
  CHECK(csm_sketch_deserialize(a, alen, &restored) == CSM_OK);
  double want = 0, got = 0;
  CHECK(csm_sketch_quantile(all, 0.9, &want) == CSM_OK);
  CHECK(csm_sketch_quantile(restored, 0.9, &got) == CSM_OK && got == want);
  CHECK(within(got, 4500 * 0.37, 0.01));

  /* Corrupt and truncated bytes are CSM_DATA_LOSS; s stays as it was. */
  csm_sketch* none = (csm_sketch*)1;
  CHECK(csm_sketch_deserialize(a, alen - 1, &none) == CSM_DATA_LOSS);
  CHECK(csm_sketch_deserialize(a, 3, &none) == CSM_DATA_LOSS);
  CHECK(csm_sketch_deserialize((const uint8_t*)"garbage!", 8, &none) == CSM_DATA_LOSS);
  CHECK(csm_sketch_deserialize(NULL, 5, &none) == CSM_INVALID_ARGUMENT);
  CHECK(none == (csm_sketch*)1);
  CHECK(csm_sketch_merge_serialized(restored, a, alen - 1) == CSM_DATA_LOSS);
  uint64_t count = 0;
  CHECK(csm_sketch_count(restored, &count) == CSM_OK && count == 5000);
  CHECK(csm_sketch_serialize(all, NULL, &alen) == CSM_INVALID_ARGUMENT);

  csm_free(a);
  csm_free(b);
  csm_free(c);
  csm_free(bytes);
  csm_sketch_free(restored);
  csm_sketch_free(by_bytes);
  csm_sketch_free(all);
  csm_sketch_free(odd);
  csm_sketch_free(even);
}

/* Freed, foreign and wrong-type handles are refused, never read. */
static void test_handles(void) {
  csm_sketch* s = make_sketch();
  csm_sketch_free(s);
  CHECK(csm_sketch_add(s, 1) == CSM_INVALID_ARGUMENT);
  CHECK(message_has("not a live csm_sketch"));
  csm_sketch_free(s); /* twice: a no-op that sets the message */
  CHECK(message_has("not a live csm_sketch"));
  csm_calendar* cal = NULL;
  CHECK(csm_calendar_create("{\"timezone\": \"UTC\"}", 19, &cal) == CSM_OK);
  uint64_t count = 0;
  CHECK(csm_sketch_count((const csm_sketch*)cal, &count) == CSM_INVALID_ARGUMENT);
  CHECK(message_has("is a csm_calendar, not a csm_sketch"));
  csm_sketch* live = make_sketch();
  CHECK(csm_sketch_merge(live, (const csm_sketch*)cal) == CSM_INVALID_ARGUMENT);
  CHECK(csm_sketch_merge(NULL, live) == CSM_INVALID_ARGUMENT);
  CHECK(csm_sketch_merge(live, live) == CSM_OK);
  csm_sketch_free(live);
  csm_calendar_free(cal);
}

int main(void) {
  test_create();
  test_add_and_quantile();
  test_merge_and_bytes();
  test_handles();
  FINISH();
}
