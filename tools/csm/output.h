// Writing a rendered report: the formats `csm report` and `csm render`
// share, and the output file or stdout.
#ifndef CSM_TOOLS_CSM_OUTPUT_H_
#define CSM_TOOLS_CSM_OUTPUT_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "csm/io/engine_feed.h"
#include "csm/render/report_model.h"

namespace csm::cli {

struct OutputOptions {
  std::string format = "table";  // table, json, csv, html
  std::string path;              // empty or "-": stdout
  std::string title = "Customer service report";
  bool business = false;
  // table/csv/html: every metric of the report, not only those with data.
  bool all_metrics = false;
  // table/json/csv: write every report (json: a list; table and csv: one
  // after another, a blank line between), not only the first.
  bool all_reports = false;
};

// Renders `reports` in the chosen format. table/json/csv use the first
// report (the one asked for) unless all_reports; html draws its page from
// all of them. When the table, CSV or page shows no value at all (no rows,
// or no metric with data) the output is written and FAILED_PRECONDITION
// says why (exit 1).
absl::Status WriteReports(const std::vector<render::Json>& reports, const OutputOptions& options);

// Writes `text` to `path` ("" or "-": stdout).
absl::Status WriteText(const std::string& text, const std::string& path);

// On stderr, when `count` > 0: "csm <command>: <count> <what> rejected
// (reason n, …)" and the first rejections' messages, each cut to
// kMaxRejectionMessage bytes.
void PrintRejections(std::string_view command, std::string_view what, std::int64_t count,
                     const std::map<std::string, std::int64_t>& by_reason,
                     const std::vector<std::string>& first_rejections);
// The same for the events a command fed to its engine (reader and engine
// rejections together).
void PrintRejections(std::string_view command, const io::FeedResult& fed);

}  // namespace csm::cli

#endif  // CSM_TOOLS_CSM_OUTPUT_H_
