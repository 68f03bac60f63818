#include "csm/render/staffing_renderer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "csm/io/cat.h"
#include "csm/render/format.h"
#include "csm/render/svg_chart.h"

namespace csm::render {
namespace {

using io::Cat;

double Number(const Json& v, double fallback = 0) {
  return v.is_number() ? v.get<double>() : fallback;
}
std::string Text(const Json& v) { return v.is_string() ? v.get<std::string>() : ""; }

std::string Fixed(double v, int digits) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string Capitalized(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// One forecast week: its days (columns) and intervals (rows) of the answer's
// "intervals", and the rows worth showing.
struct Week {
  std::vector<std::string> days;   // "Mon 03-01"
  std::vector<std::string> times;  // "08:00"
  // cells[day][slot]: an element of "intervals"
  std::vector<std::vector<const Json*>> cells;
  size_t first = 0, last = 0;  // rows [first, last] hold every interval with volume
  double peak = 0, agent_hours = 0;
};

// The answer's "intervals" (an empty array without), by reference: Week
// points into it.
const Json& Intervals(const Json& forecast) {
  static const Json kNone = Json::array();
  return forecast.contains("intervals") && forecast["intervals"].is_array() ? forecast["intervals"]
                                                                            : kNone;
}

std::vector<Week> Weeks(const Json& forecast) {
  const Json& intervals = Intervals(forecast);
  const double interval_s = Number(forecast.value("interval_s", Json()), 1800);
  const size_t per_day = std::max<size_t>(1, static_cast<size_t>(std::lround(86400 / interval_s)));
  const size_t per_week = 7 * per_day;
  std::vector<Week> weeks;
  for (size_t k = 0; k < intervals.size(); ++k) {
    if (k % per_week == 0) {
      weeks.emplace_back();
      weeks.back().cells.assign(7, std::vector<const Json*>(per_day, nullptr));
      weeks.back().first = per_day;
    }
    Week& w = weeks.back();
    const Json& i = intervals[k];
    const size_t day = (k % per_week) / per_day, slot = k % per_day;
    if (slot == 0) {
      w.days.push_back(Cat(Capitalized(Text(i["weekday"])), " ", Text(i["start"]).substr(5, 5)));
    }
    if (day == 0) w.times.push_back(Text(i["time"]));
    w.cells[day][slot] = &i;
    const double scheduled = Number(i["scheduled"]);
    if (Number(i["offered"]) >= 0.05 || scheduled > 0) {
      w.first = std::min(w.first, slot);
      w.last = std::max(w.last, slot);
    }
    w.peak = std::max(w.peak, scheduled);
    w.agent_hours += scheduled * interval_s / 3600;
  }
  return weeks;
}

std::string TargetLine(const Json& f) {
  const Json& s = f.value("staffing", Json::object());
  std::string out = Cat(FormatNumber(Number(s.value("service_level", Json()))), " % answered in ",
                        FormatNumber(Number(s.value("threshold", Json()))), " s");
  if (s.value("max_occupancy", Json()).is_number()) {
    out += Cat(", occupancy at most ", FormatNumber(Number(s["max_occupancy"])), " %");
  }
  out += Cat(", shrinkage ", FormatNumber(Number(s.value("shrinkage", Json()))), " %, ",
             Text(s.value("model", Json())) == "erlang_a" ? "Erlang A" : "Erlang C");
  return out;
}

std::string HistoryLine(const Json& f) {
  const Json& h = f.value("history", Json::object());
  std::string out =
      Cat("History ", Text(h.value("from", Json())).substr(0, 10), " to ",
          Text(h.value("to", Json())).substr(0, 10), " (",
          FormatNumber(Number(h.value("weeks", Json()))), " weeks, ",
          Text(f.value("grain", Json())), " intervals, ", Text(f.value("timezone", Json())), ")");
  const Json& excluded = h.value("excluded_days", Json::array());
  if (!excluded.empty()) out += Cat(", ", excluded.size(), " holiday(s) left out");
  const Json& unobserved = h.value("unobserved_days", Json::array());
  if (!unobserved.empty()) out += Cat(", ", unobserved.size(), " day(s) after the data left out");
  const std::string aht = Text(f.value("aht_source", Json()));
  out += aht.empty() ? ", no handle time measured" : Cat(", AHT from ", aht);
  return out;
}

std::string BacktestLine(const Json& f) {
  const Json& b = f.value("backtest", Json());
  if (!b.is_object()) return "";
  return Cat("Backtest ", Text(b["from"]).substr(0, 10), " to ", Text(b["to"]).substr(0, 10),
             " (trained on ", FormatNumber(Number(b["train_weeks"])), " weeks): WAPE ",
             FormatRate(b["wape"].is_number() ? std::optional(Number(b["wape"])) : std::nullopt),
             ", seasonal-naive ",
             FormatRate(b["naive_wape"].is_number() ? std::optional(Number(b["naive_wape"]))
                                                    : std::nullopt));
}

std::string Padded(std::string_view s, size_t width) {
  std::string out(s);
  if (out.size() < width) out.insert(0, width - out.size(), ' ');
  return out;
}

// A wide line chart of the backtest weeks: actual, forecast, seasonal-naive
// per interval, a tick per day.
std::string BacktestChart(const Json& b) {
  const Json& rows = b["intervals"];
  double max = 0;
  for (const Json& r : rows) {
    for (const char* k : {"actual", "forecast", "naive"}) max = std::max(max, Number(r[k]));
  }
  if (rows.empty() || max <= 0) return "<p class=\"sub\">No volume in the backtest weeks.</p>";
  const double w = 1100, h = 280, left = 48, right = 12, top = 30, bottom = 34;
  const double plot_w = w - left - right, plot_h = h - top - bottom;
  const double n = static_cast<double>(rows.size());
  // At most five gridlines at a round step (1, 2, 2.5 or 5 × 10^k).
  const double raw_step = max / 5, magnitude = std::pow(10, std::floor(std::log10(raw_step)));
  double step = 10 * magnitude;
  for (double m : {1.0, 2.0, 2.5, 5.0}) {
    if (m * magnitude >= raw_step) {
      step = m * magnitude;
      break;
    }
  }
  const int gridlines = static_cast<int>(std::ceil(max / step - 1e-9));
  const double top_value = gridlines * step;
  auto x = [&](double i) { return left + plot_w * i / n; };
  auto y = [&](double v) { return top + plot_h * (1 - v / top_value); };
  std::string out = Cat("<svg class=\"chart backtest\" viewBox=\"0 0 ", w, " ", h,
                        "\" role=\"img\" aria-label=\"Backtest: actual and forecast volume per "
                        "interval\">");
  for (int t = 0; t <= gridlines; ++t) {
    const double v = step * t;
    out +=
        Cat("<line class=\"grid\" x1=\"", left, "\" x2=\"", w - right, "\" y1=\"", Fixed(y(v), 1),
            "\" y2=\"", Fixed(y(v), 1), "\"/><text class=\"axis\" x=\"", left - 6, "\" y=\"",
            Fixed(y(v) + 4, 1), "\" text-anchor=\"end\">", FormatNumber(v), "</text>");
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    if (Text(rows[i]["time"]) != "00:00") continue;
    const double xi = x(static_cast<double>(i));
    out += Cat("<line class=\"grid\" x1=\"", Fixed(xi, 1), "\" x2=\"", Fixed(xi, 1), "\" y1=\"",
               top, "\" y2=\"", h - bottom, "\"/><text class=\"axis\" x=\"", Fixed(xi + 4, 1),
               "\" y=\"", h - bottom + 16, "\">",
               HtmlEscape(Cat(Capitalized(Text(rows[i]["weekday"])), " ",
                              Text(rows[i]["start"]).substr(5, 5))),
               "</text>");
  }
  struct Line {
    const char* key;
    const char* name;
    const char* color;
    const char* width;
  };
  const Line lines[] = {{"actual", "actual", "#1d2330", "1.6"},
                        {"naive", "seasonal-naive (same interval last week)", "#d4a72c", "1.2"},
                        {"forecast", "forecast", "#1f6feb", "2"}};
  double legend_x = left;
  for (const Line& line : lines) {
    // Excluded intervals (holidays, days after the data) measured nothing:
    // the actual line has a gap there rather than a drop to 0.
    std::string path;
    bool pen_up = true;
    for (size_t i = 0; i < rows.size(); ++i) {
      if (line.key == std::string_view("actual") && rows[i]["excluded"] == true) {
        pen_up = true;
        continue;
      }
      path += Cat(pen_up ? "M" : "L", Fixed(x(static_cast<double>(i) + 0.5), 1), " ",
                  Fixed(y(Number(rows[i][line.key])), 1), " ");
      pen_up = false;
    }
    out += Cat("<path d=\"", path, "\" fill=\"none\" stroke=\"", line.color, "\" stroke-width=\"",
               line.width, "\" stroke-linejoin=\"round\"/>");
    out += Cat("<rect x=\"", legend_x, "\" y=\"8\" width=\"12\" height=\"12\" fill=\"", line.color,
               "\"/><text class=\"legend\" x=\"", legend_x + 16, "\" y=\"18\">",
               HtmlEscape(line.name), "</text>");
    legend_x += 32 + 6 * static_cast<double>(std::string_view(line.name).size());
  }
  return out + "</svg>";
}

// White to the accent blue by share of the week's peak.
std::string Shade(double share) {
  share = std::clamp(share, 0.0, 1.0);
  auto mix = [&](int from, int to) {
    return static_cast<int>(std::lround(from + (to - from) * share));
  };
  char buf[16];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", mix(0xf7, 0x1f), mix(0xf9, 0x5f),
                mix(0xfc, 0xd0));
  return buf;
}

std::string HeatmapTable(const Week& w) {
  if (w.first > w.last) return "<p class=\"sub\">No contacts forecast this week.</p>";
  std::string out = "<table class=\"heat\"><thead><tr><th class=\"day\"></th>";
  for (size_t slot = w.first; slot <= w.last; ++slot) {
    // Label the full hours only: the columns are narrow.
    const std::string& t = w.times[slot];
    out += Cat("<th>", t.size() == 5 && t.substr(3) == "00" ? HtmlEscape(t.substr(0, 2)) : "",
               "</th>");
  }
  out += "</tr></thead><tbody>";
  for (size_t day = 0; day < w.days.size(); ++day) {
    out += Cat("<tr><th class=\"day\">", HtmlEscape(w.days[day]), "</th>");
    for (size_t slot = w.first; slot <= w.last; ++slot) {
      const Json* i = w.cells[day][slot];
      if (i == nullptr) {
        out += "<td></td>";
        continue;
      }
      const Json& scheduled = (*i)["scheduled"];
      const double v = Number(scheduled);
      const double share = w.peak > 0 ? v / w.peak : 0;
      out +=
          Cat("<td style=\"background:", Shade(share), ";color:", share > 0.55 ? "#fff" : "#1d2330",
              "\"", (*i)["holiday"] == true ? " class=\"holiday\"" : "", " title=\"",
              HtmlEscape(w.days[day]), " ", HtmlEscape(Text((*i)["time"])), ": ",
              Fixed(Number((*i)["offered"]), 1), " contacts, AHT ",
              FormatDuration((*i)["aht"].is_number() ? std::optional(Number((*i)["aht"]))
                                                     : std::nullopt),
              ", ", FormatNumber(Number((*i)["agents"])), " agents on calls, ",
              scheduled.is_number() ? FormatNumber(v) : kMissing, " to schedule\">",
              scheduled.is_number() ? (v > 0 ? FormatNumber(v) : "") : kMissing, "</td>");
    }
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

constexpr const char* kCss = R"css(
body{margin:0;background:#f5f7fa;color:#1d2330;
font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
header{padding:28px 36px 8px}
h1{margin:0 0 4px;font-size:26px}
h2{margin:0 0 12px;font-size:17px}
.sub{color:#6b7485}
main{padding:8px 36px 36px;display:grid;gap:20px}
section{background:#fff;border:1px solid #e3e7ee;border-radius:10px;padding:18px 20px;overflow-x:auto}
table.heat{border-collapse:separate;border-spacing:2px;font-size:11px;width:100%;table-layout:fixed}
table.heat th{font-weight:500;color:#6b7485;text-align:left;padding:0 2px}
table.heat th.day{width:84px;padding-right:8px;white-space:nowrap}
table.heat td{height:26px;text-align:center;border-radius:3px;overflow:hidden;
font-variant-numeric:tabular-nums}
table.heat td.holiday{outline:2px dashed #cf222e}
svg.chart{width:100%;height:auto;display:block}
svg .grid{stroke:#e3e7ee}
svg .axis,svg .legend{font-size:11px;fill:#6b7485}
)css";

}  // namespace

std::string StaffingTable(const Json& f) {
  std::string out = Cat("Staffing plan: ", TargetLine(f), "\n", HistoryLine(f), "\n");
  if (const std::string b = BacktestLine(f); !b.empty()) out += b + "\n";
  for (const Week& w : Weeks(f)) {
    out +=
        Cat("\nWeek of ", w.days.empty() ? "" : w.days[0], " - agents to schedule per interval\n");
    if (w.first > w.last) {
      out += "(no contacts forecast)\n";
      continue;
    }
    out += "time ";
    for (const std::string& d : w.days) out += Padded(d, 11);
    out += "\n";
    for (size_t slot = w.first; slot <= w.last; ++slot) {
      out += Padded(w.times[slot], 5);
      for (size_t day = 0; day < w.days.size(); ++day) {
        const Json* i = w.cells[day][slot];
        const bool known = i != nullptr && (*i)["scheduled"].is_number();
        out += Padded(known ? FormatNumber(Number((*i)["scheduled"])) : kMissing, 11);
      }
      out += "\n";
    }
    out += Cat("peak ", FormatNumber(w.peak), " agents, ", Fixed(w.agent_hours, 1),
               " agent-hours scheduled\n");
  }
  return out;
}

std::string StaffingCsv(const Json& f) {
  std::string out =
      "start,weekday,time,offered,aht,erlangs,agents,scheduled,service_level,occupancy,holiday\n";
  auto num = [](const Json& v) { return v.is_number() ? Fixed(v.get<double>(), 4) : ""; };
  for (const Json& i : Intervals(f)) {
    out += Cat(Text(i["start"]), ",", Text(i["weekday"]), ",", Text(i["time"]), ",",
               num(i["offered"]), ",", num(i["aht"]), ",", num(i["erlangs"]), ",",
               i["agents"].is_number() ? FormatNumber(Number(i["agents"])) : "", ",",
               i["scheduled"].is_number() ? FormatNumber(Number(i["scheduled"])) : "", ",",
               num(i["service_level"]), ",", num(i["occupancy"]), ",",
               i["holiday"] == true ? "true" : "false", "\n");
  }
  return out;
}

std::string StaffingHtml(const Json& f, std::string_view title) {
  std::string html =
      Cat("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
          "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">", "<title>",
          HtmlEscape(title), "</title><style>", kCss, "</style></head><body>\n<header><h1>",
          HtmlEscape(title), "</h1><div class=\"sub\">", HtmlEscape(TargetLine(f)), "<br>",
          HtmlEscape(HistoryLine(f)), "</div></header>\n<main>\n");
  for (const Week& w : Weeks(f)) {
    html += Cat("<section class=\"plan\"><h2>Agents to schedule, week of ",
                HtmlEscape(w.days.empty() ? "" : w.days[0]), "</h2><p class=\"sub\">Peak ",
                FormatNumber(w.peak), " agents, ", Fixed(w.agent_hours, 1),
                " agent-hours. Hover a cell for its forecast volume and AHT.</p>", HeatmapTable(w),
                "</section>\n");
  }
  const Json& b = f.value("backtest", Json());
  if (b.is_object()) {
    html += Cat("<section class=\"backtest\"><h2>Backtest: forecast against actual volume</h2>",
                "<p class=\"sub\">", HtmlEscape(BacktestLine(f)), "</p>", BacktestChart(b),
                "</section>\n");
  }
  html += Cat("</main>\n<footer class=\"sub\" style=\"padding:0 36px 24px\">",
              HtmlEscape(Text(f.value("method", Json()))), "</footer>\n</body></html>\n");
  return html;
}

}  // namespace csm::render
