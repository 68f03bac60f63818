// Shared by the engine fuzz targets: one config (views, a calendar, a
// group's calendar) and a few events, so report queries have cells to read
// and merge_serialized has real states to start from. The calendar is in
// UTC: targets make engines per input, and compiling a zone's 1970..2200
// offset periods would dominate them (calendar_spec fuzzes zones).
#ifndef CSM_TESTS_FUZZ_FUZZ_ENGINE_H_
#define CSM_TESTS_FUZZ_FUZZ_ENGINE_H_

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "csm/engine/engine.h"
#include "csm/report/report.h"

namespace csm::fuzz {

inline constexpr std::string_view kConfig = R"({
  "timezone": "America/New_York",
  "calendars": {"ny": {"timezone": "UTC",
                       "weekly": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]],
                                  "wed": [["09:00","17:00"]], "thu": [["09:00","17:00"]],
                                  "fri": [["09:00","17:00"]]},
                       "holidays": ["2026-11-26"]}},
  "group_calendars": {"support": "ny"},
  "views": [{"group_by": [], "grain": "hour"},
            {"group_by": ["agent"], "grain": "day"},
            {"group_by": ["channel", "group"], "grain": "week", "timezone": "Europe/Berlin"}],
  "options": {"reopen_window": 86400, "allowed_lateness": 60}})";

// Two tickets' lives and a call: replies, a pause, a solve and a reopen,
// a rating, an agent state change.
inline constexpr std::string_view kEvents =
    R"({"time": "2026-11-02T09:00:00-05:00", "ticket": "T-1", "type": "created", "channel": "email", "group": "support", "customer": "c1"}
{"time": "2026-11-02T09:30:00-05:00", "ticket": "T-1", "type": "agent_reply", "agent": "alice"}
{"time": "2026-11-02T10:00:00-05:00", "ticket": "T-1", "type": "status", "status": "pending"}
{"time": "2026-11-02T11:00:00-05:00", "ticket": "T-1", "type": "customer_message"}
{"time": "2026-11-02T12:00:00-05:00", "ticket": "T-1", "type": "status", "status": "solved", "agent": "alice"}
{"time": "2026-11-02T13:00:00-05:00", "ticket": "T-1", "type": "csat", "value": 5}
{"time": "2026-11-02T13:30:00-05:00", "ticket": "T-1", "type": "customer_message"}
{"time": "2026-11-02T14:00:00-05:00", "ticket": "T-1", "type": "status", "status": "solved"}
{"time": "2026-11-03T08:00:00-05:00", "ticket": 42, "type": "created", "channel": "phone", "group": "voice"}
{"time": "2026-11-03T08:00:05-05:00", "ticket": 42, "type": "queued"}
{"time": "2026-11-03T08:00:30-05:00", "ticket": 42, "type": "answered", "agent": "bob"}
{"time": "2026-11-03T08:05:00-05:00", "ticket": 42, "type": "ended"}
{"time": "2026-11-03T08:06:00-05:00", "ticket": 42, "type": "wrapup_end", "agent": "bob"}
{"time": "2026-11-03T08:07:00-05:00", "type": "agent_state", "agent": "bob", "status": "available"}
{"time": 1793800000000, "ticket": "T-2", "type": "created", "channel": "chat", "priority": "high"}
)";

// A fresh engine with kConfig; aborts if the config stops parsing (that
// would be a bug in the target, not a finding).
inline std::unique_ptr<Engine> NewEngine() {
  auto engine = Engine::Create(kConfig);
  if (!engine.ok()) std::abort();
  return *std::move(engine);
}

// The engine of a target that only reads (report and live queries): it
// took kEvents, and its state then is kept to check that answering never
// changes it.
class ReadOnlyEngine {
 public:
  explicit ReadOnlyEngine(std::unique_ptr<Engine> engine) : engine_(std::move(engine)) {
    if (engine_->IngestJsonl(kEvents).rejected != 0) std::abort();
    state_ = engine_->Serialize();
  }
  const Engine& engine() const { return *engine_; }
  // Aborts if the engine changed; serializing on every input would
  // dominate the run, so it checks every 256th call.
  void CheckUnchangedNowAndThen() {
    if (++calls_ % 256 == 0 && engine_->Serialize() != state_) std::abort();
  }

 private:
  std::unique_ptr<Engine> engine_;
  std::string state_;
  unsigned calls_ = 0;
};

// What an engine reports: a total, a per-agent and a per-channel-and-group
// report (or their errors), each over all time: every cell is merged in,
// and a fuzzed stream spanning 1970..2200 cannot make them millions of
// hourly rows long. Engines with the same events give the same
// text, whatever order their hash maps hold things in (Serialize() bytes
// may differ between such engines; reports are ordered).
inline std::string Reports(const Engine& engine) {
  std::string out;
  for (std::string_view query :
       {R"({"grain": "all"})", R"({"group_by": ["agent"], "grain": "all"})",
        R"({"group_by": ["channel", "group"], "grain": "all"})"}) {
    auto report = report::RunJson(engine, query);
    out += report.ok() ? *report : std::string(report.status().message());
    out += '\n';
  }
  return out;
}

// Equal JSON, floating-point numbers within `tolerance` (relative).
inline bool Close(const nlohmann::json& a, const nlohmann::json& b, double tolerance) {
  if (a.is_number_float() && b.is_number_float()) {
    const double x = a.get<double>(), y = b.get<double>();
    return x == y || std::abs(x - y) <= tolerance * std::max(std::abs(x), std::abs(y));
  }
  if (a.type() != b.type() || a.size() != b.size()) return false;
  if (a.is_object()) {
    for (auto it = a.begin(); it != a.end(); ++it) {
      if (!b.contains(it.key()) || !Close(*it, b[it.key()], tolerance)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    for (size_t i = 0; i < a.size(); ++i) {
      if (!Close(a[i], b[i], tolerance)) return false;
    }
    return true;
  }
  return a == b;
}

// Restores `engine`'s serialized state into a fresh engine and aborts
// unless the two report the same: byte for byte with tolerance 0, else
// with floating-point numbers within `tolerance`. (A state the fuzzer
// mutated may hold valid sketches that no engine would build; those merge
// within the sketch's error bound but not bit-exactly in every order.)
inline void CheckRestores(const Engine& engine, double tolerance = 0) {
  auto twin = NewEngine();
  if (absl::Status s = twin->MergeSerialized(engine.Serialize()); !s.ok()) {
    std::fprintf(stderr, "restore failed: %s\n", std::string(s.message()).c_str());
    std::abort();
  }
  const std::string a = Reports(engine), b = Reports(*twin);
  if (a == b) return;
  if (tolerance > 0) {
    bool close = true;
    size_t pa = 0, pb = 0;
    while (close && pa < a.size() && pb < b.size()) {
      const size_t ea = a.find('\n', pa), eb = b.find('\n', pb);
      const auto ja = nlohmann::json::parse(a.substr(pa, ea - pa), nullptr, false);
      const auto jb = nlohmann::json::parse(b.substr(pb, eb - pb), nullptr, false);
      close = Close(ja, jb, tolerance);
      pa = ea + 1;
      pb = eb + 1;
    }
    if (close) return;
  }
  std::fprintf(stderr, "restored engine reports differently:\n%s\n---\n%s\n", a.c_str(), b.c_str());
  std::abort();
}

}  // namespace csm::fuzz

#endif  // CSM_TESTS_FUZZ_FUZZ_ENGINE_H_
