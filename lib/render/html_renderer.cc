#include "csm/render/html_renderer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "date/date.h"

#include "csm/io/cat.h"
#include "csm/render/format.h"
#include "csm/render/svg_chart.h"
#include "csm/render/table_renderer.h"
#include "csm/version.h"

namespace csm::render {
namespace {

using io::Cat;

constexpr const char* kCss = R"css(
:root{--ink:#1d2330;--muted:#6b7485;--line:#e3e7ee;--card:#fff;--bg:#f5f7fa;--accent:#1f6feb;
--good:#1a7f37;--bad:#cf222e}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
header{padding:28px 36px 8px}
h1{margin:0 0 4px;font-size:26px}
h2{margin:0 0 12px;font-size:17px}
.sub{color:var(--muted)}
main{padding:8px 36px 36px;display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:20px}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px}
section.wide{grid-column:1/-1}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:14px}
.tile{border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.tile .label{color:var(--muted);font-size:13px}
.tile .value{font-size:26px;font-weight:600;margin:2px 0}
.change{font-size:13px;color:var(--muted)}
.change.good{color:var(--good)}
.change.bad{color:var(--bad)}
svg.chart{width:100%;height:auto;display:block}
svg.heatmap{max-width:760px}
svg .grid{stroke:var(--line)}
svg .axis,svg .legend,svg .label,svg .value{font-size:11px;fill:var(--muted)}
svg .label{fill:var(--ink);font-size:12px}
svg .bar{fill:var(--accent)}
svg .muted{fill:var(--muted);font-size:13px}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
th:first-child,td:first-child{text-align:left}
.scroll{overflow-x:auto}
th{color:var(--muted);font-weight:600}
.empty{color:var(--muted)}
.flag-high{color:var(--bad);font-size:12px}
.flag-low{color:var(--accent);font-size:12px}
footer{padding:0 36px 28px;color:var(--muted);font-size:12px}
)css";

const Json& FirstRow(const Json& report) {
  static const Json kNull;
  if (!report.is_object()) return kNull;
  auto rows = report.find("rows");
  if (rows == report.end() || !rows->is_array() || rows->empty()) return kNull;
  return (*rows)[0];
}

const Json& Member(const Json& object, std::string_view key) {
  static const Json kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(std::string(key));
  return it == object.end() ? kNull : *it;
}

std::string ChangeSpan(std::string_view id, std::optional<double> change) {
  if (!change) return "";
  int polarity = InfoFor(id).polarity;
  const char* cls = "";
  if (polarity != 0 && std::fabs(*change) >= 0.05) {
    cls = (*change > 0) == (polarity > 0) ? " good" : " bad";
  }
  return Cat("<div class=\"change", cls, "\">", FormatChange(change), " vs previous</div>");
}

std::string Section(std::string_view id, std::string_view title, const std::string& body,
                    bool wide = false) {
  return Cat("<section id=\"", id, "\"", wide ? " class=\"wide\"" : "", "><h2>", HtmlEscape(title),
             "</h2>", body, "</section>\n");
}

constexpr std::string_view kEmptyStart = "<p class=\"empty\">";

std::string Empty(std::string_view what) {
  return Cat(kEmptyStart, "No ", what, " in this report.</p>");
}

// A section, left out when it has nothing to show (only what the data has)
// unless the page shows every metric (--metrics all).
std::string SectionWithData(const HtmlPage& page, std::string_view id, std::string_view title,
                            const std::string& body, bool wide = false) {
  if (!page.all_metrics && body.rfind(kEmptyStart, 0) == 0) return "";
  return Section(id, title, body, wide);
}

// The metrics of `report` the page shows: those with data, or all.
std::vector<std::string> Shown(const HtmlPage& page, const Json& report) {
  return page.all_metrics ? MetricIds(report) : MetricIdsWithData(report);
}

bool Contains(const std::vector<std::string>& ids, std::string_view id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

std::string Tiles(const HtmlPage& page) {
  static const char* kCandidates[] = {"tickets_created",
                                      "tickets_solved",
                                      "backlog",
                                      "first_reply_time",
                                      "full_resolution_time",
                                      "csat",
                                      "fcr_rate",
                                      "one_touch_rate",
                                      "contacts_queued",
                                      "contacts_answered",
                                      "abandonment_rate",
                                      "service_level",
                                      "average_speed_of_answer",
                                      "handle_time"};
  const Json& row = FirstRow(page.totals);
  const std::vector<std::string> with_data = Shown(page, page.totals);
  const bool both = !page.business && HasBusinessTime(page.totals);
  std::string tiles;
  int shown = 0;
  for (const char* id : kCandidates) {
    const Json& v = Member(row, id);
    if (shown == 8 || !Headline(id, v, page.business) || !Contains(with_data, id)) {
      continue;
    }
    // Business time beside calendar time when a calendar made a difference.
    const std::string business =
        both && KindOf(v) == ValueKind::kDuration
            ? Cat("<div class=\"change\">", HtmlEscape(FormatHeadline(id, v, true)),
                  " business</div>")
            : std::string();
    tiles += Cat("<div class=\"tile\"><div class=\"label\">", HtmlEscape(InfoFor(id).label),
                 "</div><div class=\"value\">", HtmlEscape(FormatHeadline(id, v, page.business)),
                 "</div>", business, ChangeSpan(id, ChangeOf(row, id, page.business)), "</div>");
    ++shown;
  }
  if (tiles.empty()) return Empty("totals");
  return "<div class=\"tiles\">" + tiles + "</div>";
}

std::vector<std::string> Buckets(const Json& report) {
  std::vector<std::string> labels;
  for (const Json& row : Member(report, "rows")) {
    const Json& b = Member(row, "bucket");
    labels.push_back(b.is_string() ? b.get<std::string>() : "");
  }
  return labels;
}

Series SeriesOf(const Json& report, std::string_view id, std::string name, std::string color,
                bool business) {
  Series s{std::move(name), {}, std::move(color), {}};
  for (const Json& row : Member(report, "rows")) {
    s.values.push_back(Headline(id, Member(row, id), business));
    s.flags.push_back(AnomalyOf(row, id).value_or(""));
  }
  return s;
}

bool HasAny(const Series& s) {
  return std::any_of(s.values.begin(), s.values.end(), [](const auto& v) { return v.has_value(); });
}

std::string VolumeTrend(const HtmlPage& page) {
  std::vector<Series> series;
  const std::vector<std::string> with_data = Shown(page, page.trend);
  for (auto [id, color] : {std::pair{"tickets_created", "#1f6feb"},
                           {"tickets_solved", "#1a7f37"},
                           {"contacts_queued", "#8250df"},
                           {"contacts_answered", "#bf8700"}}) {
    if (!Contains(with_data, id)) continue;
    Series s = SeriesOf(page.trend, id, std::string(InfoFor(id).label), color, false);
    if (HasAny(s)) series.push_back(std::move(s));
  }
  if (series.empty()) return Empty("volume trend");
  const bool flagged = std::any_of(series.begin(), series.end(), [](const Series& s) {
    return std::any_of(s.flags.begin(), s.flags.end(), [](const auto& f) { return !f.empty(); });
  });
  return LineChart(
             Buckets(page.trend), series, [](double v) { return FormatCount(v); },
             "Volume per " + Member(page.trend, "grain").get<std::string>()) +
         (flagged ? "<p class=\"sub\">Ringed points: far above (red) or below (blue) the same "
                    "bucket of the weeks before.</p>"
                  : "");
}

// tickets_created of an hour-grain report summed per local weekday and hour;
// the bucket labels are local ISO times ("2026-11-02T13:00:00-05:00").
std::vector<std::vector<double>> GridFromHourly(const Json& hourly) {
  std::vector<std::vector<double>> grid(7, std::vector<double>(24, 0.0));
  bool any = false;
  for (const Json& row : Member(hourly, "rows")) {
    const Json& bucket = Member(row, "bucket");
    const Json& n = Member(row, "tickets_created");
    if (!bucket.is_string() || !n.is_number()) continue;
    const std::string label = bucket.get<std::string>();
    int y, mo, d, h;
    if (std::sscanf(label.c_str(), "%d-%d-%dT%d", &y, &mo, &d, &h) != 4 || h < 0 || h > 23) {
      continue;
    }
    date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                             date::day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) continue;
    const unsigned monday_first = date::weekday{date::sys_days{ymd}}.iso_encoding() - 1;
    grid[monday_first][static_cast<std::size_t>(h)] += n.get<double>();
    any = true;
  }
  if (!any) grid.clear();
  return grid;
}

std::string HeatmapSection(const HtmlPage& page) {
  // The engine's volume_heatmap: {"tickets": 7 × 24, …}; a bare 7 × 24 array
  // or {"counts": …} from other writers.
  const Json& v = Member(FirstRow(page.totals), "volume_heatmap");
  const Json& counts =
      v.is_object() ? (v.contains("tickets") ? Member(v, "tickets") : Member(v, "counts")) : v;
  std::vector<std::vector<double>> grid;
  // The engine's marks: hours the range does not hold, hours the calendar
  // keeps closed, spikes.
  std::vector<std::vector<CellMark>> marks;
  if (v.is_object() && counts.is_array() && counts.size() == 7) {
    const Json &hours = Member(v, "hours"), &closed = Member(v, "closed"),
               &spike = Member(v, "spike");
    auto at = [](const Json& grid, int d, int h) -> const Json& {
      static const Json kNull;
      if (!grid.is_array() || grid.size() != 7 || !grid[d].is_array() || grid[d].size() != 24) {
        return kNull;
      }
      return grid[d][h];
    };
    marks.assign(7, std::vector<CellMark>(24, CellMark::kNone));
    for (int d = 0; d < 7; ++d) {
      for (int h = 0; h < 24; ++h) {
        if (at(spike, d, h) == true) {
          marks[d][h] = CellMark::kSpike;
        } else if (at(hours, d, h) == 0) {
          marks[d][h] = CellMark::kNoData;
        } else if (at(closed, d, h) == true) {
          marks[d][h] = CellMark::kClosed;
        }
      }
    }
  }
  if (counts.is_array() && counts.size() == 7) {
    for (const Json& day : counts) {
      std::vector<double> hours;
      if (day.is_array()) {
        for (const Json& c : day) hours.push_back(c.is_number() ? c.get<double>() : 0);
      }
      grid.push_back(std::move(hours));
    }
  } else {
    grid = GridFromHourly(page.hourly);
  }
  if (grid.size() != 7) return Empty("weekday \u00D7 hour volume");
  const Json& source = page.totals.is_null() ? page.hourly : page.totals;
  std::string tz =
      Member(source, "timezone").is_string() ? Member(source, "timezone").get<std::string>() : "";
  const bool any_closed = std::any_of(marks.begin(), marks.end(), [](const auto& day) {
    return std::find(day.begin(), day.end(), CellMark::kClosed) != day.end();
  });
  const bool any_spike = std::any_of(marks.begin(), marks.end(), [](const auto& day) {
    return std::find(day.begin(), day.end(), CellMark::kSpike) != day.end();
  });
  const bool any_no_data = std::any_of(marks.begin(), marks.end(), [](const auto& day) {
    return std::find(day.begin(), day.end(), CellMark::kNoData) != day.end();
  });
  return Heatmap(grid, "Tickets created by weekday and hour", marks) +
         Cat("<p class=\"sub\">Hours in ", HtmlEscape(tz), ".",
             any_no_data ? " Dashed: the range holds no such hour (no data)." : "",
             any_closed ? " Grey: closed (business calendar)." : "",
             any_spike ? " Red outline: a spike against the same hour of the weeks before." : "",
             "</p>");
}

// Top drivers from a report grouped by category: tickets_created per
// category, largest first, with its share of all of them.
Json DriversFromCategories(const Json& categories) {
  std::vector<std::pair<std::string, double>> counts;
  double total = 0;
  for (const Json& row : Member(categories, "rows")) {
    const Json& n = Member(row, "tickets_created");
    if (!n.is_number() || n.get<double>() <= 0) continue;
    const Json& name = Member(row, "category");
    counts.emplace_back(name.is_string() ? name.get<std::string>() : kNone, n.get<double>());
    total += n.get<double>();
  }
  // Largest first, ties by name.
  std::sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  Json items = Json::array();
  for (std::size_t i = 0; i < counts.size() && i < 10; ++i) {
    items.push_back({{"category", counts[i].first},
                     {"count", counts[i].second},
                     {"share", counts[i].second / total * 100}});
  }
  return items;
}

std::string Drivers(const HtmlPage& page) {
  // The engine's top_drivers: {"total", "exact", "top": [...]}; a bare list or
  // {"items": [...]} from other writers.
  const Json& v = Member(FirstRow(page.totals), "top_drivers");
  const Json& reported =
      v.is_object() ? (v.contains("top") ? Member(v, "top") : Member(v, "items")) : v;
  const Json derived = reported.is_array() ? Json() : DriversFromCategories(page.categories);
  const Json& items = reported.is_array() ? reported : derived;
  if (!items.is_array() || items.empty()) return Empty("top drivers");
  std::vector<Bar> bars;
  for (const Json& item : items) {
    const Json& count = Member(item, "count");
    if (!item.is_object() || !count.is_number()) continue;
    std::string name;
    for (const char* key : {"category", "name", "key"}) {
      if (Member(item, key).is_string()) {
        name = Member(item, key).get<std::string>();
        break;
      }
    }
    std::string text = FormatCount(count.get<double>());
    if (const Json& share = Member(item, "share"); share.is_number()) {
      text += " (" + FormatRate(share.get<double>()) + ")";
    }
    bars.push_back({name.empty() ? kNone : name, count.get<double>(), std::move(text)});
  }
  return BarChart(bars, "Top contact reasons by tickets created");
}

std::string ResponseTimes(const HtmlPage& page) {
  const Json& row = FirstRow(page.totals);
  for (const char* id : {"first_reply_time", "full_resolution_time", "average_speed_of_answer"}) {
    const Json& stats = Member(Member(row, id), page.business ? "business" : "calendar");
    const Json& hist = Member(stats, "histogram");
    const Json& edges = Member(hist, "edges");
    const Json& counts = Member(hist, "counts");
    if (!edges.is_array() || !counts.is_array()) continue;
    std::vector<double> e, c;
    for (const Json& x : edges) e.push_back(x.is_number() ? x.get<double>() : 0);
    for (const Json& x : counts) c.push_back(x.is_number() ? x.get<double>() : 0);
    // Every sample in one bin (calls' seconds against ticket-sized bins):
    // the bars say nothing the quantiles do not.
    const bool one_bin = std::count_if(c.begin(), c.end(), [](double n) { return n > 0; }) <= 1;
    std::string summary;
    for (const char* q : {"p50", "p90"}) {
      if (Member(stats, q).is_number()) {
        summary += Cat(summary.empty() ? "" : " \u00B7 ", q, " ",
                       FormatDuration(Member(stats, q).get<double>()));
      }
    }
    // Business time beside calendar time when a calendar made a difference.
    const Json& business = Member(Member(row, id), "business");
    if (!page.business && HasBusinessTime(page.totals) && Member(business, "p50").is_number()) {
      summary += Cat(" \u00B7 business p50 ", FormatDuration(Member(business, "p50").get<double>()),
                     " p90 ",
                     Member(business, "p90").is_number()
                         ? FormatDuration(Member(business, "p90").get<double>())
                         : std::string(kMissing));
    }
    const std::string text = Cat("<p class=\"sub\">", HtmlEscape(InfoFor(id).label), " (",
                                 page.business ? "business" : "calendar", " time)",
                                 summary.empty() ? "" : ": " + summary, "</p>");
    if (one_bin) return text;
    return text + Histogram(
                      e, c, [](double s) { return FormatDuration(s); },
                      std::string(InfoFor(id).label) + " distribution");
  }
  return Empty("response-time distribution");
}

std::string CsatTrend(const HtmlPage& page) {
  Series s = SeriesOf(page.trend, "csat", "CSAT score", "#1a7f37", false);
  if (!HasAny(s)) return Empty("CSAT responses");
  return LineChart(
      Buckets(page.trend), {s}, [](double v) { return FormatRate(v); },
      "CSAT score per " + Member(page.trend, "grain").get<std::string>());
}

std::string Agents(const HtmlPage& page) {
  const Json& rows = Member(page.agents, "rows");
  // Rows of the null agent only ("(none)": a log that names no agent) are no
  // per-agent data.
  const bool named = rows.is_array() && std::any_of(rows.begin(), rows.end(), [](const Json& r) {
                       return Member(r, "agent").is_string();
                     });
  if (!named) return Empty("per-agent data");
  static const char* kColumns[] = {
      "tickets_solved", "first_reply_time", "full_resolution_time",   "csat", "contacts_answered",
      "handle_time",    "talk_time",        "average_speed_of_answer"};
  const std::vector<std::string> with_data = Shown(page, page.agents);
  // Business time beside calendar time (as the tiles and the text table):
  // a duration's business column follows its calendar one.
  const bool both = !page.business && HasBusinessTime(page.agents);
  struct Column {
    std::string id;
    bool business;
  };
  std::vector<Column> columns;
  for (const char* id : kColumns) {
    if (!Contains(with_data, id)) continue;
    auto any_value = [&](bool business) {
      return std::any_of(rows.begin(), rows.end(), [&](const Json& row) {
        return Headline(id, Member(row, id), business).has_value();
      });
    };
    if (any_value(page.business)) columns.push_back({id, page.business});
    if (both && IsDuration(page.agents, id) && any_value(true)) columns.push_back({id, true});
  }
  std::vector<const Json*> sorted;
  for (const Json& row : rows) sorted.push_back(&row);
  const std::string key = columns.empty() ? "" : columns[0].id;
  std::stable_sort(sorted.begin(), sorted.end(), [&](const Json* a, const Json* b) {
    return Headline(key, Member(*a, key)).value_or(-1) >
           Headline(key, Member(*b, key)).value_or(-1);
  });
  std::string out = "<table><thead><tr><th>Agent</th>";
  for (const Column& c : columns) {
    out += Cat("<th>", HtmlEscape(InfoFor(c.id).label),
               c.business && !page.business ? " (business)" : "", "</th>");
  }
  out += "</tr></thead><tbody>";
  std::size_t shown = 0;
  for (const Json* row : sorted) {
    if (++shown > 50) break;
    const Json& agent = Member(*row, "agent");
    out +=
        Cat("<tr><td>", HtmlEscape(agent.is_string() ? agent.get<std::string>() : kNone), "</td>");
    for (const Column& c : columns) {
      out += Cat("<td>", HtmlEscape(FormatHeadline(c.id, Member(*row, c.id), c.business)), "</td>");
    }
    out += "</tr>";
  }
  out += "</tbody></table>";
  if (rows.size() > 50) out += Cat("<p class=\"sub\">First 50 of ", rows.size(), " agents.</p>");
  return out;
}

// A report grouped by weekday and / or hour of day (the report asked for,
// e.g. --group-by weekday): weekday × hour as a heatmap of its first count
// with data, anything else as a table of the metrics with data, one row per
// group (buckets summed only by the engine: rows of a finer grain are listed).
std::string ByTime(const HtmlPage& page) {
  const Json& report = page.by_time;
  const Json& rows = Member(report, "rows");
  if (!rows.is_array() || rows.empty()) return Empty("weekday or hour data");
  const std::vector<std::string> shown = Shown(page, report);
  const Json& g = Member(report, "group_by");
  const bool grid = g.size() == 2 && g[0] == "weekday" && g[1] == "hour_of_day";
  if (grid) {
    for (const std::string& id : shown) {
      if (KindOf(Member(rows[0], id)) != ValueKind::kCount || id == "backlog") continue;
      std::vector<std::vector<double>> counts(7, std::vector<double>(24, 0.0));
      static const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
      for (const Json& row : rows) {
        const Json &day = Member(row, "weekday"), &hour = Member(row, "hour_of_day");
        const Json& n = Member(row, id);
        if (!day.is_string() || !hour.is_number_integer() || !n.is_number()) continue;
        const int h = hour.get<int>();
        for (int d = 0; d < 7; ++d) {
          if (day == kDays[d] && h >= 0 && h < 24) counts[d][h] += n.get<double>();
        }
      }
      const std::string label(InfoFor(id).label);
      return Heatmap(counts, label + " by weekday and hour") +
             Cat("<p class=\"sub\">", HtmlEscape(label), ", hours in ",
                 HtmlEscape(Member(report, "timezone").is_string()
                                ? Member(report, "timezone").get<std::string>()
                                : ""),
                 ".</p>");
    }
  }
  // Many metrics make a wide table: it scrolls inside its section rather
  // than run past it.
  std::string out = "<div class=\"scroll\"><table><thead><tr><th></th>";
  for (const std::string& id : shown) out += Cat("<th>", HtmlEscape(InfoFor(id).label), "</th>");
  out += "</tr></thead><tbody>";
  std::size_t n = 0;
  for (const Json& row : rows) {
    if (++n > 200) break;
    out += Cat("<tr><td>", HtmlEscape(RowLabel(report, row)), "</td>");
    for (const std::string& id : shown) {
      const std::optional<std::string> flag = AnomalyOf(row, id);
      out += Cat("<td>", HtmlEscape(FormatHeadline(id, Member(row, id), page.business)),
                 flag ? Cat(" <span class=\"flag-", *flag, "\">", *flag, "</span>") : "", "</td>");
    }
    out += "</tr>";
  }
  out += "</tbody></table></div>";
  if (rows.size() > 200) out += Cat("<p class=\"sub\">First 200 of ", rows.size(), " rows.</p>");
  return out;
}

// "By weekday", "By hour of day" or "By weekday and hour of day".
std::string ByTimeTitle(const Json& report) {
  const Json& g = Member(report, "group_by");
  const bool weekday = std::find(g.begin(), g.end(), Json("weekday")) != g.end();
  const bool hour = std::find(g.begin(), g.end(), Json("hour_of_day")) != g.end();
  if (weekday && hour) return "By weekday and hour of day";
  return weekday ? "By weekday" : "By hour of day";
}

std::string Period(const Json& report) {
  if (!report.is_object()) return "";
  auto text = [&](const char* key) {
    const Json& v = Member(report, key);
    return v.is_string() ? v.get<std::string>() : std::string();
  };
  return Cat(RangeText(report), " (", text("timezone"), ")");
}

}  // namespace

