// `csm import`: turns the export shapes support teams have (a helpdesk's
// status-change log, a ticket table, NYC 311 requests, a call-centre log)
// into §1 events. Each preset knows its columns by their usual names; a
// column map ("--map column=field") points any of its fields elsewhere.
// docs/cli.md describes every preset, its mapping and the quirks it handles.
#ifndef CSM_IO_IMPORT_IMPORTER_H_
#define CSM_IO_IMPORT_IMPORTER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "csm/io/event_record.h"

namespace csm::io {

struct ImportOptions {
  // (column, field) pairs: read the preset's `field` from `column`.
  std::vector<std::pair<std::string, std::string>> column_map;
  // IANA zone of the export's wall-clock times; empty: the preset's default.
  std::string timezone;
  // Stop at the first bad row instead of counting it and going on.
  bool strict = false;
  // Called now and then with (bytes read, total bytes).
  std::function<void(std::size_t, std::size_t)> progress;
};

struct ImportStats {
  std::int64_t rows = 0;
  std::map<std::string, std::int64_t> events_by_type;
  // Bad rows by reason, and the first few messages with their line numbers.
  std::map<std::string, std::int64_t> rejected_by_reason;
  std::vector<std::string> first_rejections;
  // Counted quirks the preset handled, e.g. "phantom calls skipped".
  std::map<std::string, std::int64_t> notes;

  std::int64_t events() const;
  std::int64_t rejected() const;
};

struct ImportPresetInfo {
  std::string_view name;
  std::string_view summary;
  std::string_view default_zone;
  // The preset's fields ("ticket", "created", "agent" …) with the columns
  // read by default, for --help and error messages.
  std::vector<std::pair<std::string_view, std::string_view>> fields;
};

std::vector<ImportPresetInfo> ImportPresets();

using EventSink = absl::FunctionRef<void(const EventRecord&)>;

// Converts `data` (CSV or tab-separated, with a header row) with `preset`,
// calling `sink` once per event; each ticket's events come in time order.
// Errors: an unknown preset, zone or --map field, a missing column, or (with
// options.strict) the first bad row, each naming its line.
absl::Status ImportEvents(std::string_view preset, std::string_view data,
                          const ImportOptions& options, EventSink sink, ImportStats* stats);

// The zone ImportEvents reads wall times in (options.timezone or the
// preset's default), for writing times back with the same offsets.
std::string ImportZoneName(std::string_view preset, const ImportOptions& options);

}  // namespace csm::io

#endif  // CSM_IO_IMPORT_IMPORTER_H_
