// Real data: the "Anonymous Bank" call-centre log (Technion SEELab, Feb 1999;
// ../shared/data/data_anonymous_bank_february.txt, 33,344 calls; SOURCES.md
// there). Read in place from CSM_SHARED_DATA_DIR, never copied.
//
// The test turns each call into events and checks the engine's abandonment
// rate, average speed of answer, service level at 30 s and 60 s, mean talk
// time and the counts, overall and per service type (`group` = `type`),
// against a plain loop over the raw rows that applies the same conventions
// with integer seconds.
//
// Conversion (docs/contact-center.md, "The bank call log"):
//  - Times are H:MM:SS Israel local time (Asia/Jerusalem, UTC+2 in
//    February) on the row's YYMMDD date. `0:00:00` means "did not happen".
//  - Calls across midnight (22 rows): a time more than 12 h before `vru_entry` is on
//    the next day. (Some rows have `q_start` / `vru_exit` a minute *before*
//    `vru_entry`, so "earlier than vru_entry" alone would be wrong.)
//  - The clocks of the VRU, queue and agents disagree by a second or two
//    (`ser_start` is usually 1–2 s before `q_exit`, sometimes before
//    `q_start`). A call's events are put in order by clamping: each instant
//    is at least the previous one (created = ivr = the earlier of
//    vru_entry and q_start; queued = max(q_start, that); answered =
//    max(ser_start, queued); ended = max(ser_exit, answered)).
//  - Events: created + ivr (step = the VRU, the first four characters of
//    `vru+line`) -> queued at q_start -> answered at ser_start -> ended at
//    ser_exit; outcome HANG after the queue -> abandoned at q_exit; HANG
//    without a queue -> abandoned in the IVR at vru_exit (an IVR abandon).
//  - PHANTOM (278 rows) are not real calls: skipped.
//  - HANG is the outcome even when service times are present (97 rows,
//    server NO_SERVER): abandoned at q_exit, the service fields ignored.
//  - AGENT without `ser_start` (50 rows): answered when the queue was left
//    (q_exit, or vru_exit without a queue); no `ended`, so no talk sample.
//    AGENT with `ser_start` and 0 s service (35 rows): a talk of 0 s.
//  - `server` NO_SERVER: no agent. Ticket = `vru+line` + `call_id` (call_id
//    alone repeats across lines). No wrap-up in the log: no ACW or handle time.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "date/tz.h"
#include "scenario.h"
#include "testing/real_data.h"