HtmlPage PageFromReports(const std::vector<Json>& reports, std::string title) {
  HtmlPage page;
  page.title = std::move(title);
  for (const Json& r : reports) {
    const Json& g = Member(r, "group_by");
    const Json& grain = Member(r, "grain");
    if (!g.is_array() || !grain.is_string()) continue;
    Json* role = nullptr;
    const bool by_time = std::any_of(
        g.begin(), g.end(), [](const Json& d) { return d == "weekday" || d == "hour_of_day"; });
    if (by_time) {
      role = &page.by_time;
    } else if (g.empty() && grain == "all") {
      role = &page.totals;
    } else if (g.empty() && grain == "hour") {
      role = &page.hourly;
    } else if (g.empty()) {
      role = &page.trend;
    } else if (g.size() == 1 && g[0] == "agent") {
      role = &page.agents;
    } else if (g.size() == 1 && g[0] == "category") {
      role = &page.categories;
    }
    if (role != nullptr && role->is_null()) *role = r;
  }
  if (page.trend.is_null()) page.trend = page.hourly;
  return page;
}

std::string RenderHtml(const HtmlPage& page) {
  const Json& any = !page.totals.is_null()    ? page.totals
                    : !page.trend.is_null()   ? page.trend
                    : !page.by_time.is_null() ? page.by_time
                                              : page.agents;
  std::string html =
      Cat("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
          "<title>",
          HtmlEscape(page.title), "</title><style>", kCss, "</style></head><body>\n<header><h1>",
          HtmlEscape(page.title), "</h1><div class=\"sub\">", HtmlEscape(Period(any)),
          page.business ? " \u00B7 durations in business time" : "", "</div></header>\n<main>\n");
  std::string sections;
  sections += SectionWithData(page, "kpis", "Key figures", Tiles(page), true);
  sections += SectionWithData(page, "volume", "Volume trend", VolumeTrend(page));
  sections += SectionWithData(page, "heatmap", "When contacts arrive", HeatmapSection(page));
  if (!page.by_time.is_null()) {
    sections += SectionWithData(page, "by-time", ByTimeTitle(page.by_time), ByTime(page), true);
  }
  sections += SectionWithData(page, "drivers", "Top drivers", Drivers(page));
  sections += SectionWithData(page, "response-times", "Response times", ResponseTimes(page));
  sections += SectionWithData(page, "csat", "CSAT trend", CsatTrend(page));
  sections += SectionWithData(page, "agents", "Agents", Agents(page), true);
  // Nothing at all: say so rather than leave an empty page.
  html += sections.empty() ? Section("empty", "No data", Empty("data"), true) : sections;
  const Json& rejected = Member(Member(any, "rejected"), "count");
  html += Cat("</main>\n<footer>Generated by csm ", CSM_VERSION_STRING, " (csmetrics).",
              rejected.is_number() && rejected.get<double>() > 0
                  ? Cat(" ", FormatCount(rejected.get<double>()), " events were rejected.")
                  : std::string(),
              "</footer>\n</body></html>\n");
  return html;
}

}  // namespace csm::render
