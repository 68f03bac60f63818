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
  const render::Json& main = reports.front();
  std::string text;
  if (options.format == "json") {
    text = main.dump(1) + "\n";
  } else if (options.format == "csv") {
    text = render::RenderCsv(main);
  } else if (options.format == "table") {
    render::TableOptions table;
    table.business = options.business;
    text = render::RenderTable(main, table);
  } else if (options.format == "html") {
    render::HtmlPage page = render::PageFromReports(reports, options.title);
    page.business = options.business;
    text = render::RenderHtml(page);
  } else {
    return absl::InvalidArgumentError(
        io::Cat("unknown format '", options.format, "' (table, json, csv or html)"));
  }
  return WriteText(text, options.path);
}

}  // namespace csm::cli
