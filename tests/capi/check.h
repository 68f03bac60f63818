/* A tiny C99 test harness for the C ABI programs: CHECK records a failure and
 * goes on; FINISH prints the "N passed, N failed" line and the exit code.
 * The counters are updated atomically (GCC/Clang builtins: C99 has no
 * atomics) because some programs CHECK from worker threads; a plain ++ there
 * was a data race (found by tools/tsan.sh) that could lose a failure. */
#ifndef CSM_TESTS_CAPI_CHECK_H_
#define CSM_TESTS_CAPI_CHECK_H_

#include <stdio.h>

static int check_passed = 0;
static int check_failed = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (cond) {                                                                \
      __atomic_add_fetch(&check_passed, 1, __ATOMIC_RELAXED);                  \
    } else {                                                                   \
      __atomic_add_fetch(&check_failed, 1, __ATOMIC_RELAXED);                  \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                          \
  } while (0)

#define FINISH()                                                  \
  do {                                                            \
    printf("%d passed, %d failed\n", check_passed, check_failed); \
    return check_failed == 0 ? 0 : 1;                             \
  } while (0)

#endif /* CSM_TESTS_CAPI_CHECK_H_ */
