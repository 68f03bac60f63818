/* The staffing section of the C ABI, compiled as C99 against the shared
 * library: Erlang C and Erlang A on plain numbers, agents required, the
 * struct versioning (first-version sizes, *_init twins, a larger future
 * struct) and misuse answered with CSM_INVALID_ARGUMENT, never a crash. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "csmetrics.h"

static int near(double a, double b, double tolerance) { return fabs(a - b) <= tolerance; }

/* Call Centre Helper's example (tests/staffing/erlang_c_test.cc): 100
 * contacts in 30 minutes, 180 s AHT, 14 agents, T = 20 s. */
static void erlang_c_example(void) {
  csm_queue_input in = CSM_QUEUE_INPUT_INIT;
  csm_queue_result out = CSM_QUEUE_RESULT_INIT;
  in.arrivals = 100;
  in.aht_s = 180;
  in.agents = 14;
  CHECK(in.interval_s == 1800 && in.threshold_s == 20);
  CHECK(csm_erlang_c(&in, &out) == CSM_OK);
  CHECK(out.stable == 1);
  CHECK(near(out.wait_probability, 0.17413193359505, 1e-12));
  CHECK(near(out.service_level, 0.888350019179467, 1e-12));
  CHECK(near(out.asa_s, 7.83593701177724, 1e-9));
  CHECK(near(out.occupancy, 10.0 / 14, 1e-12));
  CHECK(out.abandon_probability == 0);

  in.agents = 10; /* = the load: unstable, defined, not NaN */
  CHECK(csm_erlang_c(&in, &out) == CSM_OK);
  CHECK(out.stable == 0 && out.service_level == 0 && out.wait_probability == 1);
  CHECK(isinf(out.asa_s) && !isnan(out.asa_s));
}

static void erlang_a_example(void) {
  csm_queue_input in = CSM_QUEUE_INPUT_INIT;
  csm_queue_result out = CSM_QUEUE_RESULT_INIT;
  in.arrivals = 100;
  in.aht_s = 180;
  in.agents = 12;
  in.patience_s = 120;
  CHECK(csm_erlang_a(&in, &out) == CSM_OK);
  CHECK(near(out.abandon_probability, 0.0615973770037, 1e-9));
  CHECK(near(out.service_level, 0.825582644362, 1e-6));

  in.patience_s = 0; /* Erlang A needs a patience */
  CHECK(csm_erlang_a(&in, &out) == CSM_INVALID_ARGUMENT);
  CHECK(strstr(csm_last_error(), "csm_erlang_a") != NULL);
  in.patience_s = INFINITY; /* nobody abandons: Erlang C */
  CHECK(csm_erlang_a(&in, &out) == CSM_OK);
  CHECK(out.abandon_probability == 0);
}

static void agents_required(void) {
  csm_staffing_input in = CSM_STAFFING_INPUT_INIT;
  csm_staffing_result out = CSM_STAFFING_RESULT_INIT;
  in.arrivals = 100;
  in.aht_s = 180;
  in.shrinkage = 0.3;
  CHECK(in.service_level == 0.8 && in.threshold_s == 20 && in.model == CSM_MODEL_ERLANG_C);
  CHECK(csm_agents_required(&in, &out) == CSM_OK);
  CHECK(out.agents == 14);
  CHECK(out.scheduled == 20);
  CHECK(near(out.service_level, 0.888350019179467, 1e-12));

  in.max_occupancy = 0.7;
  CHECK(csm_agents_required(&in, &out) == CSM_OK);
  CHECK(out.agents == 15);

  in.max_occupancy = 0;
  in.model = CSM_MODEL_ERLANG_A;
  in.patience_s = 120;
  CHECK(csm_agents_required(&in, &out) == CSM_OK);
  CHECK(out.agents == 12);
  CHECK(out.abandon_probability > 0);

  in.arrivals = 0;
  CHECK(csm_agents_required(&in, &out) == CSM_OK);
  CHECK(out.agents == 0 && out.scheduled == 0);
}

