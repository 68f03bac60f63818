// TicketTable: the live tickets. An absl::flat_hash_map from ticket key to a
// slot index, and the 128-byte TicketStates in a slab of fixed blocks.
//
// Why not the states in the map itself: a map slot of 136 bytes spans three
// cache lines and, at the map's load factor (7/16 .. 7/8), costs 160 to 320
// bytes per ticket; the match of a lookup may sit anywhere in its 16-slot
// probe group, so it cannot be prefetched without reading it. Here a map
// slot is 16 bytes (its group's first line is what a prefetch brings), the
// slab costs 128 bytes per ticket plus one partly filled block, and a
// lookup can be prefetched in two steps: the group first, then the state it
// points to (Engine::Ingest looks 16 and 8 events ahead). Blocks never move,
// so growing the table copies 16 bytes per ticket, not 136.
#ifndef CSM_ENGINE_TICKET_TABLE_H_
#define CSM_ENGINE_TICKET_TABLE_H_

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "csm/engine/huge_page_allocator.h"
#include "csm/model/event.h"
#include "csm/model/ticket_state.h"

namespace csm {

class TicketTable {
 public:
  TicketTable() = default;
  TicketTable(const TicketTable&) = delete;
  TicketTable& operator=(const TicketTable&) = delete;
  TicketTable(TicketTable&&) = default;
  TicketTable& operator=(TicketTable&&) = default;
  ~TicketTable() {
    for (TicketState* block : blocks_) BlockAllocator().deallocate(block, kBlock);
  }

  size_t size() const { return index_.size(); }
  bool contains(TicketKey key) const { return index_.contains(key); }

  TicketState* Find(TicketKey key) {
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &At(it->second);
  }
  const TicketState* Find(TicketKey key) const {
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &At(it->second);
  }

  // The state of `key`, value-initialized when new; second = inserted.
  std::pair<TicketState*, bool> Insert(TicketKey key) {
    auto [it, inserted] = index_.try_emplace(key, 0);
    if (!inserted) return {&At(it->second), false};
    uint32_t slot;
    if (!free_.empty()) {
      slot = free_.back();
      free_.pop_back();
    } else {
      if (used_ == blocks_.size() * kBlock) blocks_.push_back(BlockAllocator().allocate(kBlock));
      slot = used_++;
    }
    it->second = slot;
    TicketState& s = At(slot);
    s = TicketState{};
    return {&s, true};
  }

  void Erase(TicketKey key) {
    auto it = index_.find(key);
    if (it == index_.end()) return;
    free_.push_back(it->second);
    index_.erase(it);
  }

  // Step 1 of a lookup ahead of time: the map's probe group.
  void Prefetch(TicketKey key) const { index_.prefetch(key); }
  // Step 2, once step 1 had time to land: the state itself (two lines).
  void PrefetchState(TicketKey key) const {
    auto it = index_.find(key);
    if (it == index_.end()) return;
    const char* p = reinterpret_cast<const char*>(&At(it->second));
    __builtin_prefetch(p);
    __builtin_prefetch(p + 64);
  }

  template <typename F>
  void ForEach(F&& f) const {
    for (const auto& [key, slot] : index_) f(key, At(slot));
  }

  // The map (slots and control bytes at its capacity) plus the slab blocks.
  size_t MemoryBytes() const {
    return index_.capacity() * (sizeof(std::pair<const TicketKey, uint32_t>) + 1) +
           blocks_.size() * kBlock * sizeof(TicketState) + free_.capacity() * sizeof(uint32_t);
  }

 private:
  static constexpr uint32_t kBlockBits = 15;
  static constexpr uint32_t kBlock = uint32_t{1} << kBlockBits;  // 32 768 states, 4 MiB
  static HugePageAllocator<TicketState> BlockAllocator() { return {}; }

  TicketState& At(uint32_t slot) { return blocks_[slot >> kBlockBits][slot & (kBlock - 1)]; }
  const TicketState& At(uint32_t slot) const {
    return blocks_[slot >> kBlockBits][slot & (kBlock - 1)];
  }

  absl::flat_hash_map<TicketKey, uint32_t, absl::Hash<TicketKey>, std::equal_to<TicketKey>,
                      HugePageAllocator<std::pair<const TicketKey, uint32_t>>>
      index_;
  std::vector<TicketState*> blocks_;
  std::vector<uint32_t> free_;  // released slots, reused first
  uint32_t used_ = 0;           // slots ever handed out
};

}  // namespace csm

#endif  // CSM_ENGINE_TICKET_TABLE_H_
