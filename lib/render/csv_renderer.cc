#include "csm/render/csv_renderer.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <vector>

#include "csm/io/event_writer.h"
#include "csm/render/format.h"

namespace csm::render {
namespace {

// A JSON number ("-3.5", "1e-05"): the renderer's own numbers, which a
// spreadsheet reads as numbers, not formulas.
bool IsNumber(std::string_view s) {
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (!digits()) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

// A cell a spreadsheet would run as a formula (=, +, -, @, tab or CR first:
// "=HYPERLINK(...)" in an agent's name) gets a leading ' so it reads as text
// (OWASP, CSV injection); then RFC 4180 quoting.
std::string Quote(const std::string& cell) {
  std::string s = cell;
  if (!s.empty() && std::string_view("=+-@\t\r").find(s.front()) != std::string_view::npos &&
      !IsNumber(s)) {
    s.insert(s.begin(), '\'');
  }
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Scalar(const Json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  if (v.is_number()) {
    std::string out;
    io::AppendJsonNumber(v.get<double>(), &out);
    return out;
  }
  return v.dump();
}

// Scalar leaves of `v` under `prefix`, skipping arrays (histograms,
// distributions, lists).
void Flatten(const std::string& prefix, const Json& v,
             std::vector<std::pair<std::string, std::string>>* out) {
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it)
      Flatten(prefix + "." + it.key(), it.value(), out);
  } else if (!v.is_array()) {
    out->emplace_back(prefix, Scalar(v));
  }
}

}  // namespace

std::string RenderCsv(const Json& report, bool all_metrics) {
  std::vector<std::string> dims;
  if (auto g = report.find("group_by"); g != report.end() && g->is_array()) {
    for (const Json& d : *g) dims.push_back(d.get<std::string>());
  }
  std::vector<std::string> ids = all_metrics ? MetricIds(report) : MetricIdsWithData(report);
  std::vector<std::string> columns = {"bucket"};
  columns.insert(columns.end(), dims.begin(), dims.end());
  std::vector<std::map<std::string, std::string>> lines;
  auto rows = report.find("rows");
  if (rows != report.end() && rows->is_array()) {
    for (const Json& row : *rows) {
      std::map<std::string, std::string> cells;
      std::vector<std::pair<std::string, std::string>> flat;
      if (auto b = row.find("bucket"); b != row.end()) cells["bucket"] = Scalar(*b);
      for (const std::string& d : dims) {
        if (auto v = row.find(d); v != row.end()) cells[d] = v->is_null() ? kNone : Scalar(*v);
      }
      for (const std::string& id : ids) {
        auto v = row.find(id);
        if (v == row.end()) continue;
        // A null leaves the metric's cells empty; its columns come from the
        // rows that have a value (or, when none has, one bare column below).
        if (v->is_object()) {
          Flatten(id, *v, &flat);
        } else if (!v->is_null()) {
          flat.emplace_back(id, Scalar(*v));
        }
        if (std::optional<double> c = ChangeOf(row, id)) {
          std::string s;
          io::AppendJsonNumber(*c, &s);
          flat.emplace_back("change." + id, s);
        }
        // Anomaly flags (query "anomalies"): expected, score and flag.
        if (auto a = row.find("anomalies"); a != row.end() && a->is_object() && a->contains(id)) {
          Flatten("anomalies." + id, a->at(id), &flat);
        }
      }
      for (auto& [name, value] : flat) {
        if (std::find(columns.begin(), columns.end(), name) == columns.end()) {
          columns.push_back(name);
        }
        cells[name] = std::move(value);
      }
      lines.push_back(std::move(cells));
    }
  }
  for (const std::string& id : ids) {
    const bool has_column = std::any_of(columns.begin(), columns.end(), [&](const std::string& c) {
      return c == id || c.rfind(id + ".", 0) == 0;
    });
    if (!has_column) columns.push_back(id);
  }
  // change.* then anomalies.* columns go last, in metric order.
  std::stable_partition(columns.begin(), columns.end(),
                        [](const std::string& c) { return c.rfind("anomalies.", 0) != 0; });
  std::stable_partition(columns.begin(), columns.end(), [](const std::string& c) {
    return c.rfind("change.", 0) != 0 && c.rfind("anomalies.", 0) != 0;
  });
  std::string out;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) out += ',';
    out += Quote(columns[i]);
  }
  out += "\n";
  for (const auto& cells : lines) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      auto it = cells.find(columns[i]);
      if (i > 0) out += ',';
      if (it != cells.end()) out += Quote(it->second);
    }
    out += "\n";
  }
  return out;
}

}  // namespace csm::render
