// The C ABI of the event engine (csmetrics.h, section "engine"). Every
// function checks its arguments, runs inside Guard and writes its outputs
// only on success.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "capi/internal/guard.h"
#include "capi/internal/handles.h"
#include "capi/internal/versioned_struct.h"
#include "csm/engine/engine.h"
#include "csm/engine/internal/engine_state.h"
#include "csm/engine/sharded_engine.h"
#include "csm/live/live_query.h"
#include "csm/report/report.h"
#include "csmetrics.h"

// One engine, or (csm_engine_create_sharded) a sharded engine until
// csm_engine_finish merges its shards into `engine`.
struct csm_engine {
  std::unique_ptr<csm::Engine> engine;
  std::unique_ptr<csm::ShardedEngine> sharded;
};

namespace {

using csm::capi::CheckHandle;
using csm::capi::Guard;
using csm::capi::HandleKind;
using csm::capi::InitStruct;
using csm::capi::InvalidArgument;
using csm::capi::NullArgument;

static_assert(CSM_EVENT_CREATED == static_cast<int>(csm::EventType::kCreated));
static_assert(CSM_EVENT_COST == static_cast<int>(csm::EventType::kCost));
static_assert(CSM_EVENT_COST == csm::kEventTypeCount);
static_assert(CSM_TICKET_CLOSED == static_cast<int>(csm::TicketStatus::kClosed));
static_assert(CSM_AGENT_AWAY == static_cast<int>(csm::AgentState::kAway));
static_assert(CSM_REJECT_MALFORMED == static_cast<int>(csm::RejectReason::kMalformed));
static_assert(CSM_REJECT_INVALID_SEQUENCE == static_cast<int>(csm::RejectReason::kInvalidSequence));
static_assert(CSM_REJECT_LIMIT_EXCEEDED == static_cast<int>(csm::RejectReason::kLimitExceeded));
static_assert(CSM_REJECT_LIMIT_EXCEEDED == csm::kRejectReasonCount);
static_assert(CSM_INGEST_MAX_REJECTIONS == csm::IngestResult::kMaxRejections);

// The largest csm_event any version may define (this one's is 80 bytes).
constexpr size_t kMaxEventSize = 1024;

csm::Event ToEvent(const csm_event& c) {
  csm::Event e;
  e.time = csm::FromEpochMs(c.time_ms);
  e.ticket = c.ticket;
  // Out-of-range codes become values the engine rejects (unknown_type,
  // invalid_field) rather than API errors: bad events are data, not misuse.
  e.type = static_cast<csm::EventType>(c.type >= 1 && c.type <= csm::kEventTypeCount ? c.type : 0);
  e.status = static_cast<uint8_t>(c.status >= 0 && c.status <= 254 ? c.status : 255);
  e.agent = c.agent;
  e.customer = c.customer;
  e.group = c.group;
  e.channel = c.channel;
  e.category = c.category;
  e.priority = c.priority;
  e.segment = c.segment;
  e.step = c.step;
  e.workflow = c.workflow;
  if (c.has_value != 0) e.value = c.value;
  return e;
}

absl::Status CheckResult(const char* function, const csm_ingest_result* out) {
  if (out != nullptr && out->size < CSM_INGEST_RESULT_SIZE_V1) {
    return InvalidArgument(absl::StrCat(function, ": out->size is ", out->size,
                                        ", expected at least ", CSM_INGEST_RESULT_SIZE_V1,
                                        " (use CSM_INGEST_RESULT_INIT)"));
  }
  return absl::OkStatus();
}

// Writes the fields that lie within the caller's out->size: an older
// caller's smaller struct is never written past its end.
void WriteResult(const csm::IngestResult& r, csm_ingest_result* out) {
  if (out == nullptr) return;
  csm_ingest_result full = CSM_INGEST_RESULT_INIT;
  full.accepted = r.accepted;
  full.rejected = r.rejected;
  full.rejection_count = r.first_rejections.size();
  for (size_t i = 0; i < full.rejection_count; ++i) {
    full.rejection_index[i] = r.first_rejections[i].index;
    full.rejection_reason[i] = static_cast<int32_t>(r.first_rejections[i].reason);
  }
  const size_t n = std::min(out->size, sizeof(csm_ingest_result));
  std::memcpy(reinterpret_cast<unsigned char*>(out) + sizeof(out->size),
              reinterpret_cast<const unsigned char*>(&full) + sizeof(full.size),
              n - sizeof(out->size));
}

// A live handle whose shards, if any, are merged: what every call but
// intern, ingest, ingest_jsonl and finish needs.
absl::Status CheckEngine(const csm_engine* e, const char* function) {
  if (absl::Status s = CheckHandle(e, HandleKind::kEngine, function, "e"); !s.ok()) return s;
  if (e->sharded != nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        function,
        ": the sharded engine is still ingesting; call csm_engine_finish first (until then it "
        "takes only csm_engine_intern, csm_engine_ingest and csm_engine_ingest_jsonl)"));
  }
  return absl::OkStatus();
}