static void misuse(void) {
  csm_queue_input in = CSM_QUEUE_INPUT_INIT;
  csm_queue_result out = CSM_QUEUE_RESULT_INIT;
  csm_staffing_input target = CSM_STAFFING_INPUT_INIT;
  csm_staffing_result result = CSM_STAFFING_RESULT_INIT;
  in.arrivals = 100;
  in.aht_s = 180;
  in.agents = 12;
  CHECK(csm_erlang_c(NULL, &out) == CSM_INVALID_ARGUMENT);
  CHECK(csm_erlang_c(&in, NULL) == CSM_INVALID_ARGUMENT);
  in.size = CSM_QUEUE_INPUT_SIZE_V1 - 1;
  CHECK(csm_erlang_c(&in, &out) == CSM_INVALID_ARGUMENT);
  in.size = sizeof in;
  in.arrivals = NAN;
  out.service_level = -7;
  CHECK(csm_erlang_c(&in, &out) == CSM_INVALID_ARGUMENT);
  CHECK(out.service_level == -7); /* nothing written on failure */
  CHECK(strstr(csm_last_error(), "arrivals") != NULL);
  in.arrivals = 100;
  in.agents = -1;
  CHECK(csm_erlang_c(&in, &out) == CSM_INVALID_ARGUMENT);
  in.agents = 2000000;
  CHECK(csm_erlang_c(&in, &out) == CSM_INVALID_ARGUMENT);
  in.agents = 12;
  in.interval_s = 0;
  CHECK(csm_erlang_c(&in, &out) == CSM_INVALID_ARGUMENT);

  target.arrivals = 100;
  target.aht_s = 180;
  target.service_level = 80; /* a percentage where a fraction belongs */
  CHECK(csm_agents_required(&target, &result) == CSM_INVALID_ARGUMENT);
  target.service_level = 0.8;
  target.model = 9;
  CHECK(csm_agents_required(&target, &result) == CSM_INVALID_ARGUMENT);
  target.model = CSM_MODEL_ERLANG_A; /* without a patience */
  CHECK(csm_agents_required(&target, &result) == CSM_INVALID_ARGUMENT);
  target.model = CSM_MODEL_ERLANG_C;
  target.max_asa_s = -1;
  CHECK(csm_agents_required(&target, &result) == CSM_INVALID_ARGUMENT);
  target.max_asa_s = 0;
  target.shrinkage = 1;
  CHECK(csm_agents_required(&target, &result) == CSM_INVALID_ARGUMENT);
  target.shrinkage = 0;
  target.arrivals = 2e7; /* no team of at most a million agents */
  CHECK(csm_agents_required(&target, &result) == CSM_OUT_OF_RANGE);
  CHECK(csm_agents_required(NULL, &result) == CSM_INVALID_ARGUMENT);
  CHECK(csm_agents_required(&target, NULL) == CSM_INVALID_ARGUMENT);
}

/* Hostile numbers in every field: each call returns OK with finite or +inf
 * outputs (never NaN), or a clear error naming the function, and never hangs
 * (the slowest case below is the biggest search the models allow). */
