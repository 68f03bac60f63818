// Views that keep a subset of the metrics (engine config "metrics"): they
// report exactly what a view keeping everything reports for those metrics
// over the same events; they report nothing else; the config is checked;
// states of such engines serialize, merge, and old states (no "metrics")
// still merge.
#include <map>
#include <random>
#include <set>

#include "csm/engine/internal/byte_codec.h"
#include "csm/engine/internal/engine_state.h"
#include "csm/report/report.h"
#include "gtest/gtest.h"
#include "synthetic_stream.h"

namespace csm::testing {
namespace {

using nlohmann::json;

// The synthetic helpdesk stream with what it lacks mixed in: ratings and
// surveys, workflows, calls (queued, answered or abandoned in the IVR or the
// queue, ended, wrap-up), agent states and costs, so every sample kind
// reaches the views.
class MixedStream {
 public:
  MixedStream(Engine& engine, uint64_t seed) : engine_(engine), rng_(seed) {
    SyntheticOptions o;
    o.tickets = 600;
    o.seed = seed;
    o.agents = 30;
    o.order = SyntheticOptions::Order::kByTime;
    stream_ = std::make_unique<SyntheticStream>(engine, o);
    for (const char* w : {"refund", "macro", "escalate"})
      workflows_.push_back(Id(Field::kWorkflow, w));
    for (const char* s : {"menu", "billing"}) steps_.push_back(Id(Field::kStep, s));
    for (const char* a : {"agent-0", "agent-1", "agent-2"}) agents_.push_back(Id(Field::kAgent, a));
  }

  // The next batch of events; empty once done.
  std::vector<Event> Next() {
    std::vector<Event> batch, out;
    if (stream_->Next(batch, 500) == 0) return out;
    for (const Event& e : batch) {
      out.push_back(e);
      if (e.type == EventType::kCreated) AddExtras(e, out);
    }
    // Ticketless: an agent changes state, a group spends money.
    Event state;
    state.type = EventType::kAgentState;
    state.time = batch.back().time;
    state.agent = agents_[rng_() % agents_.size()];
    state.status = static_cast<uint8_t>(1 + rng_() % kAgentStateCount);
    out.push_back(state);
    Event cost;
    cost.type = EventType::kCost;
    cost.time = batch.back().time;
    cost.group = batch.back().group;
    cost.value = static_cast<double>(rng_() % 1000);
    out.push_back(cost);
    return out;
  }

 private:
  uint32_t Id(Field f, const char* name) { return *engine_.Intern(f, name); }

