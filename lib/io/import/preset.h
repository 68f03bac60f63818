// Internal: what every import preset implements, and the helpers they share.
#ifndef CSM_LIB_IO_IMPORT_PRESET_H_
#define CSM_LIB_IO_IMPORT_PRESET_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "csm/io/csv_reader.h"
#include "csm/io/event_record.h"
#include "csm/io/import/importer.h"
#include "csm/io/timestamp.h"

namespace csm::io::import_internal {

// One field a preset reads, with the column names it looks for by default
// (the first present one wins; case-insensitive).
struct FieldSpec {
  std::string_view field;
  std::vector<std::string_view> columns;
  bool required = false;
};

// A row with the preset's fields resolved to column positions.
class Row {
 public:
  Row(const CsvReader* csv, const std::vector<int>* index) : csv_(csv), index_(index) {}
  // The field's text, trimmed; empty when the column is absent.
  std::string_view get(std::size_t field) const;
  bool has_column(std::size_t field) const { return (*index_)[field] >= 0; }
  std::int64_t line() const { return csv_->line(); }

 private:
  const CsvReader* csv_;
  const std::vector<int>* index_;
};

// Hands a row's events to the sink together, or none of them, and counts
// them by type. A row is refused whole when one of its events would be:
// a `created` for a ticket an earlier row created (a repeated row: without
// this its other events, e.g. a reply, would be counted twice), or a name
// the engine cannot take (ValidateName).
class Emitter {
 public:
  Emitter(EventSink sink, ImportStats* stats) : sink_(sink), stats_(stats) {}
  void BeginRow() { row_.clear(); }
  // Keeps the event for CommitRow (its views must stay valid until then).
  void Emit(const EventRecord& event);
  // Sends the row's events to the sink; an error (and *reason) refuses them all.
  absl::Status CommitRow(std::string* reason);
  void Note(std::string_view what) { ++stats_->notes[std::string(what)]; }
  // Adds the counts by type to the stats.
  void Finish();

 private:
  EventSink sink_;
  ImportStats* stats_;
  // Counts by type; presets emit a handful of literal types, so a short
  // vector beats a map and allocates nothing per event.
  std::vector<std::pair<std::string_view, std::int64_t>> counts_;
  std::vector<EventRecord> row_;
  absl::flat_hash_set<std::string> created_;  // tickets with a `created` sent
};

class Preset {
 public:
  virtual ~Preset() = default;
  // The fields, in the order Row::get takes them.
  virtual const std::vector<FieldSpec>& fields() const = 0;
  // Converts one row. A returned error rejects the row: its message (no line
  // number; the driver adds it) and `reason`, a short code.
  virtual absl::Status Convert(const Row& row, const Zone& zone, Emitter& out,
                               std::string* reason) = 0;
};

std::unique_ptr<Preset> MakeServiceNowPreset();
std::unique_ptr<Preset> MakeNyc311Preset();
std::unique_ptr<Preset> MakeBankCallsPreset();
std::unique_ptr<Preset> MakeTicketsPreset();

// Keeps one ticket's event times from going backwards: returns max(t, *last)
// and notes when it had to raise t.
Instant KeepOrder(Instant t, Instant* last, Emitter& out, std::string_view note);

}  // namespace csm::io::import_internal

#endif  // CSM_LIB_IO_IMPORT_PRESET_H_
