// The engine's byte codec: the shared primitives of csm/accum/byte_io.h
// (tested with the wire format in tests/accum/wire_test.cc) plus the engine's
// own pieces. These tests pin what the engine relies on: the exact bytes, the
// engine's error wording, and the canonical-varint rule engine states follow
// since the two codecs became one.
#include "csm/engine/internal/byte_codec.h"

#include <string>

#include "csm/accum/count.h"
#include "csm/engine/engine.h"
#include "csm/engine/internal/engine_state.h"
#include "gtest/gtest.h"

namespace csm::codec {
namespace {

TEST(ByteCodec, BytesAreLittleEndianVarints) {
  ByteWriter w;
  w.U8(7);
  w.Varint(300);       // 0xac 0x02
  w.SignedVarint(-1);  // zigzag 1
  w.SignedVarint(64);  // zigzag 128: 0x80 0x01
  w.Bytes("ab");       // length, then the bytes
  w.Raw("CSME");       // as they are
  EXPECT_EQ(std::move(w).Finish(), std::string("\x07\xac\x02\x01\x80\x01\x02"
                                               "abCSME",
                                               13));
}

TEST(ByteCodec, TruncationNamesTheEngineState) {
  ByteReader r(std::string_view("\x80", 1));
  EXPECT_EQ(r.Varint(), 0u);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(r.status().message(), "truncated engine state");
  EXPECT_EQ(r.U8(), 0);  // sticky
}

TEST(ByteCodec, CountsAndBytesMustFitTheInput) {
  const std::string bytes("\x03xy", 3);
  ByteReader count(bytes);
  EXPECT_EQ(count.Count(1), 0u);  // 3 one-byte elements, 2 bytes left
  EXPECT_FALSE(count.ok());
  ByteReader str(bytes);
  EXPECT_EQ(str.Bytes(), "");
  EXPECT_FALSE(str.ok());
  ByteReader fits(std::string_view("\x02xy", 3));
  EXPECT_EQ(fits.Bytes(), "xy");
  EXPECT_TRUE(fits.ok() && fits.done());
}

// The engine's reader used to accept padded varints and drop bits past 64;
// it now shares the accumulators' rule: only the writer's canonical form.
TEST(ByteCodec, NonCanonicalAndOverflowingVarintsAreRefused) {
  for (const std::string& bad : {std::string("\x80\x00", 2), std::string(9, '\xff') + '\x7f'}) {
    ByteReader r(bad);
    r.Varint();
    EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss) << bad.size();
  }
}

TEST(ByteCodec, EngineStateWithAPaddedVarintIsRefused) {
  auto engine = *Engine::Create("{}");
  const std::string bytes = engine->Serialize();
  // "CSME", version, then the config's length: re-encode it padded with a
  // redundant zero group. The value is the same; the encoding is not the one
  // Serialize writes, so the state is refused and the target is unchanged.
  ByteReader r(bytes);
  r.Raw(5);
  const uint64_t length = r.Varint();
  ASSERT_TRUE(r.ok());
  ByteWriter canonical;
  canonical.Varint(length);
  const size_t width = std::move(canonical).Finish().size();
  std::string padded = bytes.substr(0, 5);
  for (size_t i = 0; i < width; ++i) padded += static_cast<char>(bytes[5 + i] | 0x80);
  padded += '\0';
  padded += bytes.substr(5 + width);
  padded = ResealEngineState(padded);  // past the checksum, to the varint check

  auto target = *Engine::Create("{}");
  const std::string before = target->Serialize();
  const absl::Status s = target->MergeSerialized(padded);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
  EXPECT_NE(std::string(s.message()).find("non-canonical"), std::string::npos) << s;
  EXPECT_EQ(target->Serialize(), before);
  EXPECT_TRUE(target->MergeSerialized(bytes).ok());  // the canonical bytes merge
}

TEST(ByteCodec, AccumulatorsRoundTripAndTheirErrorsPassThrough) {
  Count c;
  c.Add(41);
  ByteWriter w;
  PutAccumulator(w, c);
  w.Bytes("not a count");
  const std::string bytes = std::move(w).Finish();
  ByteReader r(bytes);
  EXPECT_EQ(GetAccumulator<Count>(r).value(), 41u);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(GetAccumulator<Count>(r).value(), 0u);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(std::string(r.status().message()).find("Count"), std::string::npos) << r.status();
}

TEST(ByteCodec, DimensionIdsAreRangeChecked) {
  TicketDims d;
  d.Set(Field::kAgent, 3);
  d.Set(Field::kSegment, 2);
  ByteWriter w;
  PutDims(w, d);
  const std::string bytes = std::move(w).Finish();
  ByteReader r(bytes);
  const TicketDims back = GetDims(r);
  EXPECT_TRUE(r.ok() && r.done());
  for (Field f : kDimensions) EXPECT_EQ(back.Get(f), d.Get(f));

  ByteWriter big;
  big.Varint(uint64_t{MaxFieldIds(Field::kAgent)} + 1);
  for (size_t i = 1; i < kDimensions.size(); ++i) big.Varint(0);
  const std::string bad = std::move(big).Finish();
  ByteReader out_of_range(bad);
  GetDims(out_of_range);
  EXPECT_EQ(out_of_range.status().message(), "dimension id out of range");
}

}  // namespace
}  // namespace csm::codec
