/* Quickstart: link the library, check the header/library versions agree. */
#include <stdio.h>

#include "csmetrics.h"

int main(void) {
  if (csm_version_number() != CSM_VERSION_NUMBER) {
    fprintf(stderr, "header and library versions differ\n");
    return 1;
  }
  printf("csmetrics %s\n", csm_version());
  return 0;
}
