#include "tools/csm/output.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "csm/io/cat.h"
#include "csm/model/internal/json_limits.h"
#include "csm/render/csv_renderer.h"
#include "csm/render/html_renderer.h"
#include "csm/render/table_renderer.h"
#include "tools/csm/commands.h"

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

absl::Status WriteReports(const std::vector<render::Json>& given, const OutputOptions& options) {
  if (given.empty()) return absl::InvalidArgumentError("no report to write");
  // A customer history renders as its tickets and its agents (json: as is).
  std::vector<render::Json> reports = given;
  std::string preface;
  if (options.format != "json" && render::IsCustomerHistory(given.front())) {
    const render::Json& customer = given.front()["customer"];
    preface = io::Cat("Customer history: ", customer.is_string() ? customer.get<std::string>() : "",
                      "\n");
    reports = render::CustomerHistoryReports(given.front());
  }
  for (const render::Json& r : reports) {
    // A document the renderers cannot read would print nothing: an error.
    if (options.format != "json") {
      if (absl::Status s = render::ValidateReport(r); !s.ok()) return s;
    }
  }
  const std::size_t count = options.all_reports || !preface.empty() ? reports.size() : 1;
  std::string text;
  if (options.format == "html") {
    render::HtmlPage page = render::PageFromReports(
        reports, preface.empty() ? options.title : preface.substr(0, preface.size() - 1));
    page.business = options.business;
    page.all_metrics = options.all_metrics;
    text = render::RenderHtml(page);
  } else if (options.format == "json") {
    if (count == 1) {
      text = reports.front().dump(1) + "\n";
    } else {
      text = render::Json(std::vector<render::Json>(reports.begin(), reports.end())).dump(1);
      text += "\n";
    }
  } else if (options.format == "csv" || options.format == "table") {
    if (options.format == "table") text = preface;
    for (std::size_t i = 0; i < count; ++i) {
      if (i > 0) text += "\n";
      if (options.format == "csv") {
        text += render::RenderCsv(reports[i], options.all_metrics);
      } else {
        render::TableOptions table;
        table.business = options.business;
        table.all_metrics = options.all_metrics;
        text += render::RenderTable(reports[i], table);
      }
    }
  } else {
    return absl::InvalidArgumentError(
        io::Cat("unknown format '", options.format, "' (table, json, csv or html)"));
  }
  if (absl::Status s = WriteText(text, options.path); !s.ok()) return s;
  // A table, CSV or page without a single value is an error (exit 1), not
  // a silent success: the output says "(no data in this period)", the
  // message why.
  if (options.format == "json") return absl::OkStatus();
  const std::size_t shown = options.format == "html" ? reports.size() : count;
  for (std::size_t i = 0; i < shown; ++i) {
    if (!render::RendersNothing(reports[i], options.all_metrics)) return absl::OkStatus();
  }
  const render::Json& rows = reports.front()["rows"];
  return absl::FailedPreconditionError(
      rows.is_array() && !rows.empty()
          ? "the report shows nothing: no metric has data in it (--metrics all shows every "
            "metric anyway)"
          : "the report shows nothing: it has no rows (no events in the range, or none that "
            "--filter or the query's filter lets through)");
}

void PrintRejections(std::string_view command, std::string_view what, std::int64_t count,
                     const std::map<std::string, std::int64_t>& by_reason,
                     const std::vector<std::string>& first_rejections) {
  if (count <= 0) return;
  std::string reasons;
  for (const auto& [reason, n] : by_reason) {
    reasons += io::Cat(reasons.empty() ? "" : ", ", reason, " ", n);
  }
  std::fprintf(stderr, "csm %.*s: %lld %.*s rejected (%s)\n", static_cast<int>(command.size()),
               command.data(), static_cast<long long>(count), static_cast<int>(what.size()),
               what.data(), reasons.c_str());
  for (const std::string& m : first_rejections) {
    std::fprintf(stderr, "  %s\n", QuoteForError(m, kMaxRejectionMessage).c_str());
  }
}

void PrintRejections(std::string_view command, const io::FeedResult& fed) {
  std::map<std::string, std::int64_t> all = fed.input_rejected;
  for (const auto& [reason, n] : fed.engine_rejected) all[reason] += n;
  PrintRejections(command, "events", fed.rejected(), all, fed.first_rejections);
}

}  // namespace csm::cli
