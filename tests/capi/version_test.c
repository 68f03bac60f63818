/* C ABI: version, status names, last error and csm_free. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "csmetrics.h"

int main(void) {
  char expected[32];
  sprintf(expected, "%d.%d.%d", CSM_VERSION_MAJOR, CSM_VERSION_MINOR, CSM_VERSION_PATCH);
  CHECK(strcmp(csm_version(), expected) == 0);
  CHECK(csm_version_number() == CSM_VERSION_NUMBER);

  CHECK(strcmp(csm_status_str(CSM_OK), "CSM_OK") == 0);
  CHECK(strcmp(csm_status_str(CSM_INVALID_ARGUMENT), "CSM_INVALID_ARGUMENT") == 0);
  CHECK(strcmp(csm_status_str(CSM_DATA_LOSS), "CSM_DATA_LOSS") == 0);
  CHECK(strcmp(csm_status_str((csm_status)999), "CSM_UNKNOWN_STATUS") == 0);
  CHECK(strcmp(csm_status_str((csm_status)-1), "CSM_UNKNOWN_STATUS") == 0);

  /* Pinned values (they mirror Abseil's canonical codes). */
  CHECK(CSM_OK == 0);
  CHECK(CSM_INVALID_ARGUMENT == 3);
  CHECK(CSM_NOT_FOUND == 5);
  CHECK(CSM_RESOURCE_EXHAUSTED == 8);
  CHECK(CSM_FAILED_PRECONDITION == 9);
  CHECK(CSM_OUT_OF_RANGE == 11);
  CHECK(CSM_INTERNAL == 13);
  CHECK(CSM_DATA_LOSS == 15);

  CHECK(csm_last_error() != NULL);
  csm_free(NULL);
  csm_free(malloc(16)); /* the library frees what malloc-family memory it hands out */
  FINISH();
}