// A sharded engine's rejections as csm_ingest_result's (tags are the
// indexes each ingest call gave its events or lines).
csm::IngestResult ToIngestResult(const csm::ShardedEngine::Finished& done) {
  csm::IngestResult r;
  r.accepted = done.accepted;
  r.rejected = done.rejected;
  for (const csm::ShardedEngine::Rejected& rej : done.first_rejections) {
    r.first_rejections.push_back({static_cast<size_t>(rej.tag), rej.reason});
  }
  return r;
}

template <typename T>
absl::Status HandOut(std::string_view bytes, bool nul_terminate, T** out) {
  void* buffer = std::malloc(bytes.size() + (nul_terminate ? 1 : 0) + 1);
  if (buffer == nullptr) return absl::ResourceExhaustedError("out of memory");
  std::memcpy(buffer, bytes.data(), bytes.size());
  if (nul_terminate) static_cast<char*>(buffer)[bytes.size()] = '\0';
  *out = static_cast<T*>(buffer);
  return absl::OkStatus();
}

}  // namespace

extern "C" {

const char* csm_reject_reason_str(int reason) {
  if (reason < 1 || reason > csm::kRejectReasonCount) return "unknown";
  return csm::kRejectReasonNames[reason].data();  // the names are literals: NUL-terminated
}

csm_status csm_event_init(csm_event* event, size_t size) {
  return Guard([&]() -> absl::Status {
    return InitStruct("csm_event_init", event, size, CSM_EVENT_SIZE_V1, csm_event CSM_EVENT_INIT);
  });
}

csm_status csm_ingest_result_init(csm_ingest_result* result, size_t size) {
  return Guard([&]() -> absl::Status {
    return InitStruct("csm_ingest_result_init", result, size, CSM_INGEST_RESULT_SIZE_V1,
                      csm_ingest_result CSM_INGEST_RESULT_INIT);
  });
}

csm_status csm_engine_create(const char* config_json, size_t len, csm_engine** out) {
  return Guard([&]() -> absl::Status {
    if (config_json == nullptr && len > 0) return NullArgument("csm_engine_create", "config_json");
    if (out == nullptr) return NullArgument("csm_engine_create", "out");
    const std::string_view text =
        len == 0 ? std::string_view() : std::string_view(config_json, len);
    if (text.find('\0') != std::string_view::npos) {
      return InvalidArgument("csm_engine_create: config_json has a NUL byte within len");
    }
    absl::StatusOr<std::unique_ptr<csm::Engine>> engine = csm::Engine::Create(text);
    if (!engine.ok()) return engine.status();
    auto handle = std::make_unique<csm_engine>(csm_engine{*std::move(engine), nullptr});
    csm::capi::RegisterHandle(handle.get(), HandleKind::kEngine);
    *out = handle.release();
    return absl::OkStatus();
  });
}

csm_status csm_engine_create_sharded(const char* config_json, size_t len, int shards,
                                     csm_engine** out) {
  return Guard([&]() -> absl::Status {
    constexpr const char* kFn = "csm_engine_create_sharded";
    if (config_json == nullptr && len > 0) return NullArgument(kFn, "config_json");
    if (out == nullptr) return NullArgument(kFn, "out");
    if (shards < 1 || shards > csm::ShardedEngine::kMaxShards) {
      return InvalidArgument(absl::StrCat(kFn, ": shards is ", shards, ", expected 1 to ",
                                          csm::ShardedEngine::kMaxShards));
    }
    const std::string_view text =
        len == 0 ? std::string_view() : std::string_view(config_json, len);
    if (text.find('\0') != std::string_view::npos) {
      return InvalidArgument(absl::StrCat(kFn, ": config_json has a NUL byte within len"));
    }
    absl::StatusOr<std::unique_ptr<csm::ShardedEngine>> sharded =
        csm::ShardedEngine::Create(text, shards);
    if (!sharded.ok()) return sharded.status();
    auto handle = std::make_unique<csm_engine>(csm_engine{nullptr, *std::move(sharded)});
    csm::capi::RegisterHandle(handle.get(), HandleKind::kEngine);
    *out = handle.release();
    return absl::OkStatus();
  });
}

csm_status csm_engine_finish(csm_engine* e, csm_ingest_result* out) {
  return Guard([&]() -> absl::Status {
    constexpr const char* kFn = "csm_engine_finish";
    if (absl::Status s = CheckHandle(e, HandleKind::kEngine, kFn, "e"); !s.ok()) return s;
    if (absl::Status s = CheckResult(kFn, out); !s.ok()) return s;
    if (e->sharded == nullptr) {  // one engine, or finished: nothing pending
      WriteResult(csm::IngestResult{}, out);
      return absl::OkStatus();
    }
    absl::StatusOr<csm::ShardedEngine::Finished> done = e->sharded->Finish();
    // Finish runs once: whatever it says, the shards are gone. On an error
    // the handle keeps only what was merged (nothing): later calls say so.
    std::unique_ptr<csm::ShardedEngine> finished = std::move(e->sharded);
    if (!done.ok()) {
      absl::StatusOr<std::unique_ptr<csm::Engine>> empty = csm::Engine::Create(finished->config());
      if (empty.ok()) e->engine = *std::move(empty);
      return absl::Status(done.status().code(), absl::StrCat(kFn, ": ", done.status().message(),
                                                             " (the engine is now empty)"));
    }
    e->engine = std::move(done->engine);
    WriteResult(ToIngestResult(*done), out);
    return absl::OkStatus();
  });
}

csm_status csm_engine_create_from_state(const uint8_t* data, size_t len, csm_engine** out) {
  return Guard([&]() -> absl::Status {
    constexpr const char* kName = "csm_engine_create_from_state";
    if (data == nullptr) return NullArgument(kName, "data");
    if (out == nullptr) return NullArgument(kName, "out");
    const std::string_view bytes(reinterpret_cast<const char*>(data), len);
    absl::StatusOr<std::string> config = csm::EngineStateConfig(bytes);
    if (!config.ok()) return config.status();
    absl::StatusOr<std::unique_ptr<csm::Engine>> engine = csm::Engine::Create(*config);
    if (!engine.ok()) return engine.status();
    if (absl::Status s = (*engine)->MergeSerialized(bytes); !s.ok()) return s;
    auto handle = std::make_unique<csm_engine>(csm_engine{*std::move(engine), nullptr});
    csm::capi::RegisterHandle(handle.get(), HandleKind::kEngine);
    *out = handle.release();
    return absl::OkStatus();
  });
}

void csm_engine_free(csm_engine* e) {
  if (e == nullptr) return;
  // A freed or foreign pointer is left alone: deleting it again would
  // corrupt the heap.
  if (!csm::capi::UnregisterHandle(e, HandleKind::kEngine)) {
    csm::capi::SetLastError("csm_engine_free: e is not a live csm_engine (already freed?)");
    return;
  }
  delete e;
}

csm_status csm_engine_intern(csm_engine* e, const char* field, const char* value,
                             uint32_t* out_id) {
  return Guard([&]() -> absl::Status {
    if (absl::Status s = CheckHandle(e, HandleKind::kEngine, "csm_engine_intern", "e"); !s.ok())
      return s;
    // A sharded engine's events carry the router's ids.
    auto named_ticket = [&](std::string_view name) {
      return e->sharded ? e->sharded->NamedTicket(name) : e->engine->NamedTicket(name);
    };
    auto intern = [&](csm::Field f, std::string_view name) {
      return e->sharded ? e->sharded->Intern(f, name) : e->engine->Intern(f, name);
    };
    if (field == nullptr) return NullArgument("csm_engine_intern", "field");
    if (value == nullptr) return NullArgument("csm_engine_intern", "value");
    if (out_id == nullptr) return NullArgument("csm_engine_intern", "out_id");
    const std::optional<csm::Field> f = csm::ParseField(field);
    if (!f)
      return InvalidArgument(absl::StrCat("csm_engine_intern: unknown field \"", field, "\""));
    if (*f == csm::Field::kTicket) {
      absl::StatusOr<csm::TicketKey> key = named_ticket(value);
      if (!key.ok()) return key.status();
      *out_id = static_cast<uint32_t>(*key & ~csm::kNamedTicketBit);
      return absl::OkStatus();
    }
    absl::StatusOr<uint32_t> id = intern(*f, value);
    if (!id.ok()) return id.status();
    *out_id = *id;
    return absl::OkStatus();
  });
}

csm_status csm_engine_ingest(csm_engine* e, const csm_event* events, size_t n,
                             csm_ingest_result* out) {
  return Guard([&]() -> absl::Status {
    constexpr const char* kFn = "csm_engine_ingest";
    if (absl::Status s = CheckHandle(e, HandleKind::kEngine, kFn, "e"); !s.ok()) return s;
    if (events == nullptr && n > 0) return NullArgument(kFn, "events");
    if (absl::Status s = CheckResult(kFn, out); !s.ok()) return s;
    // Check every element's size before anything is ingested.
    const auto* base = reinterpret_cast<const unsigned char*>(events);
    size_t stride = sizeof(csm_event);
    for (size_t i = 0; i < n; ++i) {
      size_t size;
      std::memcpy(&size, base + i * stride, sizeof(size));
      if (i == 0) {
        if (size < CSM_EVENT_SIZE_V1) {
          return InvalidArgument(absl::StrCat(kFn, ": events[0].size is ", size,
                                              ", expected at least ", CSM_EVENT_SIZE_V1,
                                              " (use CSM_EVENT_INIT)"));
        }
        if (n > SIZE_MAX / size) {
          return InvalidArgument(absl::StrCat(kFn, ": n * events[0].size overflows"));
        }
        // Above kMaxEventSize the size is garbage, not a newer header: the
        // array would then be stepped through at a wild stride.
        if (size > kMaxEventSize) {
          return InvalidArgument(absl::StrCat(kFn, ": events[0].size is ", size,
                                              ", more than any csm_event version (", kMaxEventSize,
                                              "); use CSM_EVENT_INIT"));
        }
        stride = size;
      } else if (size != stride) {
        return InvalidArgument(
            absl::StrCat(kFn, ": events[", i, "].size is ", size, ", events[0].size ", stride));
      }
    }
    // Fields beyond the caller's size (a future version's) read as absent.
    const size_t known = std::min(stride, sizeof(csm_event));
    csm::IngestResult total;
    std::vector<csm::Event> chunk;
    constexpr size_t kChunk = 4096;
    chunk.reserve(std::min(n, kChunk));
    for (size_t start = 0; start < n; start += kChunk) {
      chunk.clear();
      const size_t end = std::min(n, start + kChunk);
      for (size_t i = start; i < end; ++i) {
        csm_event c = CSM_EVENT_INIT;
        std::memcpy(&c, base + i * stride, known);
        chunk.push_back(ToEvent(c));
      }
      if (e->sharded) {
        // Verdicts come with csm_engine_finish, tagged with the index here.
        std::vector<int64_t> tags(chunk.size());
        for (size_t i = 0; i < tags.size(); ++i) tags[i] = static_cast<int64_t>(start + i);
        e->sharded->Ingest(chunk, tags);
        continue;
      }
      const csm::IngestResult r = e->engine->Ingest(chunk);
      total.accepted += r.accepted;
      total.rejected += r.rejected;
      for (const csm::Rejection& rej : r.first_rejections) {
        if (total.first_rejections.size() < csm::IngestResult::kMaxRejections) {
          total.first_rejections.push_back({start + rej.index, rej.reason});
        }
      }
    }
    WriteResult(total, out);
    return absl::OkStatus();
  });
}

csm_status csm_engine_ingest_jsonl(csm_engine* e, const char* data, size_t len,
                                   csm_ingest_result* out) {
  return Guard([&]() -> absl::Status {
    constexpr const char* kFn = "csm_engine_ingest_jsonl";
    if (absl::Status s = CheckHandle(e, HandleKind::kEngine, kFn, "e"); !s.ok()) return s;
    if (data == nullptr && len > 0) return NullArgument(kFn, "data");
    if (absl::Status s = CheckResult(kFn, out); !s.ok()) return s;
    const std::string_view text = len == 0 ? std::string_view() : std::string_view(data, len);
    if (e->sharded) {
      e->sharded->IngestJsonl(text);  // verdicts come with csm_engine_finish
      WriteResult(csm::IngestResult{}, out);
      return absl::OkStatus();
    }
    const csm::IngestResult r = e->engine->IngestJsonl(text);
    WriteResult(r, out);
    return absl::OkStatus();
  });
}

csm_status csm_engine_report_json(csm_engine* e, const char* query_json, size_t len,
                                  char** out_json, size_t* out_len) {
  return Guard([&]() -> absl::Status {
    constexpr const char* kFn = "csm_engine_report_json";
    if (absl::Status s = CheckEngine(e, kFn); !s.ok()) return s;
    if (query_json == nullptr && len > 0) return NullArgument(kFn, "query_json");
    if (out_json == nullptr) return NullArgument(kFn, "out_json");
    const std::string_view query =
        len == 0 ? std::string_view() : std::string_view(query_json, len);
    if (query.find('\0') != std::string_view::npos) {
      return InvalidArgument(absl::StrCat(kFn, ": query_json has a NUL byte within len"));
    }
    absl::StatusOr<std::string> report = csm::report::RunJson(*e->engine, query);
    if (!report.ok()) return report.status();
    if (absl::Status s = HandOut(*report, true, out_json); !s.ok()) return s;
    if (out_len != nullptr) *out_len = report->size();
    return absl::OkStatus();
  });
}

csm_status csm_engine_advance(csm_engine* e, int64_t now_ms) {
  return Guard([&]() -> absl::Status {
    constexpr const char* kFn = "csm_engine_advance";
    if (absl::Status s = CheckEngine(e, kFn); !s.ok()) return s;
    return e->engine->AdvanceClock(csm::FromEpochMs(now_ms));  // checks range and clock
  });
}

csm_status csm_engine_live_json(csm_engine* e, const char* query_json, size_t len, int64_t now_ms,
                                char** out_json, size_t* out_len) {
  return Guard([&]() -> absl::Status {
    constexpr const char* kFn = "csm_engine_live_json";
    if (absl::Status s = CheckEngine(e, kFn); !s.ok()) return s;
    if (query_json == nullptr) return NullArgument(kFn, "query_json");
    if (out_json == nullptr) return NullArgument(kFn, "out_json");
    const std::string_view query(query_json, len);
    if (query.find('\0') != std::string_view::npos) {
      return InvalidArgument(absl::StrCat(kFn, ": query_json has a NUL byte within len"));
    }
    absl::StatusOr<std::string> answer =
        csm::live::RunLiveJson(*e->engine, query, csm::FromEpochMs(now_ms));
    if (!answer.ok()) return answer.status();
    if (absl::Status s = HandOut(*answer, true, out_json); !s.ok()) return s;
    if (out_len != nullptr) *out_len = answer->size();
    return absl::OkStatus();
  });
}

csm_status csm_engine_serialize(const csm_engine* e, uint8_t** out, size_t* out_len) {
  return Guard([&]() -> absl::Status {
    if (absl::Status s = CheckEngine(e, "csm_engine_serialize"); !s.ok()) return s;
    if (out == nullptr) return NullArgument("csm_engine_serialize", "out");
    if (out_len == nullptr) return NullArgument("csm_engine_serialize", "out_len");
    const std::string bytes = e->engine->Serialize();
    if (absl::Status s = HandOut(bytes, false, out); !s.ok()) return s;
    *out_len = bytes.size();
    return absl::OkStatus();
  });
}

csm_status csm_engine_merge_serialized(csm_engine* e, const uint8_t* data, size_t len) {
  return Guard([&]() -> absl::Status {
    if (absl::Status s = CheckEngine(e, "csm_engine_merge_serialized"); !s.ok()) return s;
    if (data == nullptr) return NullArgument("csm_engine_merge_serialized", "data");
    return e->engine->MergeSerialized(std::string_view(reinterpret_cast<const char*>(data), len));
  });
}

}  // extern "C"
