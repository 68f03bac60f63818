// StationLog: the agents and groups a ticket passed through beyond the two
// its TicketState holds inline (the current one and the previous distinct
// one). Only tickets with three or more distinct agents (or groups) have an
// entry, so assignee_stations and group_stations stay exact without a set in
// every ticket.
#ifndef CSM_ENGINE_STATION_LOG_H_
#define CSM_ENGINE_STATION_LOG_H_

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "csm/model/event.h"

namespace csm {

class StationLog {
 public:
  // `which` is 0 for agents, 1 for groups.
  bool Contains(int which, TicketKey ticket, uint32_t id) const {
    auto it = logs_[which].find(ticket);
    return it != logs_[which].end() &&
           std::find(it->second.begin(), it->second.end(), id) != it->second.end();
  }
  void Add(int which, TicketKey ticket, uint32_t id) {
    std::vector<uint32_t>& ids = logs_[which][ticket];
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  void Forget(TicketKey ticket) {
    logs_[0].erase(ticket);
    logs_[1].erase(ticket);
  }
  const absl::flat_hash_map<TicketKey, std::vector<uint32_t>>& log(int which) const {
    return logs_[which];
  }
  absl::flat_hash_map<TicketKey, std::vector<uint32_t>>& log(int which) { return logs_[which]; }
  size_t MemoryBytes() const {
    size_t bytes = 0;
    for (const auto& log : logs_) {
      bytes += log.capacity() * (sizeof(TicketKey) + sizeof(std::vector<uint32_t>) + 1);
      for (const auto& [key, ids] : log) bytes += ids.capacity() * sizeof(uint32_t);
    }
    return bytes;
  }

 private:
  absl::flat_hash_map<TicketKey, std::vector<uint32_t>> logs_[2];
};

}  // namespace csm

#endif  // CSM_ENGINE_STATION_LOG_H_
