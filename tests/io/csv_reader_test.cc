// The CSV reader: RFC 4180 quoting, line ends, delimiters, errors with lines.
#include "csm/io/csv_reader.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace csm::io {
namespace {

using ::testing::ElementsAre;

std::vector<std::vector<std::string>> ReadAll(std::string_view data, char delimiter = ',') {
  CsvReader reader(data, delimiter);
  std::vector<std::vector<std::string>> rows;
  absl::Status status;
  while (reader.Next(&status)) rows.emplace_back(reader.fields().begin(), reader.fields().end());
  EXPECT_TRUE(status.ok()) << status;
  return rows;
}

TEST(CsvReader, PlainFieldsAndLineEnds) {
  EXPECT_THAT(ReadAll("a,b\n1,2\r\n3,4\r5,6"),
              ElementsAre(ElementsAre("a", "b"), ElementsAre("1", "2"), ElementsAre("3", "4"),
                          ElementsAre("5", "6")));
}

TEST(CsvReader, QuotedFieldsKeepDelimitersQuotesAndLineBreaks) {
  auto rows = ReadAll("x,y\n\"a,b\",\"say \"\"hi\"\"\"\n\"two\r\nlines\",\"\"\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_THAT(rows[1], ElementsAre("a,b", "say \"hi\""));
  EXPECT_THAT(rows[2], ElementsAre("two\r\nlines", ""));
}

TEST(CsvReader, EmptyFieldsAndTrailingDelimiter) {
  EXPECT_THAT(ReadAll("a,,c,\n"), ElementsAre(ElementsAre("a", "", "c", "")));
}

TEST(CsvReader, SkipsBlankLinesAndByteOrderMark) {
  EXPECT_THAT(ReadAll("\xEF\xBB\xBFh\n\n1\n\r\n2\n"),
              ElementsAre(ElementsAre("h"), ElementsAre("1"), ElementsAre("2")));
}

TEST(CsvReader, TabSeparated) {
  EXPECT_THAT(ReadAll("a\tb c\r\n1\t2\r\n", '\t'),
              ElementsAre(ElementsAre("a", "b c"), ElementsAre("1", "2")));
}

TEST(CsvReader, LineNumbersCountBreaksInsideQuotes) {
  CsvReader reader("h\n\"a\nb\"\nc\n", ',');
  absl::Status status;
  std::vector<std::int64_t> lines;
  while (reader.Next(&status)) lines.push_back(reader.line());
  EXPECT_THAT(lines, ElementsAre(1, 2, 4));
}

TEST(CsvReader, UnclosedQuoteIsAnErrorWithItsLine) {
  CsvReader reader("h\nok\n\"never closed\n", ',');
  absl::Status status;
  ASSERT_TRUE(reader.Next(&status));
  ASSERT_TRUE(reader.Next(&status));
  EXPECT_FALSE(reader.Next(&status));
  EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr("line 3"));
}

TEST(CsvReader, TextAfterClosingQuoteIsAnErrorAndReadingResumes) {
  CsvReader reader("\"a\"b,c\nnext\n", ',');
  absl::Status status;
  EXPECT_FALSE(reader.Next(&status));
  EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr("line 1"));
  status = absl::OkStatus();
  ASSERT_TRUE(reader.Next(&status));
  EXPECT_EQ(reader[0], "next");
}

TEST(DetectDelimiter, PicksTheMostFrequentOutsideQuotes) {
  EXPECT_EQ(DetectDelimiter("a,b,c\n"), ',');
  EXPECT_EQ(DetectDelimiter("vru+line\tcall_id\tdate\r\n"), '\t');
  EXPECT_EQ(DetectDelimiter("\"a\tb\",c\n"), ',');
  EXPECT_EQ(DetectDelimiter("a;b;c"), ';');
  EXPECT_EQ(DetectDelimiter("single"), ',');
}

}  // namespace
}  // namespace csm::io
