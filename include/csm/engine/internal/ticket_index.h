// TicketIndex: ticket key -> slab slot (TicketTable), an open-addressing
// hash table with linear probing and 16-byte entries.
//
// Why not absl::flat_hash_map: Engine::Ingest looks tickets up ahead of time
// so they are in cache when their event comes. The flat map's prefetch
// brings the probe group's control bytes and the first of the four lines its
// 16 slots span, so the later find still waits on memory whenever the key
// sits in another line. Here a key is found at its home entry or a few
// entries after it (load factor at most 3/4), so Prefetch fetches exactly
// the line or two a lookup reads.
//
// Key 0 marks an empty entry; the key 0 itself (no ticket ever has it, but
// a caller may ask) is held apart. Erase shifts the following entries back
// (no tombstones), so probe runs never grow with churn.
#ifndef CSM_ENGINE_INTERNAL_TICKET_INDEX_H_
#define CSM_ENGINE_INTERNAL_TICKET_INDEX_H_

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>

#include "absl/hash/hash.h"
#include "csm/model/event.h"
#include "csm/model/huge_page_allocator.h"

namespace csm {

class TicketIndex {
 public:
  TicketIndex() = default;
  TicketIndex(const TicketIndex&) = delete;
  TicketIndex& operator=(const TicketIndex&) = delete;
  TicketIndex(TicketIndex&& other) noexcept { *this = std::move(other); }
  TicketIndex& operator=(TicketIndex&& other) noexcept {
    if (this != &other) {
      Free();
      entries_ = std::exchange(other.entries_, nullptr);
      mask_ = std::exchange(other.mask_, 0);
      size_ = std::exchange(other.size_, 0);
      zero_slot_ = std::exchange(other.zero_slot_, std::nullopt);
    }
    return *this;
  }
  ~TicketIndex() { Free(); }

  size_t size() const { return size_ + (zero_slot_ ? 1 : 0); }
  size_t capacity() const { return entries_ == nullptr ? 0 : mask_ + 1; }

  // The slot of `key`, or null.
  const uint32_t* Find(TicketKey key) const {
    if (key == 0) return zero_slot_ ? &*zero_slot_ : nullptr;
    // Bounded, though an empty entry always ends the run: the compiler may
    // drop a loop that it cannot prove finite when only prefetches use its
    // result (TicketTable::PrefetchState).
    for (size_t i = Home(key), n = 0; n < capacity(); i = (i + 1) & mask_, ++n) {
      const Entry& e = entries_[i];
      if (e.key == key) return &e.slot;
      if (e.key == 0) return nullptr;
    }
    return nullptr;
  }

  // The slot of `key`; when new, `key` gets `slot`. second = inserted.
  std::pair<uint32_t*, bool> Insert(TicketKey key, uint32_t slot) {
    if (key == 0) {
      if (zero_slot_) return {&*zero_slot_, false};
      zero_slot_ = slot;
      return {&*zero_slot_, true};
    }
    if (entries_ != nullptr) {
      size_t i = Home(key);
      for (; entries_[i].key != 0; i = (i + 1) & mask_) {
        if (entries_[i].key == key) return {&entries_[i].slot, false};
      }
      if ((size_ + 1) * 4 <= capacity() * 3) return {Place(i, key, slot), true};
    }
    Grow();
    size_t i = Home(key);
    while (entries_[i].key != 0) i = (i + 1) & mask_;
    return {Place(i, key, slot), true};
  }

  // Removes `key`; returns its slot, if it was there.
  std::optional<uint32_t> Erase(TicketKey key) {
    if (key == 0) return std::exchange(zero_slot_, std::nullopt);
    if (entries_ == nullptr) return std::nullopt;
    size_t hole = Home(key);
    while (entries_[hole].key != key) {
      if (entries_[hole].key == 0) return std::nullopt;
      hole = (hole + 1) & mask_;
    }
    const uint32_t slot = entries_[hole].slot;
    // Move back every later entry of the run that may sit at the hole:
    // one whose home is not cyclically after the hole.
    for (size_t j = (hole + 1) & mask_; entries_[j].key != 0; j = (j + 1) & mask_) {
      const size_t home = Home(entries_[j].key);
      if (((j - home) & mask_) >= ((j - hole) & mask_)) {
        entries_[hole] = entries_[j];
        hole = j;
      }
    }
    entries_[hole] = Entry{};
    --size_;
    return slot;
  }

  // Fetches the entries a lookup of `key` reads first: its home and the
  // three after it (one or two lines).
  void Prefetch(TicketKey key) const {
    if (entries_ == nullptr) return;
    const size_t i = Home(key);
    __builtin_prefetch(&entries_[i]);
    __builtin_prefetch(&entries_[(i + 3) & mask_]);
  }

  template <typename F>
  void ForEach(F&& f) const {
    if (zero_slot_) f(TicketKey{0}, *zero_slot_);
    for (size_t i = 0; i < capacity(); ++i) {
      if (entries_[i].key != 0) f(entries_[i].key, entries_[i].slot);
    }
  }

  size_t MemoryBytes() const { return capacity() * sizeof(Entry); }

 private:
  struct Entry {
    TicketKey key = 0;  // 0: empty
    uint32_t slot = 0;
  };
  static_assert(sizeof(Entry) == 16, "four entries to a cache line");
  static constexpr size_t kMinCapacity = 16;
  static HugePageAllocator<Entry> Allocator() { return {}; }

  size_t Home(TicketKey key) const {
    const size_t hash = absl::Hash<TicketKey>{}(key);
    return hash & mask_;
  }

  uint32_t* Place(size_t i, TicketKey key, uint32_t slot) {
    entries_[i] = Entry{key, slot};
    ++size_;
    return &entries_[i].slot;
  }

  // Doubles the capacity (at least kMinCapacity) and re-places every entry.
  void Grow() {
    const size_t old_capacity = capacity();
    Entry* old = entries_;
    const size_t capacity = std::max(kMinCapacity, old_capacity * 2);
    entries_ = Allocator().allocate(capacity);
    std::fill(entries_, entries_ + capacity, Entry{});
    mask_ = capacity - 1;
    for (size_t k = 0; k < old_capacity; ++k) {
      if (old[k].key == 0) continue;
      size_t i = Home(old[k].key);
      while (entries_[i].key != 0) i = (i + 1) & mask_;
      entries_[i] = old[k];
    }
    if (old != nullptr) Allocator().deallocate(old, old_capacity);
  }

  void Free() {
    if (entries_ != nullptr) Allocator().deallocate(entries_, capacity());
    entries_ = nullptr;
  }

  Entry* entries_ = nullptr;
  size_t mask_ = 0;  // capacity - 1 (capacity a power of two)
  size_t size_ = 0;  // entries in use, key 0 not included
  std::optional<uint32_t> zero_slot_;
};

}  // namespace csm

#endif  // CSM_ENGINE_INTERNAL_TICKET_INDEX_H_
