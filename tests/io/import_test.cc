// Import presets on the real public files (testing/real_data.h: examples/data,
// else ../shared/data).
// Every expected count comes from an independent one-liner over the raw
// file, quoted above the number.
#include "csm/io/import/importer.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "csm/io/event_reader.h"
#include "csm/io/event_writer.h"
#include "csm/io/mapped_file.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/real_data.h"

namespace csm::io {
namespace {

using ::testing::HasSubstr;

struct Imported {
  absl::Status status;
  ImportStats stats;
  std::vector<std::string> lines;  // JSONL
  // Each ticket's event times never go backwards.
  bool in_order = true;
};

Imported Import(std::string_view preset, std::string_view data, ImportOptions options = {}) {
  Imported out;
  absl::StatusOr<Zone> zone = Zone::Find(ImportZoneName(preset, options));
  if (!zone.ok()) zone = Zone::Utc();  // ImportEvents reports the bad zone
  std::map<std::string, Instant> last;
  out.status = ImportEvents(
      preset, data, options,
      [&](const EventRecord& e) {
        auto [it, fresh] = last.emplace(std::string(e.ticket()), e.time);
        if (!fresh && e.time < it->second) out.in_order = false;
        it->second = e.time;
        std::string s;
        EventJsonlWriter::Format(e, *zone, &s);
        out.lines.push_back(std::move(s));
      },
      &out.stats);
  return out;
}

// A real-data file's bytes (testing/real_data.h: examples/data, else the
// shared data), or "" when it is missing.
std::string SharedFile(const char* name) {
  absl::StatusOr<MappedFile> f = MappedFile::Open(::csm::testing::RealDataPath(name));
  if (!f.ok()) return {};
  return std::string(f->data());
}

TEST(ServiceNowPreset, IncidentEventLog) {
  CSM_REQUIRE_REAL_DATA("incident_event_log.csv");
  std::string data = SharedFile("incident_event_log.csv");
  Imported r = Import("servicenow", data);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_TRUE(r.in_order);
  EXPECT_EQ(r.stats.rows, 5998);  // SOURCES.md: 5,998 events
  EXPECT_EQ(r.stats.rejected(), 0);
  // Counted with an independent Python replay of the rules in
  // lib/io/import/servicenow_preset.cc (csv.DictReader over the file, per
  // incident: created once; assigned when assigned_to (non-'?') changes, else
  // when assignment_group changes; updated when category or priority
  // changes; status when the mapped incident_state changes from 'new'):
  //   {'created': 890, 'assigned': 1689, 'updated': 112, 'status': 2784}
  // created also equals SOURCES.md's 890 incidents.
  EXPECT_EQ(r.stats.events_by_type,
            (std::map<std::string, std::int64_t>{
                {"created", 890}, {"assigned", 1689}, {"updated", 112}, {"status", 2784}}));
  // The first incident, INC0000045: New (01:16) → Resolved (08:53) → Closed.
  EXPECT_EQ(r.lines[0],
            "{\"time\":\"2016-02-29T01:16:00Z\",\"ticket\":\"INC0000045\",\"type\":\"created\","
            "\"customer\":\"Caller 2403\",\"group\":\"Group 56\",\"channel\":\"Phone\","
            "\"category\":\"Category 55\",\"priority\":\"3 - Moderate\"}");
  EXPECT_EQ(r.lines[1],
            "{\"time\":\"2016-02-29T08:53:00Z\",\"ticket\":\"INC0000045\",\"type\":\"status\","
            "\"status\":\"solved\"}");
  // 6 rows are stamped before opened_at or before the previous row (found by
  // comparing sys_updated_at with opened_at and with the previous row of the
  // incident in Python); one of them emits two events, hence 7 raised times.
  EXPECT_EQ(r.stats.notes.at("times raised to keep order"), 7);
}

TEST(Nyc311Preset, ServiceRequests) {
  CSM_REQUIRE_REAL_DATA("311_Service_Requests_from_2010_to_Present.csv");
  std::string data = SharedFile("311_Service_Requests_from_2010_to_Present.csv");
  Imported r = Import("nyc311", data);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_TRUE(r.in_order);
  // python3: rows = list(csv.DictReader(f)); len(rows) → 924;
  // sum(1 for x in rows if x['Closed Date']) → 480 (SOURCES.md: 480 Closed).
  EXPECT_EQ(r.stats.events_by_type,
            (std::map<std::string, std::int64_t>{{"created", 924}, {"status", 480}}));
  EXPECT_EQ(r.stats.rejected(), 0);
  EXPECT_EQ(r.lines[0],
            "{\"time\":\"2022-05-01T00:00:03-04:00\",\"ticket\":\"54049402\",\"type\":\"created\","
            "\"group\":\"NYPD\",\"channel\":\"ONLINE\",\"category\":\"Noise - Residential\"}");
  // Channel counts, SOURCES.md: ONLINE 501, MOBILE 280, PHONE 139, UNKNOWN 4.
  std::map<std::string, int> channels;
  for (const std::string& l : r.lines) {
    for (const char* c : {"ONLINE", "MOBILE", "PHONE", "UNKNOWN"}) {
      if (l.find(std::string("\"channel\":\"") + c + "\"") != std::string::npos) ++channels[c];
    }
  }
  EXPECT_EQ(channels, (std::map<std::string, int>{
                          {"MOBILE", 280}, {"ONLINE", 501}, {"PHONE", 139}, {"UNKNOWN", 4}}));
}

TEST(Nyc311Preset, MapAddsAField) {
  CSM_REQUIRE_REAL_DATA("311_Service_Requests_from_2010_to_Present.csv");
  std::string data = SharedFile("311_Service_Requests_from_2010_to_Present.csv");
  ImportOptions options;
  options.column_map = {{"Borough", "segment"}, {"Descriptor", "category"}};
  Imported r = Import("nyc311", data, options);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_THAT(r.lines[0], HasSubstr("\"category\":\"Loud Music/Party\",\"segment\":\"BRONX\""));
}

TEST(BankCallsPreset, AnonymousBankFebruary) {
  CSM_REQUIRE_REAL_DATA("data_anonymous_bank_february.txt");
  std::string data = SharedFile("data_anonymous_bank_february.txt");
  Imported r = Import("bank-calls", data);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_TRUE(r.in_order);
  EXPECT_EQ(r.stats.rows, 33344);  // SOURCES.md: 33,344 calls
  EXPECT_EQ(r.stats.rejected(), 0);
  // awk -F'\t' 'NR>1{o[$13]++; if($10!="0:00:00"&&$13!="PHANTOM")q++;
  //   if($13=="HANG"&&$10!="0:00:00")ab++} END{print o["AGENT"]+o["HANG"], q, ab, o["AGENT"]}'
  //   → 33066 18058 3963 27162
  // (SOURCES.md: AGENT 27,162, HANG 5,904, PHANTOM 278; 18,336 queued of which
  // 3,963 hung up; 18,336 − 278 phantom = 18,058.)
  EXPECT_EQ(r.stats.events_by_type, (std::map<std::string, std::int64_t>{{"created", 33066},
                                                                         {"ivr", 33066},
                                                                         {"queued", 18058},
                                                                         {"abandoned", 3963},
                                                                         {"answered", 27162},
                                                                         {"ended", 27162}}));
  EXPECT_EQ(r.stats.notes.at("phantom calls skipped"), 278);
  // awk -F'\t' '$13=="HANG" && $10=="0:00:00"' | wc -l → 1941
  EXPECT_EQ(r.stats.notes.at("hung up in the IVR (not queued)"), 1941);
  // awk -F'\t' '$13=="AGENT" && $14=="0:00:00"' | wc -l → 50
  EXPECT_EQ(r.stats.notes.at("answered with no service times"), 50);
  // awk -F'\t' '$13=="AGENT" && $17~/NO_SERVER/' | wc -l → 491
  EXPECT_EQ(r.stats.notes.at("answered with server NO_SERVER"), 491);
  // The first call: VRU 7:02:47, served 7:02:55–7:05:41 by DORIT, Israel (UTC+2).
  EXPECT_EQ(r.lines[0],
            "{\"time\":\"1999-02-01T07:02:47+02:00\",\"ticket\":\"AA0101-34536\","
            "\"type\":\"created\",\"group\":\"PS\",\"channel\":\"phone\",\"priority\":\"0\"}");
  EXPECT_EQ(r.lines[2],
            "{\"time\":\"1999-02-01T07:02:55+02:00\",\"ticket\":\"AA0101-34536\","
            "\"type\":\"answered\",\"agent\":\"DORIT\"}");
  // Calls across midnight end the next day. AA0102 31056 (awk: $1=="AA0102"
  // && $2==31056) entered the VRU on 990215 at 23:59:54 and was served until
  // 0:01:33: its `ended` is on 02-16.
  EXPECT_THAT(r.lines, ::testing::Contains(HasSubstr(
                           "\"time\":\"1999-02-16T00:01:33+02:00\",\"ticket\":\"AA0102-31056\","
                           "\"type\":\"ended\"")));
}

TEST(TicketsPreset, TableWithMapAndLocalTimes) {
  const std::string table =
      "Ticket ID,Opened,first_reply_at,solved_at,assignee,channel,csat\n"
      "1,2026-11-02 09:00,2026-11-02 09:30,02-11-2026 11:00,alice,email,5\n"
      "2,2026-11-02T10:00:00Z,,,,chat,\n"
      "3,,2026-11-02 09:30,,,,\n"
      "4,2026-11-02 12:00,2026-11-02 11:00,,bob,,x\n"
      "5,2026-11-02 12:00,2026-11-02 11:00,,bob,\n"
      "6,2026-11-02 12:00,2026-11-02 11:00,,bob,,\n";
  ImportOptions options;
  options.column_map = {{"Ticket ID", "ticket"}, {"Opened", "created"}};
  options.timezone = "America/New_York";
  Imported r = Import("tickets", table, options);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.stats.events_by_type,
            (std::map<std::string, std::int64_t>{
                {"created", 3}, {"assigned", 2}, {"agent_reply", 2}, {"status", 1}, {"csat", 1}}));
  EXPECT_EQ(r.lines[0],
            "{\"time\":\"2026-11-02T09:00:00-05:00\",\"ticket\":\"1\",\"type\":\"created\","
            "\"channel\":\"email\"}");
  // Alice is assigned as she first replies (the table has no assignment time).
  EXPECT_EQ(r.lines[1],
            "{\"time\":\"2026-11-02T09:30:00-05:00\",\"ticket\":\"1\",\"type\":\"assigned\","
            "\"agent\":\"alice\"}");
  EXPECT_EQ(r.lines[4],
            "{\"time\":\"2026-11-02T11:00:00-05:00\",\"ticket\":\"1\",\"type\":\"csat\","
            "\"value\":5}");
  EXPECT_EQ(r.stats.rejected_by_reason,
            (std::map<std::string, std::int64_t>{
                {"missing_field", 1}, {"bad_value", 1}, {"malformed_line", 1}}));
  EXPECT_THAT(r.stats.first_rejections[0], HasSubstr("line 4"));
  // Ticket 6's first reply (and so its assignment) precedes its creation:
  // both raised to it.
  EXPECT_EQ(r.stats.notes.at("times raised to keep order"), 2);
}

TEST(Import, StrictStopsAtTheFirstBadRow) {
  ImportOptions options;
  options.strict = true;
  Imported r = Import("tickets", "ticket,created\n1,2026-11-02T09:00Z\n2,nope\n3,x\n", options);
  EXPECT_FALSE(r.status.ok());
  EXPECT_THAT(std::string(r.status.message()), HasSubstr("line 3"));
  EXPECT_EQ(r.lines.size(), 1u);
}

TEST(Import, ClearErrorsForPresetsColumnsAndMaps) {
  Imported unknown = Import("zendesk", "a\n");
  EXPECT_THAT(std::string(unknown.status.message()), HasSubstr("unknown preset 'zendesk'"));
  Imported missing = Import("tickets", "id,when\n1,2026-11-02T09:00Z\n");
  EXPECT_THAT(std::string(missing.status.message()), HasSubstr("needs field 'created'"));
  EXPECT_THAT(std::string(missing.status.message()), HasSubstr("--map COLUMN=created"));
  ImportOptions bad_field;
  bad_field.column_map = {{"when", "opened"}};
  Imported wrong = Import("tickets", "id,when\n", bad_field);
  EXPECT_THAT(std::string(wrong.status.message()), HasSubstr("has no field 'opened'"));
  ImportOptions bad_zone;
  bad_zone.timezone = "Mars/Base";
  EXPECT_FALSE(Import("tickets", "id,created\n", bad_zone).status.ok());
}

TEST(Import, OutputReadsBackAsEvents) {
  CSM_REQUIRE_REAL_DATA("incident_event_log.csv");
  std::string data = SharedFile("incident_event_log.csv");
  Imported r = Import("servicenow", data);
  std::string jsonl;
  for (const std::string& l : r.lines) jsonl += l + "\n";
  absl::StatusOr<EventReader> reader = EventReader::Create(jsonl, EventFormat::kAuto);
  ASSERT_TRUE(reader.ok());
  EventRecord e;
  std::size_t n = 0;
  EventReader::Result res;
  while ((res = reader->Next(&e)) == EventReader::Result::kEvent) ++n;
  EXPECT_EQ(res, EventReader::Result::kEnd) << reader->rejection().message;
  EXPECT_EQ(n, r.lines.size());
}

}  // namespace
}  // namespace csm::io
