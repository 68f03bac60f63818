// Bad input: every rejection reason, "a rejected event changes nothing",
// accepted + rejected == input, the reopen window and releases.
#include <random>

#include "csm/engine/internal/engine_impl.h"
#include "scenario.h"

namespace csm::testing {
namespace {

using nlohmann::json;

TEST(Rejections, EachReasonIsCountedAndReported) {
  Scenario s(R"({"options": {"reopen_window": 3600}})");
  Engine& e = s.engine();
  s.Events(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"created"}
{"time":"2026-11-02T10:30:00Z","ticket":"T1","type":"status","status":"solved"}
)");
  EXPECT_EQ(
      OnlyRejection(e, R"({"time":"2026-11-02T11:00:00Z","ticket":"T9","type":"agent_reply"})"),
      RejectReason::kUnknownTicket);
  EXPECT_EQ(OnlyRejection(e, R"({"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"created"})"),
            RejectReason::kDuplicateCreated);
  EXPECT_EQ(OnlyRejection(e, R"({"time":"2026-11-02T10:29:00Z","ticket":"T1","type":"note"})"),
            RejectReason::kOutOfOrder);
  EXPECT_EQ(OnlyRejection(e, R"({"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"reply"})"),
            RejectReason::kUnknownType);
  EXPECT_EQ(
      OnlyRejection(
          e, R"({"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"status","status":"busy"})"),
      RejectReason::kInvalidField);
  // 10:30 + 1 h reopen window < 11:31.
  EXPECT_EQ(
      OnlyRejection(
          e, R"({"time":"2026-11-02T11:31:00Z","ticket":"T1","type":"status","status":"open"})"),
      RejectReason::kTicketReleased);
  EXPECT_EQ(OnlyRejection(e, "this is not json"), RejectReason::kMalformed);

  const json rejected = s.Report(R"({"grain": "all"})")["rejected"];
  EXPECT_EQ(rejected["count"], 7);
  for (const char* reason : {"unknown_ticket", "duplicate_created", "out_of_order", "unknown_type",
                             "invalid_field", "ticket_released", "malformed"}) {
    EXPECT_EQ(rejected["reasons"][reason], 1) << reason;
  }
  EXPECT_EQ(e.rejected_total(), 7u);
}

TEST(Rejections, InvalidFields) {
  Scenario s;
  Engine& e = s.engine();
  s.Events(R"({"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"created"})");
  for (std::string_view line : {
           R"({"ticket":"T1","type":"note"})",                                   // no time
           R"({"time":"2026-11-02T11:00:00","ticket":"T1","type":"note"})",      // no offset
           R"({"time":-5,"ticket":"T1","type":"note"})",                         // before 1970
           R"({"time":"2026-11-02T11:00:00Z","type":"note"})",                   // no ticket
           R"({"time":"2026-11-02T11:00:00Z","ticket":-3,"type":"note"})",       // negative key
           R"({"time":"2026-11-02T11:00:00Z","ticket":"T1"})",                   // no type
           R"({"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"updated"})",  // nothing updated
           R"({"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"assigned","channel":"x"})",
           R"({"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"csat","value":6})",
           R"({"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"nps"})",
           R"({"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"workflow"})",
           R"({"time":"2026-11-02T11:00:00Z","type":"agent_state","agent":"a","status":"open"})",
           R"({"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"note","agent":""})",
           R"({"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"note","agent":true})",
           R"({"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"note","agnet":"a"})",  // typo
           R"({"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"note","value":"5"})",
       }) {
    EXPECT_EQ(OnlyRejection(e, line), RejectReason::kInvalidField) << line;
  }
  // C++ events: ids must have been interned, ratings finite.
  Event bad;
  bad.time = FromEpochMs(1'800'000'000'000);
  bad.ticket = 7;
  bad.type = EventType::kNote;
  bad.agent = 99;  // never interned
  EXPECT_EQ(e.Ingest(bad), RejectReason::kInvalidField);
  bad.agent = 0;
  bad.ticket = NamedTicketKey(42);  // no such name
  EXPECT_EQ(e.Ingest(bad), RejectReason::kInvalidField);
  bad.ticket = *e.NamedTicket("T1");
  bad.type = static_cast<EventType>(99);
  EXPECT_EQ(e.Ingest(bad), RejectReason::kUnknownType);
  bad.type = EventType::kCsat;
  bad.value = std::nan("");
  EXPECT_EQ(e.Ingest(bad), RejectReason::kInvalidField);
  bad.value = 4;
  EXPECT_EQ(e.Ingest(bad), std::nullopt);
}

TEST(Rejections, AllowedLatenessAcceptsLateEventsWithoutRunningTheClockBack) {
  Scenario s(R"({"options": {"allowed_lateness": 600}})");
  s.Events(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"created"}
{"time":"2026-11-02T10:20:00Z","ticket":"T1","type":"customer_message"}
{"time":"2026-11-02T10:15:00Z","ticket":"T1","type":"agent_reply","agent":"a"}
)");
  // The reply is 5 min late (within 10 min): applied at 10:20.
  const json row = s.Totals();
  EXPECT_EQ(row["first_reply_time"]["calendar"]["mean"], 20 * kMinute);
  EXPECT_EQ(
      OnlyRejection(s.engine(), R"({"time":"2026-11-02T10:09:00Z","ticket":"T1","type":"note"})"),
      RejectReason::kOutOfOrder);
}

