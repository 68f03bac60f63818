/* The smallest vendor program: check that the header and the loaded library
 * agree, then use the library. Built by tests/install against an installed
 * csmetrics with find_package and with pkg-config. */
#include <stdio.h>

#include <csmetrics.h>

int main(void) {
  if (csm_version_number() != CSM_VERSION_NUMBER) {
    fprintf(stderr, "header %d but library %u\n", CSM_VERSION_NUMBER, csm_version_number());
    return 1;
  }
  printf("csmetrics %s\n", csm_version());
  return 0;
}
