// Events files into the engine: reader and engine rejections, both with lines.
#include "csm/io/engine_feed.h"
#include "csm/engine/internal/engine_impl.h"

#include <string>
#include <vector>

#include "csm/io/event_writer.h"
#include "csm/io/import/importer.h"
#include "csm/io/line_chunks.h"
#include "csm/io/mapped_file.h"
#include "csm/report/report.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/real_data.h"

namespace csm::io {
namespace {

using ::testing::HasSubstr;

std::unique_ptr<Engine> NewEngine() {
  absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create("{}");
  EXPECT_TRUE(engine.ok()) << engine.status();
  return std::move(*engine);
}

constexpr std::string_view kEvents =
    "{\"time\":\"2026-11-02T09:00:00Z\",\"ticket\":\"T1\",\"type\":\"created\",\"channel\":"
    "\"email\"}\n"
    "{\"time\":\"2026-11-02T09:30:00Z\",\"ticket\":\"T1\",\"type\":\"agent_reply\",\"agent\":"
    "\"al\"}\n"
    "{\"time\":\"2026-11-02T09:40:00Z\",\"ticket\":\"T9\",\"type\":\"agent_reply\"}\n"
    "{\"time\":\"2026-11-02T09:45:00Z\",\"ticket\":\"T1\",\"type\":\"status\",\"status\":\"busy\"}"
    "\n"
    "{\"time\":\"bad\",\"ticket\":\"T1\",\"type\":\"note\"}\n"
    "{\"time\":\"2026-11-02T10:00:00Z\",\"ticket\":\"T1\",\"type\":\"status\",\"status\":"
    "\"solved\"}\n";

TEST(FeedEvents, CountsReaderAndEngineRejectionsWithLines) {
  auto engine = NewEngine();
  absl::StatusOr<FeedResult> r = FeedEvents(kEvents, *engine);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->accepted, 3);
  EXPECT_EQ(r->engine_rejected, (std::map<std::string, std::int64_t>{{"unknown_ticket", 1}}));
  EXPECT_EQ(r->input_rejected, (std::map<std::string, std::int64_t>{{"invalid_field", 2}}));
  EXPECT_EQ(r->rejected(), 3);
  EXPECT_EQ(engine->rejected(RejectReason::kUnknownTicket), 1u);
  ASSERT_EQ(r->first_rejections.size(), 3u);
  EXPECT_THAT(r->first_rejections[0], HasSubstr("line 3: unknown_ticket"));
  EXPECT_THAT(r->first_rejections[1], HasSubstr("line 4: status \"busy\""));
  EXPECT_THAT(r->first_rejections[2], HasSubstr("line 5: bad ISO-8601 time"));
}

// The CLI called a name past max_distinct_values invalid_field; the engine's
// JSONL ingest and the C ABI call it limit_exceeded.
TEST(FeedEvents, ANameBeyondMaxDistinctValuesIsLimitExceeded) {
  absl::StatusOr<std::unique_ptr<Engine>> engine =
      Engine::Create(R"({"options": {"max_distinct_values": 2}})");
  ASSERT_TRUE(engine.ok()) << engine.status();
  const std::string events =
      "{\"time\":\"2026-11-02T09:00:00Z\",\"ticket\":1,\"type\":\"created\",\"agent\":\"a\"}\n"
      "{\"time\":\"2026-11-02T09:01:00Z\",\"ticket\":2,\"type\":\"created\",\"agent\":\"b\"}\n"
      "{\"time\":\"2026-11-02T09:02:00Z\",\"ticket\":3,\"type\":\"created\",\"agent\":\"c\"}\n";
  for (int threads : {1, 2}) {
    FeedOptions options;
    options.threads = threads;
    absl::StatusOr<FeedResult> r = FeedEvents(events, **engine, options);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->input_rejected.count("invalid_field"), 0u);
    EXPECT_GE(r->input_rejected["limit_exceeded"], 1);
  }
}

