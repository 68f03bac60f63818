// csm import: an export file → events as JSON Lines on stdout.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "csm/io/cat.h"
#include "csm/io/event_writer.h"
#include "csm/io/import/importer.h"
#include "csm/io/mapped_file.h"
#include "csm/model/internal/json_limits.h"
#include "tools/csm/commands.h"
#include "tools/csm/output.h"
#include "tools/csm/progress.h"

namespace csm::cli {
namespace {

struct ImportArgs {
  std::string preset;
  std::vector<std::string> maps;
  std::string timezone;
  std::string input;
  bool strict = false;
  bool verbose = false;
};

std::string PresetHelp() {
  std::string out = "Presets (and the columns each field is read from by default):\n";
  for (const io::ImportPresetInfo& p : io::ImportPresets()) {
    out += io::Cat("  ", p.name, ": ", p.summary, "; wall times in ", p.default_zone, "\n    ");
    bool first = true;
    for (const auto& [field, column] : p.fields) {
      if (column.empty()) continue;
      out += io::Cat(first ? "" : ", ", field, "=", column);
      first = false;
    }
    out += "\n";
  }
  return out;
}

void PrintSummary(const io::ImportStats& stats, bool verbose) {
  if (verbose) {
    std::string types;
    for (const auto& [type, n] : stats.events_by_type)
      types += io::Cat(types.empty() ? "" : ", ", type, " ", n);
    std::fprintf(stderr, "csm import: %lld rows -> %lld events (%s)\n",
                 static_cast<long long>(stats.rows), static_cast<long long>(stats.events()),
                 types.c_str());
    for (const auto& [note, n] : stats.notes) {
      std::fprintf(stderr, "csm import: note: %s: %lld\n", note.c_str(), static_cast<long long>(n));
    }
  }
  PrintRejections("import", "rows", stats.rejected(), stats.rejected_by_reason,
                  stats.first_rejections);
}

int RunImport(const ImportArgs& args) {
  io::ImportOptions options;
  options.timezone = args.timezone;
  options.strict = args.strict;
  for (const std::string& m : args.maps) {
    std::size_t eq = m.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == m.size()) {
      return Fail("import",
                  absl::InvalidArgumentError(io::Cat("--map '", m, "': expected COLUMN=FIELD")));
    }
    options.column_map.emplace_back(m.substr(0, eq), m.substr(eq + 1));
  }
  absl::StatusOr<io::MappedFile> file = io::MappedFile::Open(args.input);
  if (!file.ok()) return Fail("import", file.status());
  absl::StatusOr<io::Zone> zone = io::Zone::Find(io::ImportZoneName(args.preset, options));
  if (!zone.ok()) return Fail("import", zone.status());

  Progress progress("csm import: reading");
  options.progress = [&](std::size_t done, std::size_t total) { progress.Update(done, total); };
  io::ImportStats stats;
  io::TimeSortedJsonl sorted(*zone);
  absl::Status status = io::ImportEvents(
      args.preset, file->data(), options, [&](const io::EventRecord& e) { sorted.Add(e); }, &stats);
  progress.Done();
  std::string out;
  absl::Status flushed = absl::OkStatus();
  sorted.ForEachSorted([&](std::string_view line) {
    out.append(line);
    if (out.size() >= (1 << 20)) {
      if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size()) {
        flushed = absl::UnavailableError("cannot write events to stdout");
      }
      out.clear();
    }
  });
  if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0) {
    flushed = absl::UnavailableError("cannot write events to stdout");
  }
  if (!status.ok()) {
    PrintSummary(stats, false);
    return Fail("import", status);
  }
  if (!flushed.ok()) return Fail("import", flushed);
  PrintSummary(stats, args.verbose || StderrIsTerminal());
  return 0;
}

}  // namespace

void AddImportCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "import",
      "Convert an export (CSV or tab-separated, with a header row) into events as JSON Lines on "
      "stdout, one §1 event per line in time order, `time` as ISO-8601 with the source zone's UTC "
      "offset.");
  cmd->footer(PresetHelp() +
              "Rejected rows are counted and the first ones shown on stderr (--strict stops at "
              "the first). See docs/cli.md for each preset's events and quirks.\n");
  cmd->add_option("--preset", args->preset, "Input shape: servicenow, nyc311, bank-calls, tickets")
      ->required();
  cmd->add_option("--map", args->maps,
                  "COLUMN=FIELD: read the preset's FIELD from COLUMN (repeatable), e.g. "
                  "--map 'Borough=segment'");
  cmd->add_option("--tz", args->timezone,
                  "IANA zone of the export's wall-clock times (default: the preset's)")
      ->check(NonEmpty());
  cmd->add_flag("--strict", args->strict, "Fail on the first bad row");
  cmd->add_flag("-v,--verbose", args->verbose, "Print event counts and handled quirks on stderr");
  cmd->add_option("INPUT", args->input, "Export file, or - for stdin")->required();
  cmd->callback([args, exit_code] { *exit_code = RunImport(*args); });
}

}  // namespace csm::cli
