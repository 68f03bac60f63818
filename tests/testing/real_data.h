// Where the real-data tests find their files: examples/data/ when the file
// is bundled with the project (the ServiceNow incident log, NYC 311), else
// the shared data beside the project (../shared/data, CSM_SHARED_DATA_DIR;
// the bank call log, which is never copied into the repository).
//
// A test whose file is missing skips with a message, except under CI (the
// environment variable CI set and not empty), where every file must be there
// and a missing one fails the test instead of passing it silently.
#ifndef CSM_TESTS_TESTING_REAL_DATA_H_
#define CSM_TESTS_TESTING_REAL_DATA_H_

#include <cstdlib>
#include <fstream>
#include <string>

#include "gtest/gtest.h"

namespace csm::testing {

// The path of a real-data file, or "" when neither place has it.
inline std::string RealDataPath(const std::string& name) {
  for (const std::string dir : {CSM_SOURCE_DIR "/examples/data", CSM_SHARED_DATA_DIR}) {
    const std::string path = dir + "/" + name;
    if (std::ifstream(path).good()) return path;
  }
  return "";
}

inline bool UnderCi() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && *ci != '\0';
}

}  // namespace csm::testing

// In a test body or SetUp(): skip (fail under CI) when `name` is not found.
#define CSM_REQUIRE_REAL_DATA(name)                                                      \
  do {                                                                                   \
    if (!::csm::testing::RealDataPath(name).empty()) break;                              \
    if (::csm::testing::UnderCi()) {                                                     \
      FAIL() << (name) << " not found in examples/data or " CSM_SHARED_DATA_DIR " (CI)"; \
    }                                                                                    \
    GTEST_SKIP() << (name) << " not found in examples/data or " CSM_SHARED_DATA_DIR;     \
  } while (0)

#endif  // CSM_TESTS_TESTING_REAL_DATA_H_
