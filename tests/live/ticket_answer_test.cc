// One ticket now (kind "ticket"). The calendar is Mon-Fri 09:00-17:00 in New
// York; 2026-11-02 is a Monday (UTC-5).
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "csm/engine/engine.h"
#include "csm/engine/internal/engine_impl.h"
#include "csm/live/live_query.h"
#include "csm/model/internal/absl_compat.h"
#include "csm/model/internal/iso8601.h"
#include "nlohmann/json.hpp"

namespace csm::live {
namespace {

using nlohmann::json;

constexpr std::string_view kConfig = R"({"timezone": "America/New_York",
  "calendars": {"default": {"timezone": "America/New_York",
    "weekly": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]],
               "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]]}}}})";

constexpr std::string_view kEvents =
    R"({"time":"2026-11-02T08:00:00-05:00","ticket":"T-1","type":"created","priority":"urgent","group":"tier1"}
{"time":"2026-11-02T08:30:00-05:00","ticket":"T-1","type":"status","status":"open"}
{"time":"2026-11-02T08:40:00-05:00","ticket":42,"type":"created"}
)";

Instant At(std::string_view iso) { return ParseIsoInstant(iso).value_or(Instant{}); }

std::unique_ptr<Engine> NewEngine() {
  auto engine = Engine::Create(kConfig);
  EXPECT_TRUE(engine.ok()) << engine.status();
  EXPECT_EQ((*engine)->IngestJsonl(kEvents).rejected, 0u);
  return *std::move(engine);
}

TEST(TicketAnswer, StatusDimensionsAndAges) {
  auto engine = NewEngine();
  absl::StatusOr<std::string> text = RunLiveJson(*engine, R"({"kind": "ticket", "ticket": "T-1"})",
                                                 At("2026-11-02T10:30:00-05:00"));
  ASSERT_TRUE(text.ok()) << text.status();
  const json a = json::parse(*text);
  EXPECT_EQ(a["ticket"], "T-1");
  EXPECT_EQ(a["status"], "open");
  EXPECT_EQ(a["priority"], "urgent");
  EXPECT_EQ(a["group"], "tier1");
  EXPECT_EQ(a["created"], "2026-11-02T08:00:00-05:00");
  // 08:00 -> 10:30: 9000 s; in business time 09:00 -> 10:30: 5400 s.
  EXPECT_EQ(a["age"], json::parse(R"({"calendar": 9000.0, "business": 5400.0})"));
  EXPECT_TRUE(a["targets"].is_array());
}

TEST(TicketAnswer, NumberedTicketsAndAbsentDimensions) {
  auto engine = NewEngine();
  for (std::string_view query :
       {R"({"kind": "ticket", "ticket": 42})", R"({"kind": "ticket", "ticket": "42"})"}) {
    absl::StatusOr<std::string> text = RunLiveJson(*engine, query, At("2026-11-02T09:00:00-05:00"));
    ASSERT_TRUE(text.ok()) << text.status();
    const json a = json::parse(*text);
    EXPECT_EQ(a["ticket"], "42");
    EXPECT_EQ(a["status"], "new");
    EXPECT_EQ(a["group"], nullptr);
    EXPECT_EQ(a["age"]["calendar"], 1200.0);
  }
}

TEST(TicketAnswer, UnknownTicketIsNotFoundAndInternsNothing) {
  auto engine = NewEngine();
  const uint32_t tickets = engine->impl().interned().size(Field::kTicket);
  for (std::string_view query :
       {R"({"kind": "ticket", "ticket": "T-404"})", R"({"kind": "ticket", "ticket": 7})"}) {
    absl::StatusOr<std::string> a = RunLiveJson(*engine, query, At("2026-11-02T09:00:00-05:00"));
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.status().code(), absl::StatusCode::kNotFound);
    EXPECT_NE(AsStd(a.status().message()).find("is not a live ticket"), std::string_view::npos);
  }
  EXPECT_EQ(engine->impl().interned().size(Field::kTicket), tickets);
}

}  // namespace
}  // namespace csm::live
