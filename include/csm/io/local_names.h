// LocalNames: the names of one field as read from a file, each given a dense
// id (1, 2, 3 … in order of first appearance) without asking the engine.
// The reading thread names events with these ids; the engine thread maps
// them to its own interned ids through a plain vector (FeedEvents), so the
// hash lookups of millions of ticket names happen off the engine's thread.
//
// One open-addressing hash table (linear probing) of 32-byte entries: the
// name's hash, its id, its length and, for names of up to kInlineBytes
// (ticket names nearly always), the bytes themselves. A lookup reads one
// entry, usually one cache line, and compares there: no pointer into the
// file to follow. Longer names are compared through the id's stored view.
// The table sits on huge pages (HugePageAllocator): a million tickets'
// entries span tens of TLB entries, not thousands of 4 KiB pages.
//
// Names are kept as views: into the file's bytes when `stable` (they live
// as long as the mapping), else copied here. Either way a view handed out by
// Id() stays valid for the life of this table, even while it grows.
#ifndef CSM_IO_LOCAL_NAMES_H_
#define CSM_IO_LOCAL_NAMES_H_

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "csm/model/huge_page_allocator.h"

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

  // The id of `name` (may be empty), adding it when new. `stable`: the bytes
  // outlive this table, so the view may be kept instead of a copy.
  Lookup Id(std::string_view name, bool stable);
  // The same with `hash` = Hash(name), computed ahead for Prefetch.
  Lookup Id(std::string_view name, bool stable, std::uint32_t hash);
  // Fetches the entries a lookup of `hash` starts at into the CPU's cache:
  // a million tickets' entries do not stay there, so the reader asks a few
  // names ahead of the lookup.
  void Prefetch(std::uint32_t hash) const {
    if (!entries_.empty()) __builtin_prefetch(&entries_[hash & mask_]);
  }

  std::uint32_t size() const { return static_cast<std::uint32_t>(names_.size()); }

  static constexpr std::size_t kInlineBytes = 20;
  // The hash entries are placed by.
  static std::uint32_t Hash(std::string_view name);

 private:
  struct Entry {
    std::uint32_t hash = 0;
    std::uint32_t id = 0;  // 0: empty
    std::uint32_t size = 0;
    char bytes[kInlineBytes];  // the name, when it fits
  };
  static_assert(sizeof(Entry) == 32);

  bool Matches(const Entry& e, std::uint32_t hash, std::string_view name) const;
  void Grow();

  std::vector<Entry, HugePageAllocator<Entry>> entries_;  // a power of two, at most 3/4 full
  std::size_t mask_ = 0;
  std::vector<std::string_view> names_;  // id - 1 → the stored view
  std::deque<std::string> copies_;       // a deque: adding never moves a copy
  std::string_view last_name_;
  std::uint32_t last_id_ = 0;
};

}  // namespace csm::io

#endif  // CSM_IO_LOCAL_NAMES_H_
