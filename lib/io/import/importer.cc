// The import driver: reads the table, resolves the preset's columns (with
// --map overrides), converts row by row and tallies rejections.
#include "csm/io/import/importer.h"

#include <algorithm>
#include <cctype>

#include "csm/io/cat.h"
#include "csm/io/number.h"
#include "csm/model/internal/intern_table.h"
#include "csm/model/internal/json_limits.h"
#include "lib/io/import/preset.h"

namespace csm::io {
namespace import_internal {

std::string_view Row::get(std::size_t field) const {
  int i = (*index_)[field];
  if (i < 0 || static_cast<std::size_t>(i) >= csv_->size()) return {};
  return TrimSpaces((*csv_)[static_cast<std::size_t>(i)]);
}

void Emitter::Emit(const EventRecord& event) { row_.push_back(event); }

absl::Status Emitter::CommitRow(std::string* reason) {
  // What the engine would refuse in one of the row's events refuses the
  // row: a second `created` of a ticket (a repeated row), a bad name.
  for (const EventRecord& event : row_) {
    for (std::size_t f = 0; f < kEventFieldCount; ++f) {
      const auto field = static_cast<EventField>(f);
      const std::string_view text = event.get(field);
      if (text.empty() || field == EventField::kType || field == EventField::kStatus) continue;
      if (absl::Status valid = ValidateName(text); !valid.ok()) {
        *reason = "bad_value";
        return absl::InvalidArgumentError(Cat(EventFieldName(field), " '", QuoteForError(text),
                                              "': ", std::string(valid.message())));
      }
    }
    if (event.type() == "created" &&
        created_.contains(absl::string_view(event.ticket().data(), event.ticket().size()))) {
      *reason = "duplicate_ticket";
      return absl::InvalidArgumentError(
          Cat("ticket '", QuoteForError(event.ticket()), "' was created by an earlier row"));
    }
  }
  for (const EventRecord& event : row_) {
    if (event.type() == "created") created_.emplace(std::string(event.ticket()));
    std::string_view type = event.type();
    auto it = std::find_if(counts_.begin(), counts_.end(),
                           [&](const auto& c) { return c.first == type; });
    if (it == counts_.end()) {
      counts_.emplace_back(type, 1);
    } else {
      ++it->second;
    }
    sink_(event);
  }
  row_.clear();
  return absl::OkStatus();
}

void Emitter::Finish() {
  for (const auto& [type, n] : counts_) stats_->events_by_type[std::string(type)] += n;
  counts_.clear();
}

Instant KeepOrder(Instant t, Instant* last, Emitter& out, std::string_view note) {
  if (t < *last) {
    out.Note(note);
    t = *last;
  }
  *last = t;
  return t;
}

}  // namespace import_internal

namespace {

using import_internal::FieldSpec;
using import_internal::Preset;

struct PresetEntry {
  std::string_view name;
  std::string_view summary;
  std::string_view default_zone;
  std::unique_ptr<Preset> (*make)();
};

const PresetEntry kPresets[] = {
    {"servicenow",
     "status-change log (one row per change): created, assigned, updated and status events", "UTC",
     import_internal::MakeServiceNowPreset},
    {"nyc311", "NYC 311 service requests: created, and a closed status when Closed Date is set",
     "America/New_York", import_internal::MakeNyc311Preset},
    {"bank-calls",
     "call-centre log (one row per call, Technion 'Anonymous Bank' layout): created, ivr, "
     "queued, abandoned, answered, ended",
     "Asia/Jerusalem", import_internal::MakeBankCallsPreset},
    {"tickets",
     "ticket table (one row per ticket) with created / first reply / solved times: created, "
     "agent_reply, status (solved, closed), csat",
     "UTC", import_internal::MakeTicketsPreset},
};

const PresetEntry* FindPreset(std::string_view name) {
  for (const PresetEntry& p : kPresets) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string JoinNames(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::string_view n : names) {
    if (!out.empty()) out.append(", ");
    out.append(n);
  }
  return out;
}

// Column position of every preset field (-1: absent).
absl::Status ResolveColumns(const PresetEntry& entry, const std::vector<FieldSpec>& specs,
                            const CsvReader& header, const ImportOptions& options,
                            std::vector<int>* index) {
  index->assign(specs.size(), -1);
  auto find_column = [&](std::string_view name) -> int {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (SameName(TrimSpaces(header[i]), name)) return static_cast<int>(i);
    }
    return -1;
  };
  std::vector<bool> mapped(specs.size(), false);
  for (const auto& [column, field] : options.column_map) {
    auto spec = std::find_if(specs.begin(), specs.end(),
                             // (clang 14 cannot capture a structured binding)
                             [&f = field](const FieldSpec& s) { return s.field == f; });
    if (spec == specs.end()) {
      std::vector<std::string_view> names;
      for (const FieldSpec& s : specs) names.push_back(s.field);
      return absl::InvalidArgumentError(Cat("--map ", column, "=", field, ": preset '", entry.name,
                                            "' has no field '", field,
                                            "' (fields: ", JoinNames(names), ")"));
    }
    int col = find_column(column);
    if (col < 0) {
      return absl::InvalidArgumentError(
          Cat("--map ", column, "=", field, ": the input has no column '", column, "'"));
    }
    std::size_t f = static_cast<std::size_t>(spec - specs.begin());
    (*index)[f] = col;
    mapped[f] = true;
  }
  for (std::size_t f = 0; f < specs.size(); ++f) {
    if (mapped[f]) continue;
    for (std::string_view column : specs[f].columns) {
      if (int col = find_column(column); col >= 0) {
        (*index)[f] = col;
        break;
      }
    }
    if ((*index)[f] < 0 && specs[f].required) {
      return absl::InvalidArgumentError(
          Cat("line 1: preset '", entry.name, "' needs field '", specs[f].field,
              "' but the header has none of the columns: ", JoinNames(specs[f].columns),
              " (point it at a column with --map COLUMN=", specs[f].field, ")"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::int64_t ImportStats::events() const {
  std::int64_t n = 0;
  for (const auto& [type, count] : events_by_type) n += count;
  return n;
}

std::int64_t ImportStats::rejected() const {
  std::int64_t n = 0;
  for (const auto& [reason, count] : rejected_by_reason) n += count;
  return n;
}

std::vector<ImportPresetInfo> ImportPresets() {
  std::vector<ImportPresetInfo> out;
  for (const PresetEntry& p : kPresets) {
    ImportPresetInfo info{p.name, p.summary, p.default_zone, {}};
    auto preset = p.make();
    for (const FieldSpec& s : preset->fields()) {
      info.fields.emplace_back(s.field, s.columns.empty() ? std::string_view() : s.columns[0]);
    }
    out.push_back(std::move(info));
  }
  return out;
}

std::string ImportZoneName(std::string_view preset, const ImportOptions& options) {
  if (!options.timezone.empty()) return options.timezone;
  const PresetEntry* entry = FindPreset(preset);
  return entry ? std::string(entry->default_zone) : "UTC";
}

absl::Status ImportEvents(std::string_view preset_name, std::string_view data,
                          const ImportOptions& options, EventSink sink, ImportStats* stats) {
  const PresetEntry* entry = FindPreset(preset_name);
  if (entry == nullptr) {
    std::vector<std::string_view> names;
    for (const PresetEntry& p : kPresets) names.push_back(p.name);
    return absl::InvalidArgumentError(
        Cat("unknown preset '", preset_name, "' (presets: ", JoinNames(names), ")"));
  }
  absl::StatusOr<Zone> zone = Zone::Find(ImportZoneName(preset_name, options));
  if (!zone.ok()) return zone.status();
  std::unique_ptr<Preset> preset = entry->make();

  CsvReader csv(data, DetectDelimiter(data));
  absl::Status status;
  if (!csv.Next(&status)) {
    if (!status.ok()) return status;
    return absl::InvalidArgumentError("the input is empty (expected a header row)");
  }
  std::vector<int> index;
  if (auto s = ResolveColumns(*entry, preset->fields(), csv, options, &index); !s.ok()) return s;
  const std::size_t columns = csv.size();

  import_internal::Emitter emitter(sink, stats);
  import_internal::Row row(&csv, &index);
  std::string reason;
  auto reject = [&](std::int64_t line, std::string_view why, std::string_view message) {
    ++stats->rejected_by_reason[std::string(why)];
    if (stats->first_rejections.size() < 10) {
      stats->first_rejections.push_back(Cat("line ", line, ": ", message));
    }
    return absl::InvalidArgumentError(Cat("line ", line, ": ", message));
  };
  for (;;) {
    status = absl::OkStatus();
    // Every row read counts, a malformed one too: rows == accepted + rejected.
    if (!csv.Next(&status)) {
      if (status.ok()) break;
      ++stats->rows;
      absl::Status bad = reject(csv.line(), "malformed_line", std::string(status.message()));
      if (options.strict) return bad;
      continue;
    }
    ++stats->rows;
    if (options.progress && (stats->rows & 0xFFFF) == 0) {
      options.progress(csv.offset(), csv.total_bytes());
    }
    if (csv.size() != columns) {
      csv.RejectRecord();  // a stray quote's swallowed lines are rows again
      absl::Status bad = reject(csv.line(), "malformed_line",
                                Cat("has ", csv.size(), " fields, the header has ", columns));
      if (options.strict) return bad;
      continue;
    }
    reason.clear();
    // A row's events go out together or not at all.
    emitter.BeginRow();
    absl::Status converted = preset->Convert(row, *zone, emitter, &reason);
    if (converted.ok()) converted = emitter.CommitRow(&reason);
    if (!converted.ok()) {
      absl::Status bad =
          reject(csv.line(), reason.empty() ? "bad_row" : reason, std::string(converted.message()));
      if (options.strict) {
        emitter.Finish();
        return bad;
      }
    }
  }
  emitter.Finish();
  if (options.progress) options.progress(csv.total_bytes(), csv.total_bytes());
  return absl::OkStatus();
}

}  // namespace csm::io
