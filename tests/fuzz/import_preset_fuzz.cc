// Fuzzes `csm import`: every preset over arbitrary CSV. The first byte picks
// the preset and strict mode; the rest is the export. Laws: an import ends
// with events or a status, never a crash; the sink sees exactly the events
// the stats count; each ticket's events come in time order (from each of
// its `created` on).
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "csm/io/import/importer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const std::vector<csm::io::ImportPresetInfo> presets = csm::io::ImportPresets();
  const csm::io::ImportPresetInfo& preset = presets[data[0] % presets.size()];
  csm::io::ImportOptions options;
  options.strict = (data[0] & 0x80) != 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  std::int64_t events = 0;
  std::map<std::string, csm::Instant> last_time;
  csm::io::ImportStats stats;
  const absl::Status status = csm::io::ImportEvents(
      preset.name, text, options,
      [&](const csm::io::EventRecord& e) {
        ++events;
        if (e.ticket().empty()) return;
        auto [it, inserted] = last_time.try_emplace(std::string(e.ticket()), e.time);
        // A repeated row (the same call twice) starts the ticket again with a
        // second `created`, which the engine rejects as duplicate_created:
        // order is promised within one run of a ticket's events.
        if (!inserted && e.type() != "created") {
          if (e.time < it->second) std::abort();  // a ticket's events out of order
        }
        it->second = e.time;
      },
      &stats);
  if (status.ok() && events != stats.events()) std::abort();
  return 0;
}