TEST(Rejections, ARejectedEventChangesNothing) {
  // Feed a stream with bad lines mixed in to one engine and only the good
  // lines to another: same reports (but the rejected section), same tickets,
  // same names.
  const std::string good = R"(
{"time":"2026-11-02T09:00:00Z","ticket":"T1","type":"created","channel":"email"}
{"time":"2026-11-02T09:30:00Z","ticket":"T1","type":"assigned","agent":"alice"}
{"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"agent_reply","agent":"alice"}
{"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"status","status":"solved"}
{"time":"2026-11-02T12:00:00Z","ticket":"T1","type":"status","status":"open"}
{"time":"2026-11-02T13:00:00Z","ticket":"T1","type":"status","status":"solved"}
)";
  const std::string bad_lines[] = {
      R"({"time":"2026-11-02T09:10:00Z","ticket":"T1","type":"created","channel":"phone"})",
      R"({"time":"2026-11-02T09:20:00Z","ticket":"T2","type":"assigned","agent":"mallory"})",
      R"({"time":"2026-11-02T08:00:00Z","ticket":"T1","type":"agent_reply","agent":"eve"})",
      R"({"time":"2026-11-02T10:30:00Z","ticket":"T1","type":"sneeze","agent":"eve"})",
      R"({"time":"2026-11-02T10:40:00Z","ticket":"T1","type":"status","status":"gone","group":"g"})",
      R"({"time":"2026-11-02T10:40:00Z","ticket":"T1","type":"status","status":"solved","oops":1})",
  };
  std::string mixed;
  std::istringstream in(good);
  std::string line;
  int i = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    mixed += line + "\n";
    if (i < 6) mixed += bad_lines[i++] + "\n";
  }
  Scenario clean(R"({"views": [{"group_by": ["agent", "channel"], "grain": "hour"}]})");
  Scenario dirty(R"({"views": [{"group_by": ["agent", "channel"], "grain": "hour"}]})");
  clean.Events(good);
  const IngestResult r = dirty.engine().IngestJsonl(mixed);
  EXPECT_EQ(r.rejected, 6u);
  EXPECT_EQ(r.accepted, 6u);
  const std::string q = R"({"grain": "hour", "group_by": ["agent", "channel"]})";
  json a = clean.Report(q);
  json b = dirty.Report(q);
  EXPECT_EQ(b["rejected"]["count"], 6);
  a.erase("rejected");
  b.erase("rejected");
  EXPECT_EQ(a, b);
  for (int f = 0; f < kFieldCount; ++f) {
    EXPECT_EQ(clean.engine().impl().interned().size(static_cast<Field>(f)),
              dirty.engine().impl().interned().size(static_cast<Field>(f)))
        << FieldName(static_cast<Field>(f));  // no trace of mallory, eve, "g", "phone", "T2"
  }
  EXPECT_EQ(*clean.engine().impl().FindTicket(*clean.engine().NamedTicket("T1")),
            *dirty.engine().impl().FindTicket(*dirty.engine().NamedTicket("T1")));
}

TEST(Rejections, AcceptedPlusRejectedIsTheInputAlways) {
  // Random events (types, tickets, times, fields) through the C++ path.
  Scenario s;
  Engine& e = s.engine();
  const uint32_t agent = *e.Intern(Field::kAgent, "a");
  std::mt19937_64 rng(7);
  std::vector<Event> events(5000);
  for (Event& ev : events) {
    ev.type = static_cast<EventType>(rng() % (kEventTypeCount + 2));  // some unknown
    ev.ticket = rng() % 50;                                           // 0 = missing
    ev.time = FromEpochMs(1'800'000'000'000 + static_cast<int64_t>(rng() % 100'000'000));
    ev.status = static_cast<uint8_t>(rng() % 8);
    if (rng() % 2) ev.agent = agent;
    if (rng() % 3 == 0) ev.value = static_cast<double>(rng() % 12);
  }
  uint64_t before = e.rejected_total();
  const IngestResult r = e.Ingest(events);
  EXPECT_EQ(r.accepted + r.rejected, events.size());
  EXPECT_EQ(e.rejected_total() - before, r.rejected);
  EXPECT_GT(r.accepted, 0u);
  EXPECT_GT(r.rejected, 0u);
  EXPECT_EQ(r.first_rejections.size(), IngestResult::kMaxRejections);
  for (size_t i = 0; i < r.first_rejections.size(); ++i) {
    EXPECT_LT(r.first_rejections[i].index, events.size());
    if (i > 0) {
      EXPECT_GT(r.first_rejections[i].index, r.first_rejections[i - 1].index);
    }
  }
}

