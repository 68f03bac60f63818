// The engine state's checksum and format version (engine_state.cc): a state
// with any byte changed is refused (DATA_LOSS; the version byte: another
// format, UNIMPLEMENTED) and the engine it was merged into is unchanged.
#include <string>

#include "csm/engine/internal/engine_state.h"
#include "scenario.h"

namespace csm::testing {
namespace {

const std::string kConfig = ConfigWithOfficeHours(R"("views": [{"group_by": [], "grain": "hour"},
            {"group_by": ["agent"], "grain": "day"}],
  "options": {"reopen_window": 3600})");

// A state with something in every part: live, solved and released tickets,
// a ticket with three groups (a station log entry), a call in progress, an
// agent's state, ratings and a customer's latest ticket.
std::string RealState() {
  Scenario s(kConfig);
  s.Events(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"R1","type":"created","group":"g1"}
{"time":"2026-11-02T10:05:00Z","ticket":"R1","type":"status","status":"solved"}
{"time":"2026-11-02T10:00:00Z","ticket":"C1","type":"created"}
{"time":"2026-11-02T10:00:01Z","ticket":"C1","type":"ivr","step":"menu_a"}
{"time":"2026-11-02T10:00:30Z","ticket":"C1","type":"abandoned"}
{"time":"2026-11-02T10:01:00Z","ticket":"C2","type":"created"}
{"time":"2026-11-02T10:01:00Z","ticket":"C2","type":"queued","group":"g1"}
{"time":"2026-11-02T10:01:00Z","type":"agent_state","agent":"alice","status":"busy"}
{"time":"2026-11-02T10:01:20Z","ticket":"C2","type":"answered","agent":"alice"}
{"time":"2026-11-02T10:02:00Z","ticket":"T1","type":"created","customer":"c1","agent":"bob","group":"g1"}
{"time":"2026-11-02T10:03:00Z","ticket":"T1","type":"assigned","group":"g2"}
{"time":"2026-11-02T10:04:00Z","ticket":"T1","type":"assigned","group":"g3","agent":"carol"}
{"time":"2026-11-02T10:10:00Z","ticket":"T1","type":"agent_reply","agent":"carol"}
{"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"status","status":"solved"}
{"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"survey_sent"}
{"time":"2026-11-02T11:05:00Z","ticket":"T1","type":"csat","value":5}
{"time":"2026-11-02T11:06:00Z","ticket":"T2","type":"created","customer":"c1","agent":"bob"}
{"time":"2026-11-04T11:06:00Z","ticket":"T3","type":"created","customer":"c2","agent":"bob"}
)");
  EXPECT_EQ(s.engine().released_tickets(), 2u);  // R1, T1
  return s.engine().Serialize();
}

TEST(StateChecksum, EveryChangedByteIsRefusedAndChangesNothing) {
  const std::string bytes = RealState();
  Scenario target(kConfig);
  target.Events(R"({"time":"2026-11-02T09:00:00Z","ticket":"own","type":"created"})");
  const std::string before = target.engine().Serialize();
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (const int mask : {0x01, 0x80, 0xFF}) {
      std::string changed = bytes;
      changed[i] = static_cast<char>(changed[i] ^ mask);
      const absl::Status s = target.engine().MergeSerialized(changed);
      // Byte 4 is the format version: another version is another format.
      const absl::StatusCode expected =
          i == 4 ? absl::StatusCode::kUnimplemented : absl::StatusCode::kDataLoss;
      ASSERT_EQ(s.code(), expected) << "byte " << i << " ^ " << mask << ": " << s;
    }
  }
  EXPECT_EQ(target.engine().Serialize(), before);
  // The bytes as written merge.
  EXPECT_TRUE(target.engine().MergeSerialized(bytes).ok());
}

TEST(StateChecksum, TruncatedOrExtendedStatesAreRefused) {
  const std::string bytes = RealState();
  Scenario target(kConfig);
  const std::string before = target.engine().Serialize();
  for (size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_EQ(target.engine().MergeSerialized(bytes.substr(0, n)).code(),
              absl::StatusCode::kDataLoss)
        << n;
  }
  EXPECT_EQ(target.engine().MergeSerialized(bytes + '\0').code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(target.engine().Serialize(), before);
}

TEST(StateChecksum, OtherFormatVersionsAreRefusedNamingBoth) {
  const std::string bytes = RealState();
  ASSERT_EQ(static_cast<uint8_t>(bytes[4]), kStateFormatVersion);
  Scenario target(kConfig);
  const std::string before = target.engine().Serialize();
  for (const int version : {kStateFormatVersion - 1, kStateFormatVersion + 1}) {
    std::string other = bytes;
    other[4] = static_cast<char>(version);
    const absl::Status s = target.engine().MergeSerialized(ResealEngineState(other));
    EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented) << s;
    EXPECT_EQ(s.message(), absl::StrCat("engine state format version ", version,
                                        ", this build reads ", int{kStateFormatVersion}))
        << s;
  }
  EXPECT_EQ(target.engine().Serialize(), before);
}

TEST(StateChecksum, AResealedStateReachesTheChecksBehindTheChecksum) {
  std::string bytes = RealState();
  bytes[bytes.size() - 9] = static_cast<char>(bytes[bytes.size() - 9] ^ 0x01);
  Scenario target(kConfig);
  EXPECT_EQ(target.engine().MergeSerialized(bytes).message(),
            "engine state checksum mismatch: the bytes are corrupt or truncated");
  // Resealed, the same bytes fail (or pass) on their content instead.
  EXPECT_NE(target.engine().MergeSerialized(ResealEngineState(bytes)).message(),
            "engine state checksum mismatch: the bytes are corrupt or truncated");
}

}  // namespace
}  // namespace csm::testing
