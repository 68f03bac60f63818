// NameArena: the names of one InternTable field, id i at position i - 1,
// their bytes back to back in chunks that never move.
//
// Why not a std::deque<std::string>: a string object is 32 bytes even when
// the name fits in it, and the ticket field holds millions of short names
// ("T1234567"): here a name costs its bytes plus an 8-byte place. On a
// stream of many tickets that is tens of megabytes less memory to fault in.
// A view handed out by Name() stays valid until the name is popped (chunks
// are never moved or reallocated).
#ifndef CSM_MODEL_INTERNAL_NAME_ARENA_H_
#define CSM_MODEL_INTERNAL_NAME_ARENA_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace csm {

class NameArena {
 public:
  // Longer names are refused by the InternTable before they get here.
  static constexpr size_t kMaxName = 2047;

  size_t size() const { return places_.size(); }

  // Appends `name` (at most kMaxName bytes) as the last one.
  void Push(std::string_view name) {
    if (chunks_.empty() || used_ + name.size() > chunks_.back().size) {
      // Chunks double from 4 KiB to 1 MiB: a field of five channels stays
      // small, a million tickets take a few hundred chunks.
      const size_t last = chunks_.empty() ? 0 : chunks_.back().size;
      const size_t size = std::clamp<size_t>(last * 2, kFirstChunk, kLargestChunk);
      chunks_.push_back({std::make_unique_for_overwrite<char[]>(size), size});
      used_ = 0;
    }
    std::memcpy(chunks_.back().bytes.get() + used_, name.data(), name.size());
    places_.push_back(Place{static_cast<uint32_t>(chunks_.size() - 1),
                            static_cast<uint32_t>(used_ << kSizeBits | name.size())});
    used_ += name.size();
  }

  // The name at `index` (0-based: id - 1).
  std::string_view operator[](size_t index) const {
    const Place p = places_[index];
    return {chunks_[p.chunk].bytes.get() + (p.offset_size >> kSizeBits),
            p.offset_size & ((uint32_t{1} << kSizeBits) - 1)};
  }
  std::string_view back() const { return (*this)[places_.size() - 1]; }

  // Forgets the last name; its bytes are reused by the next Push.
  void Pop() {
    places_.pop_back();
    if (places_.empty()) {
      chunks_.clear();
      used_ = 0;
      return;
    }
    const Place p = places_.back();
    chunks_.resize(p.chunk + 1);
    used_ = (p.offset_size >> kSizeBits) + (p.offset_size & ((uint32_t{1} << kSizeBits) - 1));
  }

  size_t MemoryBytes() const {
    size_t bytes = places_.capacity() * sizeof(Place) + chunks_.capacity() * sizeof(Chunk);
    for (const Chunk& c : chunks_) bytes += c.size;
    return bytes;
  }

 private:
  static constexpr size_t kFirstChunk = size_t{4} << 10;
  static constexpr size_t kLargestChunk = size_t{1} << 20;
  // A place packs the offset in its chunk (20 bits: chunks are at most
  // 1 MiB) above the size (11 bits).
  static constexpr int kSizeBits = 11;
  static_assert(kMaxName < (size_t{1} << kSizeBits));
  static_assert(kLargestChunk <= (size_t{1} << (32 - kSizeBits)));

  struct Chunk {
    std::unique_ptr<char[]> bytes;
    size_t size;
  };
  struct Place {
    uint32_t chunk;
    uint32_t offset_size;
  };

  std::vector<Chunk> chunks_;
  size_t used_ = 0;  // bytes used in the last chunk
  std::vector<Place> places_;
};

}  // namespace csm

#endif  // CSM_MODEL_INTERNAL_NAME_ARENA_H_