namespace csm::testing {
namespace {

using nlohmann::json;

std::vector<std::string> SplitTabs(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> out;
  std::stringstream in(line);
  std::string field;
  while (std::getline(in, field, '\t')) out.push_back(field);
  return out;
}

// Seconds since local midnight; nullopt for "0:00:00" (did not happen).
std::optional<int64_t> ClockSeconds(const std::string& hms) {
  if (hms == "0:00:00") return std::nullopt;
  int h = 0, m = 0, s = 0;
  if (std::sscanf(hms.c_str(), "%d:%d:%d", &h, &m, &s) != 3) return std::nullopt;
  return h * 3600 + m * 60 + s;
}

struct Call {
  std::string ticket, vru, type, server, outcome;
  int64_t local_midnight_utc_s = 0;  // the row's date at 00:00 Israel time, as UTC seconds
  int64_t created = 0;               // seconds since local midnight of `date`, clamped in order
  std::optional<int64_t> ivr_exit, queued, queue_exit, answered, ended;
};

// Reads the log and applies the conversion rules above (times clamped).
std::vector<Call> ReadCalls(const std::string& path, int* phantoms) {
  std::ifstream in(path);
  std::vector<Call> calls;
  std::string line;
  std::getline(in, line);  // header
  const date::time_zone* israel = date::locate_zone("Asia/Jerusalem");
  while (std::getline(in, line)) {
    const std::vector<std::string> f = SplitTabs(line);
    if (f.size() != 17) continue;
    if (f[12] == "PHANTOM") {
      ++*phantoms;
      continue;
    }
    Call c;
    c.ticket = f[0] + "/" + f[1];
    c.vru = f[0].substr(0, 4);
    c.type = f[4];
    c.server = f[16];
    c.outcome = f[12];
    const int yymmdd = std::stoi(f[5]);
    const date::local_days day{date::year{1900 + yymmdd / 10000} / (yymmdd / 100 % 100) /
                               (yymmdd % 100)};
    c.local_midnight_utc_s =
        date::floor<std::chrono::seconds>(israel->to_sys(day, date::choose::earliest))
            .time_since_epoch()
            .count();
    const std::optional<int64_t> entry = ClockSeconds(f[6]);
    if (!entry) continue;
    auto at = [&](const std::string& hms) -> std::optional<int64_t> {
      std::optional<int64_t> t = ClockSeconds(hms);
      if (t && *t < *entry - 12 * 3600) *t += 86400;  // across midnight
      return t;
    };
    const std::optional<int64_t> vru_exit = at(f[7]), q_start = at(f[9]), q_exit = at(f[10]),
                                 ser_start = at(f[13]), ser_exit = at(f[14]);
    c.created = std::min(*entry, q_start.value_or(*entry));
    auto not_before = [](std::optional<int64_t> t, int64_t floor) {
      return t ? std::optional<int64_t>(std::max(*t, floor)) : std::nullopt;
    };
    c.ivr_exit = not_before(vru_exit, c.created);
    c.queued = not_before(q_start, c.created);
    const int64_t before_answer = c.queued.value_or(c.created);
    if (c.outcome == "HANG") {
      if (c.queued) {
        c.queue_exit = not_before(q_exit, *c.queued).value_or(*c.queued);
      }
    } else {  // AGENT
      c.answered = not_before(ser_start, before_answer);
      if (!c.answered) {
        c.answered = c.queued ? not_before(q_exit, *c.queued).value_or(*c.queued)
                              : c.ivr_exit.value_or(c.created);
      } else {
        c.ended = not_before(ser_exit, *c.answered);
      }
    }
    calls.push_back(std::move(c));
  }
  return calls;
}

std::string Jsonl(const std::vector<Call>& calls) {
  std::string out;
  for (const Call& c : calls) {
    auto line = [&](int64_t t, std::string_view type, const json& extra = json::object()) {
      json j = {
          {"time", (c.local_midnight_utc_s + t) * 1000}, {"ticket", c.ticket}, {"type", type}};
      for (const auto& [k, v] : extra.items()) j[k] = v;
      out += j.dump() + "\n";
    };
    json dims = {{"group", c.type}, {"channel", "phone"}};
    line(c.created, "created", dims);
    line(c.created, "ivr", {{"step", c.vru}});
    if (c.queued) line(*c.queued, "queued", {{"group", c.type}});
    if (c.outcome == "HANG") {
      if (c.queued) {
        line(*c.queue_exit, "abandoned");
      } else {
        line(c.ivr_exit.value_or(c.created), "abandoned");
      }
      continue;
    }
    json answered = json::object();
    if (c.server != "NO_SERVER") answered["agent"] = c.server;
    line(*c.answered, "answered", answered);
    if (c.ended) line(*c.ended, "ended");
  }
  return out;
}

// The independent computation: a plain loop over the converted rows.
struct Expected {
  int64_t queued = 0, answered = 0, answered_from_queue = 0, abandoned = 0, ivr_abandons = 0;
  int64_t asa_sum = 0, within30 = 0, within60 = 0, late30 = 0, late60 = 0;
  int64_t talk_sum = 0, talks = 0;
  std::map<std::string, int64_t> ivr_abandons_by_vru;
};

Expected Compute(const std::vector<Call>& calls, std::string_view type) {
  Expected e;
  for (const Call& c : calls) {
    if (!type.empty() && c.type != type) continue;
    if (c.queued) ++e.queued;
    if (c.outcome == "HANG") {
      if (c.queued) {
        ++e.abandoned;
        const int64_t wait = *c.queue_exit - *c.queued;
        e.late30 += wait > 30;
        e.late60 += wait > 60;
      } else {
        ++e.ivr_abandons;
        ++e.ivr_abandons_by_vru[c.vru];
      }
      continue;
    }
    ++e.answered;
    if (c.queued) {
      ++e.answered_from_queue;
      const int64_t asa = *c.answered - *c.queued;
      e.asa_sum += asa;
      e.within30 += asa <= 30;
      e.within60 += asa <= 60;
    }
    if (c.ended) {
      e.talk_sum += *c.ended - *c.answered;
      ++e.talks;
    }
  }
  return e;
}

class BankCallLogTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string path = ::csm::testing::RealDataPath("data_anonymous_bank_february.txt");
    if (path.empty()) return;
    calls_ = new std::vector<Call>(ReadCalls(path, &phantoms_));
    const std::string jsonl = Jsonl(*calls_);
    for (int threshold : {30, 60}) engines_[threshold] = Load(jsonl, threshold).release();
  }
  static void TearDownTestSuite() {
    delete calls_;
    calls_ = nullptr;
    for (auto& [threshold, s] : engines_) delete s;
    engines_.clear();
  }
  void SetUp() override { CSM_REQUIRE_REAL_DATA("data_anonymous_bank_february.txt"); }

