// Fuzzes Engine::IngestJsonl on a fresh engine. Laws: every non-blank line
// is accepted or rejected (accepted + rejected == lines), the engine counts
// exactly the rejections it reports, and the state it ends in serializes
// and restores into a twin that reports the same.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tests/fuzz/fuzz_engine.h"

namespace {

uint64_t NonBlankLines(std::string_view text) {
  uint64_t n = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    if (text.substr(pos, end - pos).find_first_not_of(" \t\r") != std::string_view::npos) ++n;
    pos = end + 1;
  }
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto engine = csm::fuzz::NewEngine();
  const csm::IngestResult r = engine->IngestJsonl(text);
  if (r.accepted + r.rejected != NonBlankLines(text)) std::abort();
  if (engine->rejected_total() != r.rejected) std::abort();
  csm::fuzz::CheckRestores(*engine);
  return 0;
}
