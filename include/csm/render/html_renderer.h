// The `html` format: one self-contained page (inline CSS and SVG, no script,
// no network) that a support lead can open or mail: KPI tiles with change,
// volume trend, weekday × hour heatmap, top drivers, response-time
// histogram, CSAT trend and a per-agent table.
//
// The page is drawn from §8 reports over the same period, each optional:
//   totals      group_by [], grain all (KPI tiles, histogram; top_drivers and
//               volume_heatmap when the report has those metrics)
//   trend       group_by [], grain day / week / month (volume, CSAT trend)
//   hourly      group_by [], grain hour (the weekday × hour heatmap, from
//               tickets_created per local hour; the trend when no other)
//   categories  group_by ["category"] (top drivers, from tickets_created)
//   agents      group_by ["agent"] (the per-agent table)
//   by_time     group_by with weekday and / or hour_of_day: weekday × hour as
//               a heatmap of its first count, otherwise a table per group
// Sections whose data is missing say so.
#ifndef CSM_RENDER_HTML_RENDERER_H_
#define CSM_RENDER_HTML_RENDERER_H_

#include <string>
#include <vector>

#include "csm/render/report_model.h"

namespace csm::render {

struct HtmlPage {
  std::string title = "Customer service report";
  Json totals;  // null when absent
  Json trend;
  Json hourly;
  Json categories;
  Json agents;
  Json by_time;
  bool business = false;  // durations in business time only
  // Every metric in tiles, series and agent columns; otherwise only those
  // with data (MetricIdsWithData).
  bool all_metrics = false;
};

// Sorts `reports` into the page's roles by group_by and grain (a
// report that fits no role is ignored; the first of each role wins).
HtmlPage PageFromReports(const std::vector<Json>& reports, std::string title);

std::string RenderHtml(const HtmlPage& page);

}  // namespace csm::render

#endif  // CSM_RENDER_HTML_RENDERER_H_
