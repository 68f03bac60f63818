#include "csm/render/table_renderer.h"

#include <algorithm>
#include <vector>

#include "csm/io/cat.h"
#include "csm/render/format.h"

namespace csm::render {
namespace {

using io::Cat;

constexpr const char* kWeekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

std::string Cell(const Json& row, const std::string& id, const TableOptions& options) {
  auto it = row.find(id);
  if (it == row.end()) return kMissing;
  std::string text;
  if (KindOf(*it) == ValueKind::kComposite && !Headline(id, *it)) {
    text = SummarizeComposite(id, *it);
    if (text.empty()) text = "\u2026";
  } else {
    text = FormatHeadline(id, *it, options.business);
  }
  if (std::optional<double> change = ChangeOf(row, id, options.business)) {
    text += "  " + FormatChange(change);
  }
  return text;
}

std::string PadRight(const std::string& s, std::size_t width) {
  std::size_t w = DisplayWidth(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}
std::string PadLeft(const std::string& s, std::size_t width) {
  std::size_t w = DisplayWidth(s);
  return w >= width ? s : std::string(width - w, ' ') + s;
}

// Lays out a grid: first column left-aligned, the others right-aligned,
// a rule under the header.
std::string Grid(const std::vector<std::vector<std::string>>& cells) {
  std::vector<std::size_t> widths;
  for (const auto& line : cells) {
    widths.resize(std::max(widths.size(), line.size()), 0);
    for (std::size_t i = 0; i < line.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(line[i]));
    }
  }
  std::string out;
  for (std::size_t r = 0; r < cells.size(); ++r) {
    std::string line;
    for (std::size_t i = 0; i < cells[r].size(); ++i) {
      if (i > 0) line += "   ";
      line += i == 0 ? PadRight(cells[r][i], widths[i]) : PadLeft(cells[r][i], widths[i]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
    if (r == 0) {
      std::size_t total = 0;
      for (std::size_t w : widths) total += w;
      total += 3 * (widths.empty() ? 0 : widths.size() - 1);
      std::string rule;
      for (std::size_t i = 0; i < total; ++i) rule += "\u2500";  // ─
      out += rule + "\n";
    }
  }
  return out;
}

std::string Heading(const Json& report) {
  auto text = [&](const char* key) {
    auto it = report.find(key);
    return it != report.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  std::string from = text("from"), to = text("to");
  std::string out = "Report";
  if (!from.empty() || !to.empty()) {
    out += Cat(" ", from.empty() ? "start" : from, " \u2192 ", to.empty() ? "end" : to);
  }
  out += Cat(" (", text("timezone"), "), grain ", text("grain"));
  if (auto g = report.find("group_by"); g != report.end() && g->is_array() && !g->empty()) {
    std::string dims;
    for (const Json& d : *g) dims += (dims.empty() ? "" : ", ") + d.get<std::string>();
    out += ", by " + dims;
  }
  return out + "\n";
}

std::string Rejected(const Json& report) {
  auto r = report.find("rejected");
  if (r == report.end() || !r->is_object()) return "";
  auto count = r->find("count");
  if (count == r->end() || !count->is_number() || count->get<double>() == 0) return "";
  std::string reasons;
  if (auto rs = r->find("reasons"); rs != r->end() && rs->is_object()) {
    for (auto it = rs->begin(); it != rs->end(); ++it) {
      reasons += Cat(reasons.empty() ? "" : ", ", it.key(), " ", it.value().dump());
    }
  }
  return Cat("Rejected events: ", FormatCount(count->get<double>()),
             reasons.empty() ? "" : " (" + reasons + ")", "\n");
}

}  // namespace

std::size_t DisplayWidth(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string SummarizeComposite(std::string_view id, const Json& value) {
  if (id == "volume_heatmap") {
    const Json* counts = &value;
    if (value.is_object() && value.contains("counts")) counts = &value.at("counts");
    if (!counts->is_array()) return "";
    double best = -1;
    std::size_t bd = 0, bh = 0;
    for (std::size_t d = 0; d < counts->size() && d < 7; ++d) {
      const Json& hours = (*counts)[d];
      if (!hours.is_array()) return "";
      for (std::size_t h = 0; h < hours.size(); ++h) {
        if (hours[h].is_number() && hours[h].get<double>() > best) {
          best = hours[h].get<double>();
          bd = d;
          bh = h;
        }
      }
    }
    if (best <= 0) return "";
    char buf[48];
    std::snprintf(buf, sizeof buf, "peak %s %02zu:00 (%s)", kWeekdays[bd], bh,
                  FormatCount(best).c_str());
    return buf;
  }
  // A list of {name, count, share} items: top_drivers, channel_mix, workflow_usage …
  const Json* items = &value;
  if (value.is_object()) {
    for (const char* key : {"items", "top", "shares"}) {
      if (value.contains(key)) items = &value.at(key);
    }
  }
  if (!items->is_array()) return "";
  std::string out;
  std::size_t shown = 0;
  for (const Json& item : *items) {
    if (!item.is_object() || shown == 3) break;
    std::string name;
    for (auto it = item.begin(); it != item.end(); ++it) {
      if (it.value().is_string()) {
        name = it.value().get<std::string>();
        break;
      }
    }
    std::string amount;
    if (auto s = item.find("share"); s != item.end() && s->is_number()) {
      amount = FormatRate(s->get<double>());
    } else if (auto c = item.find("count"); c != item.end() && c->is_number()) {
      amount = FormatCount(c->get<double>());
    }
    out += Cat(out.empty() ? "" : ", ", name, " ", amount);
    ++shown;
  }
  return out;
}

std::string RenderTable(const Json& report, const TableOptions& options) {
  std::string out = Heading(report);
  const Json empty = Json::array();
  auto rows_it = report.find("rows");
  const Json& rows = rows_it != report.end() && rows_it->is_array() ? *rows_it : empty;
  std::vector<std::string> ids = MetricIds(report);
  if (rows.empty() || ids.empty()) {
    out += "(no data in this period)\n";
    return out + Rejected(report);
  }
  std::vector<std::vector<std::string>> cells;
  if (rows.size() <= options.max_transposed_rows) {
    std::vector<std::string> header = {"metric"};
    for (const Json& row : rows) header.push_back(RowLabel(report, row));
    cells.push_back(std::move(header));
    for (const std::string& id : ids) {
      std::vector<std::string> line = {std::string(InfoFor(id).label)};
      for (const Json& row : rows) line.push_back(Cell(row, id, options));
      cells.push_back(std::move(line));
    }
  } else {
    std::vector<std::string> header = {"bucket"};
    for (const std::string& id : ids) header.push_back(std::string(InfoFor(id).label));
    cells.push_back(std::move(header));
    for (const Json& row : rows) {
      std::vector<std::string> line = {RowLabel(report, row)};
      for (const std::string& id : ids) line.push_back(Cell(row, id, options));
      cells.push_back(std::move(line));
    }
  }
  out += Grid(cells);
  if (options.business) out += "Durations in business time.\n";
  return out + Rejected(report);
}

}  // namespace csm::render
