// Writing a rendered report: the formats `csm report` and `csm render`
// share, and the output file or stdout.
#ifndef CSM_TOOLS_CSM_OUTPUT_H_
#define CSM_TOOLS_CSM_OUTPUT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
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
// all of them.
absl::Status WriteReports(const std::vector<render::Json>& reports, const OutputOptions& options);

// Writes `text` to `path` ("" or "-": stdout).
absl::Status WriteText(const std::string& text, const std::string& path);

}  // namespace csm::cli

#endif  // CSM_TOOLS_CSM_OUTPUT_H_
