#include "csm/engine/internal/station_log.h"

#include <algorithm>

namespace csm {

bool StationLog::Ids::Has(uint32_t id) const {
  if (set != nullptr) return set->contains(id);
  return std::find(list.begin(), list.end(), id) != list.end();
}

bool StationLog::Contains(Station which, TicketKey ticket, uint32_t id) const {
  auto it = log(which).find(ticket);
  return it != log(which).end() && it->second.Has(id);
}

void StationLog::Add(Station which, TicketKey ticket, uint32_t id) {
  Ids& ids = log(which)[ticket];
  if (ids.Has(id)) return;
  ids.list.push_back(id);
  if (ids.set != nullptr) {
    ids.set->insert(id);
  } else if (ids.list.size() > Ids::kScanLimit) {
    ids.set = std::make_unique<absl::flat_hash_set<uint32_t>>(ids.list.begin(), ids.list.end());
  }
}

size_t StationLog::MemoryBytes() const {
  size_t bytes = 0;
  for (const Log& log : logs_) {
    bytes += log.capacity() * (sizeof(Log::value_type) + 1);
    for (const auto& [key, ids] : log) {
      bytes += ids.list.capacity() * sizeof(uint32_t);
      if (ids.set != nullptr) bytes += ids.set->capacity() * (sizeof(uint32_t) + 1);
    }
  }
  return bytes;
}

// Per kind (agents, groups): count, then (ticket key, id count, ids).
void StationLog::Encode(codec::ByteWriter& w) const {
  for (const Log& log : logs_) {
    w.Varint(log.size());
    for (const auto& [key, ids] : log) {
      w.Varint(key);
      w.Varint(ids.list.size());
      for (uint32_t id : ids.list) w.Varint(id);
    }
  }
}

StationLog::Saved StationLog::Decode(codec::ByteReader& r) {
  Saved saved;
  for (auto& log : saved.logs) {
    const uint64_t n = r.Count(2);
    for (uint64_t i = 0; i < n && r.ok(); ++i) {
      const TicketKey key = r.Varint();
      std::vector<uint32_t> ids(r.Count(1));
      for (uint32_t& id : ids) id = static_cast<uint32_t>(r.Varint());
      log.emplace_back(key, std::move(ids));
    }
  }
  return saved;
}

void StationLog::Remap(Saved& saved, IdMap& map) {
  for (Station which : kStations) {
    for (auto& [key, ids] : saved.logs[static_cast<int>(which)]) {
      key = map.Key(key);
      for (uint32_t& id : ids) id = map.Id(StationField(which), id);
    }
  }
}

void StationLog::Add(Saved&& saved) {
  for (Station which : kStations) {
    for (const auto& [key, ids] : saved.logs[static_cast<int>(which)]) {
      for (uint32_t id : ids) Add(which, key, id);
    }
  }
}

}  // namespace csm