static void hostile_numbers(void) {
  const double bad[] = {NAN, INFINITY, -INFINITY, -1, 0, 1e-300, 1e300, 1e9};
  const size_t n = sizeof bad / sizeof bad[0];
  size_t field, i;
  for (field = 0; field < 5; ++field) {
    for (i = 0; i < n; ++i) {
      csm_queue_input in = CSM_QUEUE_INPUT_INIT;
      csm_queue_result out = CSM_QUEUE_RESULT_INIT;
      csm_status c, a;
      in.arrivals = 100;
      in.aht_s = 180;
      in.agents = 14;
      in.patience_s = 120;
      if (field == 0) in.arrivals = bad[i];
      if (field == 1) in.interval_s = bad[i];
      if (field == 2) in.aht_s = bad[i];
      if (field == 3) in.threshold_s = bad[i];
      if (field == 4) in.patience_s = bad[i];
      c = csm_erlang_c(&in, &out);
      CHECK(c == CSM_OK || c == CSM_INVALID_ARGUMENT);
      if (c == CSM_OK) {
        CHECK(!isnan(out.service_level) && !isnan(out.asa_s) && !isnan(out.occupancy));
        CHECK(out.service_level >= 0 && out.service_level <= 1);
      } else {
        CHECK(strstr(csm_last_error(), "csm_erlang_c: ") == csm_last_error());
      }
      a = csm_erlang_a(&in, &out);
      CHECK(a == CSM_OK || a == CSM_INVALID_ARGUMENT);
      if (a == CSM_OK) {
        CHECK(!isnan(out.service_level) && !isnan(out.asa_s) && !isnan(out.abandon_probability));
        CHECK(out.abandon_probability >= 0 && out.abandon_probability <= 1);
      }
    }
  }
  /* NaN, infinite, negative or zero where a positive number belongs: refused. */
  {
    csm_queue_input in = CSM_QUEUE_INPUT_INIT;
    csm_queue_result out = CSM_QUEUE_RESULT_INIT;
    in.arrivals = 100;
    in.aht_s = 180;
    in.agents = 14;
    in.interval_s = 0;
    CHECK(csm_erlang_c(&in, &out) == CSM_INVALID_ARGUMENT);
    CHECK(strstr(csm_last_error(), "interval_s") != NULL);
    in.interval_s = -INFINITY;
    CHECK(csm_erlang_c(&in, &out) == CSM_INVALID_ARGUMENT);
    in.interval_s = 1800;
    in.aht_s = INFINITY;
    CHECK(csm_erlang_c(&in, &out) == CSM_INVALID_ARGUMENT);
    in.aht_s = 180;
    in.threshold_s = NAN;
    CHECK(csm_erlang_c(&in, &out) == CSM_INVALID_ARGUMENT);
    in.threshold_s = 20;
    in.patience_s = NAN;
    CHECK(csm_erlang_a(&in, &out) == CSM_INVALID_ARGUMENT);
    CHECK(strstr(csm_last_error(), "patience") != NULL);
    in.patience_s = -1;
    CHECK(csm_erlang_a(&in, &out) == CSM_INVALID_ARGUMENT);
    in.patience_s = 120;
    /* Teams beyond the million the models accept, either sign. */
    in.agents = 1000000000;
    CHECK(csm_erlang_c(&in, &out) == CSM_INVALID_ARGUMENT);
    CHECK(strstr(csm_last_error(), "agents") != NULL);
    CHECK(csm_erlang_a(&in, &out) == CSM_INVALID_ARGUMENT);
    in.agents = INT64_MAX;
    CHECK(csm_erlang_c(&in, &out) == CSM_INVALID_ARGUMENT);
    in.agents = INT64_MIN;
    CHECK(csm_erlang_a(&in, &out) == CSM_INVALID_ARGUMENT);
    /* A million agents is allowed, and answers. */
    in.agents = 1000000;
    CHECK(csm_erlang_c(&in, &out) == CSM_OK && out.stable && out.service_level == 1);
    CHECK(csm_erlang_a(&in, &out) == CSM_OK);
  }
  for (field = 0; field < 9; ++field) {
    for (i = 0; i < n; ++i) {
      csm_staffing_input t = CSM_STAFFING_INPUT_INIT;
      csm_staffing_result r = CSM_STAFFING_RESULT_INIT;
      csm_status s;
      t.arrivals = 100;
      t.aht_s = 180;
      if (field == 0) t.arrivals = bad[i];
      if (field == 1) t.interval_s = bad[i];
      if (field == 2) t.aht_s = bad[i];
      if (field == 3) t.service_level = bad[i];
      if (field == 4) t.threshold_s = bad[i];
      if (field == 5) t.max_asa_s = bad[i];
      if (field == 6) t.max_occupancy = bad[i];
      if (field == 7) t.shrinkage = bad[i];
      if (field == 8) {
        t.model = CSM_MODEL_ERLANG_A;
        t.patience_s = bad[i];
      }
      s = csm_agents_required(&t, &r);
      CHECK(s == CSM_OK || s == CSM_INVALID_ARGUMENT || s == CSM_OUT_OF_RANGE);
      if (s == CSM_OK) {
        CHECK(r.agents >= 0 && r.scheduled >= r.agents && r.agents <= 1000000);
        CHECK(!isnan(r.service_level) && !isnan(r.asa_s) && !isnan(r.occupancy));
      } else {
        CHECK(strstr(csm_last_error(), "csm_agents_required: ") == csm_last_error());
      }
      if (isnan(bad[i])) CHECK(s == CSM_INVALID_ARGUMENT);
    }
  }
  {
    /* The largest searches: near-certain service at 5,000 Erlangs. */
    csm_staffing_input t = CSM_STAFFING_INPUT_INIT;
    csm_staffing_result r = CSM_STAFFING_RESULT_INIT;
    t.arrivals = 50000;
    t.aht_s = 180;
    t.service_level = 0.999999;
    t.threshold_s = 0;
    CHECK(csm_agents_required(&t, &r) == CSM_OK && r.agents > 5000);
    t.model = CSM_MODEL_ERLANG_A;
    t.patience_s = 1;
    CHECK(csm_agents_required(&t, &r) == CSM_OK && r.agents > 0);
    t.max_occupancy = 1e-300; /* no team is that idle */
    CHECK(csm_agents_required(&t, &r) == CSM_OUT_OF_RANGE);
    t.max_occupancy = NAN;
    CHECK(csm_agents_required(&t, &r) == CSM_INVALID_ARGUMENT);
  }
}

