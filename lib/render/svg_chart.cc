#include "csm/render/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "csm/io/cat.h"
#include "csm/render/format.h"
#include "csm/render/table_renderer.h"

namespace csm::render {
namespace {

using io::Cat;

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string Open(std::string_view cls, int width, int height, std::string_view aria) {
  return Cat("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart ", cls, "\" viewBox=\"0 0 ",
             width, " ", height, "\" role=\"img\" aria-label=\"", HtmlEscape(aria), "\">");
}

// A "nice" upper bound for an axis: 1, 2 or 5 × 10^k at or above `max`.
double NiceCeiling(double max) {
  if (max <= 0) return 1;
  double p = std::pow(10.0, std::floor(std::log10(max)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * p >= max) return m * p;
  }
  return 10 * p;
}

// The first `columns` code points of UTF-8 `text`.
std::string TruncateDisplay(const std::string& text, std::size_t columns) {
  std::size_t seen = 0, i = 0;
  for (; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && seen++ == columns) break;
  }
  return text.substr(0, i);
}

std::string NoData(std::string_view cls, std::string_view aria) {
  return Open(cls, 560, 60, aria) +
         "<text x=\"280\" y=\"35\" text-anchor=\"middle\" class=\"muted\">no data</text></svg>";
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string LineChart(const std::vector<std::string>& labels, const std::vector<Series>& series,
                      const ValueFormatter& format, std::string_view aria_label) {
  double max = 0;
  for (const Series& s : series) {
    for (const auto& v : s.values) {
      if (v) max = std::max(max, *v);
    }
  }
  if (labels.empty() || series.empty() || max <= 0) return NoData("line-chart", aria_label);
  // The legend wraps onto as many lines as its entries need (an entry is
  // about 24 px plus 7.5 px a character); the plot starts below it.
  const int w = 560, left = 56, right = 36, bottom = 40;
  std::vector<std::pair<double, int>> legend_at;  // x, line of each series' entry
  double legend_x = left;
  int legend_line = 0;
  for (const Series& s : series) {
    const double entry = 24 + 7.5 * static_cast<double>(DisplayWidth(s.name));
    if (legend_x > left && legend_x + entry > w - 8) {
      legend_x = left;
      ++legend_line;
    }
    legend_at.emplace_back(legend_x, legend_line);
    legend_x += entry;
  }
  const int top = 28 + 18 * legend_line, h = 212 + top;
  const double top_value = NiceCeiling(max);
  const double plot_w = w - left - right, plot_h = h - top - bottom;
  const std::size_t n = labels.size();
  auto x = [&](std::size_t i) { return left + (n == 1 ? plot_w / 2 : plot_w * i / (n - 1.0)); };
  auto y = [&](double v) { return top + plot_h * (1 - v / top_value); };
  std::string out = Open("line-chart", w, h, aria_label);
  for (int t = 0; t <= 4; ++t) {
    double v = top_value * t / 4;
    out += Cat("<line class=\"grid\" x1=\"", left, "\" x2=\"", w - right, "\" y1=\"", Num(y(v)),
               "\" y2=\"", Num(y(v)), "\"/>");
    out += Cat("<text class=\"axis\" x=\"", left - 6, "\" y=\"", Num(y(v) + 4),
               "\" text-anchor=\"end\">", HtmlEscape(format(v)), "</text>");
  }
  const std::size_t step = std::max<std::size_t>(1, (n + 7) / 8);
  for (std::size_t i = 0; i < n; i += step) {
    out += Cat("<text class=\"axis\" x=\"", Num(x(i)), "\" y=\"", h - bottom + 18,
               "\" text-anchor=\"middle\">", HtmlEscape(labels[i]), "</text>");
  }
  for (std::size_t k = 0; k < series.size(); ++k) {
    const Series& s = series[k];
    std::string path;
    bool pen_up = true;
    for (std::size_t i = 0; i < s.values.size() && i < n; ++i) {
      if (!s.values[i]) {
        pen_up = true;
        continue;
      }
      path += Cat(pen_up ? "M" : "L", Num(x(i)), " ", Num(y(*s.values[i])), " ");
      pen_up = false;
    }
    out += Cat("<path class=\"series\" d=\"", path, "\" fill=\"none\" stroke=\"", s.color,
               "\" stroke-width=\"2.5\"/>");
    for (std::size_t i = 0; i < s.values.size() && i < n; ++i) {
      if (!s.values[i]) continue;
      const std::string flag = i < s.flags.size() ? s.flags[i] : std::string();
      if (!flag.empty()) {
        // An anomaly: a ring around the point, red when high, blue when low.
        out += Cat("<circle class=\"anomaly\" cx=\"", Num(x(i)), "\" cy=\"", Num(y(*s.values[i])),
                   "\" r=\"7\" fill=\"none\" stroke=\"", flag == "high" ? "#cf222e" : "#0969da",
                   "\" stroke-width=\"2\"/>");
      }
      out +=
          Cat("<circle cx=\"", Num(x(i)), "\" cy=\"", Num(y(*s.values[i])), "\" r=\"3\" fill=\"",
              s.color, "\"><title>", HtmlEscape(labels[i]), ": ", HtmlEscape(format(*s.values[i])),
              flag.empty() ? std::string() : Cat(" (", HtmlEscape(flag), ")"), "</title></circle>");
    }
    const auto [x0, line] = legend_at[k];
    out += Cat("<rect x=\"", Num(x0), "\" y=\"", 8 + 18 * line,
               "\" width=\"12\" height=\"12\" fill=\"", s.color, "\"/><text class=\"legend\" x=\"",
               Num(x0 + 16), "\" y=\"", 18 + 18 * line, "\">", HtmlEscape(s.name), "</text>");
  }
  return out + "</svg>";
}

std::string BarChart(const std::vector<Bar>& bars, std::string_view aria_label) {
  double max = 0;
  for (const Bar& b : bars) max = std::max(max, b.value);
  if (bars.empty() || max <= 0) return NoData("bar-chart", aria_label);
  const int w = 560, row = 26, label_w = 190, value_w = 80;
  const int h = static_cast<int>(bars.size()) * row + 8;
  std::string out = Open("bar-chart", w, h, aria_label);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const double y = 4 + static_cast<double>(i) * row;
    const double bw = (w - label_w - value_w) * bars[i].value / max;
    std::string label = bars[i].label;
    if (DisplayWidth(label) > 28) label = TruncateDisplay(label, 26) + "\u2026";
    out += Cat("<text class=\"label\" x=\"", label_w - 8, "\" y=\"", Num(y + 17),
               "\" text-anchor=\"end\">", HtmlEscape(label), "</text>");
    out += Cat("<rect class=\"bar\" x=\"", label_w, "\" y=\"", Num(y + 3), "\" width=\"",
               Num(std::max(bw, 1.0)), "\" height=\"", row - 8, "\" rx=\"3\"><title>",
               HtmlEscape(bars[i].label), ": ", HtmlEscape(bars[i].text), "</title></rect>");
    out += Cat("<text class=\"value\" x=\"", Num(label_w + bw + 6), "\" y=\"", Num(y + 17), "\">",
               HtmlEscape(bars[i].text), "</text>");
  }
  return out + "</svg>";
}

std::string Heatmap(const std::vector<std::vector<double>>& counts, std::string_view aria_label,
                    const std::vector<std::vector<CellMark>>& marks) {
  static const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  double max = 0;
  for (const auto& day : counts) {
    for (double c : day) max = std::max(max, c);
  }
  if (counts.size() != 7 || max <= 0) return NoData("heatmap", aria_label);
  const int left = 40, top = 8, cell = 21, w = left + 24 * cell + 8, h = top + 7 * cell + 24;
  std::string out = Open("heatmap", w, h, aria_label);
  for (int d = 0; d < 7; ++d) {
    out += Cat("<text class=\"axis\" x=\"", left - 6, "\" y=\"", top + d * cell + 15,
               "\" text-anchor=\"end\">", kDays[d], "</text>");
    for (int hr = 0; hr < 24; ++hr) {
      double c = hr < static_cast<int>(counts[d].size()) ? counts[d][hr] : 0;
      double shade = c / max;
      const CellMark mark =
          d < static_cast<int>(marks.size()) && hr < static_cast<int>(marks[d].size())
              ? marks[d][hr]
              : CellMark::kNone;
      // No data is blank with a dashed edge, closed is grey, 0 the palest blue.
      std::string fill = c > 0 ? "#1f6feb" : "#eef1f5";
      std::string extra, note = FormatCount(c);
      if (mark == CellMark::kNoData && c == 0) {
        fill = "#ffffff";
        extra = " stroke=\"#d0d7de\" stroke-dasharray=\"2 2\"";
        note = "no data";
      } else if (mark == CellMark::kClosed && c == 0) {
        fill = "#afb8c1";
        note = "closed";
      } else if (mark == CellMark::kSpike) {
        extra = " stroke=\"#cf222e\" stroke-width=\"2\"";
        note += " (spike)";
      }
      out += Cat("<rect class=\"cell\" x=\"", left + hr * cell, "\" y=\"", top + d * cell,
                 "\" width=\"", cell - 2, "\" height=\"", cell - 2, "\" rx=\"2\" fill=\"", fill,
                 "\" fill-opacity=\"", c > 0 ? Num(0.12 + 0.88 * shade) : std::string("1"), "\"",
                 extra, "><title>", kDays[d], " ", hr < 10 ? "0" : "", hr, ":00 \u2013 ", note,
                 "</title></rect>");
    }
  }
  for (int hr = 0; hr < 24; hr += 3) {
    out += Cat("<text class=\"axis\" x=\"", left + hr * cell + (cell - 2) / 2, "\" y=\"",
               top + 7 * cell + 14, "\" text-anchor=\"middle\">", hr, "h</text>");
  }
  return out + "</svg>";
}

std::string Histogram(const std::vector<double>& edges, const std::vector<double>& counts,
                      const ValueFormatter& edge_format, std::string_view aria_label) {
  double max = 0;
  for (double c : counts) max = std::max(max, c);
  if (counts.empty() || counts.size() != edges.size() + 1 || max <= 0) {
    return NoData("histogram", aria_label);
  }
  const int w = 560, h = 240, left = 48, bottom = 40, top = 12;
  const double top_value = NiceCeiling(max);
  const double plot_w = w - left - 8, plot_h = h - top - bottom;
  const double bw = plot_w / static_cast<double>(counts.size());
  std::string out = Open("histogram", w, h, aria_label);
  for (int t = 0; t <= 4; ++t) {
    double v = top_value * t / 4;
    double y = top + plot_h * (1 - v / top_value);
    out += Cat("<line class=\"grid\" x1=\"", left, "\" x2=\"", w - 8, "\" y1=\"", Num(y),
               "\" y2=\"", Num(y), "\"/><text class=\"axis\" x=\"", left - 6, "\" y=\"", Num(y + 4),
               "\" text-anchor=\"end\">", FormatCount(v), "</text>");
  }
  for (std::size_t i = 0; i < counts.size(); ++i) {
    std::string label = i == 0 ? "\u2264 " + edge_format(edges[0])
                        : i == edges.size()
                            ? "> " + edge_format(edges.back())
                            : edge_format(edges[i - 1]) + "\u2013" + edge_format(edges[i]);
    double bh = plot_h * counts[i] / top_value;
    double x = left + bw * static_cast<double>(i);
    out += Cat("<rect class=\"bar\" x=\"", Num(x + 3), "\" y=\"", Num(top + plot_h - bh),
               "\" width=\"", Num(bw - 6), "\" height=\"", Num(bh), "\" rx=\"2\"><title>",
               HtmlEscape(label), ": ", FormatCount(counts[i]), "</title></rect>");
    out += Cat("<text class=\"axis\" x=\"", Num(x + bw / 2), "\" y=\"", h - bottom + 16,
               "\" text-anchor=\"middle\">", HtmlEscape(label), "</text>");
  }
  return out + "</svg>";
}

}  // namespace csm::render
