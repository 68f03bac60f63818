// StationLog: the agents and groups a ticket passed through beyond the two
// its TicketState holds inline (the current one and the previous distinct
// one). Only tickets with three or more distinct agents (or groups) have an
// entry, so assignee_stations and group_stations stay exact without a set in
// every ticket.
#ifndef CSM_ENGINE_INTERNAL_STATION_LOG_H_
#define CSM_ENGINE_INTERNAL_STATION_LOG_H_

#include <array>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "csm/engine/internal/byte_codec.h"
#include "csm/engine/internal/merge_protocol.h"
#include "csm/model/event.h"
#include "csm/model/field.h"

namespace csm {

// What a station is: an assignee or a group.
enum class Station : uint8_t { kAgent, kGroup };
inline constexpr std::array<Station, 2> kStations = {Station::kAgent, Station::kGroup};
constexpr Field StationField(Station s) {
  return s == Station::kAgent ? Field::kAgent : Field::kGroup;
}

class StationLog {
 public:
  bool Contains(Station which, TicketKey ticket, uint32_t id) const;
  // Adds `id` to the ticket's log unless it is there: O(1) however many
  // distinct stations the ticket had.
  void Add(Station which, TicketKey ticket, uint32_t id);
  void Forget(TicketKey ticket) {
    for (auto& log : logs_) log.erase(ticket);
  }
  size_t MemoryBytes() const;

  // The merge protocol (merge_protocol.h). Tickets are disjoint by the
  // ticket store's check, so CheckDisjoint has nothing of its own to refuse.
  struct Saved {
    std::array<std::vector<std::pair<TicketKey, std::vector<uint32_t>>>, kStations.size()> logs;
  };
  void Encode(codec::ByteWriter& w) const;
  static Saved Decode(codec::ByteReader& r);
  static void Remap(Saved& saved, IdMap& ids);
  absl::Status CheckDisjoint(Saved&) const { return absl::OkStatus(); }
  void Add(Saved&& saved);

 private:
  // A ticket's earlier stations in the order they came. Past kScanLimit a
  // hash set beside the list answers membership: one ticket passed between
  // 200 000 agents would otherwise cost a scan per assignment.
  struct Ids {
    static constexpr size_t kScanLimit = 16;
    std::vector<uint32_t> list;
    std::unique_ptr<absl::flat_hash_set<uint32_t>> set;

    bool Has(uint32_t id) const;
  };
  using Log = absl::flat_hash_map<TicketKey, Ids>;
  const Log& log(Station which) const { return logs_[static_cast<int>(which)]; }
  Log& log(Station which) { return logs_[static_cast<int>(which)]; }

  std::array<Log, kStations.size()> logs_;
};

}  // namespace csm

#endif  // CSM_ENGINE_INTERNAL_STATION_LOG_H_
