#include "csm/accum/wire.h"

#include <cmath>
#include <limits>
#include <random>

#include "gtest/gtest.h"

namespace csm::wire {
namespace {

std::string Body(const std::string& bytes) { return bytes.substr(kPreambleBytes); }

TEST(Wire, PreambleIsMagicVersionTag) {
  const std::string bytes = Writer(Tag::kHistogram).Finish();
  EXPECT_EQ(bytes, std::string("CSMA\x01\x05", 6));
  Reader ok(bytes, Tag::kHistogram);
  EXPECT_TRUE(ok.Finish().ok());
  Reader wrong_type(bytes, Tag::kCount);
  EXPECT_EQ(wrong_type.Finish().code(), absl::StatusCode::kDataLoss);
  Reader short_input("CSMA\x01", Tag::kHistogram);
  EXPECT_EQ(short_input.Finish().code(), absl::StatusCode::kDataLoss);
  Reader bad_magic(std::string("CSMB\x01\x05", 6), Tag::kHistogram);
  EXPECT_EQ(bad_magic.Finish().code(), absl::StatusCode::kDataLoss);
  Reader newer(std::string("CSMA\x02\x05", 6), Tag::kHistogram);
  EXPECT_EQ(newer.Finish().code(), absl::StatusCode::kUnimplemented);
}

TEST(Wire, FixedWidthValuesAreLittleEndian) {
  Writer w(Tag::kCount);
  w.U32(0x01020304);
  w.U64(0x0102030405060708ULL);
  w.Double(1.0);  // 0x3ff0000000000000
  EXPECT_EQ(Body(std::move(w).Finish()),
            std::string("\x04\x03\x02\x01\x08\x07\x06\x05\x04\x03\x02\x01"
                        "\x00\x00\x00\x00\x00\x00\xf0\x3f",
                        20));
}

TEST(Wire, VarintsRoundTripAtEveryLength) {
  std::vector<uint64_t> values = {
      0, 1, 127, 128, 16383, 16384, std::numeric_limits<uint64_t>::max()};
  for (int shift = 0; shift < 64; ++shift) {
    values.push_back(uint64_t{1} << shift);
    values.push_back((uint64_t{1} << shift) - 1);
  }
  std::vector<int64_t> signed_values = {
      0, -1, 1, -64, 64, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()};
  Writer w(Tag::kCount);
  for (uint64_t v : values) w.Varint(v);
  for (int64_t v : signed_values) w.SignedVarint(v);
  const std::string bytes = std::move(w).Finish();
  Reader r(bytes, Tag::kCount);
  for (uint64_t v : values) EXPECT_EQ(r.Varint(), v);
  for (int64_t v : signed_values) EXPECT_EQ(r.SignedVarint(), v);
  EXPECT_TRUE(r.Finish().ok());
  // Zigzag keeps small magnitudes short.
  Writer z(Tag::kCount);
  z.SignedVarint(-1);
  EXPECT_EQ(Body(std::move(z).Finish()), "\x01");
}

TEST(Wire, RejectsNonCanonicalAndOverlongVarints) {
  const std::string preamble = Writer(Tag::kCount).Finish();
  for (const std::string& body : {std::string("\x80\x00", 2),        // zero, padded
                                  std::string("\xff\x80\x00", 3),    // padded again
                                  std::string(10, '\xff') + '\x01',  // 11 bytes
                                  std::string(9, '\xff') + '\x02',   // > 64 bits
                                  std::string("\x80", 1)}) {         // truncated
    const std::string bytes = preamble + body;
    Reader r(bytes, Tag::kCount);
    r.Varint();
    EXPECT_FALSE(r.Finish().ok()) << body.size();
  }
  const std::string largest = preamble + std::string(9, '\xff') + '\x01';
  Reader max(largest, Tag::kCount);
  EXPECT_EQ(max.Varint(), std::numeric_limits<uint64_t>::max());
  EXPECT_TRUE(max.Finish().ok());
}

TEST(Wire, CountsMustFitTheRemainingInput) {
  Writer w(Tag::kCount);
  w.Varint(5);
  w.U32(0);
  const std::string bytes = std::move(w).Finish();
  Reader fits(bytes, Tag::kCount);
  EXPECT_EQ(fits.Count(0, 10, "x"), 5u);
  Reader too_many(bytes, Tag::kCount);
  EXPECT_EQ(too_many.Count(1, 10, "x"), 0u);  // 5 elements of a byte, 4 bytes left
  EXPECT_FALSE(too_many.ok());
  Reader over_max(bytes, Tag::kCount);
  EXPECT_EQ(over_max.Count(0, 4, "x"), 0u);
  EXPECT_FALSE(over_max.ok());
}

TEST(Wire, ErrorsAreStickyAndTrailingBytesAreErrors) {
  Writer w(Tag::kCount);
  w.U8(7);
  w.Bytes("abc");
  const std::string bytes = std::move(w).Finish();
  Reader r(bytes, Tag::kCount);
  EXPECT_EQ(r.U8(), 7);
  EXPECT_EQ(r.Bytes(2, "name"), "");  // longer than allowed
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.U8(), 0);  // nothing more is read after an error
  EXPECT_EQ(r.remaining(), 0u);
  EXPECT_NE(r.Finish().message().find("name"), absl::string_view::npos);
  Reader partial(bytes, Tag::kCount);
  partial.U8();
  EXPECT_EQ(partial.Finish().code(), absl::StatusCode::kDataLoss);  // "abc" left over
  Reader whole(bytes, Tag::kCount);
  whole.U8();
  EXPECT_EQ(whole.Bytes(3, "name"), "abc");
  EXPECT_TRUE(whole.Finish().ok());
}

TEST(Wire, FiniteDoublesRejectNanAndInfinity) {
  for (double bad :
       {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
        -std::numeric_limits<double>::infinity()}) {
    Writer w(Tag::kRatio);
    w.Double(bad);
    const std::string bytes = std::move(w).Finish();
    Reader r(bytes, Tag::kRatio);
    EXPECT_EQ(r.FiniteDouble("x"), 0);
    EXPECT_FALSE(r.Finish().ok());
  }
}

TEST(Wire, RandomInputNeverReadsPastTheEnd) {
  std::mt19937_64 rng(91);
  for (int i = 0; i < 5000; ++i) {
    std::string bytes = Writer(Tag::kCount).Finish();
    bytes.resize(bytes.size() + rng() % 24);
    for (size_t j = kPreambleBytes; j < bytes.size(); ++j) bytes[j] = static_cast<char>(rng());
    Reader r(bytes, Tag::kCount);
    for (int step = 0; step < 12 && r.ok(); ++step) {
      switch (rng() % 6) {
        case 0:
          r.U8();
          break;
        case 1:
          r.U32();
          break;
        case 2:
          r.U64();
          break;
        case 3:
          r.Varint();
          break;
        case 4:
          r.SignedVarint();
          break;
        case 5:
          r.Bytes(100, "bytes");
          break;
      }
    }
    (void)r.Finish();
  }
}

}  // namespace
}  // namespace csm::wire
