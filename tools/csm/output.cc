#include "tools/csm/output.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "csm/io/cat.h"
#include "csm/render/csv_renderer.h"
#include "csm/render/html_renderer.h"
#include "csm/render/table_renderer.h"

namespace csm::cli {

absl::Status WriteText(const std::string& text, const std::string& path) {
  const bool to_stdout = path.empty() || path == "-";
  std::FILE* f = to_stdout ? stdout : std::fopen(path.c_str(), "wb");
  if (f == nullptr) {
    return absl::UnavailableError(io::Cat("cannot write '", path, "': ", std::strerror(errno)));
  }
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = (to_stdout ? std::fflush(f) : std::fclose(f)) == 0 && ok;
  if (!ok) {
    return absl::UnavailableError(
        io::Cat("cannot write '", to_stdout ? "<stdout>" : path, "': ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::Status WriteReports(const std::vector<render::Json>& reports, const OutputOptions& options) {
  if (reports.empty()) return absl::InvalidArgumentError("no report to write");
  const std::size_t count = options.all_reports ? reports.size() : 1;
  std::string text;
  if (options.format == "html") {
    render::HtmlPage page = render::PageFromReports(reports, options.title);
    page.business = options.business;
    text = render::RenderHtml(page);
  } else if (options.format == "json") {
    if (count == 1) {
      text = reports.front().dump(1) + "\n";
    } else {
      text = render::Json(std::vector<render::Json>(reports.begin(), reports.end())).dump(1);
      text += "\n";
    }
  } else if (options.format == "csv" || options.format == "table") {
    for (std::size_t i = 0; i < count; ++i) {
      if (i > 0) text += "\n";
      if (options.format == "csv") {
        text += render::RenderCsv(reports[i]);
      } else {
        render::TableOptions table;
        table.business = options.business;
        text += render::RenderTable(reports[i], table);
      }
    }
  } else {
    return absl::InvalidArgumentError(
        io::Cat("unknown format '", options.format, "' (table, json, csv or html)"));
  }
  return WriteText(text, options.path);
}

}  // namespace csm::cli
