// csmetrics version. The C ABI mirrors these as CSM_VERSION_* in capi/csmetrics.h;
// CMake reads them from here, so this file is the single source of the version.
#ifndef CSM_VERSION_H_
#define CSM_VERSION_H_

#define CSM_VERSION_MAJOR 0
#define CSM_VERSION_MINOR 1
#define CSM_VERSION_PATCH 0

// MAJOR * 10000 + MINOR * 100 + PATCH, comparable with csm_version_number().
#define CSM_VERSION_NUMBER (CSM_VERSION_MAJOR * 10000 + CSM_VERSION_MINOR * 100 + CSM_VERSION_PATCH)

#define CSM_VERSION_STRINGIFY_(x) #x
#define CSM_VERSION_STRINGIFY(x) CSM_VERSION_STRINGIFY_(x)
#define CSM_VERSION_STRING                 \
  CSM_VERSION_STRINGIFY(CSM_VERSION_MAJOR) \
  "." CSM_VERSION_STRINGIFY(CSM_VERSION_MINOR) "." CSM_VERSION_STRINGIFY(CSM_VERSION_PATCH)

#endif  // CSM_VERSION_H_
