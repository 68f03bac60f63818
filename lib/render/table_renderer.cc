#include "csm/render/table_renderer.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "csm/io/cat.h"
#include "csm/render/format.h"

namespace csm::render {
namespace {

using io::Cat;

constexpr const char* kWeekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

std::string Cell(const Json& row, const std::string& id, bool business) {
  auto it = row.find(id);
  if (it == row.end()) return kMissing;
  std::string text = KindOf(*it) == ValueKind::kComposite ? SummarizeComposite(id, *it)
                                                          : FormatHeadline(id, *it, business);
  if (std::optional<double> change = ChangeOf(row, id, business)) {
    text += "  " + FormatChange(change);
  }
  // A count far from its baseline (query "anomalies").
  if (std::optional<std::string> flag = AnomalyOf(row, id)) text += " (" + *flag + ")";
  return text;
}

// A metric's lines (or columns): its headline in the chosen clock, and for
// a duration of a report with business time a second one in business time.
struct Column {
  std::string id;
  std::string label;
  bool business;
};

std::vector<Column> Columns(const Json& report, const TableOptions& options) {
  const std::vector<std::string> ids =
      options.all_metrics ? MetricIds(report) : MetricIdsWithData(report);
  const bool both = !options.business && HasBusinessTime(report);
  std::vector<Column> out;
  for (const std::string& id : ids) {
    const std::string label(InfoFor(id).label);
    out.push_back({id, label, options.business});
    if (both && IsDuration(report, id)) out.push_back({id, label + " (business)", true});
  }
  return out;
}

std::string PadRight(const std::string& s, std::size_t width) {
  std::size_t w = DisplayWidth(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}
std::string PadLeft(const std::string& s, std::size_t width) {
  std::size_t w = DisplayWidth(s);
  return w >= width ? s : std::string(width - w, ' ') + s;
}

// Widest cell a table shows: every other row is padded to the widest, so
// one 10 MB name made each row (and the rule) 10 MB long (1.2 GB for a
// small report). Longer text is cut with "…"; CSV, JSON and HTML keep it.
constexpr std::size_t kMaxCellColumns = 80;

std::string Clip(std::string text) {
  if (DisplayWidth(text) <= kMaxCellColumns) return text;
  std::size_t columns = 0, end = 0;
  for (; end < text.size(); ++end) {
    const bool starts_code_point = (static_cast<unsigned char>(text[end]) & 0xC0) != 0x80;
    if (starts_code_point && ++columns == kMaxCellColumns) break;  // room for "…"
  }
  text.resize(end);
  return text + "\u2026";
}

// Lays out a grid: first column left-aligned, the others right-aligned,
// a rule under the header.
std::string Grid(std::vector<std::vector<std::string>> cells) {
  for (auto& line : cells) {
    for (std::string& cell : line) cell = Clip(std::move(cell));
  }
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
  std::string out = Cat("Report ", RangeText(report));
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
  if (value.is_null()) return "n/a";
  auto number = [&](const Json& v, const char* key) -> std::optional<double> {
    if (!v.is_object()) return std::nullopt;
    auto it = v.find(key);
    if (it == v.end() || !it->is_number()) return std::nullopt;
    return it->get<double>();
  };
  if (id == "volume_heatmap") {
    const Json* counts = &value;
    for (const char* key : {"tickets", "counts"}) {
      if (value.is_object() && value.contains(key)) counts = &value.at(key);
    }
    if (!counts->is_array()) return "n/a";
    double best = -1;
    std::size_t bd = 0, bh = 0;
    for (std::size_t d = 0; d < counts->size() && d < 7; ++d) {
      const Json& hours = (*counts)[d];
      if (!hours.is_array()) return "n/a";
      for (std::size_t h = 0; h < hours.size(); ++h) {
        if (hours[h].is_number() && hours[h].get<double>() > best) {
          best = hours[h].get<double>();
          bd = d;
          bh = h;
        }
      }
    }
    if (best <= 0) return "n/a";
    char buf[48];
    std::snprintf(buf, sizeof buf, "peak %s %02zu:00 (%s)", kWeekdays[bd], bh,
                  FormatCount(best).c_str());
    return buf;
  }
  if (id == "agent_replies") {
    std::string out = Cat(FormatCount(number(value, "replies")), " replies");
    if (auto first =
            number(value.value("first_reply_time", Json()).value("calendar", Json()), "mean")) {
      out += Cat(", first reply ", FormatDuration(first), " avg");
    }
    return out;
  }
  if (id == "assigned_vs_solved") {
    return Cat(FormatCount(number(value, "solved")), " of ", FormatCount(number(value, "assigned")),
               " solved (", FormatRate(number(value, "rate")), ")");
  }
  if (id == "abandonment_by_step") {
    // The IVR's top 3 steps with their share of the IVR abandons.
    const double in_ivr = number(value, "in_ivr").value_or(0);
    std::vector<std::pair<std::string, double>> steps;
    if (auto s = value.find("steps"); s != value.end() && s->is_object()) {
      for (auto it = s->begin(); it != s->end(); ++it) {
        if (it.value().is_number()) steps.emplace_back(it.key(), it.value().get<double>());
      }
    }
    // Most first, ties by name.
    std::sort(steps.begin(), steps.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    std::string detail;
    for (std::size_t i = 0; i < steps.size() && i < 3; ++i) {
      detail += Cat(detail.empty() ? "" : ", ", steps[i].first, " ",
                    FormatRate(in_ivr > 0 ? steps[i].second / in_ivr * 100 : 0));
    }
    return Cat("IVR ", FormatCount(in_ivr), detail.empty() ? "" : " (" + detail + ")", ", queue ",
               FormatCount(number(value, "in_queue")));
  }
  if (id == "cost_per_contact") {
    if (!number(value, "cost")) return "n/a";
    return FormatNumber(number(value, "value"));
  }
  if (std::optional<double> h = Headline(id, value)) {
    return id == "csat" ? FormatRate(h) : FormatNumber(h);
  }
  // A list of {name, count, share} items: top_drivers, channel_mix, workflow_usage …
  const Json* items = &value;
  if (value.is_object()) {
    for (const char* key : {"items", "top", "shares"}) {
      if (value.contains(key)) items = &value.at(key);
    }
  }
  if (!items->is_array()) return "n/a";
  std::string out;
  std::size_t shown = 0;
  for (const Json& item : *items) {
    if (!item.is_object() || shown == 3) break;
    // The item's name: its first member that is a name (null: none).
    std::string name = kNone;
    for (auto it = item.begin(); it != item.end(); ++it) {
      if (it.key() == "count" || it.key() == "share") continue;
      if (it.value().is_string()) name = it.value().get<std::string>();
      break;
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
  return out.empty() ? "n/a" : out;
}

std::string RenderTable(const Json& report, const TableOptions& options) {
  std::string out = Heading(report);
  const Json empty = Json::array();
  auto rows_it = report.find("rows");
  const Json& rows = rows_it != report.end() && rows_it->is_array() ? *rows_it : empty;
  const std::vector<Column> columns = Columns(report, options);
  if (rows.empty() || columns.empty()) {
    out += "(no data in this period)\n";
    return out + Rejected(report);
  }
  std::vector<std::vector<std::string>> cells;
  if (rows.size() <= options.max_transposed_rows) {
    std::vector<std::string> header = {"metric"};
    for (const Json& row : rows) header.push_back(RowLabel(report, row));
    cells.push_back(std::move(header));
    for (const Column& c : columns) {
      std::vector<std::string> line = {c.label};
      for (const Json& row : rows) line.push_back(Cell(row, c.id, c.business));
      cells.push_back(std::move(line));
    }
  } else {
    std::vector<std::string> header = {"bucket"};
    for (const Column& c : columns) header.push_back(c.label);
    cells.push_back(std::move(header));
    for (const Json& row : rows) {
      std::vector<std::string> line = {RowLabel(report, row)};
      for (const Column& c : columns) line.push_back(Cell(row, c.id, c.business));
      cells.push_back(std::move(line));
    }
  }
  out += Grid(std::move(cells));
  if (options.business) out += "Durations in business time.\n";
  const bool flagged = std::any_of(rows.begin(), rows.end(), [&](const Json& row) {
    return std::any_of(columns.begin(), columns.end(),
                       [&](const Column& c) { return AnomalyOf(row, c.id).has_value(); });
  });
  if (flagged) {
    out += "(high) / (low): a count far above / below the same bucket of the weeks before.\n";
  }
  return out + Rejected(report);
}

}  // namespace csm::render
