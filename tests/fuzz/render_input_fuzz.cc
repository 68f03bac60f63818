// Fuzzes what `csm render` reads: a saved report's JSON text through
// render::ParseReport (the JSON policy, then the §8 check), then every
// renderer. Beyond no crash and no sanitizer report: an accepted document
// round-trips (its dump parses back to itself), every format writes
// something, and the HTML page -- script-free by design -- never carries a
// <script> tag however the report's names are spelled.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "csm/render/csv_renderer.h"
#include "csm/render/html_renderer.h"
#include "csm/render/report_model.h"
#include "csm/render/table_renderer.h"

namespace {

bool HasScriptTag(std::string_view html) {
  std::string lower(html);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return lower.find("<script") != std::string::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<csm::render::Json> report = csm::render::ParseReport(text, "fuzz.json");
  if (!report.ok()) {
    if (report.status().message().size() > 1024) std::abort();  // messages stay short
    return 0;
  }
  absl::StatusOr<csm::render::Json> again = csm::render::ParseReport(report->dump(), "again");
  if (!again.ok() || *again != *report) std::abort();

  const std::string csv = csm::render::RenderCsv(*report);
  if (csv.empty() || csv.back() != '\n') std::abort();
  for (bool business : {false, true}) {
    csm::render::TableOptions table;
    table.business = business;
    if (csm::render::RenderTable(*report, table).empty()) std::abort();
  }
  csm::render::HtmlPage page = csm::render::PageFromReports({*report}, "fuzz");
  const std::string html = csm::render::RenderHtml(page);
  if (html.find("</html>") == std::string::npos || HasScriptTag(html)) std::abort();
  return 0;
}
