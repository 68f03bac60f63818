// Engine::Serialize / MergeSerialized.
//
// Layout (little-endian, varints as in byte_codec.h):
//   "CSME" | version u8 (kVersion, now 3)
//   config: canonical JSON (bytes)
//   names: per field, count then each name (bytes)
//   rejected: one varint per reason 0..kRejectReasonCount
//   watermark: signed varint ms
//   tickets, snapshots: count, then (key varint, TicketState fields)
//   released: count, keys
//   station logs (agents, groups): count, then (key, id count, ids)
//   views: count, then per view: cell count, then (bucket signed varint,
//          7 group ids, MetricCell bytes)
//   contacts: ContactLifecycle state (bytes; contact_lifecycle.cc)
//   experience: customers' latest ticket creation (count, then customer id,
//          signed ms), assignment clocks (count, then key, signed ms)
// Ids inside the state are this engine's interned ids; a merge maps them
// through the names.
#include <array>
#include <limits>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "csm/engine/byte_codec.h"
#include "csm/engine/engine.h"
#include "csm/model/absl_compat.h"

namespace csm {

class EngineStateCodec {
 public:
  static std::string Serialize(const Engine& e);
  static absl::Status Merge(Engine& e, std::string_view bytes);
};

namespace {

constexpr char kMagic[4] = {'C', 'S', 'M', 'E'};
constexpr uint8_t kVersion = 3;
constexpr Field kDimFields[kDimCount] = {Field::kAgent,   Field::kCustomer, Field::kGroup,
                                         Field::kChannel, Field::kCategory, Field::kPriority,
                                         Field::kSegment};

void PutState(codec::ByteWriter& w, const TicketState& s) {
  for (const PackedInstant* t : {&s.created_at, &s.last_event_at, &s.status_since,
                                 &s.reply_wait_start, &s.first_reply_start}) {
    w.SignedVarint(t->ms.get());
  }
  for (const PackedMillis* d :
       {&s.longest_reply_calendar, &s.longest_reply_business, &s.open_calendar, &s.open_business,
        &s.hold_calendar, &s.hold_business, &s.pending_calendar, &s.pending_business}) {
    w.SignedVarint(d->ms.get());
  }
  codec::PutDims(w, s.dims);
  codec::PutDims(w, s.created_dims);
  w.Varint(s.other_agent_id());
  w.Varint(s.other_group);
  w.Varint(s.agent_replies);
  w.Varint(s.customer_messages);
  w.Varint(s.status_flags);
  w.Varint(s.reopens);
  w.Varint(s.stations);
}

TicketState GetState(codec::ByteReader& r) {
  TicketState s;
  for (PackedInstant* t : {&s.created_at, &s.last_event_at, &s.status_since, &s.reply_wait_start,
                           &s.first_reply_start}) {
    t->ms.set(r.SignedVarint());
  }
  for (PackedMillis* d :
       {&s.longest_reply_calendar, &s.longest_reply_business, &s.open_calendar, &s.open_business,
        &s.hold_calendar, &s.hold_business, &s.pending_calendar, &s.pending_business}) {
    d->ms.set(r.SignedVarint());
  }
  s.dims = codec::GetDims(r);
  s.created_dims = codec::GetDims(r);
  const uint64_t other_agent = r.Varint();
  const uint64_t other_group = r.Varint();
  const uint64_t replies = r.Varint();
  const uint64_t messages = r.Varint();
  const uint64_t flags = r.Varint();
  const uint64_t reopens = r.Varint();
  const uint64_t stations = r.Varint();
  r.Check(other_agent <= MaxFieldIds(Field::kAgent) && other_group <= 0xFFFF && replies <= 0xFFFF &&
              messages <= 0xFFFF && flags <= 0xFFFF && reopens <= 0xFF && stations <= 0xFF,
          "ticket state field out of range");
  r.Check((flags & 7) >= 1 && (flags & 7) <= kTicketStatusCount, "bad ticket status");
  s.set_other_agent_id(static_cast<uint32_t>(other_agent));
  s.other_group = static_cast<uint16_t>(other_group);
  s.agent_replies = static_cast<uint16_t>(replies);
  s.customer_messages = static_cast<uint16_t>(messages);
  s.status_flags = static_cast<uint16_t>(flags);
  s.reopens = static_cast<uint8_t>(reopens);
  s.stations = static_cast<uint8_t>(stations);
  return s;
}

// Everything a serialized engine holds, decoded but not yet applied.
struct Decoded {
  std::string config;
  std::array<std::vector<std::string_view>, kFieldCount> names;
  std::array<uint64_t, kRejectReasonCount + 1> rejected{};
  int64_t watermark_ms = 0;
  std::vector<std::pair<TicketKey, TicketState>> tickets, snapshots;
  std::vector<TicketKey> released;
  std::array<std::vector<std::pair<TicketKey, std::vector<uint32_t>>>, 2> stations;
  struct Cell {
    int64_t bucket_ms;
    GroupKey key;
    MetricCell cell;
  };
  std::vector<std::vector<Cell>> views;
  ContactLifecycle::Saved contacts;
  std::vector<std::pair<uint32_t, int64_t>> last_created;
  std::vector<std::pair<TicketKey, int64_t>> assigned_since;
};

absl::StatusOr<Decoded> Decode(std::string_view bytes) {
  codec::ByteReader r(bytes);
  Decoded d;
  if (r.Raw(4) != std::string_view(kMagic, 4))
    return absl::DataLossError("not a csmetrics engine state");
  const uint8_t version = r.U8();
  if (r.ok() && version != kVersion) {
    return absl::UnimplementedError(absl::StrCat("engine state version ", int{version},
                                                 " is not supported (this library reads ",
                                                 int{kVersion}, ")"));
  }
  d.config = std::string(r.Bytes());
  for (int f = 0; f < kFieldCount && r.ok(); ++f) {
    const uint64_t n = r.Count(1);
    for (uint64_t i = 0; i < n && r.ok(); ++i) d.names[f].push_back(r.Bytes());
  }
  for (uint64_t& n : d.rejected) n = r.Varint();
  d.watermark_ms = r.SignedVarint();
  r.Check(InSupportedRange(FromEpochMs(d.watermark_ms)), "watermark outside 1970..2200");
  for (auto* list : {&d.tickets, &d.snapshots}) {
    const uint64_t n = r.Count(20);
    for (uint64_t i = 0; i < n && r.ok(); ++i) {
      const TicketKey key = r.Varint();
      list->emplace_back(key, GetState(r));
    }
  }
  const uint64_t released = r.Count(1);
  for (uint64_t i = 0; i < released && r.ok(); ++i) d.released.push_back(r.Varint());
  for (auto& log : d.stations) {
    const uint64_t n = r.Count(2);
    for (uint64_t i = 0; i < n && r.ok(); ++i) {
      const TicketKey key = r.Varint();
      std::vector<uint32_t> ids(r.Count(1));
      for (uint32_t& id : ids) id = static_cast<uint32_t>(r.Varint());
      log.emplace_back(key, std::move(ids));
    }
  }
  const uint64_t views = r.Count(1);
  for (uint64_t v = 0; v < views && r.ok(); ++v) {
    std::vector<Decoded::Cell>& cells = d.views.emplace_back();
    const uint64_t n = r.Count(9);
    for (uint64_t i = 0; i < n && r.ok(); ++i) {
      Decoded::Cell c{r.SignedVarint(), {}, {}};
      for (uint32_t& id : c.key.ids) id = static_cast<uint32_t>(r.Varint());
      absl::StatusOr<MetricCell> cell = MetricCell::Deserialize(r.Bytes());
      if (!cell.ok()) {
        r.Fail(cell.status());
        break;
      }
      c.cell = *std::move(cell);
      cells.push_back(std::move(c));
    }
  }
  if (r.ok()) {
    absl::StatusOr<ContactLifecycle::Saved> contacts = ContactLifecycle::Decode(r.Bytes());
    if (contacts.ok()) {
      d.contacts = *std::move(contacts);
    } else {
      r.Fail(contacts.status());
    }
  }
  const uint64_t customers = r.Count(2);
  for (uint64_t i = 0; i < customers && r.ok(); ++i) {
    const uint64_t id = r.Varint();
    r.Check(id <= MaxFieldIds(Field::kCustomer), "customer id out of range");
    d.last_created.emplace_back(static_cast<uint32_t>(id), r.SignedVarint());
  }
  const uint64_t clocks = r.Count(2);
  for (uint64_t i = 0; i < clocks && r.ok(); ++i) {
    const TicketKey key = r.Varint();
    d.assigned_since.emplace_back(key, r.SignedVarint());
  }
  r.Check(r.done(), "trailing bytes after the engine state");
  if (!r.ok()) return r.status();
  return d;
}

}  // namespace

std::string EngineStateCodec::Serialize(const Engine& e) {
  codec::ByteWriter w;
  w.Raw(std::string_view(kMagic, 4));
  w.U8(kVersion);
  w.Bytes(e.config_.ToJson().dump());
  for (int f = 0; f < kFieldCount; ++f) {
    const auto field = static_cast<Field>(f);
    const uint32_t n = e.interned_.size(field);
    w.Varint(n);
    for (uint32_t id = 1; id <= n; ++id) w.Bytes(e.interned_.Name(field, id));
  }
  for (uint64_t n : e.rejected_) w.Varint(n);
  w.SignedVarint(ToEpochMs(e.watermark_));
  w.Varint(e.tickets_.size());
  e.tickets_.ForEach([&](TicketKey key, const TicketState& state) {
    w.Varint(key);
    PutState(w, state);
  });
  w.Varint(e.solve_snapshots_.size());
  for (const auto& [key, state] : e.solve_snapshots_) {
    w.Varint(key);
    PutState(w, state);
  }
  w.Varint(e.released_.size());
  for (TicketKey key : e.released_) w.Varint(key);
  for (int which = 0; which < 2; ++which) {
    const auto& log = e.stations_.log(which);
    w.Varint(log.size());
    for (const auto& [key, ids] : log) {
      w.Varint(key);
      w.Varint(ids.size());
      for (uint32_t id : ids) w.Varint(id);
    }
  }
  w.Varint(e.views_.views().size());
  for (const View& v : e.views_.views()) {
    w.Varint(v.cells().size());
    for (const auto& [key, cell] : v.cells()) {
      w.SignedVarint(key.bucket_ms);
      for (uint32_t id : key.group.ids) w.Varint(id);
      w.Bytes(cell->Serialize());
    }
  }
  w.Bytes(e.contacts_.Serialize());
  w.Varint(e.experience_.last_created().size());
  for (const auto& [customer, ms] : e.experience_.last_created()) {
    w.Varint(customer);
    w.SignedVarint(ms);
  }
  w.Varint(e.experience_.assigned_since().size());
  for (const auto& [key, ms] : e.experience_.assigned_since()) {
    w.Varint(key);
    w.SignedVarint(ms);
  }
  return std::move(w).Finish();
}

absl::Status EngineStateCodec::Merge(Engine& e, std::string_view bytes) {
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
  if (d.views.size() != e.views_.views().size()) {
    return absl::DataLossError("engine state has a different number of views than its config");
  }
  for (size_t v = 0; v < d.views.size(); ++v) {
    for (const Decoded::Cell& c : d.views[v]) {
      if (!c.cell.HasEngineParameters(e.views_.views()[v].histogram_edges())) {
        return absl::DataLossError(
            "engine state has a histogram or sketch whose parameters differ from its config");
      }
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
  auto map_id = [&](Field f, uint64_t id, bool& ok) -> uint32_t {
    const auto& m = remap[FieldIndex(f)];
    if (id >= m.size()) {
      ok = false;
      return 0;
    }
    return m[id];
  };
  bool ok = true;
  auto map_key = [&](TicketKey key) -> TicketKey {
    if (!IsNamedTicket(key)) return key;
    return NamedTicketKey(map_id(Field::kTicket, key & ~kNamedTicketBit, ok));
  };
  auto map_dims = [&](const TicketDims& dims) {
    TicketDims out;
    for (Field f : kDimFields) out.Set(f, map_id(f, dims.Get(f), ok));
    return out;
  };
  for (auto* list : {&d.tickets, &d.snapshots}) {
    for (auto& [key, s] : *list) {
      key = map_key(key);
      s.dims = map_dims(s.dims);
      s.created_dims = map_dims(s.created_dims);
      s.set_other_agent_id(map_id(Field::kAgent, s.other_agent_id(), ok));
      s.other_group = static_cast<uint16_t>(map_id(Field::kGroup, s.other_group, ok));
    }
  }
  for (TicketKey& key : d.released) key = map_key(key);
  for (int which = 0; which < 2; ++which) {
    for (auto& [key, ids] : d.stations[which]) {
      key = map_key(key);
      for (uint32_t& id : ids) id = map_id(which == 0 ? Field::kAgent : Field::kGroup, id, ok);
    }
  }
  for (auto& cells : d.views) {
    for (Decoded::Cell& c : cells) {
      for (int i = 0; i < kDimCount; ++i) c.key.ids[i] = map_id(kDimFields[i], c.key.ids[i], ok);
      c.cell.RemapSteps([&](uint32_t step) { return map_id(Field::kStep, step, ok); });
    }
  }
  ContactLifecycle::Remap(d.contacts, map_key,
                          [&](Field f, uint32_t id) { return map_id(f, id, ok); });
  for (auto& [customer, ms] : d.last_created) customer = map_id(Field::kCustomer, customer, ok);
  for (auto& [key, ms] : d.assigned_since) key = map_key(key);
  if (!ok) return absl::DataLossError("engine state refers to an id it does not name");
  // Disjoint tickets only: a ticket live or released on both sides would be
  // counted twice.
  for (const auto& [key, s] : d.tickets) {
    if (e.tickets_.contains(key) || e.released_.contains(key)) {
      return absl::FailedPreconditionError("engine states share a ticket: cannot merge");
    }
  }
  if (e.tickets_.size() + d.tickets.size() > e.config_.options.max_open_tickets) {
    return absl::ResourceExhaustedError(absl::StrCat("merging would exceed max_open_tickets (",
                                                     e.config_.options.max_open_tickets, ")"));
  }
  // A key released on both sides is a ticket both engines saw: merging
  // would count its samples twice (merging one state twice got here).
  for (TicketKey key : d.released) {
    if (e.tickets_.contains(key) || e.released_.contains(key)) {
      return absl::FailedPreconditionError("engine states share a ticket: cannot merge");
    }
  }

  if (absl::Status s = e.contacts_.CheckDisjoint(d.contacts); !s.ok()) return s;

  // Counts that would overflow (only crafted or corrupt states get there)
  // refuse the merge before anything changes: the rejection counters are
  // checked, and every cell is merged into a copy of ours (or taken alone
  // when we have none) that replaces ours below.
  for (int r = 0; r <= kRejectReasonCount; ++r) {
    if (d.rejected[r] > std::numeric_limits<uint64_t>::max() - e.rejected_[r]) {
      return absl::OutOfRangeError("merging would overflow a rejection count: cannot merge");
    }
  }
  std::vector<absl::flat_hash_map<CellKey, MetricCell>> merged_cells(d.views.size());
  for (size_t v = 0; v < d.views.size(); ++v) {
    const View& view = e.views_.views()[v];
    for (Decoded::Cell& c : d.views[v]) {
      const CellKey key{c.bucket_ms, c.key};
      auto [it, fresh] = merged_cells[v].try_emplace(key);
      if (fresh) {
        const MetricCell* mine = view.FindCell(key);
        if (mine == nullptr) {
          it->second = std::move(c.cell);
          continue;
        }
        it->second = *mine;
      }
      if (!it->second.Merge(c.cell)) {
        return absl::OutOfRangeError("merging would overflow a count in a view: cannot merge");
      }
    }
  }

  // Apply; nothing below can fail.
  for (int f = 0; f < kFieldCount; ++f) {
    for (std::string_view name : new_names[f])
      (void)e.interned_.Intern(static_cast<Field>(f), name);
  }
  for (int r = 0; r <= kRejectReasonCount; ++r) e.rejected_[r] += d.rejected[r];
  for (auto& [key, s] : d.tickets) {
    *e.tickets_.Insert(key).first = s;
    if (IsSolvedOrClosed(s.status())) e.ScheduleRelease(key, s);
  }
  for (auto& [key, s] : d.snapshots) e.solve_snapshots_.emplace(key, s);
  // Release times are not in the state: merged keys are remembered from the
  // merged watermark on (a little longer than the original would).
  const int64_t forget_at = std::max(ToEpochMs(e.watermark_), d.watermark_ms) +
                            e.config_.options.forget_released_after.count();
  for (TicketKey key : d.released) {
    if (e.released_.insert(key).second) e.forget_queue_.push_back({forget_at, key});
  }
  for (int which = 0; which < 2; ++which) {
    for (auto& [key, ids] : d.stations[which]) {
      for (uint32_t id : ids) e.stations_.Add(which, key, id);
    }
  }
  for (size_t v = 0; v < d.views.size(); ++v) {
    View& view = e.views_.views()[v];
    for (auto& [key, cell] : merged_cells[v]) view.PutCell(key, std::move(cell));
  }
  e.contacts_.Add(std::move(d.contacts));
  for (const auto& [customer, ms] : d.last_created) e.experience_.MergeLastCreated(customer, ms);
  for (const auto& [key, ms] : d.assigned_since) e.experience_.SetAssignedSince(key, ms);
  e.Advance(FromEpochMs(d.watermark_ms));
  return absl::OkStatus();
}

std::string Engine::Serialize() const { return EngineStateCodec::Serialize(*this); }

absl::Status Engine::MergeSerialized(std::string_view bytes) {
  return EngineStateCodec::Merge(*this, bytes);
}

}  // namespace csm
