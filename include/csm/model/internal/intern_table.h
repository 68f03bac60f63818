// InternTable: per field, strings <-> dense ids (1, 2, 3 …; 0 = absent).
//
// Events, ticket state and view keys carry ids; the table turns them back
// into strings for reports. Names are checked on the way in: valid UTF-8, no
// control characters, 1 .. kMaxNameBytes bytes, and at most MaxFieldIds(f)
// distinct values per field. Ids are given out in order, so interning can be
// rolled back to a Mark (the JSONL reader does this when it rejects a line).
#ifndef CSM_MODEL_INTERNAL_INTERN_TABLE_H_
#define CSM_MODEL_INTERNAL_INTERN_TABLE_H_

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "csm/model/field.h"
#include "csm/model/huge_page_allocator.h"
#include "csm/model/internal/name_arena.h"
#include "csm/model/internal/name_index.h"

namespace csm {

inline constexpr size_t kMaxNameBytes = 1024;

// OK when `name` may be interned: 1 .. kMaxNameBytes bytes of valid UTF-8
// without control characters (U+0000 .. U+001F, U+007F).
absl::Status ValidateName(std::string_view name);
// True when `bytes` is well-formed UTF-8 (no overlongs, surrogates, or code
// points above U+10FFFF).
bool IsValidUtf8(std::string_view bytes);

class InternTable {
 public:
  InternTable() = default;
  // Copying would leave the index pointing into the source's strings.
  InternTable(const InternTable&) = delete;
  InternTable& operator=(const InternTable&) = delete;

  // At most `n` ids per field (never more than MaxFieldIds(f)).
  void set_max_ids(uint32_t n) { max_ids_ = n; }
  // The most ids `field` may give out.
  uint32_t limit(Field field) const { return std::min(MaxFieldIds(field), max_ids_); }

  // The id of `name` in `field`, adding it when new. InvalidArgument for a
  // bad name, ResourceExhausted when the field is full (limit()).
  absl::StatusOr<uint32_t> Intern(Field field, std::string_view name);
  // The id of `name` if it is already interned.
  std::optional<uint32_t> Find(Field field, std::string_view name) const;
  // A hint: `name` is about to be interned (or found), so fetch the memory
  // that will read into the CPU's cache now. Changes nothing.
  void Prefetch(Field field, std::string_view name) const {
    table(field).ids.Prefetch(NameIndex::Hash(name));
  }
  // The string of an id; empty for 0 or an id not given out.
  std::string_view Name(Field field, uint32_t id) const;
  // StableNameHash of the name of an id, kept beside it (computed once, when
  // interned); 0 for 0 or an id not given out.
  uint64_t NameHash(Field field, uint32_t id) const {
    return Contains(field, id) ? table(field).hashes[id - 1] : 0;
  }
  // Brings NameHash(field, id) towards the cache ahead of its use.
  void PrefetchNameHash(Field field, uint32_t id) const {
    if (Contains(field, id)) __builtin_prefetch(&table(field).hashes[id - 1]);
  }
  // Number of ids given out in `field` (the largest valid id).
  // (hashes has one entry per name, and a vector's size is the cheapest to
  // read: the engine checks every field of every event.)
  uint32_t size(Field field) const { return static_cast<uint32_t>(table(field).hashes.size()); }
  bool Contains(Field field, uint32_t id) const { return id >= 1 && id <= size(field); }

  // The table's size per field; Rollback forgets every id given out since.
  struct Mark {
    std::array<uint32_t, kFieldCount> sizes{};
  };
  Mark mark() const;
  void Rollback(const Mark& mark);

  size_t MemoryBytes() const;

 private:
  struct Table {
    NameArena names;  // id i is names[i - 1]
    NameIndex ids;
    // hashes[i - 1] = StableNameHash(names[i - 1]): one contiguous array,
    // so a lookup by id is one (prefetchable) load, not a deque walk; on
    // huge pages, so that load does not also walk the page table.
    std::vector<uint64_t, HugePageAllocator<uint64_t>> hashes;

    uint32_t Find(std::string_view name, uint32_t hash) const {
      return ids.Find(name, hash, [this](uint32_t id) { return names[id - 1]; });
    }
  };
  Table& table(Field f) { return tables_[FieldIndex(f)]; }
  const Table& table(Field f) const { return tables_[FieldIndex(f)]; }

  static_assert(kMaxNameBytes <= NameArena::kMaxName);
  std::array<Table, kFieldCount> tables_;
  uint32_t max_ids_ = UINT32_MAX;
};

}  // namespace csm

#endif  // CSM_MODEL_INTERNAL_INTERN_TABLE_H_
