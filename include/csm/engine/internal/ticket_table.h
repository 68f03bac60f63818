// TicketTable: the live tickets. A TicketIndex from ticket key to a slot
// index, and the 128-byte TicketStates in a slab of fixed blocks.
//
// Why not the states in the index itself: a 136-byte entry spans three cache
// lines and, at the load factor, costs well over 200 bytes per ticket. Here
// an index entry is 16 bytes, the slab costs 128 bytes per ticket plus one
// partly filled block, and a lookup can be prefetched in two steps: the
// index entry first, then the state it points to (Engine::Ingest looks 16
// and 8 events ahead). Blocks never move, so growing the table copies 16
// bytes per ticket, not 136.
#ifndef CSM_ENGINE_INTERNAL_TICKET_TABLE_H_
#define CSM_ENGINE_INTERNAL_TICKET_TABLE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "csm/engine/internal/ticket_index.h"
#include "csm/model/event.h"
#include "csm/model/huge_page_allocator.h"
#include "csm/model/internal/ticket_state.h"

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
  bool contains(TicketKey key) const { return index_.Find(key) != nullptr; }

  TicketState* Find(TicketKey key) {
    const uint32_t* slot = index_.Find(key);
    return slot == nullptr ? nullptr : &At(*slot);
  }
  const TicketState* Find(TicketKey key) const {
    const uint32_t* slot = index_.Find(key);
    return slot == nullptr ? nullptr : &At(*slot);
  }

  // The state of `key`, value-initialized when new; second = inserted.
  std::pair<TicketState*, bool> Insert(TicketKey key) {
    auto [index_slot, inserted] = index_.Insert(key, 0);
    if (!inserted) return {&At(*index_slot), false};
    uint32_t slot;
    if (!free_.empty()) {
      slot = free_.back();
      free_.pop_back();
    } else {
      if (used_ == blocks_.size() * kBlock) blocks_.push_back(BlockAllocator().allocate(kBlock));
      slot = used_++;
    }
    *index_slot = slot;
    TicketState& s = At(slot);
    s = TicketState{};
    return {&s, true};
  }

  void Erase(TicketKey key) {
    if (std::optional<uint32_t> slot = index_.Erase(key)) free_.push_back(*slot);
  }

  // Step 1 of a lookup ahead of time: the index entries.
  void Prefetch(TicketKey key) const { index_.Prefetch(key); }
  // Step 2, once step 1 had time to land: the state itself (two lines).
  void PrefetchState(TicketKey key) const {
    const uint32_t* slot = index_.Find(key);
    if (slot == nullptr) return;
    const char* p = reinterpret_cast<const char*>(&At(*slot));
    PrefetchLine(p);
    PrefetchLine(p + 64);
  }

  template <typename F>
  void ForEach(F&& f) const {
    index_.ForEach([&](TicketKey key, uint32_t slot) { f(key, At(slot)); });
  }

  // The index at its capacity plus the slab blocks.
  size_t MemoryBytes() const {
    return index_.MemoryBytes() + blocks_.size() * kBlock * sizeof(TicketState) +
           free_.capacity() * sizeof(uint32_t);
  }

 private:
  static constexpr uint32_t kBlockBits = 15;
  static constexpr uint32_t kBlock = uint32_t{1} << kBlockBits;  // 32 768 states, 4 MiB
  static HugePageAllocator<TicketState> BlockAllocator() { return {}; }

  // GCC (12, -O2) drops a __builtin_prefetch whose address comes out of the
  // index's probe loop, and with it the whole PrefetchState; the asm stays.
  static void PrefetchLine(const char* p) {
#if defined(__x86_64__) && defined(__GNUC__)
    asm volatile("prefetcht0 %0" : : "m"(*p));
#else
    __builtin_prefetch(p);
#endif
  }

  TicketState& At(uint32_t slot) { return blocks_[slot >> kBlockBits][slot & (kBlock - 1)]; }
  const TicketState& At(uint32_t slot) const {
    return blocks_[slot >> kBlockBits][slot & (kBlock - 1)];
  }

  TicketIndex index_;
  std::vector<TicketState*> blocks_;
  std::vector<uint32_t> free_;  // released slots, reused first
  uint32_t used_ = 0;           // slots ever handed out
};

}  // namespace csm

#endif  // CSM_ENGINE_INTERNAL_TICKET_TABLE_H_
