// Reading events from CSV and JSON Lines; rejections carry lines and reasons.
#include "csm/io/event_reader.h"

#include <string>
#include <vector>

#include "csm/io/event_writer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace csm::io {
namespace {

using ::testing::HasSubstr;

struct Outcome {
  std::vector<std::string> events;  // re-serialized
  std::vector<std::string> reasons;
  std::vector<std::int64_t> lines;
};

Outcome ReadAll(std::string_view data, EventFormat format = EventFormat::kAuto) {
  Outcome out;
  absl::StatusOr<EventReader> reader = EventReader::Create(data, format);
  EXPECT_TRUE(reader.ok()) << reader.status();
  if (!reader.ok()) return out;
  EventRecord e;
  for (;;) {
    EventReader::Result r = reader->Next(&e);
    if (r == EventReader::Result::kEnd) break;
    if (r == EventReader::Result::kRejected) {
      out.reasons.push_back(reader->rejection().reason);
      out.lines.push_back(reader->rejection().line);
      continue;
    }
    std::string s;
    EventJsonlWriter::Format(e, Zone::Utc(), &s);
    out.events.push_back(s);
  }
  return out;
}

TEST(EventReader, JsonLinesWithEveryKindOfValue) {
  Outcome o = ReadAll(
      "{\"time\":\"2026-11-02T09:00:00-05:00\",\"ticket\":\"T1\",\"type\":\"created\","
      "\"channel\":\"email\",\"agent\":null}\n"
      "\n"
      "  {\"time\": 1793714400000, \"ticket\": 7, \"type\": \"csat\", \"value\": 4.5}\r\n"
      "{\"time\":\"2026-11-02T14:00:00Z\",\"ticket\":\"T\\u00e9\\\"1\",\"type\":\"note\"}");
  ASSERT_EQ(o.reasons.size(), 0u);
  ASSERT_EQ(o.events.size(), 3u);
  EXPECT_EQ(o.events[0],
            "{\"time\":\"2026-11-02T14:00:00Z\",\"ticket\":\"T1\",\"type\":\"created\","
            "\"channel\":\"email\"}");
  // date -u -d @1793714400 → Tue Nov  3 14:00:00 UTC 2026
  EXPECT_EQ(o.events[1],
            "{\"time\":\"2026-11-03T14:00:00Z\",\"ticket\":\"7\",\"type\":\"csat\",\"value\":4.5}");
  EXPECT_EQ(o.events[2],
            "{\"time\":\"2026-11-02T14:00:00Z\",\"ticket\":\"T\xC3\xA9\\\"1\",\"type\":\"note\"}");
}

TEST(EventReader, JsonLinesRejectionsHaveReasonsAndLines) {
  Outcome o = ReadAll(
      "{\"time\":\"2026-11-02T09:00:00Z\",\"ticket\":\"T1\",\"type\":\"created\"}\n"
      "{\"time\":\"2026-11-02T09:00:00\",\"ticket\":\"T1\",\"type\":\"created\"}\n"
      "{\"time\":\"2026-11-02T09:00:00Z\",\"ticket\":\"T1\",\"type\":\"creatd\"}\n"
      "{\"time\":\"2026-11-02T09:00:00Z\",\"ticket\":\"T1\",\"kind\":\"created\"}\n"
      "{\"time\":\"2026-11-02T09:00:00Z\",\"type\":\"created\"}\n"
      "{\"time\":\"2026-11-02T09:00:00Z\",\"ticket\":\"T1\",\"type\":\"csat\",\"value\":\"x\"}\n"
      "{\"time\":\"2026-11-02T09:00:00Z\",\"ticket\":[1],\"type\":\"created\"}\n"
      "{\"time\":\"2026-11-02T09:00:00Z\" \"ticket\":\"T1\"}\n"
      "not json\n");
  // Line 5 has no ticket: whether its type needs one is the engine's rule.
  // Line 4 has no type (the type is read first); line 7 is JSON with a
  // field of the wrong type, not a malformed line.
  EXPECT_EQ(o.events.size(), 2u);
  EXPECT_THAT(o.reasons, ::testing::ElementsAre("invalid_field", "unknown_type", "invalid_field",
                                                "invalid_field", "invalid_field", "malformed_line",
                                                "malformed_line"));
  EXPECT_THAT(o.lines, ::testing::ElementsAre(2, 3, 4, 6, 7, 8, 9));
}

TEST(EventReader, CsvWithHeaderOfFieldNames) {
  Outcome o = ReadAll(
      "time,ticket,type,agent,value\n"
      "2026-11-02T09:00:00Z,T1,created,,\n"
      "1793714400000,T1,agent_reply,\"Smith, J\",\n"
      "2026-11-02T10:00:00Z,T1,csat,,5\n"
      "bad,T1,note,,\n"
      "2026-11-02T10:00:00Z,T1\n");
  ASSERT_EQ(o.events.size(), 3u);
  EXPECT_EQ(o.events[1],
            "{\"time\":\"2026-11-03T14:00:00Z\",\"ticket\":\"T1\",\"type\":\"agent_reply\","
            "\"agent\":\"Smith, J\"}");
  EXPECT_THAT(o.events[2], HasSubstr("\"value\":5"));
  EXPECT_THAT(o.reasons, ::testing::ElementsAre("bad_time", "malformed_line"));
  EXPECT_THAT(o.lines, ::testing::ElementsAre(5, 6));
}

TEST(EventReader, CsvHeaderErrors) {
  auto unknown = EventReader::Create("time,ticket,type,assignee\n", EventFormat::kCsv);
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(std::string(unknown.status().message()), HasSubstr("'assignee'"));
  auto missing = EventReader::Create("time,ticket\n", EventFormat::kCsv);
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(std::string(missing.status().message()), HasSubstr("'type'"));
  EXPECT_FALSE(EventReader::Create("", EventFormat::kCsv).ok());
}

TEST(EventReader, AutoDetectsTheFormat) {
  EXPECT_EQ(EventReader::Create("  \n{\"a\":1}", EventFormat::kAuto)->format(),
            EventFormat::kJsonl);
  EXPECT_EQ(EventReader::Create("time,ticket,type\n", EventFormat::kAuto)->format(),
            EventFormat::kCsv);
}

TEST(EventJsonlWriter, EscapesAndOmitsEmptyFields) {
  EventRecord e;
  e.time = FromEpochMs(0);
  e.set(EventField::kTicket, "a\"b\\c\nd\x01");
  e.set(EventField::kType, "note");
  std::string s;
  EventJsonlWriter::Format(e, Zone::Utc(), &s);
  EXPECT_EQ(s,
            "{\"time\":\"1970-01-01T00:00:00Z\",\"ticket\":\"a\\\"b\\\\c\\nd\\u0001\","
            "\"type\":\"note\"}");
}

TEST(EventJsonlWriter, OutputReadsBackUnchanged) {
  std::string line =
      "{\"time\":\"2026-11-02T09:00:00.5Z\",\"ticket\":\"T1\",\"type\":\"csat\","
      "\"agent\":\"al\",\"customer\":\"c\",\"group\":\"g\",\"channel\":\"chat\","
      "\"category\":\"billing\",\"priority\":\"high\",\"segment\":\"vip\",\"status\":\"open\","
      "\"value\":0.1,\"step\":\"menu 1\",\"workflow\":\"macro 7\"}";
  Outcome o = ReadAll(line);
  ASSERT_EQ(o.events.size(), 1u);
  EXPECT_EQ(o.events[0], "{\"time\":\"2026-11-02T09:00:00.500Z\"" + line.substr(32));
}

}  // namespace
}  // namespace csm::io
