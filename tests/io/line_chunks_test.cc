// Splitting a file at line boundaries for several readers.
#include "csm/io/line_chunks.h"

#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace csm::io {
namespace {

using ::testing::ElementsAre;

TEST(CountLineBreaks, CountsLfCrlfAndLoneCr) {
  EXPECT_EQ(CountLineBreaks(""), 0);
  EXPECT_EQ(CountLineBreaks("no break"), 0);
  EXPECT_EQ(CountLineBreaks("a\nb\r\nc\rd"), 3);
  EXPECT_EQ(CountLineBreaks("\r\n\r\n\n\r"), 4);
  EXPECT_EQ(CountLineBreaks("x\r"), 1);
}

// Every inner boundary is the start of a line, never between a CR and its
// LF, and the boundaries increase from `begin` to the end.
void ExpectLineStarts(std::string_view data, std::size_t begin,
                      const std::vector<std::size_t>& bounds) {
  ASSERT_GE(bounds.size(), 2u);
  EXPECT_EQ(bounds.front(), begin);
  EXPECT_EQ(bounds.back(), data.size());
  for (std::size_t i = 1; i + 1 < bounds.size(); ++i) {
    const std::size_t b = bounds[i];
    ASSERT_GT(b, bounds[i - 1]);
    ASSERT_LT(b, data.size());
    const char before = data[b - 1];
    EXPECT_TRUE(before == '\n' || (before == '\r' && data[b] != '\n')) << "boundary " << b;
  }
}

TEST(SplitAtLines, SplitsAtLineStartsAboutEvenly) {
  std::string data = "header\n";
  for (int i = 0; i < 1000; ++i) data += "line " + std::to_string(i) + "\n";
  const std::vector<std::size_t> bounds = SplitAtLines(data, 7, 4, /*csv=*/false);
  ExpectLineStarts(data, 7, bounds);
  ASSERT_EQ(bounds.size(), 5u);
  for (std::size_t i = 1; i < bounds.size(); ++i) {
    EXPECT_NEAR(static_cast<double>(bounds[i] - bounds[i - 1]), (data.size() - 7) / 4.0, 20.0);
  }
}

TEST(SplitAtLines, NeverBetweenCrAndLf) {
  const std::string data = "a\r\nb\r\nc\rd\re\r\nf";
  for (std::size_t chunks = 1; chunks <= data.size() + 2; ++chunks) {
    ExpectLineStarts(data, 0, SplitAtLines(data, 0, chunks, false));
  }
  // Every line start once the chunks are small enough.
  EXPECT_THAT(SplitAtLines(data, 0, data.size(), false), ElementsAre(0, 3, 6, 8, 10, 13, 14));
}

TEST(SplitAtLines, FewerLinesThanChunks) {
  EXPECT_THAT(SplitAtLines("a\nb\n", 0, 10, false), ElementsAre(0, 2, 4));
  EXPECT_THAT(SplitAtLines("one line, no break", 0, 10, false), ElementsAre(0, 18));
  EXPECT_THAT(SplitAtLines("h\n", 2, 10, false), ElementsAre(2, 2));  // nothing after a header
  EXPECT_THAT(SplitAtLines("", 0, 3, false), ElementsAre(0, 0));
}

// A CSV boundary has no quote in the kCsvQuoteFreeBytes before it: a
// quoted field with line breaks is never cut, whatever the chunk size.
TEST(SplitAtLines, CsvBoundariesStayClearOfQuotes) {
  std::string data = "time,ticket\n";
  const std::string plain(99, 'x');
  while (data.size() < 3 * kCsvQuoteFreeBytes) data += plain + "\n";
  const std::size_t quote = data.size();
  data += "1,\"a\nquoted\nfield\"\n";
  while (data.size() < quote + 3 * kCsvQuoteFreeBytes) data += plain + "\n";
  const std::vector<std::size_t> csv = SplitAtLines(data, 12, data.size() / 1000, true);
  ExpectLineStarts(data, 12, csv);
  bool before = false, after = false;
  for (std::size_t b : csv) {
    EXPECT_TRUE(b <= quote || b > quote + 2 + kCsvQuoteFreeBytes) << b;
    before |= b > 12 && b <= quote;
    after |= b > quote + kCsvQuoteFreeBytes && b < data.size();
  }
  EXPECT_TRUE(before && after);
  // JSON Lines have no such rule (a JSON string holds no raw line break):
  // more chunks.
  EXPECT_GT(SplitAtLines(data, 12, data.size() / 1000, false).size(), csv.size());
}

TEST(SplitAtLines, CsvWithQuotesEverywhereIsOneChunk) {
  std::string data = "time,ticket\n";
  for (int i = 0; i < 5000; ++i) data += std::to_string(i) + ",\"T" + std::to_string(i) + "\"\n";
  EXPECT_EQ(SplitAtLines(data, 12, 50, true).size(), 2u);
}

TEST(SplitAtLines, RandomLineEnds) {
  std::mt19937 random(7);
  for (int round = 0; round < 200; ++round) {
    std::string data;
    const int size = static_cast<int>(random() % 400);
    for (int i = 0; i < size; ++i) {
      const unsigned pick = random() % 8;
      data += pick == 0 ? '\n' : pick == 1 ? '\r' : pick == 2 ? '"' : 'a';
    }
    const std::size_t begin = data.empty() ? 0 : random() % data.size();
    for (bool csv : {false, true}) {
      const std::vector<std::size_t> bounds = SplitAtLines(data, begin, 1 + random() % 50, csv);
      ExpectLineStarts(data, begin, bounds);
      std::int64_t breaks = 0;
      for (std::size_t i = 1; i < bounds.size(); ++i) {
        breaks += CountLineBreaks(
            std::string_view(data).substr(bounds[i - 1], bounds[i] - bounds[i - 1]));
      }
      EXPECT_EQ(breaks, CountLineBreaks(std::string_view(data).substr(begin)));
    }
  }
}

}  // namespace
}  // namespace csm::io
