// LocalNames: the names of one field as read from a file, each given a dense
// id (1, 2, 3 … in order of first appearance) without asking the engine.
// The reading thread names events with these ids; the engine thread maps
// them to its own interned ids through a plain vector (FeedEvents), so the
// hash lookups of millions of ticket names happen off the engine's thread.
//
// Ticket names are many (millions) but few are live at a time: a ticket's
// events come within hours. A small direct-mapped cache of recent short
// names, key bytes inline, answers most lookups from one cache line; the
// hash map behind it (keys pointing anywhere in the file) only on a miss.
//
// Names are kept as views: into the file's bytes when `stable` (they live
// as long as the mapping), else copied here. Either way a view handed out by
// Id() stays valid for the life of this table, even while it grows.
#ifndef CSM_IO_LOCAL_NAMES_H_
#define CSM_IO_LOCAL_NAMES_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace csm::io {

class LocalNames {
 public:
  LocalNames() = default;
  LocalNames(const LocalNames&) = delete;
  LocalNames& operator=(const LocalNames&) = delete;

  struct Lookup {
    std::uint32_t id;
    bool added;             // first time this name was seen
    std::string_view name;  // when added: the stored view (valid for the table's life)
  };

  // The id of `name` (not empty), adding it when new. `stable`: the bytes
  // outlive this table, so the view may be kept instead of a copy.
  Lookup Id(std::string_view name, bool stable);

  std::uint32_t size() const { return static_cast<std::uint32_t>(ids_.size()); }

 private:
  static constexpr std::size_t kCacheSize = 1 << 15;  // 1 MB: thousands of live tickets
  static constexpr std::size_t kCacheFrom = 4096;     // names before the cache is used
  struct CacheEntry {
    char bytes[24];
    std::uint32_t size = 0;
    std::uint32_t id = 0;  // 0: empty
  };

  absl::flat_hash_map<absl::string_view, std::uint32_t> ids_;
  std::unique_ptr<CacheEntry[]> cache_;  // kCacheSize entries, once there are kCacheFrom names
  std::deque<std::string> copies_;       // a deque: adding never moves a copy
  std::string_view last_name_;
  std::uint32_t last_id_ = 0;
};

}  // namespace csm::io

#endif  // CSM_IO_LOCAL_NAMES_H_
