// Bytes a view cell costs per metric family (issue 18, bounded memory): a
// cell pays for a family only once the family's first sample arrives. The
// figures printed here are recorded in bench/RESULTS.md ("Memory per
// cell"); run
//   build/dev/bin/csm_engine_test --gtest_filter='CellMemory.*'
#include <cstdio>

#include "csm/engine/internal/view_set.h"
#include "csm/engine/metric_cell.h"
#include "gtest/gtest.h"

namespace csm {
namespace {

const std::vector<double> kEdges = Histogram::DefaultEdges();

size_t WithDurations(int samples, bool business_differs) {
  MetricCell cell;
  for (int i = 0; i < samples; ++i) {
    const Millis d{60'000 + 1'000 * i};
    cell.MutableDuration(0, kEdges).Record(d, business_differs ? d / 2 : d, +1);
  }
  return cell.MemoryBytes();
}

size_t WithDistribution(int samples) {
  MetricCell cell;
  for (int i = 0; i < samples; ++i) cell.MutableDistribution(0).Record(i % 40, +1);
  return cell.MemoryBytes();
}

size_t WithExperience(int customers) {
  MetricCell cell;
  for (int i = 0; i < customers; ++i) {
    ExperienceSample s;
    s.customer = 1000 + static_cast<uint64_t>(i);
    s.channel = 7;
    cell.MutableExperience().Record(s, +1);
  }
  return cell.MemoryBytes();
}

TEST(CellMemory, BytesPerFamily) {
  const size_t empty = MetricCell().MemoryBytes();
  MetricCell counted;
  counted.count(0).Add(1);
  counted.rate(0).Add(1, 1);
  EXPECT_EQ(counted.MemoryBytes(), empty) << "counts and rates live in the cell itself";
  MetricCell steps;
  steps.MutableStepAbandons()[1] = 1;
  struct Row {
    const char* what;
    size_t bytes;
  };
  const Row rows[] = {
      {"empty cell (counts, backlog, rates, time rates, cost inline)", empty},
      {"+ 1 duration metric, 1 sample", WithDurations(1, false)},
      {"+ 1 duration metric, 1 sample, business time differs", WithDurations(1, true)},
      {"+ 1 duration metric, 64 samples (exact)", WithDurations(64, false)},
      {"+ 1 duration metric, 65 samples (sketch)", WithDurations(65, false)},
      {"+ 1 duration metric, 10000 samples", WithDurations(10000, false)},
      {"+ 1 distribution metric, 1 sample", WithDistribution(1)},
      {"+ 1 distribution metric, 1000 samples", WithDistribution(1000)},
      {"+ abandons of 1 IVR step", steps.MemoryBytes()},
      {"+ experience, 1 customer", WithExperience(1)},
      {"+ experience, 1000 customers", WithExperience(1000)},
  };
  for (const Row& r : rows) std::printf("%-66s %7zu bytes\n", r.what, r.bytes);
  // Budgets: a count-only cell in bytes, one duration sample under 1 KiB,
  // a full exact duration under 2 KiB.
  EXPECT_LE(empty, 512u);
  EXPECT_LE(WithDurations(1, false) - empty, 1024u);
  EXPECT_LE(WithDurations(64, false) - empty, 2048u);
}

// A view of 10,000 agents, one sample each, keeping only tickets_created or
// every metric: what a group costs, the map's slot included.
TEST(CellMemory, BytesPerGroupOfAView) {
  for (const bool count_only : {true, false}) {
    ViewSpec spec;
    spec.group_by = {Field::kAgent};
    spec.grain = Grain::kAll;
    if (count_only) spec.metrics = MetricSet{Metric::kTicketsCreated};
    View view(spec, *TimeZone::Locate("UTC"), kEdges);
    TicketDims dims;
    constexpr int kAgents = 10000;
    for (int a = 1; a <= kAgents; ++a) {
      dims.Set(Field::kAgent, static_cast<uint32_t>(a));
      MetricCell& cell = view.CellFor(Instant{}, dims);
      cell.count(0).Add(1);
      if (!count_only) {
        cell.MutableDuration(0, kEdges).Record(Millis{60'000}, Millis{60'000}, +1);
      }
    }
    const size_t per_group = view.MemoryBytes() / kAgents;
    std::printf("view by agent, %s: %zu bytes per group\n",
                count_only ? "tickets_created only" : "+ first_reply_time (1 sample)", per_group);
    if (count_only) {
      EXPECT_LE(per_group, 640u);
    }
  }
}

}  // namespace
}  // namespace csm
