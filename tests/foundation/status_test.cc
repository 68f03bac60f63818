// The C ABI's guard: statuses and exceptions become pinned csm_status codes
// with a thread-local message, and nothing escapes.
#include <stdexcept>
#include <string>
#include <thread>

#include "capi/internal/guard.h"
#include "csm/version.h"
#include "gtest/gtest.h"

namespace csm::capi {
namespace {

TEST(Guard, OkClearsTheLastError) {
  SetLastError("old");
  EXPECT_EQ(Guard([] { return absl::OkStatus(); }), CSM_OK);
  EXPECT_STREQ(csm_last_error(), "");
}

TEST(Guard, StatusCodeAndMessageCrossTheBoundary) {
  EXPECT_EQ(Guard([] { return absl::InvalidArgumentError("bad zone 'Mars/Base'"); }),
            CSM_INVALID_ARGUMENT);
  EXPECT_STREQ(csm_last_error(), "bad zone 'Mars/Base'");
  EXPECT_EQ(Guard([] { return absl::DataLossError("truncated"); }), CSM_DATA_LOSS);
  EXPECT_EQ(Guard([] { return absl::NotFoundError("x"); }), CSM_NOT_FOUND);
}

TEST(Guard, ExceptionsBecomeStatuses) {
  EXPECT_EQ(Guard([]() -> absl::Status { throw std::runtime_error("boom"); }), CSM_INTERNAL);
  EXPECT_STREQ(csm_last_error(), "internal error: boom");
  EXPECT_EQ(Guard([]() -> absl::Status { throw std::bad_alloc(); }), CSM_RESOURCE_EXHAUSTED);
  EXPECT_EQ(Guard([]() -> absl::Status { throw 42; }), CSM_INTERNAL);
}

TEST(Guard, EveryAbseilCodeMapsToTheSameNumber) {
  for (int code = 0; code <= 15; ++code) {
    EXPECT_EQ(static_cast<int>(ToCStatus(static_cast<absl::StatusCode>(code))), code);
  }
  EXPECT_EQ(ToCStatus(static_cast<absl::StatusCode>(99)), CSM_UNKNOWN);
}

TEST(Guard, LastErrorIsPerThread) {
  SetLastError("main thread");
  std::string seen_in_other;
  std::thread other([&] {
    seen_in_other = csm_last_error();
    SetLastError("other thread");
  });
  other.join();
  EXPECT_EQ(seen_in_other, "");
  EXPECT_STREQ(csm_last_error(), "main thread");
}

TEST(Version, HeaderAndLibraryAgree) {
  EXPECT_STREQ(csm_version(), CSM_VERSION_STRING);
  EXPECT_EQ(csm_version_number(), static_cast<unsigned>(CSM_VERSION_NUMBER));
}

}  // namespace
}  // namespace csm::capi