TEST(FeedEvents, StrictStopsAtTheFirstRejection) {
  auto engine = NewEngine();
  FeedOptions options;
  options.strict = true;
  absl::StatusOr<FeedResult> r = FeedEvents(kEvents, *engine, options);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("line 3"));
}

TEST(FeedEvents, StrictWithTwoThreadsStopsAtTheFirstRejection) {
  auto engine = NewEngine();
  FeedOptions options;
  options.strict = true;
  options.threads = 2;
  absl::StatusOr<FeedResult> r = FeedEvents(kEvents, *engine, options);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("line 3"));
  // Nothing after line 3 reached the engine.
  EXPECT_EQ(engine->live_tickets(), 1u);
  EXPECT_EQ(engine->rejected_total(), 1u);
}

// A CSV of `tickets` tickets × 4 events with every kind of rejection mixed
// in, quoted names (one with a doubled quote), CRLF line ends and no line
// break at the end; long enough for many batches.
std::string MixedCsv(int tickets) {
  std::string csv = "time,ticket,type,agent,channel,status\r\n";
  const std::int64_t start = 1767225600000;
  for (int i = 0; i < tickets; ++i) {
    const std::string t = "T" + std::to_string(i);
    const std::int64_t at = start + i * 60000;
    const std::string agent = i % 5 == 0 ? "\"al \"\"the\"\" one\"" : "a" + std::to_string(i % 13);
    csv += std::to_string(at) + "," + t + ",created,," + (i % 3 ? "email" : "\"chat\"") + ",\r\n";
    csv += std::to_string(at + 1000) + "," + t + ",assigned," + agent + ",,\r\n";
    if (i % 101 == 0) csv += "bad-time," + t + ",note,,,\r\n";                   // bad_time
    if (i % 103 == 0) csv += std::to_string(at + 1500) + "," + t + ",note\r\n";  // field count
    if (i % 107 == 0) csv += std::to_string(at + 1600) + ",X" + t + ",agent_reply,a1,,\r\n";
    if (i % 109 == 0) csv += std::to_string(at + 1700) + "," + t + ",status,,,busy\r\n";
    if (i % 113 == 0) csv += std::to_string(at + 1800) + "," + t + ",created,,email,\r\n";
    csv += std::to_string(at + 2000) + "," + t + ",agent_reply," + agent + ",,\r\n";
    csv += std::to_string(at + 3000) + "," + t + ",status,,,solved\r\n";
  }
  csv.resize(csv.size() - 2);  // no line break after the last line
  return csv;
}

