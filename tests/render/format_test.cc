// How durations, rates, changes and counts read.
#include "csm/render/format.h"

#include "gtest/gtest.h"

namespace csm::render {
namespace {

TEST(FormatDuration, TwoLargestUnits) {
  EXPECT_EQ(FormatDuration(0.0), "0s");
  EXPECT_EQ(FormatDuration(44.6), "45s");
  EXPECT_EQ(FormatDuration(60.0), "1m");
  EXPECT_EQ(FormatDuration(725.0), "12m 5s");
  EXPECT_EQ(FormatDuration(3600.0 + 23 * 60), "1h 23m");
  EXPECT_EQ(FormatDuration(3600.0 + 23 * 60 + 29), "1h 23m");
  EXPECT_EQ(FormatDuration(3600.0 + 23 * 60 + 31), "1h 24m");
  EXPECT_EQ(FormatDuration(7200.0), "2h");
  EXPECT_EQ(FormatDuration(2 * 86400.0 + 3 * 3600), "2d 3h");
  EXPECT_EQ(FormatDuration(-90.0), "-1m 30s");
  EXPECT_EQ(FormatDuration(std::nullopt), "\u2013");
}

TEST(FormatRate, OneDecimalAndASpace) {
  EXPECT_EQ(FormatRate(87.5), "87.5 %");
  EXPECT_EQ(FormatRate(100.0), "100.0 %");
  EXPECT_EQ(FormatRate(2.0 / 3 * 100), "66.7 %");
  EXPECT_EQ(FormatRate(std::nullopt), "\u2013");
}

TEST(FormatChange, ArrowsAndPrecision) {
  EXPECT_EQ(FormatChange(12.04), "\u25B2 12 %");
  EXPECT_EQ(FormatChange(-3.46), "\u25BC 3.5 %");
  EXPECT_EQ(FormatChange(0.01), "= 0 %");
  EXPECT_EQ(FormatChange(-150.0), "\u25BC 150 %");
  EXPECT_EQ(FormatChange(std::nullopt), "\u2013");
}

TEST(FormatCount, ThousandsSeparators) {
  EXPECT_EQ(FormatCount(0.0), "0");
  EXPECT_EQ(FormatCount(999.0), "999");
  EXPECT_EQ(FormatCount(33066.0), "33,066");
  EXPECT_EQ(FormatCount(1234567.0), "1,234,567");
  EXPECT_EQ(FormatCount(-1200.0), "-1,200");
}

// A count of 1e308 rendered as "-0" (llround out of range); huge values
// in every format are scientific, with their sign.
TEST(FormatHuge, ValuesBeyondIntegersAreScientificWithTheirSign) {
  EXPECT_EQ(FormatCount(1e308), "1e+308");
  EXPECT_EQ(FormatCount(-1e308), "-1e+308");
  EXPECT_EQ(FormatCount(999999999999999.0), "999,999,999,999,999");
  EXPECT_EQ(FormatCount(1e15), "1e+15");
  EXPECT_EQ(FormatNumber(1e308), "1e+308");
  EXPECT_EQ(FormatRate(1e308), "1e+308 %");
  EXPECT_EQ(FormatChange(-1e308), "\u25BC 1e+308 %");
  EXPECT_EQ(FormatDuration(86400e15), "1e+15d");
  EXPECT_EQ(FormatDuration(-1e308).front(), '-');
}

TEST(FormatNumber, UpToTwoDecimals) {
  EXPECT_EQ(FormatNumber(4.25), "4.25");
  EXPECT_EQ(FormatNumber(7.0), "7");
  EXPECT_EQ(FormatNumber(1.5), "1.5");
}

}  // namespace
}  // namespace csm::render