  // An engine with every call, service level threshold 30 or 60 s.
  static Scenario& Engine(int threshold) { return *engines_.at(threshold); }

 private:
  static std::unique_ptr<Scenario> Load(const std::string& jsonl, int threshold) {
    auto s = std::make_unique<Scenario>(absl::StrCat(
        R"({"timezone": "Asia/Jerusalem", "views": [{"group_by": ["group"], "grain": "day"}],
            "options": {"service_level_threshold": )",
        threshold, "}}"));
    const IngestResult r = s->engine().IngestJsonl(jsonl);
    EXPECT_EQ(r.rejected, 0u) << (r.first_rejections.empty() ? 0 : r.first_rejections[0].index);
    return s;
  }

  static std::map<int, Scenario*> engines_;

 protected:
  static std::vector<Call>* calls_;
  static int phantoms_;
};

std::vector<Call>* BankCallLogTest::calls_ = nullptr;
std::map<int, Scenario*> BankCallLogTest::engines_;
int BankCallLogTest::phantoms_ = 0;

void ExpectRate(const json& metric, int64_t numerator, int64_t denominator) {
  ASSERT_TRUE(metric.is_object()) << metric.dump();
  EXPECT_EQ(metric["numerator"].get<double>(), static_cast<double>(numerator));
  EXPECT_EQ(metric["denominator"].get<double>(), static_cast<double>(denominator));
  EXPECT_NEAR(metric["value"].get<double>(), 100.0 * numerator / denominator, 1e-9);
}

void ExpectMean(const json& metric, int64_t sum, int64_t n) {
  ASSERT_TRUE(metric.is_object()) << metric.dump();
  EXPECT_EQ(metric["calendar"]["count"], n);
  EXPECT_NEAR(metric["calendar"]["mean"].get<double>(), static_cast<double>(sum) / n, 1e-9);
}

void CheckRow(const json& row, const Expected& e, int threshold) {
  EXPECT_EQ(row["contacts_queued"], e.queued);
  EXPECT_EQ(row["contacts_answered"], e.answered);
  EXPECT_EQ(row["contacts_abandoned"], e.abandoned);
  ExpectRate(row["abandonment_rate"], e.abandoned, e.abandoned + e.answered_from_queue);
  ExpectMean(row["average_speed_of_answer"], e.asa_sum, e.answered_from_queue);
  const int64_t within = threshold == 30 ? e.within30 : e.within60;
  const int64_t late = threshold == 30 ? e.late30 : e.late60;
  ExpectRate(row["service_level"], within, e.answered_from_queue + late);
  ExpectMean(row["talk_time"], e.talk_sum, e.talks);
  EXPECT_TRUE(row["handle_time"].is_null());  // the log has no wrap-up
}