TEST(Jsonl, IndexesAreLineNumbersAndBlankLinesAreNotEvents) {
  Scenario s;
  const IngestResult r = s.engine().IngestJsonl(
      "\n{\"time\":\"2026-11-02T09:00:00Z\",\"ticket\":\"T1\",\"type\":\"created\"}\r\n"
      "   \n"
      "{\"time\":1793610000000,\"ticket\":\"T2\",\"type\":\"created\"}\n"
      "{\"time\":\"2026-11-02T09:00:00Z\",\"ticket\":\"T3\",\"type\":\"created\"");
  EXPECT_EQ(r.accepted, 2u);
  EXPECT_EQ(r.rejected, 1u);
  ASSERT_EQ(r.first_rejections.size(), 1u);
  EXPECT_EQ(r.first_rejections[0].index, 4u);
  EXPECT_EQ(r.first_rejections[0].reason, RejectReason::kMalformed);
  EXPECT_EQ(s.engine().live_tickets(), 2u);
}

TEST(Jsonl, NumericTicketsAndDimensionValues) {
  Scenario s(R"({"views": [{"group_by": ["customer"], "grain": "all"}]})");
  s.Events(R"({"time":1793610000000,"ticket":12345,"type":"created","customer":1042})");
  EXPECT_NE(s.engine().impl().FindTicket(12345), nullptr);
  const json r = s.Report(R"({"group_by": ["customer"]})");
  EXPECT_EQ(r["rows"][0]["customer"], "1042");
}

TEST(Release, SolvedTicketsAreForgottenAfterTheReopenWindow) {
  Scenario s(R"({"options": {"reopen_window": 3600}})");
  Engine& e = s.engine();
  s.Events(R"(
{"time":"2026-11-02T09:00:00Z","ticket":"T1","type":"created"}
{"time":"2026-11-02T09:10:00Z","ticket":"T1","type":"status","status":"solved"}
{"time":"2026-11-02T09:20:00Z","ticket":"T1","type":"status","status":"closed"}
{"time":"2026-11-02T09:00:00Z","ticket":"T2","type":"created"}
{"time":"2026-11-02T09:30:00Z","ticket":"T2","type":"status","status":"solved"}
{"time":"2026-11-02T10:00:00Z","ticket":"T2","type":"status","status":"open"}
)");
  EXPECT_EQ(e.live_tickets(), 2u);
  // Within the window T1 may still change.
  s.Events(R"({"time":"2026-11-02T10:10:00Z","ticket":"T1","type":"note"})");
  // Event time passes 10:10 (T1's solve + 1 h): T1 goes; T2 reopened stays.
  s.Events(R"({"time":"2026-11-02T10:11:00Z","ticket":"T2","type":"note"})");
  EXPECT_EQ(e.live_tickets(), 1u);
  EXPECT_EQ(e.released_tickets(), 1u);
  EXPECT_EQ(OnlyRejection(e, R"({"time":"2026-11-02T10:12:00Z","ticket":"T1","type":"note"})"),
            RejectReason::kTicketReleased);
  EXPECT_EQ(OnlyRejection(e, R"({"time":"2026-11-02T10:12:00Z","ticket":"T1","type":"created"})"),
            RejectReason::kTicketReleased);
  // Releasing forgets state, not metrics.
  EXPECT_EQ(s.Totals()["tickets_solved"], 2);
}

TEST(Release, ReopenAfterSolveKeepsExactSamplesAcrossManyCycles) {
  Scenario s;
  std::string events = R"({"time":"2026-11-02T09:00:00Z","ticket":"T1","type":"created"})";
  for (int i = 0; i < 5; ++i) {
    events +=
        absl::StrCat("\n{\"time\":\"2026-11-02T1", i,
                     ":00:00Z\",\"ticket\":\"T1\",\"type\":\"status\",\"status\":\"solved\"}");
    events += absl::StrCat("\n{\"time\":\"2026-11-02T1", i,
                           ":10:00Z\",\"ticket\":\"T1\",\"type\":\"agent_reply\",\"agent\":\"a\"}");
    events += absl::StrCat("\n{\"time\":\"2026-11-02T1", i,
                           ":30:00Z\",\"ticket\":\"T1\",\"type\":\"status\",\"status\":\"open\"}");
  }
  events +=
      "\n{\"time\":\"2026-11-02T16:00:00Z\",\"ticket\":\"T1\",\"type\":\"status\",\"status\":"
      "\"solved\"}";
  s.Events(events);
  const json row = s.Totals();
  EXPECT_EQ(row["tickets_solved"], 6);
  EXPECT_EQ(row["tickets_reopened"], 5);
  EXPECT_EQ(row["full_resolution_time"]["calendar"]["count"], 1);
  EXPECT_EQ(row["full_resolution_time"]["calendar"]["mean"], 7 * kHour);
  EXPECT_EQ(row["replies_per_ticket"]["count"], 1);
  EXPECT_EQ(row["replies_per_ticket"]["mean"], 5.0);
  EXPECT_EQ(row["reopens"]["mean"], 5.0);
  EXPECT_EQ(row["one_touch_rate"]["denominator"], 1);
}

}  // namespace
}  // namespace csm::testing
