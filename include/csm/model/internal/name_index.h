// NameIndex: name -> id for a table that keeps the names itself (the
// InternTable's deque): an open-addressing hash table with linear probing
// whose 8-byte entries hold a name's 32-bit hash and its id (0: empty).
//
// Why not absl::flat_hash_map<string_view, id>: the ticket field interns a
// million names or more, and each new one is a lookup that misses the CPU's
// cache. The flat map's slot is 24 bytes plus a control byte, and growing it
// hashes every name again, reading its bytes from wherever they live. Here
// a run of entries shares a line or two, the stored hash rules out nearly
// every other name without reading it, and growing moves entries by their
// stored hash without touching a name.
//
// Ids are not checked: the caller adds each id once and erases only ids it
// added.
#ifndef CSM_MODEL_INTERNAL_NAME_INDEX_H_
#define CSM_MODEL_INTERNAL_NAME_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/hash/hash.h"
#include "absl/strings/string_view.h"
#include "csm/model/huge_page_allocator.h"

namespace csm {

class NameIndex {
 public:
  // The hash Find, Insert and Erase take for `name`.
  static uint32_t Hash(std::string_view name) {
    const uint64_t h = absl::Hash<absl::string_view>{}(absl::string_view(name.data(), name.size()));
    return static_cast<uint32_t>(h ^ (h >> 32));
  }

  // The id whose name (`name_of(id)`) is `name`, or 0. `hash` = Hash(name).
  template <typename NameOf>
  uint32_t Find(std::string_view name, uint32_t hash, const NameOf& name_of) const {
    if (entries_.empty()) return 0;
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Entry& e = entries_[i];
      if (e.id == 0) return 0;
      if (e.hash == hash && name_of(e.id) == name) return e.id;
    }
  }

  // Fetches the entries a Find or Insert of `hash` starts at into the CPU's
  // cache, to call well before them.
  void Prefetch(uint32_t hash) const {
    if (!entries_.empty()) __builtin_prefetch(&entries_[hash & mask_]);
  }

  // Adds `id` (not 0) for a name with `hash` that is not in the index.
  void Insert(uint32_t hash, uint32_t id) {
    if ((size_ + 1) * 4 > entries_.size() * 3) Grow();
    Place(hash, id);
    ++size_;
  }

  // Removes `id`, added with `hash`. Later entries of the run move back into
  // the gap (no tombstones), so every run still ends at an empty entry.
  void Erase(uint32_t hash, uint32_t id) {
    if (entries_.empty()) return;
    size_t gap = hash & mask_;
    while (entries_[gap].id != id) {
      if (entries_[gap].id == 0) return;
      gap = (gap + 1) & mask_;
    }
    entries_[gap] = Entry{};
    --size_;
    for (size_t j = (gap + 1) & mask_; entries_[j].id != 0; j = (j + 1) & mask_) {
      // The entry at j may fill the gap when the gap lies between its home
      // and j (cyclically): it is found from its home through the gap.
      const size_t home = entries_[j].hash & mask_;
      if (((j - home) & mask_) >= ((j - gap) & mask_)) {
        entries_[gap] = entries_[j];
        entries_[j] = Entry{};
        gap = j;
      }
    }
  }

  size_t size() const { return size_; }
  size_t MemoryBytes() const { return entries_.capacity() * sizeof(Entry); }

 private:
  struct Entry {
    uint32_t hash = 0;
    uint32_t id = 0;
  };

  void Place(uint32_t hash, uint32_t id) {
    size_t i = hash & mask_;
    while (entries_[i].id != 0) i = (i + 1) & mask_;
    entries_[i] = Entry{hash, id};
  }

  void Grow() {
    std::vector<Entry, HugePageAllocator<Entry>> old(entries_.empty() ? 16 : entries_.size() * 2);
    old.swap(entries_);
    mask_ = entries_.size() - 1;
    for (const Entry& e : old) {
      if (e.id != 0) Place(e.hash, e.id);
    }
  }

  // A power of two in size, at most 3/4 full; on huge pages, so that a
  // lookup in a million names is one cache miss, not also a page walk.
  std::vector<Entry, HugePageAllocator<Entry>> entries_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace csm

#endif  // CSM_MODEL_INTERNAL_NAME_INDEX_H_