// Reading on a second thread changes nothing: same counts, same messages,
// same engine state, byte for byte.
TEST(FeedEvents, TwoThreadsGiveTheSameResultAsOne) {
  const std::string csv = MixedCsv(6000);
  constexpr std::string_view kConfig = R"({"views": [{"group_by": ["agent"], "grain": "day"},
                                                     {"group_by": ["channel"], "grain": "hour"}]})";
  std::unique_ptr<Engine> one = std::move(*Engine::Create(kConfig));
  std::unique_ptr<Engine> two = std::move(*Engine::Create(kConfig));
  FeedOptions options;
  absl::StatusOr<FeedResult> a = FeedEvents(csv, *one, options);
  options.threads = 2;
  absl::StatusOr<FeedResult> b = FeedEvents(csv, *two, options);
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(a->accepted, 4 * 6000);
  EXPECT_EQ(a->input_rejected,
            (std::map<std::string, std::int64_t>{{"invalid_field", 60 + 56}, {"malformed", 59}}));
  EXPECT_EQ(a->engine_rejected, (std::map<std::string, std::int64_t>{{"duplicate_created", 54},
                                                                     {"unknown_ticket", 57}}));
  EXPECT_EQ(a->accepted, b->accepted);
  EXPECT_EQ(a->input_rejected, b->input_rejected);
  EXPECT_EQ(a->engine_rejected, b->engine_rejected);
  EXPECT_EQ(a->first_rejections, b->first_rejections);
  // The same names with the same ids, and the same reports. (Serialize()
  // is not compared: hash map order differs between two maps.)
  for (int f = 0; f < kFieldCount; ++f) {
    const Field field = static_cast<Field>(f);
    ASSERT_EQ(one->impl().interned().size(field), two->impl().interned().size(field));
    for (uint32_t id = 1; id <= one->impl().interned().size(field); ++id) {
      ASSERT_EQ(one->impl().interned().Name(field, id), two->impl().interned().Name(field, id));
    }
  }
  EXPECT_EQ(one->live_tickets(), two->live_tickets());
  for (const char* query : {R"({"grain": "day", "group_by": ["agent"]})",
                            R"({"grain": "hour", "group_by": ["channel"]})"}) {
    absl::StatusOr<std::string> ra = report::RunJson(*one, query);
    absl::StatusOr<std::string> rb = report::RunJson(*two, query);
    ASSERT_TRUE(ra.ok()) << ra.status();
    ASSERT_TRUE(rb.ok()) << rb.status();
    EXPECT_GT(ra->size(), 1000u);
    EXPECT_TRUE(*ra == *rb) << query;
  }
  // Messages in line order, reader's and engine's mixed; quoted names
  // unquoted; the first line after the CRLF header is line 2.
  ASSERT_EQ(a->first_rejections.size(), 10u);
  EXPECT_THAT(a->first_rejections[0], HasSubstr("line 4: bad ISO-8601 time"));
  EXPECT_THAT(a->first_rejections[1], HasSubstr("line 5: has 3 fields"));
  EXPECT_THAT(a->first_rejections[2], HasSubstr("line 6: unknown_ticket (ticket 'XT0'"));
  EXPECT_THAT(a->first_rejections[3], HasSubstr("line 7: status \"busy\""));
  EXPECT_THAT(a->first_rejections[4], HasSubstr("line 8: duplicate_created (ticket 'T0'"));
  ASSERT_TRUE(one->impl().interned().Find(Field::kAgent, "al \"the\" one").has_value());
  ASSERT_TRUE(one->impl().interned().Find(Field::kChannel, "chat").has_value());
}

// The reader names tickets a few events late (to prefetch their entries),
// except names unescaped into a scratch buffer, which it names at once: the
// engine still gets every event's ticket and gives ids in order of first
// appearance, across batches.
TEST(FeedEvents, TicketIdsFollowFirstAppearanceWithEscapedNames) {
  std::string csv = "time,ticket,type\n";
  std::vector<std::string> expected;  // ticket names in order of first appearance
  const std::int64_t start = 1767225600000;
  for (int i = 0; i < 9000; ++i) {
    const bool escaped = i % 7 == 3 || i % 11 == 0;
    const std::string field =
        escaped ? "\"Q\"\"" + std::to_string(i) + "\"" : "T" + std::to_string(i);
    expected.push_back(escaped ? "Q\"" + std::to_string(i) : "T" + std::to_string(i));
    csv += std::to_string(start + 2 * i) + "," + field + ",created\n";
    if (i >= 5) {  // an earlier ticket again
      const int j = i - 5;
      const bool e = j % 7 == 3 || j % 11 == 0;
      csv += std::to_string(start + 2 * i + 1) + "," +
             (e ? "\"Q\"\"" + std::to_string(j) + "\"" : "T" + std::to_string(j)) + ",note\n";
    }
  }
  for (int threads : {1, 2}) {
    auto engine = NewEngine();
    FeedOptions options;
    options.threads = threads;
    absl::StatusOr<FeedResult> r = FeedEvents(csv, *engine, options);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->accepted, 9000 + 8995);
    EXPECT_EQ(r->rejected(), 0);
    ASSERT_EQ(engine->impl().interned().size(Field::kTicket), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      ASSERT_EQ(engine->impl().interned().Name(Field::kTicket, static_cast<uint32_t>(i + 1)),
                expected[i])
          << threads;
    }
  }
}

