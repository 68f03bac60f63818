// Events read as a stream (a pipe, stdin, a device; issue 18): the same
// result and report as the whole file, in bounded memory, whatever the
// chunking.
#include <algorithm>
#include <random>
#include <string>

#include "csm/io/engine_feed.h"
#include "csm/report/report.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace csm::io {
namespace {

// Reads `data` in chunks of random sizes (1 byte up to a few KiB): a line
// or CSV record, a CRLF, a quoted field, split anywhere.
EventReader::ReadFn ChunksOf(std::string_view data, uint64_t seed) {
  auto rng = std::make_shared<std::mt19937_64>(seed);
  auto pos = std::make_shared<std::size_t>(0);
  return [data, rng, pos](char* out, std::size_t size) -> absl::StatusOr<std::size_t> {
    const std::size_t want = 1 + (*rng)() % ((*rng)() % 2 ? 7 : 5000);
    const std::size_t n = std::min({size, want, data.size() - *pos});
    std::copy_n(data.data() + *pos, n, out);
    *pos += n;
    return n;
  };
}

std::unique_ptr<Engine> NewEngine() {
  return *Engine::Create(R"({"views": [{"group_by": ["agent"], "grain": "day"}]})");
}

std::string Report(const Engine& engine) {
  return *report::RunJson(engine, R"({"grain": "day", "group_by": ["agent"]})");
}

// Tickets with agents, replies, CRLF and CR line ends, blank lines, and bad
// lines of every kind.
std::string JsonlEvents(int tickets) {
  std::string out;
  for (int t = 0; t < tickets; ++t) {
    const std::string id = std::to_string(t + 1);
    const std::string day = t % 2 ? "02" : "03";
    out += "{\"time\":\"2026-11-" + day + "T09:00:00Z\",\"ticket\":\"T" + id +
           "\",\"type\":\"created\",\"agent\":\"agent" + std::to_string(t % 97) + "\"}\n";
    out += "{\"time\":\"2026-11-" + day + "T09:" + std::to_string(10 + t % 50) +
           ":00Z\",\"ticket\":\"T" + id + "\",\"type\":\"agent_reply\",\"agent\":\"x\"}" +
           (t % 3 ? "\r\n" : "\r");
    if (t % 50 == 0) out += "\n{\"time\":\"bad\",\"ticket\":\"T1\",\"type\":\"note\"}\n";
    if (t % 70 == 0) out += "not json\n";
  }
  return out;
}

std::string CsvEvents(int tickets) {
  std::string out = "time;ticket;type;agent\r\n";
  for (int t = 0; t < tickets; ++t) {
    out += "2026-11-02T09:00:00Z;T" + std::to_string(t) + ";created;\"agent;" +
           std::to_string(t % 13) + (t % 11 ? "\"" : "\nsecond line\"") + "\r\n";
    if (t % 40 == 0) out += "2026-11-02T09:00:00Z;T1;created\r\n";  // too few fields
  }
  return out;
}

void ExpectSameAsTheWholeFile(const std::string& data, EventFormat format) {
  auto whole = NewEngine();
  FeedOptions options;
  options.format = format;
  absl::StatusOr<FeedResult> expected = FeedEvents(data, *whole, options);
  ASSERT_TRUE(expected.ok()) << expected.status();
  for (uint64_t seed : {1, 2, 3}) {
    for (int threads : {1, 2}) {
      auto streamed = NewEngine();
      options.threads = threads;
      absl::StatusOr<FeedResult> got = FeedEventStream(ChunksOf(data, seed), *streamed, options);
      ASSERT_TRUE(got.ok()) << got.status();
      EXPECT_EQ(got->accepted, expected->accepted);
      EXPECT_EQ(got->input_rejected, expected->input_rejected);
      EXPECT_EQ(got->engine_rejected, expected->engine_rejected);
      EXPECT_EQ(got->first_rejections, expected->first_rejections);
      EXPECT_EQ(Report(*streamed), Report(*whole));
    }
  }
}

TEST(FeedEventStream, JsonlGivesWhatTheWholeFileGives) {
  ExpectSameAsTheWholeFile(JsonlEvents(3000), EventFormat::kAuto);
}

TEST(FeedEventStream, CsvGivesWhatTheWholeFileGives) {
  ExpectSameAsTheWholeFile(CsvEvents(2000), EventFormat::kAuto);
}

// The reader holds a chunk and a line, not the input: 8 MB of events go
// through a buffer of at most a line (1 MiB) and a chunk.
TEST(FeedEventStream, MemoryIsBoundedByALineAndAChunk) {
  std::string data;
  while (data.size() < 8'000'000) data += JsonlEvents(500);
  absl::StatusOr<EventReader> reader =
      EventReader::CreateStream(ChunksOf(data, 4), EventFormat::kAuto);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EventRecord record;
  int64_t events = 0;
  for (EventReader::Result r; (r = reader->Next(&record)) != EventReader::Result::kEnd;) {
    events += r == EventReader::Result::kEvent;
  }
  EXPECT_GT(events, 90'000);
  EXPECT_LE(reader->max_buffered(), 2 * EventReader::kStreamChunkBytes);
}

// A line longer than 1 MiB is one rejection (malformed), and the lines
// around it are read; the buffer never holds the long line whole.
TEST(FeedEventStream, ALineTooLongToHoldIsOneRejection) {
  const std::string good =
      "{\"time\":\"2026-11-02T09:00:00Z\",\"ticket\":\"A\",\"type\":\"created\"}\n";
  const std::string data =
      good + "{\"x\":\"" + std::string(5'000'000, 'y') + "\"}\n" +
      "{\"time\":\"2026-11-02T09:00:00Z\",\"ticket\":\"B\",\"type\":\"created\"}\n";
  auto engine = NewEngine();
  absl::StatusOr<FeedResult> r = FeedEventStream(ChunksOf(data, 5), *engine);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->accepted, 2);
  EXPECT_EQ(r->input_rejected, (std::map<std::string, std::int64_t>{{"malformed", 1}}));
  EXPECT_THAT(r->first_rejections[0], ::testing::HasSubstr("line 2"));
  // The same line in a whole file is rejected the same way.
  auto whole = NewEngine();
  absl::StatusOr<FeedResult> w = FeedEvents(data, *whole);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->input_rejected, r->input_rejected);
}

// Bytes that never end a line (/dev/zero) stop at the header, at once.
TEST(FeedEventStream, AnEndlessLineIsRefusedAtTheHeader) {
  auto zeros = [](char* out, std::size_t size) -> absl::StatusOr<std::size_t> {
    std::fill_n(out, size, '\0');
    return size;
  };
  auto engine = NewEngine();
  absl::StatusOr<FeedResult> r = FeedEventStream(zeros, *engine);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), ::testing::HasSubstr("longer than 1 MiB"));
}

TEST(FeedEventStream, AReadErrorIsReported) {
  bool first = true;
  auto failing = [&first](char* out, std::size_t size) -> absl::StatusOr<std::size_t> {
    if (!first) return absl::DataLossError("disk on fire");
    first = false;
    const std::string_view line =
        "{\"time\":\"2026-11-02T09:00:00Z\",\"ticket\":\"A\",\"type\":\"created\"}\n";
    const std::size_t n = std::min(size, line.size());
    std::copy_n(line.data(), n, out);
    return n;
  };
  auto engine = NewEngine();
  absl::StatusOr<FeedResult> r = FeedEventStream(failing, *engine);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), ::testing::HasSubstr("disk on fire"));
}

}  // namespace
}  // namespace csm::io