/* A result struct as a later header might define it: the library writes the
 * first version's fields and leaves the rest alone. */
typedef struct future_queue_result {
  csm_queue_result v1;
  double added_later;
} future_queue_result;

static void versioning(void) {
  future_queue_result big;
  csm_queue_input in;
  csm_staffing_input target;
  csm_staffing_result result;
  CHECK(csm_queue_result_init(&big.v1, sizeof big) == CSM_OK);
  CHECK(big.v1.size == sizeof big && big.added_later == 0);
  big.added_later = 42;
  CHECK(csm_queue_input_init(&in, sizeof in) == CSM_OK);
  CHECK(in.interval_s == 1800 && in.threshold_s == 20);
  in.arrivals = 100;
  in.aht_s = 180;
  in.agents = 13;
  CHECK(csm_erlang_c(&in, &big.v1) == CSM_OK);
  CHECK(near(big.v1.service_level, 0.795594788417783, 1e-12));
  CHECK(big.added_later == 42);

  CHECK(csm_queue_input_init(&in, 3) == CSM_INVALID_ARGUMENT);
  CHECK(csm_queue_result_init(NULL, sizeof big) == CSM_INVALID_ARGUMENT);
  CHECK(csm_staffing_input_init(&target, sizeof target) == CSM_OK);
  CHECK(target.service_level == 0.8 && target.size == sizeof target);
  CHECK(csm_staffing_result_init(&result, CSM_STAFFING_RESULT_SIZE_V1) == CSM_OK);
  CHECK(csm_staffing_result_init(&result, CSM_STAFFING_RESULT_SIZE_V1 - 1) == CSM_INVALID_ARGUMENT);
  CHECK(CSM_MODEL_ERLANG_C == 0 && CSM_MODEL_ERLANG_A == 1); /* pinned */
}

int main(void) {
  erlang_c_example();
  erlang_a_example();
  agents_required();
  misuse();
  hostile_numbers();
  versioning();
  FINISH();
}
