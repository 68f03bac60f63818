// Preset "bank-calls": a call-centre log with one row per call, in the layout
// of the Technion SEELab "Anonymous Bank" data: tab-separated, `date` as
// YYMMDD, stage times as H:MM:SS local time (Israel by default), 0:00:00 for
// a stage that did not happen.
//
// Events per call (ticket = "<vru+line>-<call_id>": call_id alone repeats
// across lines; channel = phone, group = type, priority, customer =
// customer_id unless 0):
//   created and ivr (step "vru") at vru_entry;
//   queued at q_start, when the call entered a queue;
//   outcome HANG after queueing: abandoned at q_exit;
//   outcome AGENT: answered at ser_start (agent = server, unless NO_SERVER)
//     and ended at ser_exit.
// Quirks, each counted in the import notes:
//   - PHANTOM calls are not real calls: skipped.
//   - HANG without a queue hung up in the IVR: created and ivr only (IVR
//     containment), no abandoned event (abandonment is counted over queued).
//   - AGENT calls with no service times (ser_start 0:00:00): answered and
//     ended at the end of the queue (or of the IVR), zero talk time.
//   - AGENT calls with server NO_SERVER: answered without an agent.
//   - Calls across midnight: a stage time more than an hour before vru_entry
//     belongs to the next day.
//   - The log's stage clocks overlap by a second or more (ser_start is often
//     before q_exit); times are raised to keep each call's events in order.
#include <chrono>
#include <string>

#include "csm/io/cat.h"
#include "lib/io/import/preset.h"

namespace csm::io::import_internal {
namespace {

enum Field : std::size_t {
  kLine,
  kCallId,
  kCustomer,
  kPriority,
  kGroup,
  kDate,
  kVruEntry,
  kVruExit,
  kQueueStart,
  kQueueExit,
  kOutcome,
  kServiceStart,
  kServiceExit,
  kAgent,
};

class BankCallsPreset : public Preset {
 public:
  const std::vector<FieldSpec>& fields() const override {
    static const std::vector<FieldSpec> kFields = {
        {"line", {"vru+line"}},
        {"call", {"call_id"}, true},
        {"customer", {"customer_id"}},
        {"priority", {"priority"}},
        {"group", {"type"}},
        {"date", {"date"}, true},
        {"vru_entry", {"vru_entry"}, true},
        {"vru_exit", {"vru_exit"}},
        {"q_start", {"q_start"}},
        {"q_exit", {"q_exit"}},
        {"outcome", {"outcome"}, true},
        {"ser_start", {"ser_start"}},
        {"ser_exit", {"ser_exit"}},
        {"agent", {"server"}},
    };
    return kFields;
  }

  absl::Status Convert(const Row& row, const Zone& zone, Emitter& out,
                       std::string* reason) override {
    std::string_view outcome = row.get(kOutcome);
    if (outcome == "PHANTOM") {
      out.Note("phantom calls skipped");
      return absl::OkStatus();
    }
    if (outcome != "AGENT" && outcome != "HANG") {
      *reason = "bad_value";
      return absl::InvalidArgumentError(
          Cat("unknown outcome '", outcome, "' (expected AGENT, HANG or PHANTOM)"));
    }
    absl::StatusOr<date::local_days> day = ParseYymmdd(row.get(kDate));
    if (!day.ok()) {
      *reason = "bad_time";
      return day.status();
    }
    // Stage times as seconds after the call's midnight; nullopt: did not happen.
    std::optional<std::chrono::seconds> stage[kAgent + 1];
    for (std::size_t f :
         {kVruEntry, kVruExit, kQueueStart, kQueueExit, kServiceStart, kServiceExit}) {
      std::string_view text = row.get(f);
      if (text.empty() || text == "0:00:00" || text == "00:00:00") continue;
      absl::StatusOr<std::chrono::seconds> t = ParseClock(text);
      if (!t.ok()) {
        *reason = "bad_time";
        return t.status();
      }
      stage[f] = *t;
    }
    if (!stage[kVruEntry]) {
      *reason = "missing_field";
      return absl::InvalidArgumentError("vru_entry is 0:00:00 (the call never arrived)");
    }
    bool crossed = false;
    for (auto& t : stage) {
      if (t && *t + std::chrono::hours{1} < *stage[kVruEntry]) {
        *t += date::days{1};
        crossed = true;
      }
    }
    if (crossed) out.Note("calls across midnight");

    ticket_.assign(row.get(kLine));
    if (!ticket_.empty()) ticket_.push_back('-');
    ticket_.append(row.get(kCallId));
    std::string_view customer = row.get(kCustomer);
    if (customer == "0") customer = {};
    std::string_view agent = row.get(kAgent);
    if (agent == "NO_SERVER") agent = {};

    Instant last{};
    auto at = [&](std::size_t f) {
      Instant t = zone.FromLocal(date::local_time<Millis>{*day + *stage[f]});
      return KeepOrder(t, &last, out, "times raised to keep order");
    };
    EventRecord e;
    e.set(EventField::kTicket, ticket_);
    auto emit = [&](Instant t, std::string_view type) {
      e.time = t;
      e.set(EventField::kType, type);
      out.Emit(e);
    };

    last = zone.FromLocal(date::local_time<Millis>{*day + *stage[kVruEntry]});
    e.set(EventField::kChannel, "phone");
    e.set(EventField::kGroup, row.get(kGroup));
    e.set(EventField::kPriority, row.get(kPriority));
    e.set(EventField::kCustomer, customer);
    emit(last, "created");
    e = EventRecord{};
    e.set(EventField::kTicket, ticket_);
    e.set(EventField::kStep, "vru");
    emit(last, "ivr");
    e.set(EventField::kStep, {});

    const bool queued = stage[kQueueStart].has_value();
    if (queued) {
      e.set(EventField::kGroup, row.get(kGroup));
      emit(at(kQueueStart), "queued");
      e.set(EventField::kGroup, {});
    }
    if (outcome == "HANG") {
      if (queued) {
        emit(stage[kQueueExit] ? at(kQueueExit) : last, "abandoned");
      } else {
        out.Note("hung up in the IVR (not queued)");
      }
      return absl::OkStatus();
    }
    // AGENT
    if (agent.empty()) out.Note("answered with server NO_SERVER");
    e.set(EventField::kAgent, agent);
    if (stage[kServiceStart]) {
      emit(at(kServiceStart), "answered");
      emit(stage[kServiceExit] ? at(kServiceExit) : last, "ended");
    } else {
      out.Note("answered with no service times");
      std::size_t end = queued ? kQueueExit : kVruExit;
      Instant t = stage[end] ? at(end) : last;
      emit(t, "answered");
      emit(t, "ended");
    }
    return absl::OkStatus();
  }

 private:
  std::string ticket_;  // reused: no allocation per call
};

}  // namespace

std::unique_ptr<Preset> MakeBankCallsPreset() { return std::make_unique<BankCallsPreset>(); }

}  // namespace csm::io::import_internal
