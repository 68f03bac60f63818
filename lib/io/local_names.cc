#include "csm/io/local_names.h"

#include <cstring>

#include "absl/hash/hash.h"
#include "absl/strings/string_view.h"

namespace csm::io {
std::uint32_t LocalNames::Hash(std::string_view name) {
  const std::uint64_t h =
      absl::Hash<absl::string_view>{}(absl::string_view(name.data(), name.size()));
  return static_cast<std::uint32_t>(h ^ (h >> 32));
}

namespace {

// memcmp for short names without the call: 8, then 4 bytes at a time, the
// last word overlapping.
bool SameBytes(const char* a, const char* b, std::size_t n) {
  auto word = [](const char* p) {
    std::uint64_t w;
    std::memcpy(&w, p, sizeof(w));
    return w;
  };
  auto half = [](const char* p) {
    std::uint32_t w;
    std::memcpy(&w, p, sizeof(w));
    return w;
  };
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8) {
      if (word(a + i) != word(b + i)) return false;
    }
    return word(a + n - 8) == word(b + n - 8);
  }
  if (n >= 4) return half(a) == half(b) && half(a + n - 4) == half(b + n - 4);
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace

bool LocalNames::Matches(const Entry& e, std::uint32_t hash, std::string_view name) const {
  if (e.hash != hash || e.size != name.size()) return false;
  if (name.size() <= kInlineBytes) return SameBytes(e.bytes, name.data(), name.size());
  return names_[e.id - 1] == name;
}

LocalNames::Lookup LocalNames::Id(std::string_view name, bool stable) {
  // Dimension columns repeat a few values: skip the hash for a repeat.
  if (last_id_ != 0 && name == last_name_) return {last_id_, false, {}};
  return Id(name, stable, Hash(name));
}

LocalNames::Lookup LocalNames::Id(std::string_view name, bool stable, std::uint32_t hash) {
  if ((names_.size() + 1) * 4 > entries_.size() * 3) Grow();
  std::size_t i = hash & mask_;
  for (; entries_[i].id != 0; i = (i + 1) & mask_) {
    if (Matches(entries_[i], hash, name)) {
      last_id_ = entries_[i].id;
      // The caller's bytes when they stay (no read of the stored view).
      last_name_ = stable ? name : names_[last_id_ - 1];
      return {last_id_, false, {}};
    }
  }
  std::string_view stored = name;
  if (!stable) stored = copies_.emplace_back(name);
  names_.push_back(stored);
  Entry& e = entries_[i];
  e.hash = hash;
  e.id = static_cast<std::uint32_t>(names_.size());
  e.size = static_cast<std::uint32_t>(name.size());
  if (!name.empty() && name.size() <= kInlineBytes) std::memcpy(e.bytes, name.data(), name.size());
  last_id_ = e.id;
  last_name_ = stored;
  return {last_id_, true, stored};
}

void LocalNames::Grow() {
  std::vector<Entry, HugePageAllocator<Entry>> old(entries_.empty() ? 64 : entries_.size() * 2);
  old.swap(entries_);
  mask_ = entries_.size() - 1;
  for (const Entry& e : old) {
    if (e.id == 0) continue;
    std::size_t i = e.hash & mask_;
    while (entries_[i].id != 0) i = (i + 1) & mask_;
    entries_[i] = e;
  }
}

}  // namespace csm::io
