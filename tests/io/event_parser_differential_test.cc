// One event parser: the library (Engine::IngestJsonl, behind
// csm_engine_ingest_jsonl) and the command line (io::FeedEvents, behind
// `csm report --events`) read a corpus of odd JSON lines to the same
// decisions, reasons and reports, and to the canonical reading of
// csm/model/internal/event_line.h.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "csm/engine/engine.h"
#include "csm/io/engine_feed.h"
#include "csm/report/report.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace csm::io {
namespace {

// Two tickets, T1 (named) and 5 (numbered), open before each odd line.
constexpr std::string_view kSetup =
    "{\"time\":\"2026-11-02T09:00:00Z\",\"ticket\":\"T1\",\"type\":\"created\",\"channel\":"
    "\"email\"}\n"
    "{\"time\":\"2026-11-02T09:00:00Z\",\"ticket\":5,\"type\":\"created\",\"channel\":\"chat\"}\n";

std::string Line(std::string_view fields) {
  return "{\"time\":\"2026-11-02T10:00:00Z\"," + std::string(fields) + "}";
}

struct Case {
  std::string text;      // one odd line (a few where the case is about line ends)
  std::string expected;  // "" accepted (every event of the text), else the reason of its one line
};

std::vector<Case> Corpus() {
  const std::string deep = std::string(100, '[') + std::string(100, ']');
  const std::string long_name(1025, 'a');
  return {
      // Tickets: 5 and "5" are one ticket; 0, negatives, fractions,
      // exponents and 2^63 are none.
      {Line("\"ticket\":\"5\",\"type\":\"agent_reply\""), ""},
      {Line("\"ticket\":5,\"type\":\"agent_reply\""), ""},
      {Line("\"ticket\":\"T1\",\"type\":\"agent_reply\""), ""},
      {Line("\"ticket\":0,\"type\":\"agent_reply\""), "invalid_field"},
      {Line("\"ticket\":-1,\"type\":\"agent_reply\""), "invalid_field"},
      {Line("\"ticket\":1.5,\"type\":\"agent_reply\""), "invalid_field"},
      {Line("\"ticket\":1e3,\"type\":\"created\""), "invalid_field"},
      {Line("\"ticket\":5.0,\"type\":\"agent_reply\""), "invalid_field"},
      {Line("\"ticket\":9223372036854775808,\"type\":\"created\""), "invalid_field"},
      {Line("\"ticket\":18446744073709551616,\"type\":\"created\""), "invalid_field"},
      {Line("\"ticket\":9223372036854775807,\"type\":\"created\""), ""},
      {Line("\"ticket\":\"9223372036854775808\",\"type\":\"created\""), ""},   // a name
      {Line("\"ticket\":\"0\",\"type\":\"created\""), ""},                     // a name
      {Line("\"ticket\":\"05\",\"type\":\"agent_reply\""), "unknown_ticket"},  // a name, not 5
      {Line("\"ticket\":\"-1\",\"type\":\"created\""), ""},                    // a name
      {Line("\"ticket\":\"\",\"type\":\"agent_reply\""), "invalid_field"},
      {Line("\"ticket\":true,\"type\":\"agent_reply\""), "invalid_field"},
      {Line("\"ticket\":[1],\"type\":\"agent_reply\""), "invalid_field"},
      {Line("\"ticket\":null,\"type\":\"agent_reply\""), "invalid_field"},
      {Line("\"type\":\"agent_reply\""), "invalid_field"},
      // Ticketless types, everywhere.
      {Line("\"type\":\"agent_state\",\"agent\":\"al\",\"status\":\"available\""), ""},
      {Line("\"type\":\"cost\",\"value\":12.5"), ""},
      // Times.
      {"{\"time\":\"2026-11-02T09:59:60Z\",\"ticket\":\"T1\",\"type\":\"note\"}", "invalid_field"},
      {"{\"time\":\" 2026-11-02T10:00:00Z\",\"ticket\":\"T1\",\"type\":\"note\"}", "invalid_field"},
      {"{\"time\":\"2026-11-02T10:00:00Z \",\"ticket\":\"T1\",\"type\":\"note\"}", "invalid_field"},
      {"{\"time\":\"2026-11-02T10:00:00\",\"ticket\":\"T1\",\"type\":\"note\"}", "invalid_field"},
      {"{\"time\":\"2026-11-02\",\"ticket\":\"T1\",\"type\":\"note\"}", "invalid_field"},
      {"{\"time\":\"2026-11-02T05:00:00-05:00\",\"ticket\":\"T1\",\"type\":\"note\"}", ""},
      {"{\"time\":\"2026-11-02 10:00:00.123456789+0000\",\"ticket\":\"T1\",\"type\":\"note\"}", ""},
      {"{\"time\":1793714400000,\"ticket\":\"T1\",\"type\":\"note\"}", ""},
      {"{\"time\":\"1793714400000\",\"ticket\":\"T1\",\"type\":\"note\"}", ""},
      {"{\"time\":1793714400000.0,\"ticket\":\"T1\",\"type\":\"note\"}", "invalid_field"},
      {"{\"time\":1.7937144e12,\"ticket\":\"T1\",\"type\":\"note\"}", "invalid_field"},
      {"{\"time\":-1,\"ticket\":\"T1\",\"type\":\"note\"}", "invalid_field"},
      {"{\"time\":\"1969-12-31T23:59:59Z\",\"ticket\":\"T1\",\"type\":\"note\"}", "invalid_field"},
      {"{\"time\":\"2200-01-01T00:00:01Z\",\"ticket\":\"T1\",\"type\":\"note\"}", "invalid_field"},
      {"{\"time\":99999999999999999999,\"ticket\":\"T1\",\"type\":\"note\"}", "invalid_field"},
      {"{\"time\":null,\"ticket\":\"T1\",\"type\":\"note\"}", "invalid_field"},
      {"{\"ticket\":\"T1\",\"type\":\"note\"}", "invalid_field"},
      {"{\"time\":\"2026-11-02T08:00:00Z\",\"ticket\":\"T1\",\"type\":\"note\"}", "out_of_order"},
      // Values.
      {Line("\"ticket\":\"T1\",\"type\":\"csat\",\"value\":\"5\""), "invalid_field"},
      {Line("\"ticket\":\"T1\",\"type\":\"csat\",\"value\":5"), ""},
      {Line("\"ticket\":\"T1\",\"type\":\"csat\",\"value\":4e0"), ""},
      {Line("\"ticket\":\"T1\",\"type\":\"csat\",\"value\":1e999"), "invalid_field"},
      {Line("\"ticket\":\"T1\",\"type\":\"csat\",\"value\":7"), "invalid_field"},
      {Line("\"ticket\":\"T1\",\"type\":\"csat\",\"value\":true"), "invalid_field"},
      {Line("\"ticket\":\"T1\",\"type\":\"csat\",\"value\":null"), "invalid_field"},
      // Types, keys and statuses.
      {Line("\"ticket\":\"T1\",\"type\":\"creatd\""), "unknown_type"},
      {Line("\"ticket\":\"T1\",\"type\":\"\""), "unknown_type"},
      {Line("\"ticket\":\"T1\",\"type\":5"), "invalid_field"},
      {Line("\"ticket\":\"T1\""), "invalid_field"},
      {Line("\"ticket\":\"T1\",\"type\":\"creatd\",\"kind\":1"), "unknown_type"},
      {Line("\"ticket\":\"T1\",\"type\":\"note\",\"kind\":1"), "invalid_field"},
      {Line("\"ticket\":\"T1\",\"type\":\"note\",\"agent\":\"a\",\"agent\":\"b\""),
       "invalid_field"},
      {Line("\"ticket\":\"T1\",\"type\":\"status\",\"status\":\"busy\""), "invalid_field"},
      {Line("\"ticket\":\"T1\",\"type\":\"status\",\"status\":\"solved\""), ""},
      {Line("\"ticket\":\"T1\",\"type\":\"status\",\"status\":5"), "invalid_field"},
      {Line("\"ticket\":\"T1\",\"type\":\"status\""), "invalid_field"},
      // Names.
      {Line("\"ticket\":\"T1\",\"type\":\"note\",\"customer\":1042"), ""},
      {Line("\"ticket\":\"T1\",\"type\":\"note\",\"customer\":-3"), ""},
      {Line("\"ticket\":\"T1\",\"type\":\"note\",\"customer\":1.5"), "invalid_field"},
      {Line("\"ticket\":\"T1\",\"type\":\"note\",\"agent\":\"\""), "invalid_field"},
      {Line("\"ticket\":\"T1\",\"type\":\"note\",\"agent\":null"), ""},
      {Line("\"ticket\":\"T1\",\"type\":\"note\",\"agent\":{\"a\":[1,{}]}"), "invalid_field"},
      {Line("\"ticket\":\"T1\",\"type\":\"note\",\"agent\":" + deep), "malformed"},
      {Line("\"ticket\":\"T1\",\"type\":\"note\",\"agent\":\"" + long_name + "\""),
       "invalid_field"},
      {Line("\"ticket\":\"T1\",\"type\":\"note\",\"agent\":\"a\\u0001\""), "invalid_field"},
      {Line("\"ticket\":\"T\\u0031\",\"type\":\"note\",\"agent\":\"\\u00e9\\ud83d\\ude00\""), ""},
      {Line("\"ticket\":\"T1\",\"type\":\"note\",\"agent\":\"\\ud83d\""), "malformed"},
      {Line("\"ticket\":\"T1\",\"type\":\"note\",\"agent\":\"a\xff\""), "malformed"},
      {Line("\"ticket\":\"T1\",\"type\":\"note\",\"agent\":\"a\tb\""), "malformed"},
      // JSON syntax.
      {"not json", "malformed"},
      {"[1,2]", "malformed"},
      {"{}", "invalid_field"},
      {Line("\"ticket\":\"T1\",\"type\":\"note\"") + " x", "malformed"},
      {Line("\"ticket\":\"T1\",\"type\":\"note\","), "malformed"},
      {"{\"time\":\"2026-11-02T10:00:00Z\" \"ticket\":\"T1\"}", "malformed"},
      {Line("\"ticket\":\"T1\",\"type\":\"note\",\"value\":01"), "malformed"},
      {Line("\"ticket\":\"T1\",\"type\":\"note\",\"value\":+1"), "malformed"},
      {Line("\"ticket\":\"T1\",\"type\":\"note\",\"value\":nul"), "malformed"},
      {"\t " + Line("\"ticket\":\"T1\",\"type\":\"note\"") + " \t", ""},
      {"   ", ""},
      // Line ends: CR alone, CRLF and LF all end a line.
      {Line("\"ticket\":\"T1\",\"type\":\"note\"") + "\r" + Line("\"ticket\":5,\"type\":\"note\""),
       ""},
      {Line("\"ticket\":\"T1\",\"type\":\"note\"") + "\r\n\r\n" +
           Line("\"ticket\":5,\"type\":\"note\""),
       ""},
  };
}

struct Outcome {
  std::int64_t accepted = 0;
  std::map<std::string, std::int64_t> reasons;
  std::set<std::int64_t> rejected_lines;  // 1-based
  std::string report;                     // without its "rejected" section
};

std::unique_ptr<Engine> NewEngine() {
  absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create(
      R"({"views": [{"group_by": ["channel"], "grain": "all"}, {"group_by": ["agent"], "grain": "all"}]})");
  EXPECT_TRUE(engine.ok()) << engine.status();
  return std::move(*engine);
}

std::string ReportOf(const Engine& engine) {
  absl::StatusOr<std::string> report =
      report::RunJson(engine, R"({"grain": "all", "group_by": ["channel"]})");
  EXPECT_TRUE(report.ok()) << report.status();
  nlohmann::json j = nlohmann::json::parse(report.value_or("{}"));
  j.erase("rejected");
  return j.dump();
}

Outcome ThroughTheLibrary(std::string_view text) {
  auto engine = NewEngine();
  const IngestResult r = engine->IngestJsonl(text);
  Outcome o;
  o.accepted = static_cast<std::int64_t>(r.accepted);
  for (int reason = 1; reason <= kRejectReasonCount; ++reason) {
    if (uint64_t n = engine->rejected(static_cast<RejectReason>(reason)); n > 0) {
      o.reasons[std::string(RejectReasonName(static_cast<RejectReason>(reason)))] =
          static_cast<std::int64_t>(n);
    }
  }
  for (const Rejection& bad : r.first_rejections) {
    o.rejected_lines.insert(static_cast<std::int64_t>(bad.index) + 1);
  }
  o.report = ReportOf(*engine);
  return o;
}

Outcome ThroughTheCommandLine(std::string_view text) {
  auto engine = NewEngine();
  FeedOptions options;
  options.format = EventFormat::kJsonl;
  absl::StatusOr<FeedResult> r = FeedEvents(text, *engine, options);
  EXPECT_TRUE(r.ok()) << r.status();
  Outcome o;
  if (!r.ok()) return o;
  o.accepted = r->accepted;
  for (const auto* reasons : {&r->input_rejected, &r->engine_rejected}) {
    for (const auto& [reason, n] : *reasons) o.reasons[reason] += n;
  }
  for (const std::string& message : r->first_rejections) {
    o.rejected_lines.insert(std::stoll(message.substr(std::string("line ").size())));
  }
  o.report = ReportOf(*engine);
  return o;
}

TEST(EventParserDifferential, LibraryAndCommandLineReadEveryOddLineAlike) {
  for (const Case& c : Corpus()) {
    const std::string text = std::string(kSetup) + c.text + "\n";
    const Outcome library = ThroughTheLibrary(text);
    const Outcome cli = ThroughTheCommandLine(text);
    EXPECT_EQ(library.accepted, cli.accepted) << c.text;
    EXPECT_EQ(library.reasons, cli.reasons) << c.text;
    EXPECT_EQ(library.rejected_lines, cli.rejected_lines) << c.text;
    EXPECT_EQ(library.report, cli.report) << c.text;
    // And both read it canonically.
    if (c.expected.empty()) {
      EXPECT_TRUE(library.reasons.empty())
          << c.text << " rejected as " << library.reasons.begin()->first;
    } else {
      EXPECT_EQ(library.reasons, (std::map<std::string, std::int64_t>{{c.expected, 1}})) << c.text;
      EXPECT_EQ(library.rejected_lines, std::set<std::int64_t>{3}) << c.text;
    }
  }
}

TEST(EventParserDifferential, TheWholeCorpusAtOnceGivesTheSameReport) {
  std::string text(kSetup);
  for (const Case& c : Corpus()) text += c.text + "\n";
  const Outcome library = ThroughTheLibrary(text);
  const Outcome cli = ThroughTheCommandLine(text);
  EXPECT_GT(library.accepted, 10);
  EXPECT_EQ(library.accepted, cli.accepted);
  EXPECT_EQ(library.reasons, cli.reasons);
  EXPECT_EQ(library.report, cli.report);
}

TEST(EventParserDifferential, CarriageReturnsAloneSplitLines) {
  const std::string text = std::string(kSetup) + Line("\"ticket\":\"T1\",\"type\":\"note\"") +
                           "\r" + Line("\"ticket\":5,\"type\":\"note\"") + "\r";
  EXPECT_EQ(ThroughTheLibrary(text).accepted, 4);
  EXPECT_EQ(ThroughTheCommandLine(text).accepted, 4);
}

TEST(EventParserDifferential, AByteOrderMarkIsSkipped) {
  const std::string text = "\xEF\xBB\xBF" + std::string(kSetup);
  EXPECT_EQ(ThroughTheLibrary(text).accepted, 2);
  EXPECT_EQ(ThroughTheCommandLine(text).accepted, 2);
}

TEST(EventParserDifferential, NumberAndStringTicketsAreOneTicket) {
  const std::string text =
      "{\"time\":\"2026-11-02T09:00:00Z\",\"ticket\":\"42\",\"type\":\"created\"}\n"
      "{\"time\":\"2026-11-02T09:30:00Z\",\"ticket\":42,\"type\":\"agent_reply\"}\n"
      "{\"time\":\"2026-11-02T09:40:00Z\",\"ticket\":42,\"type\":\"created\"}\n";
  for (const Outcome& o : {ThroughTheLibrary(text), ThroughTheCommandLine(text)}) {
    EXPECT_EQ(o.accepted, 2);
    EXPECT_EQ(o.reasons, (std::map<std::string, std::int64_t>{{"duplicate_created", 1}}));
  }
}

}  // namespace
}  // namespace csm::io
