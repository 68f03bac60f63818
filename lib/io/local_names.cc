#include "csm/io/local_names.h"

#include <cstring>

#include "absl/hash/hash.h"

namespace csm::io {

LocalNames::Lookup LocalNames::Id(std::string_view name, bool stable) {
  // Dimension columns repeat a few values: skip the hash for a repeat.
  if (last_id_ != 0 && name == last_name_) return {last_id_, false, last_name_};
  absl::string_view key(name.data(), name.size());
  // Small tables stay in the CPU's cache anyway: no cache in front of them.
  if (cache_ == nullptr && ids_.size() >= kCacheFrom) {
    cache_ = std::make_unique<CacheEntry[]>(kCacheSize);
  }
  CacheEntry unused;
  CacheEntry& cached =
      cache_ ? cache_[absl::Hash<absl::string_view>{}(key) & (kCacheSize - 1)] : unused;
  if (cached.id != 0 && cached.size == name.size() &&
      std::memcmp(cached.bytes, name.data(), name.size()) == 0) {
    last_id_ = cached.id;
    last_name_ = names_[cached.id - 1];
    return {last_id_, false, last_name_};
  }
  auto it = ids_.find(key);
  bool added = false;
  if (it == ids_.end()) {
    if (!stable) {
      const std::string& copy = copies_.emplace_back(name);
      key = absl::string_view(copy.data(), copy.size());
    }
    it = ids_.emplace(key, static_cast<std::uint32_t>(ids_.size() + 1)).first;
    names_.emplace_back(key.data(), key.size());
    added = true;
  }
  last_id_ = it->second;
  last_name_ = names_[last_id_ - 1];
  if (name.size() <= sizeof(cached.bytes)) {
    std::memcpy(cached.bytes, name.data(), name.size());
    cached.size = static_cast<std::uint32_t>(name.size());
    cached.id = last_id_;
  }
  return {last_id_, added, last_name_};
}

}  // namespace csm::io
