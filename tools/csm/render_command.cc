// csm render: saved JSON reports (docs/metrics.md §8) → table, CSV, JSON or HTML.
// Useful to re-render a report without the events, or to build the HTML
// page from reports made elsewhere (the C ABI, the Python package).
#include <memory>
#include <string>
#include <vector>

#include "csm/io/cat.h"
#include "csm/io/mapped_file.h"
#include "tools/csm/commands.h"
#include "tools/csm/output.h"

namespace csm::cli {
namespace {

struct RenderArgs {
  std::vector<std::string> inputs;
  OutputOptions output;
};

int RunRender(const RenderArgs& args) {
  std::vector<render::Json> reports;
  for (const std::string& path : args.inputs) {
    absl::StatusOr<io::MappedFile> file = io::MappedFile::Open(path);
    if (!file.ok()) return Fail("render", file.status());
    absl::StatusOr<render::Json> doc = render::ParseReport(file->data(), path);
    if (!doc.ok()) return Fail("render", doc.status());
    reports.push_back(*std::move(doc));
  }
  OutputOptions output = args.output;
  output.all_reports = true;
  if (absl::Status s = WriteReports(reports, output); !s.ok()) return Fail("render", s);
  return 0;
}

}  // namespace

void AddRenderOutputOptions(CLI::App* cmd, OutputOptions* output) {
  cmd->add_option("--format", output->format, "table, json, csv or html")
      ->check(CLI::IsMember({"table", "json", "csv", "html"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", output->path, "Output file (default: stdout)");
  cmd->add_option("--title", output->title, "Title of the HTML page")->capture_default_str();
  cmd->add_flag("--business", output->business,
                "Show durations in business time instead of calendar time");
}

void AddRenderCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<RenderArgs>();
  CLI::App* cmd = app.add_subcommand(
      "render",
      "Render saved JSON reports (docs/metrics.md §8 shape) as a table, CSV, JSON or HTML.");
  cmd->footer(
      "With --format html, give up to three reports of one period: totals (group_by [], grain "
      "all), trend (group_by [], grain day or hour) and agents (group_by [\"agent\"]); each "
      "fills its sections of the page. Other formats render each report in turn.\n");
  cmd->add_option("REPORT", args->inputs, "Report JSON files (- for stdin)")->required();
  AddRenderOutputOptions(cmd, &args->output);
  cmd->add_flag("--all-metrics", args->output.all_metrics,
                "Show every metric of the reports, not only those with data");
  cmd->callback([args, exit_code] { *exit_code = RunRender(*args); });
}

}  // namespace csm::cli