TEST(FeedEvents, StrictOnAMixedFileStopsAtItsFirstBadLine) {
  for (int threads : {1, 2}) {
    auto engine = NewEngine();
    FeedOptions options;
    options.strict = true;
    options.threads = threads;
    absl::StatusOr<FeedResult> r = FeedEvents(MixedCsv(6000), *engine, options);
    ASSERT_FALSE(r.ok());
    EXPECT_THAT(std::string(r.status().message()), HasSubstr("line 4: bad ISO-8601 time"));
    EXPECT_EQ(engine->live_tickets(), 1u) << threads;
  }
}

// A name the engine refuses (a control character) rejects each event that
// carries it, every time, with its line.
TEST(FeedEvents, NamesTheEngineRefusesRejectTheirEvents) {
  for (int threads : {1, 2}) {
    auto engine = NewEngine();
    FeedOptions options;
    options.threads = threads;
    absl::StatusOr<FeedResult> r = FeedEvents(
        "time,ticket,type,agent\n1767225600000,T1,created,\n1767225601000,T1,assigned,\"a\x01\"\n"
        "1767225602000,T1,agent_reply,\"a\x01\"\n1767225603000,T1,agent_reply,al\n",
        *engine, options);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->accepted, 2);
    EXPECT_EQ(r->input_rejected, (std::map<std::string, std::int64_t>{{"invalid_field", 2}}));
    ASSERT_EQ(r->first_rejections.size(), 2u);
    EXPECT_THAT(r->first_rejections[0], HasSubstr("line 3: agent"));
    EXPECT_THAT(r->first_rejections[1], HasSubstr("line 4: agent"));
  }
}

TEST(FeedEvents, CsvInput) {
  auto engine = NewEngine();
  absl::StatusOr<FeedResult> r = FeedEvents(
      "time,ticket,type,agent\n2026-11-02T09:00:00Z,T1,created,\n"
      "2026-11-02T09:30:00Z,T1,agent_reply,al\n",
      *engine);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->accepted, 2);
  EXPECT_EQ(r->rejected(), 0);
}

// The real files as `csm import` writes them (time order), fed to an engine.
std::string ImportedJsonl(const char* preset, const char* file, std::int64_t* events) {
  absl::StatusOr<MappedFile> data = MappedFile::Open(::csm::testing::RealDataPath(file));
  if (!data.ok()) return {};
  ImportOptions options;
  ImportStats stats;
  TimeSortedJsonl sorted(*Zone::Find(ImportZoneName(preset, options)));
  EXPECT_TRUE(
      ImportEvents(
          preset, data->data(), options, [&](const EventRecord& e) { sorted.Add(e); }, &stats)
          .ok());
  std::string jsonl;
  sorted.ForEachSorted([&](std::string_view line) { jsonl.append(line); });
  *events = stats.events();
  return jsonl;
}

TEST(FeedEvents, ImportedCallsAndRequestsAreAllAccepted) {
  for (auto [preset, file] : {std::pair{"nyc311", "311_Service_Requests_from_2010_to_Present.csv"},
                              {"bank-calls", "data_anonymous_bank_february.txt"}}) {
    CSM_REQUIRE_REAL_DATA(file);
    std::int64_t events = 0;
    std::string jsonl = ImportedJsonl(preset, file, &events);
    auto engine = NewEngine();
    absl::StatusOr<FeedResult> r = FeedEvents(jsonl, *engine);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->accepted, events) << preset;
    EXPECT_EQ(r->rejected(), 0) << preset << ": "
                                << (r->first_rejections.empty() ? "" : r->first_rejections[0]);
  }
}