  void AddExtras(const Event& created, std::vector<Event>& out) {
    auto at = [&](EventType type, int64_t after_ms) {
      Event e;
      e.type = type;
      e.ticket = created.ticket;
      e.time = created.time + Millis{after_ms};
      return e;
    };
    const uint64_t r = rng_();
    if (r % 3 == 0) {
      out.push_back(at(EventType::kSurveySent, 0));
      Event csat = at(EventType::kCsat, 0);
      csat.value = static_cast<double>(1 + (r >> 8) % 5);
      out.push_back(csat);
    }
    if (r % 5 == 0) {
      Event nps = at(EventType::kNps, 0);
      nps.value = static_cast<double>((r >> 12) % 11);
      out.push_back(nps);
      Event ces = at(EventType::kCes, 0);
      ces.value = static_cast<double>(1 + (r >> 16) % 7);
      out.push_back(ces);
    }
    if (r % 4 == 0) {
      Event w = at(EventType::kWorkflow, 0);
      w.workflow = workflows_[(r >> 20) % workflows_.size()];
      out.push_back(w);
    }
    // A call: IVR, queue, then answered and ended, or abandoned.
    if (r % 7 < 3) {
      Event ivr = at(EventType::kIvr, 0);
      ivr.step = steps_[(r >> 24) % steps_.size()];
      out.push_back(ivr);
      if (r % 7 == 0) {
        out.push_back(at(EventType::kAbandoned, 1000));
        return;
      }
      out.push_back(at(EventType::kQueued, 2000));
      if (r % 7 == 1) {
        out.push_back(at(EventType::kAbandoned, 2000 + static_cast<int64_t>((r >> 28) % 60'000)));
        return;
      }
      Event answered = at(EventType::kAnswered, 2000 + static_cast<int64_t>((r >> 28) % 60'000));
      answered.agent = agents_[(r >> 40) % agents_.size()];
      out.push_back(answered);
      out.push_back(at(EventType::kEnded, 120'000));
      out.push_back(at(EventType::kWrapupEnd, 150'000));
    }
  }

  Engine& engine_;
  std::mt19937_64 rng_;
  std::unique_ptr<SyntheticStream> stream_;
  std::vector<uint32_t> workflows_, steps_, agents_;
};

std::string MetricsJson(const std::vector<std::string>& names) { return json(names).dump(); }

std::string Config(const std::vector<std::string>& metrics) {
  const std::string keep = metrics.empty() ? "" : R"(, "metrics": )" + MetricsJson(metrics);
  return R"({"views": [{"grain": "hour")" + keep + R"(},
                       {"group_by": ["agent"], "grain": "day")" +
         keep + "}]}";
}

std::unique_ptr<Engine> Fed(const std::string& config, uint64_t seed) {
  absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create(config);
  EXPECT_TRUE(engine.ok()) << engine.status();
  MixedStream stream(**engine, seed);
  for (std::vector<Event> batch = stream.Next(); !batch.empty(); batch = stream.Next()) {
    (*engine)->Ingest(batch);
  }
  return *std::move(engine);
}

json ReportOf(const Engine& engine, const std::string& query) {
  absl::StatusOr<std::string> text = report::RunJson(engine, query);
  EXPECT_TRUE(text.ok()) << text.status() << "\n" << query;
  return text.ok() ? json::parse(*text) : json();
}

// Every value of a report, by (row, metric, period); rows are told apart by
// bucket and dimensions.
std::map<std::string, json> Values(const json& report) {
  std::map<std::string, json> out;
  for (const json& row : report["rows"]) {
    json id = json::object();
    for (const auto& [key, value] : row.items()) {
      if (!ParseMetric(key) && key != "previous" && key != "change") id[key] = value;
    }
    for (const auto& [key, value] : row.items()) {
      if (ParseMetric(key)) out[id.dump() + " " + key] = value;
    }
    for (const char* period : {"previous", "change"}) {
      if (!row.contains(period)) continue;
      for (const auto& [key, value] : row[period].items()) {
        out[id.dump() + " " + period + "." + key] = value;
      }
    }
  }
  return out;
}

// The values that say something.
size_t NonNull(const std::map<std::string, json>& values) {
  size_t n = 0;
  for (const auto& [key, value] : values) n += value.is_null() ? 0 : 1;
  return n;
}

std::vector<std::vector<std::string>> Subsets() {
  std::vector<std::vector<std::string>> out = {
      {"first_reply_time"},
      {"tickets_created", "first_reply_time"},
      {"backlog"},
      {"cost_per_contact"},
      {"abandonment_by_step"},
      {"volume_heatmap", "business_day_volume"},
      {"distinct_customers"},
      {"repeat_contact_rate"},
      {"csat"},
      {"assigned_time", "assigned_vs_solved"},
      {"conversations_per_agent"},
      {"occupancy"},
      {"utilization", "service_level", "talk_time"},
      {"channel_mix", "workflow_usage"},
  };
  std::mt19937_64 rng(7);
  for (int i = 0; i < 8; ++i) {
    std::set<std::string> pick;
    const size_t n = 1 + rng() % 6;
    while (pick.size() < n) pick.insert(std::string(kMetrics[rng() % kMetricCount].name));
    out.emplace_back(pick.begin(), pick.end());
  }
  return out;
}

TEST(ViewMetrics, SubsetViewsReportWhatFullViewsReportForTheirMetrics) {
  const int64_t day = 86'400'000;
  const int64_t from = (1'790'000'000'000 / day + 1) * day;
  uint64_t seed = 1;
  const std::vector<std::vector<std::string>> subsets = Subsets();
  for (size_t i = 0; i < subsets.size(); ++i) {
    const std::vector<std::string>& subset = subsets[i];
    const bool has_data = i < 14;  // the hand-picked ones; random picks may be all null
    size_t values = 0;
    SCOPED_TRACE(MetricsJson(subset));
    ++seed;
    const std::unique_ptr<Engine> full = Fed(Config({}), seed);
    const std::unique_ptr<Engine> part = Fed(Config(subset), seed);
    // Validation does not depend on what the views keep.
    for (int r = 0; r <= kRejectReasonCount; ++r) {
      EXPECT_EQ(full->rejected(static_cast<RejectReason>(r)),
                part->rejected(static_cast<RejectReason>(r)));
    }
    EXPECT_EQ(full->live_tickets(), part->live_tickets());
    const std::string metrics = R"("metrics": )" + MetricsJson(subset);
    for (const std::string& query :
         {"{" + metrics + "}", R"({"grain": "day", "group_by": ["agent"], )" + metrics + "}",
          R"({"grain": "hour", "from": )" + std::to_string(from) + R"(, "to": )" +
              std::to_string(from + day) + R"(, "compare": "previous", )" + metrics + "}",
          R"({"grain": "all", "from": )" + std::to_string(from) + R"(, "to": )" +
              std::to_string(from + 2 * day) + R"(, "compare": "previous", )" + metrics + "}"}) {
      SCOPED_TRACE(query);
      const json expected = ReportOf(*full, query);
      const json got = ReportOf(*part, query);
      values += NonNull(Values(expected));
      EXPECT_EQ(got.dump(), expected.dump());
      // Where they differ, for the reader of a failure.
      const std::map<std::string, json> want = Values(expected), have = Values(got);
      for (const auto& [key, value] : want) {
        EXPECT_TRUE(have.contains(key) && have.at(key) == value)
            << key << "\n full: " << value.dump().substr(0, 300)
            << "\n subset: " << (have.contains(key) ? have.at(key).dump().substr(0, 300) : "-");
      }
    }
    if (has_data) {
      EXPECT_GT(values, 0u);
    }
  }
}

TEST(ViewMetrics, SubsetViewsRecordLessThanFullViews) {
  const std::unique_ptr<Engine> full = Fed(Config({}), 3);
  const std::unique_ptr<Engine> part = Fed(Config({"tickets_created"}), 3);
  EXPECT_LT(part->Memory().views * 4, full->Memory().views);
  // No experience metric kept: no per-customer or assignment bookkeeping.
  EXPECT_TRUE(part->Memory().experience < full->Memory().experience);
}

TEST(ViewMetrics, AQueryWithoutMetricsGetsTheKeptOnes) {
  const std::unique_ptr<Engine> part = Fed(Config({"reply_time", "tickets_solved"}), 4);
  const json r = ReportOf(*part, R"({"group_by": ["agent"]})");
  ASSERT_FALSE(r["rows"].empty());
  for (const json& row : r["rows"]) {
    std::set<std::string> keys;
    for (const auto& [key, value] : row.items()) keys.insert(key);
    EXPECT_EQ(keys, (std::set<std::string>{"bucket", "agent", "tickets_solved", "reply_time"}));
  }
}

TEST(ViewMetrics, AMetricNoViewKeepsIsAnErrorNamingItAndTheView) {
  const std::unique_ptr<Engine> part = Fed(Config({"reply_time"}), 5);
  absl::StatusOr<std::string> r =
      report::RunJson(*part, R"({"group_by": ["agent"], "metrics": ["reply_time", "csat"]})");
  ASSERT_FALSE(r.ok());
  const std::string message(r.status().message());
  EXPECT_NE(message.find("\"csat\""), std::string::npos) << message;
  EXPECT_NE(message.find("view 1"), std::string::npos) << message;
  EXPECT_NE(message.find("\"agent\""), std::string::npos) << message;
  EXPECT_EQ(message.find("\"reply_time\""), std::string::npos) << message;
}

TEST(ViewMetrics, ConfigIsCheckedAndSpelledOut) {
  struct Case {
    const char* config;
    const char* where;
    const char* error;
  };
  for (const Case& c : {
           Case{R"({"views": [{"metrics": ["first_reply_tme"]}]})", "views[0].metrics",
                "unknown metric \"first_reply_tme\""},
           Case{R"({"views": [{}, {"metrics": []}]})", "views[1].metrics", "non-empty array"},
           Case{R"({"views": [{"metrics": "csat"}]})", "views[0].metrics", "non-empty array"},
           Case{R"({"views": [{"metrics": [3]}]})", "views[0].metrics", "must hold strings"},
           Case{R"({"views": [{"metrics": ["csat", "csat"]}]})", "views[0].metrics",
                "\"csat\" repeated"},
           Case{R"({"views": [{"metrics": ["csat"]}, {"metrics": ["nps"]}]})", "views[1]",
                "repeats an earlier view"},
       }) {
    absl::StatusOr<EngineConfig> config = EngineConfig::FromJson(c.config);
    ASSERT_FALSE(config.ok()) << c.config;
    const std::string message(config.status().message());
    EXPECT_NE(message.find(c.error), std::string::npos) << message;
    EXPECT_NE(message.find(c.where), std::string::npos) << message;
  }
  absl::StatusOr<EngineConfig> some =
      EngineConfig::FromJson(R"({"views": [{"metrics": ["nps", "backlog", "nps_x"]}]})");
  EXPECT_FALSE(some.ok());
  // Report order, whatever order the config lists them in; the default spells every metric.
  absl::StatusOr<EngineConfig> config = EngineConfig::FromJson(
      R"({"views": [{"metrics": ["nps", "backlog", "tickets_created"]}, {"grain": "day"}]})");
  ASSERT_TRUE(config.ok()) << config.status();
  const json j = config->ToJson();
  EXPECT_EQ(j["views"][0]["metrics"], json::parse(R"(["tickets_created", "backlog", "nps"])"));
  EXPECT_EQ(j["views"][1]["metrics"].size(), static_cast<size_t>(kMetricCount));
  absl::StatusOr<EngineConfig> again = EngineConfig::FromJson(j);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->views, config->views);
  EXPECT_TRUE(again->views[1].metrics.all());
}

// Shards by ticket, each a subset engine, merge to what one subset engine
// reports (repeat contacts aside: they look across a customer's tickets).
TEST(ViewMetrics, SubsetStatesSerializeAndMerge) {
  const std::vector<std::string> subset = {"tickets_created", "first_reply_time", "csat",
                                           "cost_per_contact", "occupancy"};
  const std::string config = Config(subset);
  const std::unique_ptr<Engine> one = Fed(config, 6);
  // Two shards: the same stream, each keeping half of the tickets (ticketless
  // events go to the first).
  std::vector<std::unique_ptr<Engine>> shards;
  for (int shard = 0; shard < 2; ++shard) {
    shards.push_back(*Engine::Create(config));
    MixedStream stream(*shards.back(), 6);
    for (std::vector<Event> batch = stream.Next(); !batch.empty(); batch = stream.Next()) {
      std::vector<Event> mine;
      for (const Event& e : batch) {
        const int owner = e.ticket == 0 ? 0 : static_cast<int>(e.ticket % 2);
        if (owner == shard) mine.push_back(e);
      }
      shards.back()->Ingest(mine);
    }
  }
  std::unique_ptr<Engine> merged = *Engine::Create(config);
  // Names interned in the same order as `one`: a merge maps ids by name anyway.
  for (const auto& shard : shards) ASSERT_TRUE(merged->MergeSerialized(shard->Serialize()).ok());
  const std::string q =
      R"({"grain": "day", "group_by": ["agent"], "metrics": )" + MetricsJson(subset) + "}";
  EXPECT_EQ(Values(ReportOf(*merged, q)), Values(ReportOf(*one, q)));
  // Round trip: the state of the merged engine gives the same report again.
  std::unique_ptr<Engine> copy = *Engine::Create(config);
  ASSERT_TRUE(copy->MergeSerialized(merged->Serialize()).ok());
  EXPECT_EQ(ReportOf(*copy, q), ReportOf(*merged, q));
  // Engines keeping other metrics do not merge.
  std::unique_ptr<Engine> full = *Engine::Create(Config({}));
  absl::Status s = full->MergeSerialized(one->Serialize());
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
}

// A state written before views had "metrics": its config spells none. It
// is the same config as one keeping everything, so it still merges.
TEST(ViewMetrics, StatesWithoutMetricsInTheirConfigStillMerge) {
  const std::unique_ptr<Engine> full = Fed(Config({}), 8);
  const std::string bytes = full->Serialize();
  codec::ByteReader r(bytes);
  const std::string header(bytes.substr(0, 5));  // magic, version
  r.Raw(5);
  json config = json::parse(r.Bytes());
  ASSERT_TRUE(r.ok());
  for (json& view : config["views"]) view.erase("metrics");
  codec::ByteWriter w;
  w.Raw(header);
  w.Bytes(config.dump());
  w.Raw(std::string_view(bytes).substr(bytes.size() - r.remaining()));
  const std::string old_bytes = ResealEngineState(std::move(w).Finish());

  std::unique_ptr<Engine> fresh = *Engine::Create(Config({}));
  ASSERT_TRUE(fresh->MergeSerialized(old_bytes).ok());
  const char* q = R"({"grain": "day", "group_by": ["agent"]})";
  EXPECT_EQ(ReportOf(*fresh, q), ReportOf(*full, q));
  // A config that differs in more than spelling still does not merge.
  std::unique_ptr<Engine> part = *Engine::Create(Config({"csat"}));
  EXPECT_EQ(part->MergeSerialized(old_bytes).code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace csm::testing
