// Engine::Serialize / MergeSerialized: the engine state format.
//
// Layout (little-endian, varints as in byte_codec.h):
//   "CSME" | format version u8 (kStateFormatVersion)
//   config: canonical JSON (bytes)
//   names: per field, count then each name (bytes)
//   rejected: one varint per reason 0..kRejectReasonCount
//   the parts, each a byte string written by the part's Encode
//   (merge_protocol.h): ticket store (watermark, live tickets, solve
//   snapshots, released keys), station log, views (metric cells), contact
//   lifecycle, experience tracker, SLA tracker (clock, target instances)
//   checksum: XXH3-64 of every byte before it, u64
// Ids inside the state are this engine's interned ids; a merge maps them
// through the names.
//
// The bytes are not pinned yet: the format changes with the SLA state and
// exact small samples, and golden bytes are checked in once those land.
// Until then a state of another format version is refused (UNIMPLEMENTED,
// naming both versions).
#include "csm/engine/internal/engine_state.h"

#include <array>
#include <limits>
#include <tuple>
#include <utility>
#include <vector>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "absl/strings/str_cat.h"
#include "csm/engine/engine.h"
#include "csm/engine/internal/byte_codec.h"
#include "csm/engine/internal/engine_impl.h"
#include "csm/model/internal/absl_compat.h"

namespace csm {

namespace {

// The parts' saved states, in the order of the format.
using SavedParts = std::tuple<TicketStore::Saved, StationLog::Saved, ViewSet::Saved,
                              ContactLifecycle::Saved, ExperienceTracker::Saved, SlaTracker::Saved>;
// The parts' types in that order (null pointers, for decoding by type).
using PartTypes = std::tuple<TicketStore*, StationLog*, ViewSet*, ContactLifecycle*,
                             ExperienceTracker*, SlaTracker*>;

}  // namespace

class EngineStateCodec {
 public:
  static std::string Serialize(const EngineImpl& e);
  static absl::Status Merge(EngineImpl& e, std::string_view bytes);

