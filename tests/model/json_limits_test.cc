#include "csm/model/internal/json_limits.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/small_stack.h"

namespace csm {
namespace {

using ::csm::testing::DeepArray;
using ::csm::testing::DeepObject;
using ::csm::testing::RunOnSmallStack;
using ::testing::HasSubstr;

TEST(JsonLimits, NestingUpToTheLimitIsAccepted) {
  EXPECT_TRUE(CheckJsonNesting(DeepArray(kMaxJsonDepth), "doc").ok());
  EXPECT_TRUE(CheckJsonNesting(DeepObject(kMaxJsonDepth), "doc").ok());
  EXPECT_TRUE(CheckJsonNesting("[[1],[2],{\"a\":[3]}]", "doc", 3).ok());
  EXPECT_TRUE(CheckJsonNesting("", "doc").ok());
}

TEST(JsonLimits, NestingBeyondTheLimitIsRefusedNamingTheDocument) {
  absl::Status s = CheckJsonNesting(DeepArray(kMaxJsonDepth + 1), "report query");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("report query"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("64"));
  EXPECT_FALSE(CheckJsonNesting(DeepObject(kMaxJsonDepth + 1), "doc").ok());
  EXPECT_FALSE(CheckJsonNesting("[[[1]]]", "doc", 2).ok());
}

TEST(JsonLimits, BracketsInsideStringsDoNotCount) {
  EXPECT_TRUE(CheckJsonNesting("[\"[[[[{{{{\"]", "doc", 1).ok());
  // An escaped quote does not end the string; an escaped backslash does not
  // escape the quote after it.
  EXPECT_TRUE(CheckJsonNesting(R"(["\"[[[["])", "doc", 1).ok());
  EXPECT_FALSE(CheckJsonNesting(R"(["\\", [[1]]])", "doc", 2).ok());
}

TEST(JsonLimits, ATreeBuiltInCodeIsCheckedToo) {
  nlohmann::json deep = 1;
  for (int i = 0; i < kMaxJsonDepth; ++i) deep = nlohmann::json::array({deep});
  EXPECT_TRUE(CheckJsonTreeNesting(deep, "doc").ok());
  deep = nlohmann::json{{"a", deep}};
  EXPECT_FALSE(CheckJsonTreeNesting(deep, "doc").ok());
  EXPECT_TRUE(CheckJsonTreeNesting(nlohmann::json(5), "doc").ok());
}

TEST(JsonLimits, HundredThousandLevelsAreRefusedOnASmallStack) {
  for (const std::string& text : {DeepArray(100'000), DeepObject(100'000)}) {
    RunOnSmallStack([&] {
      absl::StatusOr<nlohmann::json> j = ParseJsonDocument(text, "engine config");
      ASSERT_FALSE(j.ok());
      EXPECT_EQ(j.status().code(), absl::StatusCode::kInvalidArgument);
      EXPECT_THAT(std::string(j.status().message()), HasSubstr("nest deeper than 64"));
    });
  }
}

TEST(JsonLimits, ParseErrorsQuoteABoundedPartOfTheInput) {
  // nlohmann's own message quotes the whole overflowing number.
  const std::string huge = "[1" + std::string(1'000'000, '0') + "]";
  absl::StatusOr<nlohmann::json> j = ParseJsonDocument(huge, "render input");
  ASSERT_FALSE(j.ok());
  EXPECT_THAT(std::string(j.status().message()), HasSubstr("render input: not valid JSON"));
  EXPECT_LT(j.status().message().size(), 300u);

  const std::string garbage = "{\"a\": x" + std::string(1'000'000, 'x') + "}";
  j = ParseJsonDocument(garbage, "doc");
  ASSERT_FALSE(j.ok());
  EXPECT_LT(j.status().message().size(), 300u);
}

TEST(JsonLimits, ParsesValidDocuments) {
  absl::StatusOr<nlohmann::json> j = ParseJsonDocument(R"({"grain": "day", "n": [1, 2]})", "q");
  ASSERT_TRUE(j.ok()) << j.status();
  EXPECT_EQ((*j)["grain"], "day");
}

TEST(JsonLimits, QuotesAreCutAtACharacterBoundary) {
  EXPECT_EQ(QuoteForError("short"), "short");
  EXPECT_EQ(QuoteForError(std::string(500, 'a')), std::string(kMaxQuotedBytes, 'a') + "...");
  // "é" is two bytes; a cut between them backs up to before it.
  EXPECT_EQ(QuoteForError("aé", 2), "a...");
}

TEST(JsonLimits, QuotedValuesAreBounded) {
  EXPECT_EQ(QuoteJsonForError(nlohmann::json(5)), "5");
  EXPECT_EQ(QuoteJsonForError(nlohmann::json("x")), "\"x\"");
  EXPECT_EQ(QuoteJsonForError(nlohmann::json(std::string(1000, 'y'))).size(), kMaxQuotedBytes + 5);
  EXPECT_EQ(QuoteJsonForError(nlohmann::json::array({1, 2})), "an array (2 elements)");
  EXPECT_EQ(QuoteJsonForError(nlohmann::json::object()), "an object (0 keys)");
  EXPECT_EQ(QuoteJsonForError(nlohmann::json(nullptr)), "null");
}

}  // namespace
}  // namespace csm