TEST(FeedEvents, IncidentsClosedAfterTheReopenWindow) {
  CSM_REQUIRE_REAL_DATA("incident_event_log.csv");
  std::int64_t events = 0;
  std::string jsonl = ImportedJsonl("servicenow", "incident_event_log.csv", &events);
  // With the default 30-day reopen window the engine forgets a solved
  // incident 30 days on, so a later close is rejected (ticket_released).
  // Python over the raw log (state changes per incident, times raised to
  // keep order as the preset does): incidents whose Closed transition comes
  // more than 2592000 s after their last Resolved one → 8.
  auto engine = NewEngine();
  absl::StatusOr<FeedResult> r = FeedEvents(jsonl, *engine);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->engine_rejected, (std::map<std::string, std::int64_t>{{"ticket_released", 8}}));
  EXPECT_EQ(r->accepted, events - 8);
  // A one-year window keeps them: everything is accepted.
  auto patient = Engine::Create(R"({"options": {"reopen_window": 31536000}})");
  ASSERT_TRUE(patient.ok()) << patient.status();
  r = FeedEvents(jsonl, **patient);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->accepted, events);
  EXPECT_EQ(r->rejected(), 0);
}

// Several readers (chunks split at line boundaries, line_chunks.h) against
// one: the same counts, messages with the same lines, names with the same
// ids, the same reports.
void ExpectChunkedFeedAsOne(const std::string& data, std::size_t chunk_bytes) {
  constexpr std::string_view kConfig = R"({"views": [{"group_by": ["agent"], "grain": "day"},
                                                     {"group_by": ["channel"], "grain": "hour"}]})";
  std::unique_ptr<Engine> one = std::move(*Engine::Create(kConfig));
  absl::StatusOr<FeedResult> a = FeedEvents(data, *one);
  for (int readers : {2, 3, 5}) {
    SCOPED_TRACE(::testing::Message() << readers << " readers, chunks of " << chunk_bytes);
    std::unique_ptr<Engine> many = std::move(*Engine::Create(kConfig));
    FeedOptions options;
    options.threads = 2;
    options.readers = readers;
    options.chunk_bytes = chunk_bytes;
    absl::StatusOr<FeedResult> b = FeedEvents(data, *many, options);
    ASSERT_EQ(a.ok(), b.ok());
    if (!a.ok()) {
      EXPECT_EQ(a.status(), b.status());
      continue;
    }
    EXPECT_EQ(a->accepted, b->accepted);
    EXPECT_EQ(a->input_rejected, b->input_rejected);
    EXPECT_EQ(a->engine_rejected, b->engine_rejected);
    EXPECT_EQ(a->first_rejections, b->first_rejections);
    for (int f = 0; f < kFieldCount; ++f) {
      const Field field = static_cast<Field>(f);
      ASSERT_EQ(one->impl().interned().size(field), many->impl().interned().size(field));
      for (uint32_t id = 1; id <= one->impl().interned().size(field); ++id) {
        ASSERT_EQ(one->impl().interned().Name(field, id), many->impl().interned().Name(field, id));
      }
    }
    EXPECT_EQ(one->live_tickets(), many->live_tickets());
    for (const char* query : {R"({"grain": "day", "group_by": ["agent"]})",
                              R"({"grain": "hour", "group_by": ["channel"]})"}) {
      absl::StatusOr<std::string> ra = report::RunJson(*one, query);
      absl::StatusOr<std::string> rb = report::RunJson(*many, query);
      ASSERT_TRUE(ra.ok()) << ra.status();
      ASSERT_TRUE(rb.ok()) << rb.status();
      EXPECT_TRUE(*ra == *rb) << query;
    }
  }
}

// Good tickets first, so the first rejections (the ones with messages) lie
// in later chunks; then MixedCsv's rows: every kind of rejection, quoted
// names, CRLF, no line break at the end.
std::string LateRejectionsCsv() {
  std::string csv = MixedCsv(1200);
  std::string good;
  const std::int64_t start = 1767225000000;
  for (int i = 0; i < 1500; ++i) {
    const std::string t = "G" + std::to_string(i);
    good += std::to_string(start + i) + "," + t + ",created,,web,\n";
    good += std::to_string(start + i) + "," + t + ",assigned,g" + std::to_string(i % 7) + ",,\n";
  }
  const std::size_t header = csv.find('\n') + 1;
  return csv.insert(header, good);
}

TEST(FeedEvents, SeveralReadersGiveTheSameResultAsOne) {
  const std::string csv = LateRejectionsCsv();
  for (std::size_t chunk : {300, 4096}) ExpectChunkedFeedAsOne(csv, chunk);
}