 private:
  // The engine's stateful parts, in the order of the format.
  static auto PartsOf(EngineImpl& e) {
    return std::tie(e.tickets_, e.stations_, e.views_, e.contacts_, e.experience_, e.sla_);
  }
  static auto PartsOf(const EngineImpl& e) {
    return std::tie(e.tickets_, e.stations_, e.views_, e.contacts_, e.experience_, e.sla_);
  }
};

namespace {

constexpr char kMagic[4] = {'C', 'S', 'M', 'E'};
constexpr size_t kHeaderBytes = sizeof kMagic + 1;
constexpr size_t kChecksumBytes = 8;

uint64_t Checksum(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

// Calls f(part, saved) for each part and its saved state, in order, while f
// returns true.
template <typename Parts, typename F>
bool ForEachPart(Parts parts, SavedParts& saved, F&& f) {
  return [&]<size_t... I>(std::index_sequence<I...>) {
    return (f(std::get<I>(parts), std::get<I>(saved)) && ...);
  }
  (std::make_index_sequence<std::tuple_size_v<SavedParts>>());
}

// Everything a serialized engine holds, decoded but not yet applied.
struct Decoded {
  std::string config;
  std::array<std::vector<std::string_view>, kFieldCount> names;
  std::array<uint64_t, kRejectReasonCount + 1> rejected{};
  SavedParts parts;
};

absl::Status CheckEnvelope(std::string_view bytes) {
  if (bytes.size() < sizeof kMagic ||
      bytes.substr(0, sizeof kMagic) != std::string_view(kMagic, 4)) {
    return absl::DataLossError("not a csmetrics engine state");
  }
  if (bytes.size() < kHeaderBytes) return absl::DataLossError("truncated engine state");
  const auto version = static_cast<uint8_t>(bytes[sizeof kMagic]);
  if (version != kStateFormatVersion) {
    return absl::UnimplementedError(absl::StrCat("engine state format version ", int{version},
                                                 ", this build reads ", int{kStateFormatVersion}));
  }
  if (bytes.size() < kHeaderBytes + kChecksumBytes) {
    return absl::DataLossError("truncated engine state");
  }
  const std::string_view body = bytes.substr(0, bytes.size() - kChecksumBytes);
  wire::ByteReader trailer(bytes.substr(body.size()), "engine state");
  if (trailer.U64() != Checksum(body)) {
    return absl::DataLossError(
        "engine state checksum mismatch: the bytes are corrupt or truncated");
  }
  return absl::OkStatus();
}

absl::StatusOr<Decoded> Decode(std::string_view bytes) {
  if (absl::Status s = CheckEnvelope(bytes); !s.ok()) return s;
  codec::ByteReader r(bytes.substr(kHeaderBytes, bytes.size() - kHeaderBytes - kChecksumBytes));
  Decoded d;
  d.config = std::string(r.Bytes());
  for (int f = 0; f < kFieldCount && r.ok(); ++f) {
    const uint64_t n = r.Count(1);
    for (uint64_t i = 0; i < n && r.ok(); ++i) d.names[f].push_back(r.Bytes());
  }
  for (uint64_t& n : d.rejected) n = r.Varint();
  ForEachPart(PartTypes{}, d.parts, [&]<typename Part>(Part*, typename Part::Saved& saved) {
    if (!r.ok()) return false;
    codec::ByteReader part(r.Bytes());
    saved = Part::Decode(part);
    part.Check(part.done(), "trailing bytes in an engine state part");
    if (!part.ok()) r.Fail(part.status());
    return r.ok();
  });
  r.Check(r.done(), "trailing bytes after the engine state");
  if (!r.ok()) return r.status();
  return d;
}

}  // namespace

std::string EngineStateCodec::Serialize(const EngineImpl& e) {
  codec::ByteWriter w;
  w.Raw(std::string_view(kMagic, 4));
  w.U8(kStateFormatVersion);
  w.Bytes(e.config_.ToJson().dump());
  for (int f = 0; f < kFieldCount; ++f) {
    const auto field = static_cast<Field>(f);
    const uint32_t n = e.interned_.size(field);
    w.Varint(n);
    for (uint32_t id = 1; id <= n; ++id) w.Bytes(e.interned_.Name(field, id));
  }
  for (uint64_t n : e.rejected_) w.Varint(n);
  std::apply(
      [&](const auto&... part) {
        (
            [&] {
              codec::ByteWriter inner;
              part.Encode(inner);
              w.Bytes(std::move(inner).Finish());
            }(),
            ...);
      },
      PartsOf(e));
  const uint64_t checksum = Checksum(w.str());
  w.U64(checksum);
  return std::move(w).Finish();
}

absl::Status EngineStateCodec::Merge(EngineImpl& e, std::string_view bytes) {
  absl::StatusOr<Decoded> decoded = Decode(bytes);
  if (!decoded.ok()) return decoded.status();
  Decoded& d = *decoded;
  // Compared in canonical form: states written before views had "metrics"
  // spell no list (all metrics), which is the same config.
  const std::string mine = e.config_.ToJson().dump();
  if (d.config != mine) {
    absl::StatusOr<EngineConfig> theirs = EngineConfig::FromJson(std::string_view(d.config));
    if (!theirs.ok() || theirs->ToJson().dump() != mine) {
      return absl::FailedPreconditionError("engine states differ in config: cannot merge");
    }
  }
  // Map the other engine's ids to ours. New names get the ids Intern will
  // give them, in order, so nothing is interned before every check passed.
  std::array<std::vector<uint32_t>, kFieldCount> remap;
  std::array<std::vector<std::string_view>, kFieldCount> new_names;
  for (int f = 0; f < kFieldCount; ++f) {
    const auto field = static_cast<Field>(f);
    remap[f].push_back(0);
    uint32_t next = e.interned_.size(field);
    for (std::string_view name : d.names[f]) {
      if (std::optional<uint32_t> id = e.interned_.Find(field, name)) {
        remap[f].push_back(*id);
        continue;
      }
      if (absl::Status s = ValidateName(name); !s.ok()) return absl::DataLossError(s.message());
      if (next >= e.interned_.limit(field)) {
        return absl::ResourceExhaustedError(
            absl::StrCat("merging would exceed the limit of ", e.interned_.limit(field),
                         " distinct values of ", AsAbsl(FieldName(field))));
      }
      remap[f].push_back(++next);
      new_names[f].push_back(name);
    }
  }
  IdMap ids(std::move(remap));
  ForEachPart(PartsOf(e), d.parts, [&]<typename Part>(Part&, typename Part::Saved& saved) {
    Part::Remap(saved, ids);
    return true;
  });
  if (!ids.ok()) return absl::DataLossError("engine state refers to an id it does not name");
  absl::Status status;
  ForEachPart(PartsOf(e), d.parts, [&](const auto& part, auto& saved) {
    status = part.CheckDisjoint(saved);
    return status.ok();
  });
  if (!status.ok()) return status;
  for (int r = 0; r <= kRejectReasonCount; ++r) {
    if (d.rejected[r] > std::numeric_limits<uint64_t>::max() - e.rejected_[r]) {
      return absl::OutOfRangeError("merging would overflow a rejection count: cannot merge");
    }
  }

  // Apply; nothing below can fail.
  for (int f = 0; f < kFieldCount; ++f) {
    for (std::string_view name : new_names[f])
      (void)e.interned_.Intern(static_cast<Field>(f), name);
  }
  for (int r = 0; r <= kRejectReasonCount; ++r) e.rejected_[r] += d.rejected[r];
  const int64_t watermark_ms = std::get<TicketStore::Saved>(d.parts).watermark_ms;
  ForEachPart(PartsOf(e), d.parts, [&](auto& part, auto& saved) {
    part.Add(std::move(saved));
    return true;
  });
  // As one engine that saw both streams: the watermark moves to theirs when
  // later (releasing our tickets and breaching our SLA targets due before
  // it), and their tickets due before ours when ours is later are released
  // too (SlaTracker::Add already breached their targets due before our clock).
  e.Advance(FromEpochMs(watermark_ms));
  e.ReleaseDue();
  return absl::OkStatus();
}

std::string ResealEngineState(std::string bytes) {
  if (bytes.size() < kHeaderBytes + kChecksumBytes) return bytes;
  const size_t body = bytes.size() - kChecksumBytes;
  codec::ByteWriter w;
  w.U64(Checksum(std::string_view(bytes).substr(0, body)));
  bytes.replace(body, kChecksumBytes, std::move(w).Finish());
  return bytes;
}

absl::StatusOr<std::string> EngineStateConfig(std::string_view bytes) {
  if (absl::Status s = CheckEnvelope(bytes); !s.ok()) return s;
  codec::ByteReader r(bytes.substr(kHeaderBytes, bytes.size() - kHeaderBytes - kChecksumBytes));
  std::string config(r.Bytes());
  if (!r.ok()) return absl::DataLossError("truncated engine state: no config");
  return config;
}

std::string Engine::Serialize() const { return EngineStateCodec::Serialize(*impl_); }

absl::Status Engine::MergeSerialized(std::string_view bytes) {
  return EngineStateCodec::Merge(*impl_, bytes);
}

}  // namespace csm
