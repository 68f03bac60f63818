#include "csm/io/local_names.h"

#include <cstring>

#include "absl/hash/hash.h"

namespace csm::io {

LocalNames::Lookup LocalNames::Id(std::string_view name, bool stable) {
  // Dimension columns repeat a few values: skip the hash for a repeat.
  if (last_id_ != 0 && name == last_name_) return {last_id_, false, {}};
  absl::string_view key(name.data(), name.size());
  // Small tables stay in the CPU's cache anyway: no cache in front of them.
  if (cache_ == nullptr && ids_.size() >= kCacheFrom) {
    cache_ = std::make_unique<CacheEntry[]>(kCacheSize);
  }
  CacheEntry* cached =
      cache_ ? &cache_[absl::Hash<absl::string_view>{}(key) & (kCacheSize - 1)] : nullptr;
  if (cached != nullptr && cached->id != 0 && cached->size == name.size() &&
      std::memcmp(cached->bytes, name.data(), name.size()) == 0) {
    return {cached->id, false, {}};
  }
  bool added = false;
  const auto next_id = static_cast<std::uint32_t>(ids_.size() + 1);
  auto it = ids_.lazy_emplace(key, [&](const auto& construct) {
    added = true;
    absl::string_view stored = key;
    if (!stable) {
      const std::string& copy = copies_.emplace_back(name);
      stored = absl::string_view(copy.data(), copy.size());
    }
    construct(stored, next_id);
  });
  last_id_ = it->second;
  last_name_ = std::string_view(it->first.data(), it->first.size());
  if (cached != nullptr && name.size() <= sizeof(cached->bytes)) {
    std::memcpy(cached->bytes, name.data(), name.size());
    cached->size = static_cast<std::uint32_t>(name.size());
    cached->id = last_id_;
  }
  return {last_id_, added, added ? last_name_ : std::string_view()};
}

}  // namespace csm::io
