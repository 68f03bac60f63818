// Hash maps and sets that keep their slot arrays on huge pages once those
// reach 2 MiB (HugePageAllocator). For the engine's tables looked up at a
// random key per event (customers' latest tickets, assignment clocks,
// released keys, solve snapshots, contacts in progress, a cell's tickets per
// customer): with 4 KiB pages each such lookup also misses the TLB, and a
// page walk is expensive on a virtual machine. Measured: docs/perf-log.md,
// 2026-12-02, "Where the time goes on this VM: 4 KiB pages".
#ifndef CSM_MODEL_HUGE_PAGE_CONTAINERS_H_
#define CSM_MODEL_HUGE_PAGE_CONTAINERS_H_

#include <functional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "csm/model/huge_page_allocator.h"

namespace csm {

template <typename K, typename V>
using HugeFlatHashMap = absl::flat_hash_map<K, V, absl::Hash<K>, std::equal_to<K>,
                                            HugePageAllocator<std::pair<const K, V>>>;

template <typename K>
using HugeFlatHashSet =
    absl::flat_hash_set<K, absl::Hash<K>, std::equal_to<K>, HugePageAllocator<K>>;

}  // namespace csm

#endif  // CSM_MODEL_HUGE_PAGE_CONTAINERS_H_
