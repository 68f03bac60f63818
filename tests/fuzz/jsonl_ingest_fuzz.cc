// Fuzzes Engine::IngestJsonl on a fresh engine. Laws: every non-blank line
// is accepted or rejected (accepted + rejected == lines), the engine counts
// exactly the rejections it reports, and the state it ends in serializes
// and restores into a twin that reports the same.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tests/fuzz/fuzz_engine.h"

namespace {

// A line ends at LF, CR or CRLF (JSON text never holds a raw CR); a line of
// spaces and tabs only is blank. (CRLF as two ends adds an empty, blank line.)
uint64_t NonBlankLines(std::string_view text) {
  uint64_t n = 0;
  bool content = false;
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      n += content ? 1 : 0;
      content = false;
    } else if (c != ' ' && c != '\t') {
      content = true;
    }
  }
  return n + (content ? 1 : 0);
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