TEST_F(BankCallLogTest, TotalsMatchAPlainLoop) {
  const Expected all = Compute(*calls_, "");
  // The loop agrees with the published description of the file (SOURCES.md).
  EXPECT_EQ(phantoms_, 278);
  EXPECT_EQ(all.answered_from_queue, 14095);
  EXPECT_EQ(all.abandoned, 3963);
  EXPECT_EQ(all.answered + all.abandoned + all.ivr_abandons, 33344 - 278);
  for (int threshold : {30, 60}) {
    SCOPED_TRACE(threshold);
    const json row = Engine(threshold).Totals();
    CheckRow(row, all, threshold);
    // The figures, for docs/contact-center.md.
    std::cout << "bank log, T = " << threshold << " s: abandonment_rate "
              << row["abandonment_rate"]["value"] << ", ASA "
              << row["average_speed_of_answer"]["calendar"]["mean"] << " s, service_level "
              << row["service_level"]["value"] << ", talk_time mean "
              << row["talk_time"]["calendar"]["mean"] << " s\n";
    const json& steps = row["abandonment_by_step"];
    EXPECT_EQ(steps["in_ivr"], all.ivr_abandons);
    EXPECT_EQ(steps["in_queue"], all.abandoned);
    EXPECT_EQ(steps["steps"], json(all.ivr_abandons_by_vru));
  }
}

TEST_F(BankCallLogTest, PerServiceTypeMatchesAPlainLoop) {
  for (int threshold : {30, 60}) {
    const json r = Engine(threshold).Report(R"({"grain": "all", "group_by": ["group"]})");
    std::map<std::string, json> rows;
    for (const json& row : r["rows"]) rows[row["group"].get<std::string>()] = row;
    EXPECT_EQ(rows.size(), 6u);  // PS, NW, NE, TT, IN, PE
    for (const auto& [type, row] : rows) {
      SCOPED_TRACE(type + " at " + std::to_string(threshold));
      const Expected e = Compute(*calls_, type);
      if (e.answered_from_queue == 0) continue;
      CheckRow(row, e, threshold);
      if (threshold == 30) {
        std::cout << type << ": talk_time mean " << row["talk_time"]["calendar"]["mean"]
                  << " s over " << row["talk_time"]["calendar"]["count"] << " calls\n";
      }
    }
  }
}

TEST_F(BankCallLogTest, AnsweredPerIsraeliDay) {
  const json r = Engine(30).Report(R"({"from": "1999-02-01", "to": "1999-03-01", "grain": "day",
                               "metrics": ["contacts_answered"]})");
  ASSERT_EQ(r["rows"].size(), 28u);
  // Loop: answers by the local date of the answer (midnight crossings land
  // on the next day).
  std::map<int64_t, int64_t> by_day;  // day of February - 1 -> answers
  int64_t feb1 = INT64_MAX;
  for (const Call& c : *calls_) feb1 = std::min(feb1, c.local_midnight_utc_s);
  for (const Call& c : *calls_) {
    if (!c.answered) continue;
    const int64_t days = (c.local_midnight_utc_s - feb1) / 86400 + *c.answered / 86400;
    ++by_day[days];
  }
  int64_t total = 0;
  for (size_t i = 0; i < r["rows"].size(); ++i) {
    const json& v = r["rows"][i]["contacts_answered"];
    const int64_t expected = by_day.count(static_cast<int64_t>(i)) ? by_day[i] : 0;
    if (expected == 0) {
      EXPECT_TRUE(v.is_null() || v == 0) << i;
    } else {
      EXPECT_EQ(v, expected) << r["rows"][i]["bucket"];
    }
    total += expected;
  }
  EXPECT_EQ(total, Compute(*calls_, "").answered);
}

}  // namespace
}  // namespace csm::testing
