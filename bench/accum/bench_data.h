// Inputs shared by the accumulator benchmarks, generated once so the timed
// loops measure the accumulators, not the random number generator.
#ifndef CSM_BENCH_ACCUM_BENCH_DATA_H_
#define CSM_BENCH_ACCUM_BENCH_DATA_H_

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace csm::bench {

inline constexpr size_t kSamples = 1 << 16;  // cycled with a mask

// Durations in seconds, lognormal around an hour: a helpdesk's reply times.
inline const std::vector<double>& Durations() {
  static const std::vector<double> values = [] {
    std::mt19937_64 rng(1);
    std::lognormal_distribution<double> d(std::log(3600.0), 2.0);
    std::vector<double> v(kSamples);
    for (double& x : v) x = d(rng);
    return v;
  }();
  return values;
}

// Zipf-distributed ids over `universe` keys (contact reasons, customers).
inline std::vector<uint64_t> ZipfKeys(uint64_t universe, double s, size_t n = kSamples) {
  std::mt19937_64 rng(2);
  std::vector<double> weights(universe);
  for (uint64_t k = 0; k < universe; ++k) weights[k] = 1 / std::pow(static_cast<double>(k + 1), s);
  std::discrete_distribution<uint64_t> d(weights.begin(), weights.end());
  std::vector<uint64_t> keys(n);
  for (uint64_t& k : keys) k = d(rng);
  return keys;
}

}  // namespace csm::bench

#endif  // CSM_BENCH_ACCUM_BENCH_DATA_H_
