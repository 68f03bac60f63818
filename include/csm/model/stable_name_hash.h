// StableNameHash: the hash the experience metrics key names by (customers,
// channels, categories, workflows, named tickets), the same on every machine
// and build, so cells of engines that interned names in different orders
// merge and compare correctly.
#ifndef CSM_MODEL_STABLE_NAME_HASH_H_
#define CSM_MODEL_STABLE_NAME_HASH_H_

#include <cstdint>
#include <string_view>

namespace csm {

// FNV-1a, 64 bits, never 0 (0 means "no name").
constexpr uint64_t StableNameHash(std::string_view name) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : name) {
    h ^= static_cast<uint8_t>(c);
    h *= 0x100000001b3ULL;
  }
  return h == 0 ? 1 : h;
}

}  // namespace csm

#endif  // CSM_MODEL_STABLE_NAME_HASH_H_
