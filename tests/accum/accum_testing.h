// Shared checks for the accumulator tests: merge laws, serialization round
// trips, and hostile bytes (truncated, mutated, random).
#ifndef CSM_TESTS_ACCUM_ACCUM_TESTING_H_
#define CSM_TESTS_ACCUM_ACCUM_TESTING_H_

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "csm/accum/merge_into.h"
#include "gtest/gtest.h"
#include "testing/allocation_hooks.h"

namespace csm::testing {

// Feeds every value to `all` and to one of three random parts, then checks
// that merging is commutative and associative, that it equals adding
// everything to one accumulator, and that merging an empty one is a no-op.
// `same(x, y)` decides equality (operator== where merge is exact).
template <typename T, typename V, typename Add, typename Same>
void CheckMergeLaws(const T& empty, const std::vector<V>& values, std::mt19937_64& rng, Add add,
                    Same same) {
  T all = empty, a = empty, b = empty, c = empty;
  T* parts[] = {&a, &b, &c};
  for (const V& v : values) {
    add(all, v);
    add(*parts[rng() % 3], v);
  }
  T ab = a;
  EXPECT_TRUE(MergeInto(ab, b));
  T ba = b;
  EXPECT_TRUE(MergeInto(ba, a));
  EXPECT_TRUE(same(ab, ba)) << "merge is not commutative";
  T ab_c = ab;
  EXPECT_TRUE(MergeInto(ab_c, c));
  T bc = b;
  EXPECT_TRUE(MergeInto(bc, c));
  T a_bc = a;
  EXPECT_TRUE(MergeInto(a_bc, bc));
  EXPECT_TRUE(same(ab_c, a_bc)) << "merge is not associative";
  EXPECT_TRUE(same(ab_c, all)) << "merging the parts differs from adding everything";
  T a_empty = a;
  EXPECT_TRUE(MergeInto(a_empty, empty));
  EXPECT_TRUE(same(a_empty, a)) << "merging an empty accumulator changed something";
  T self = a;
  EXPECT_TRUE(MergeInto(self, self));
  T twice = a;
  EXPECT_TRUE(MergeInto(twice, T(a)));
  EXPECT_TRUE(same(self, twice)) << "merging with itself differs from merging a copy";
}

// Serialize -> Deserialize gives an equal value, and serializing that gives
// the same bytes.
template <typename T>
void CheckRoundTrip(const T& value) {
  const std::string bytes = value.Serialize();
  absl::StatusOr<T> back = T::Deserialize(bytes);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(*back == value);
  EXPECT_EQ(back->Serialize(), bytes);
}

// Hostile inputs: every strict prefix of a valid serialization is rejected;
// random bytes, and valid serializations with random mutations, either are
// rejected or decode to something that re-serializes to the very same bytes
// (the format is canonical); and decoding never allocates more than a fixed
// multiple of the input (plus a small constant). Crashes, UB and leaks are
// the sanitizer build's to catch.
template <typename T>
void CheckHostileBytes(const std::vector<std::string>& valid, uint64_t seed, int mutations = 3000) {
  std::mt19937_64 rng(seed);
  size_t accepted = 0, rejected = 0;
  auto probe = [&](const std::string& bytes) {
    ResetAllocatedBytes();
    absl::StatusOr<T> decoded = T::Deserialize(bytes);
    const size_t allocated = AllocatedBytes();
    EXPECT_LE(allocated, 64 * bytes.size() + 65536) << "decoding " << bytes.size() << " bytes";
    if (decoded.ok()) {
      ++accepted;
      EXPECT_EQ(decoded->Serialize(), bytes) << "accepted a non-canonical encoding";
    } else {
      ++rejected;
      EXPECT_FALSE(decoded.status().message().empty());
    }
  };
  for (const std::string& bytes : valid) {
    ASSERT_TRUE(T::Deserialize(bytes).ok());
    for (size_t n = 0; n < bytes.size(); ++n) {
      EXPECT_FALSE(T::Deserialize(bytes.substr(0, n)).ok()) << "accepted a " << n << "-byte prefix";
    }
    EXPECT_FALSE(T::Deserialize(bytes + '\0').ok()) << "accepted a trailing byte";
    for (int i = 0; i < mutations; ++i) {
      std::string m = bytes;
      const int edits = 1 + static_cast<int>(rng() % 3);
      for (int e = 0; e < edits; ++e) {
        const size_t at = m.empty() ? 0 : rng() % m.size();
        switch (rng() % 5) {
          case 0:  // flip a bit
            if (!m.empty()) m[at] = static_cast<char>(m[at] ^ (1 << (rng() % 8)));
            break;
          case 1:  // overwrite a byte
            if (!m.empty()) m[at] = static_cast<char>(rng());
            break;
          case 2:  // insert a byte
            m.insert(m.begin() + static_cast<ptrdiff_t>(at), static_cast<char>(rng()));
            break;
          case 3:  // delete a byte
            if (!m.empty()) m.erase(at, 1);
            break;
          case 4:  // a large varint-looking run
            m.insert(at, std::string(1 + rng() % 9, '\xff'));
            break;
        }
      }
      probe(m);
    }
  }
  // Random bytes, bare and behind a valid preamble of the type.
  const std::string preamble = valid.front().substr(0, 6);
  for (int i = 0; i < mutations; ++i) {
    std::string r(rng() % 80, '\0');
    for (char& ch : r) ch = static_cast<char>(rng());
    probe(r);
    probe(preamble + r);
  }
  EXPECT_GT(rejected, 0u);
  (void)accepted;
}

// Sample streams for accuracy tests.
inline std::vector<double> UniformValues(std::mt19937_64& rng, size_t n, double lo, double hi) {
  std::uniform_real_distribution<double> d(lo, hi);
  std::vector<double> v(n);
  for (double& x : v) x = d(rng);
  return v;
}
inline std::vector<double> LognormalValues(std::mt19937_64& rng, size_t n, double mu,
                                           double sigma) {
  std::lognormal_distribution<double> d(mu, sigma);
  std::vector<double> v(n);
  for (double& x : v) x = d(rng);
  return v;
}
// Pareto with scale xm and shape alpha: heavy-tailed, like resolution times.
inline std::vector<double> ParetoValues(std::mt19937_64& rng, size_t n, double xm, double alpha) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> v(n);
  for (double& x : v) x = xm / std::pow(1.0 - u(rng), 1.0 / alpha);
  return v;
}

}  // namespace csm::testing

#endif  // CSM_TESTS_ACCUM_ACCUM_TESTING_H_
