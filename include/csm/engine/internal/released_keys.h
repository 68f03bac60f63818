// ReleasedKeys: the keys of released tickets the engine still remembers
// (TicketStore), so that a late event for one is rejected as released, not
// unknown.
//
// Tickets named by a string (CSV, JSONL: NamedTicketKey) have dense interned
// ids: those are one bit each, not a hash-set slot of 8 bytes plus a control
// byte at 7/8 load that grows by rehashing (a stream of millions of tickets
// releases most of them). Numbered tickets (any 63-bit key) stay in a set.
#ifndef CSM_ENGINE_INTERNAL_RELEASED_KEYS_H_
#define CSM_ENGINE_INTERNAL_RELEASED_KEYS_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "csm/model/event.h"
#include "csm/model/huge_page_containers.h"

namespace csm {

class ReleasedKeys {
 public:
  bool contains(TicketKey key) const {
    if (!IsNamedTicket(key)) return numbered_.contains(key);
    const uint64_t id = key & ~kNamedTicketBit;
    return id / 64 < named_.size() && (named_[id / 64] >> (id % 64) & 1) != 0;
  }
  // True when `key` was not in yet.
  bool insert(TicketKey key) {
    if (!IsNamedTicket(key)) return numbered_.insert(key).second;
    const uint64_t id = key & ~kNamedTicketBit;
    if (id / 64 >= named_.size()) named_.resize(id / 64 + 1);  // ids are dense: grows by a word
    uint64_t& word = named_[id / 64];
    const uint64_t bit = uint64_t{1} << (id % 64);
    if ((word & bit) != 0) return false;
    word |= bit;
    ++named_count_;
    return true;
  }
  void erase(TicketKey key) {
    if (!IsNamedTicket(key)) {
      numbered_.erase(key);
      return;
    }
    const uint64_t id = key & ~kNamedTicketBit;
    if (id / 64 >= named_.size()) return;
    uint64_t& word = named_[id / 64];
    const uint64_t bit = uint64_t{1} << (id % 64);
    if ((word & bit) != 0) --named_count_;
    word &= ~bit;
  }
  // Brings what contains / insert / erase of `key` read into the cache.
  void prefetch(TicketKey key) const {
    if (!IsNamedTicket(key)) {
      numbered_.prefetch(key);
      return;
    }
    const uint64_t id = key & ~kNamedTicketBit;
    if (id / 64 < named_.size()) __builtin_prefetch(&named_[id / 64]);
  }

  size_t size() const { return named_count_ + numbered_.size(); }
  // Named keys by id, then the numbered ones (in the set's order).
  template <typename F>
  void ForEach(F&& f) const {
    for (size_t w = 0; w < named_.size(); ++w) {
      for (uint64_t bits = named_[w]; bits != 0; bits &= bits - 1) {
        f(NamedTicketKey(static_cast<uint32_t>(w * 64 + std::countr_zero(bits))));
      }
    }
    for (TicketKey key : numbered_) f(key);
  }
  size_t MemoryBytes() const {
    return named_.capacity() * sizeof(uint64_t) + numbered_.capacity() * (sizeof(TicketKey) + 1);
  }

 private:
  std::vector<uint64_t> named_;  // bit id: NamedTicketKey(id) is released
  size_t named_count_ = 0;
  HugeFlatHashSet<TicketKey> numbered_;
};

}  // namespace csm

#endif  // CSM_ENGINE_INTERNAL_RELEASED_KEYS_H_
