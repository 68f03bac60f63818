/* A tiny C99 test harness for the C ABI programs: CHECK records a failure and
 * goes on; FINISH prints the "N passed, N failed" line and the exit code. */
#ifndef CSM_TESTS_CAPI_CHECK_H_
#define CSM_TESTS_CAPI_CHECK_H_

#include <stdio.h>

static int check_passed = 0;
static int check_failed = 0;

#define CHECK(cond)                                                        \
  do {                                                                     \
    if (cond) {                                                            \
      ++check_passed;                                                      \
    } else {                                                               \
      ++check_failed;                                                      \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                      \
  } while (0)

#define FINISH()                                                  \
  do {                                                            \
    printf("%d passed, %d failed\n", check_passed, check_failed); \
    return check_failed == 0 ? 0 : 1;                             \
  } while (0)

#endif /* CSM_TESTS_CAPI_CHECK_H_ */
