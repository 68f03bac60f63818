// Fuzzes the CSV reader and the events-file reader (CSV and JSON Lines)
// feeding an engine. The first byte picks the delimiter (or detection) and
// the events format; the rest is the file. Laws: the reader always ends
// (each record consumes input), fields lie within the input or its scratch
// buffer, and every record the feed reads is counted once: as accepted, as
// an input rejection, or as an engine rejection the engine also counts.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "csm/io/csv_reader.h"
#include "csm/io/engine_feed.h"
#include "tests/fuzz/fuzz_engine.h"

namespace {

void ReadCsv(std::string_view data, char delimiter) {
  csm::io::CsvReader reader(data, delimiter);
  absl::Status status;
  size_t records = 0;
  size_t last_offset = 0;
  for (;;) {
    status = absl::OkStatus();
    const bool more = reader.Next(&status);
    if (!more && status.ok()) break;
    ++records;
    if (reader.offset() <= last_offset && records > 1) std::abort();  // no progress
    last_offset = reader.offset();
    if (records > data.size() + 1) std::abort();  // more records than bytes
    size_t bytes = 0;
    for (std::string_view f : reader.fields()) bytes += f.size();
    if (bytes > data.size()) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t choice = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  constexpr char kDelimiters[] = {',', '\t', ';', '|'};
  ReadCsv(text, (choice & 4) ? csm::io::DetectDelimiter(text) : kDelimiters[choice & 3]);

  constexpr csm::io::EventFormat kFormats[] = {
      csm::io::EventFormat::kAuto, csm::io::EventFormat::kCsv, csm::io::EventFormat::kJsonl};
  auto engine = csm::fuzz::NewEngine();
  csm::io::FeedOptions options;  // not {.format = ...}: GCC's -Wmissing-field-initializers
  options.format = kFormats[(choice >> 3) % 3];
  auto fed = csm::io::FeedEvents(text, *engine, options);
  if (!fed.ok()) {
    if (engine->rejected_total() != 0) std::abort();
    return 0;
  }
  std::int64_t engine_rejected = 0;
  for (const auto& [reason, n] : fed->engine_rejected) engine_rejected += n;
  if (static_cast<uint64_t>(engine_rejected) != engine->rejected_total()) std::abort();
  if (fed->accepted < 0 || fed->rejected() < 0) std::abort();
  return 0;
}