TEST(FeedEvents, SeveralReadersOfJsonLines) {
  std::string jsonl;
  for (int i = 0; i < 300; ++i) jsonl += std::string(kEvents);
  // Blank lines, a CRLF, a lone CR, a byte-order mark and no break at the end.
  jsonl = "\xEF\xBB\xBF\n" + jsonl + "\r\n  \n" + std::string(kEvents) + "\r" +
          std::string(kEvents.substr(0, kEvents.size() - 1));
  for (std::size_t chunk : {1, 50, 1000, 8192}) ExpectChunkedFeedAsOne(jsonl, chunk);
}

// A quoted field with line breaks and a stray quote: no chunk starts inside
// them (the CSV quote rule, line_chunks.h), so the records are the same.
TEST(FeedEvents, SeveralReadersOfCsvWithQuotedLineBreaks) {
  std::string csv = "time,ticket,type,agent,channel,status\n";
  const std::int64_t start = 1767225600000;
  auto plain = [&](int from, int to) {
    for (int i = from; i < to; ++i) {
      const std::string t = "T" + std::to_string(i);
      csv += std::to_string(start + i) + "," + t + ",created,,email,\n";
      csv += std::to_string(start + i) + "," + t + ",assigned,a" + std::to_string(i % 9) + ",,\n";
    }
  };
  plain(0, 3000);
  csv += std::to_string(start + 3000) + ",Q1,created,,\"e\nmail\",\n";  // a quoted line break
  csv += std::to_string(start + 3001) + ",Q1,assigned,\"al\r\n\"\"x\"\"\",,\n";
  csv += std::to_string(start + 3002) + ",Q2,created,,\"stray\n";  // never closes: rejected
  csv += std::to_string(start + 3003) + ",Q3,created,,email,\n";
  plain(3004, 9000);
  ASSERT_GT(csv.size(), 3 * kCsvQuoteFreeBytes);
  ExpectChunkedFeedAsOne(csv, 2048);
  ExpectChunkedFeedAsOne(csv, 300);
}

// Names unescaped into a reader's own storage (doubled quotes), first seen
// in the last chunks: the engine side interns them after their reading
// thread is done, from storage that must still be there (ASan checks).
TEST(FeedEvents, SeveralReadersNamesCopiedLate) {
  std::string csv = "time,ticket,type,agent\n";
  const std::int64_t start = 1767225600000;
  for (int i = 0; i < 4000; ++i) {
    csv += std::to_string(start + i) + ",T" + std::to_string(i) + ",created,\n";
  }
  for (int i = 0; i < 40; ++i) {
    csv += std::to_string(start + 5000 + i) + ",T" + std::to_string(i) + ",assigned,\"n\"\"" +
           std::to_string(i) + "\"\n";
  }
  ExpectChunkedFeedAsOne(csv, 1024);
}

// Inputs with nothing or little to split.
TEST(FeedEvents, SeveralReadersOfTinyInputs) {
  for (std::string data :
       {std::string(""), std::string("time,ticket,type\n"), std::string("time,ticket,type"),
        std::string("\n\n\n"), std::string("time,ticket,type\n1767225600000,T1,created"),
        std::string("time,ticket,type\n1767225600000,T1,created\nx,T1,note\n"),
        std::string(kEvents.substr(0, 90))}) {
    SCOPED_TRACE(data);
    ExpectChunkedFeedAsOne(data, 1);
  }
}

// Strict: the first bad line ends the feed, with its line, whichever chunk
// holds it.
TEST(FeedEvents, StrictWithSeveralReadersStopsAtTheFirstRejection) {
  auto engine = NewEngine();
  FeedOptions options;
  options.strict = true;
  options.threads = 2;
  options.readers = 3;
  options.chunk_bytes = 512;
  absl::StatusOr<FeedResult> r = FeedEvents(LateRejectionsCsv(), *engine, options);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("line 3004: bad ISO-8601 time"));
}

}  // namespace
}  // namespace csm::io
