#include "csm/report/experience_json.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "csm/model/internal/intern_table.h"

namespace csm::report {
namespace {

using json = nlohmann::ordered_json;

constexpr const char* kWeekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

json Percent(uint64_t numerator, uint64_t denominator) {
  if (denominator == 0) return nullptr;
  return static_cast<double>(numerator) / static_cast<double>(denominator) * 100;
}

// Value counts as {"1": n, ...} over lo..hi.
json Distribution(const RatingCounts& r, int lo, int hi) {
  json d = json::object();
  for (int v = lo; v <= hi; ++v) d[std::to_string(v)] = r.by_value[v];
  return d;
}

// {"count", "mean", "max"} of millisecond moments, in seconds.
json SecondsStats(const Moments& ms) {
  if (ms.count() == 0) return nullptr;
  return {{"count", ms.count()},
          {"mean", ms.sum() / static_cast<double>(ms.count()) / 1000},
          {"max", *ms.max() / 1000}};
}

json Csat(const ExperienceCell& c, const EngineOptions& o) {
  const uint64_t responses = c.csat.responses();
  const uint64_t sent = c.surveys_sent.value();
  if (responses == 0 && sent == 0) return nullptr;
  const uint64_t satisfied = c.csat.Between(o.csat_satisfied_min, o.csat_scale);
  return {{"responses", responses},
          {"satisfied", satisfied},
          {"dissatisfied", c.csat.Between(1, o.csat_dissatisfied_max)},
          {"score", Percent(satisfied, responses)},
          {"surveys_sent", sent},
          {"response_rate", Percent(responses, sent)},
          {"distribution", Distribution(c.csat, 1, o.csat_scale)}};
}

json Ces(const ExperienceCell& c) {
  const uint64_t n = c.ces.responses();
  if (n == 0) return nullptr;
  return {{"responses", n},
          {"mean", c.ces.Sum() / static_cast<double>(n)},
          {"distribution", Distribution(c.ces, 1, 7)}};
}

json Nps(const ExperienceCell& c) {
  const uint64_t n = c.nps.responses();
  if (n == 0) return nullptr;
  const uint64_t promoters = c.nps.Between(9, 10);
  const uint64_t detractors = c.nps.Between(0, 6);
  return {{"responses", n},
          {"promoters", promoters},
          {"passives", c.nps.Between(7, 8)},
          {"detractors", detractors},
          {"score", (static_cast<double>(promoters) - static_cast<double>(detractors)) /
                        static_cast<double>(n) * 100},
          {"distribution", Distribution(c.nps, 0, 10)}};
}

json TicketsPerCustomer(const ExperienceCell& c) {
  if (c.tickets_by_customer.empty()) return nullptr;
  std::map<uint32_t, uint64_t> customers_with;  // tickets -> customers
  uint64_t tickets = 0;
  for (const auto& [customer, n] : c.tickets_by_customer) {
    ++customers_with[n];
    tickets += n;
  }
  const auto customers = static_cast<uint64_t>(c.tickets_by_customer.size());
  json d = json::object();
  for (const auto& [n, k] : customers_with) d[std::to_string(n)] = k;
  return {{"customers", customers},
          {"tickets", tickets},
          {"mean", static_cast<double>(tickets) / static_cast<double>(customers)},
          {"max", customers_with.rbegin()->first},
          {"distribution", d}};
}

// Entries of a TopK as [{label: name, "count", "share"}], most first; ties
// by name (none first), so the list does not depend on the name hashes nor
// on which engine or shard saw a name first.
json Entries(const TopK& top, size_t k, const char* label, Field f, const HashedNames& names,
             bool skip_none) {
  struct Entry {
    std::optional<std::string> name;
    TopK::Item item;
  };
  std::vector<Entry> entries;
  for (const TopK::Item& item : top.Top(top.size())) {
    if (skip_none && item.key == 0) continue;
    entries.push_back({names.Find(f, item.key), item});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.item.count != b.item.count) return a.item.count > b.item.count;
    return a.name != b.name ? a.name < b.name : a.item.key < b.item.key;
  });
  if (entries.size() > k) entries.resize(k);
  json list = json::array();
  for (const Entry& e : entries) {
    list.push_back({{label, e.name ? json(*e.name) : json(nullptr)},
                    {"count", e.item.count},
                    {"share", top.Share(e.item) * 100}});
  }
  return list;
}

json Ranked(const TopK& top, size_t k, const char* label, Field f, const HashedNames& names,
            bool skip_none, const char* list_name) {
  if (top.total() == 0) return nullptr;
  return {{"total", top.total()},
          {"exact", top.exact()},
          {list_name, Entries(top, k, label, f, names, skip_none)}};
}

json AgentReplies(const ExperienceCell& c) {
  if (c.replies.value() == 0) return nullptr;
  json first = nullptr;
  if (c.first_reply_calendar.count() > 0) {
    first = {{"calendar", SecondsStats(c.first_reply_calendar)},
             {"business", SecondsStats(c.first_reply_business)}};
  }
  json slowest = nullptr;
  if (c.reply_calendar.count() > 0) {
    slowest = {{"calendar", *c.reply_calendar.max() / 1000},
               {"business", *c.reply_business.max() / 1000}};
  }
  return {{"replies", c.replies.value()}, {"first_reply_time", first}, {"slowest_reply", slowest}};
}

json Delta(const json& now, const json& before) {
  if (!now.is_number() || !before.is_number()) return nullptr;
  const double a = now.get<double>();
  const double b = before.get<double>();
  json d;
  if (std::floor(a - b) == a - b && std::fabs(a - b) < 9.0e15) {
    d["absolute"] = static_cast<int64_t>(a - b);
  } else {
    d["absolute"] = a - b;
  }
  d["percent"] = b != 0 ? json((a - b) / b * 100) : json(nullptr);
  return d;
}

// Change of each share (percentage points) by label, for the labels now.
json ShareChanges(const json& now, const json& before, const char* list, const char* label) {
  json out = json::array();
  for (const json& item : now[list]) {
    json previous_share = 0.0;
    for (const json& old : before[list]) {
      if (old[label] == item[label]) previous_share = old["share"];
    }
    out.push_back({{label, item[label]},
                   {"share_points", item["share"].get<double>() - previous_share.get<double>()}});
  }
  return out;
}

}  // namespace

HashedNames HashedNames::Of(const InternTable& names) {
  HashedNames h;
  for (auto [f, map] :
       {std::pair{Field::kChannel, &h.channel_}, std::pair{Field::kCategory, &h.category_},
        std::pair{Field::kWorkflow, &h.workflow_}}) {
    for (uint32_t id = 1; id <= names.size(f); ++id) {
      const std::string_view name = names.Name(f, id);
      map->emplace(StableNameHash(name), std::string(name));
    }
  }
  return h;
}

std::optional<std::string> HashedNames::Find(Field f, uint64_t key) const {
  const auto& map = f == Field::kChannel ? channel_ : f == Field::kCategory ? category_ : workflow_;
  auto it = map.find(key);
  if (it == map.end()) return std::nullopt;
  return it->second;
}

json ExperienceValue(Metric m, const ExperienceCell* cell, const ExperienceContext& ctx) {
  if (cell == nullptr) return nullptr;
  const ExperienceCell& c = *cell;
  const auto k = static_cast<size_t>(ctx.options->top_k);
  switch (m) {
    case Metric::kCsat:
      return Csat(c, *ctx.options);
    case Metric::kCes:
      return Ces(c);
    case Metric::kNps:
      return Nps(c);
    case Metric::kDistinctCustomers:
      return c.repeat_contacts.denominator() > 0 ? json(c.customers.Estimate()) : json(nullptr);
    case Metric::kTicketsPerCustomer:
      return TicketsPerCustomer(c);
    case Metric::kRepeatContactRate: {
      const Ratio& r = c.repeat_contacts;
      if (r.denominator() == 0) return nullptr;
      return {{"value", *r.percent()},
              {"numerator", static_cast<uint64_t>(r.numerator())},
              {"denominator", static_cast<uint64_t>(r.denominator())}};
    }
    case Metric::kConversationsPerAgent: {
      const uint64_t n = c.conversations.Estimate();
      return n == 0 ? json(nullptr) : json(n);
    }
    case Metric::kAgentReplies:
      return AgentReplies(c);
    case Metric::kAssignedVsSolved: {
      const uint64_t a = c.assigned.value(), s = c.solved_assigned.value();
      if (a == 0 && s == 0) return nullptr;
      return {{"assigned", a}, {"solved", s}, {"rate", Percent(s, a)}};
    }
    case Metric::kWorkflowUsage:
      return Ranked(c.workflows, k, "workflow", Field::kWorkflow, *ctx.names, false, "top");
    case Metric::kTopDrivers:
      return Ranked(c.categories, k, "category", Field::kCategory, *ctx.names, true, "top");
    case Metric::kChannelMix:
      return Ranked(c.channels, SIZE_MAX, "channel", Field::kChannel, *ctx.names, false, "shares");
    case Metric::kContactTypeMix:
      return Ranked(c.categories, SIZE_MAX, "category", Field::kCategory, *ctx.names, false,
                    "shares");
    default:
      return nullptr;
  }
}

json VolumeValue(Metric m, const std::optional<VolumePatterns>& volume) {
  if (!volume) return nullptr;
  if (m == Metric::kVolumeHeatmap) {
    const Heatmap& h = volume->heatmap;
    json tickets = json::array(), spikes = json::array(), hours = json::array(),
         closed = json::array();
    uint64_t spike_count = 0;
    for (int d = 0; d < 7; ++d) {
      json t = json::array(), s = json::array(), n = json::array(), c = json::array();
      for (int hour = 0; hour < 24; ++hour) {
        t.push_back(h.tickets[d][hour]);
        const std::optional<bool>& flag = h.spike[d][hour];
        s.push_back(flag ? json(*flag) : json(nullptr));
        spike_count += flag.value_or(false) ? 1 : 0;
        n.push_back(h.hours[d][hour]);
        c.push_back(h.closed[d][hour]);
      }
      tickets.push_back(std::move(t));
      spikes.push_back(std::move(s));
      hours.push_back(std::move(n));
      closed.push_back(std::move(c));
    }
    json out = {
        {"total", h.total},           {"weekdays", kWeekdays}, {"tickets", std::move(tickets)},
        {"spike", std::move(spikes)}, {"spikes", spike_count}, {"hours", std::move(hours)}};
    if (h.has_calendar) out["closed"] = std::move(closed);
    return out;
  }
  if (m == Metric::kBusinessDayVolume) {
    const BusinessDays& b = volume->business_days;
    json days = json::array();
    for (const BusinessDays::Day& d : b.days) {
      days.push_back({{"date", absl::StrFormat("%04d-%02u-%02u", static_cast<int>(d.date.year()),
                                               static_cast<unsigned>(d.date.month()),
                                               static_cast<unsigned>(d.date.day()))},
                      {"tickets", d.tickets},
                      {"spike", d.spike ? json(*d.spike) : json(nullptr)}});
    }
    return {{"calendar", b.calendar ? json(*b.calendar) : json(nullptr)},
            {"total", b.total},
            {"mean", b.days.empty()
                         ? json(nullptr)
                         : json(static_cast<double>(b.total) / static_cast<double>(b.days.size()))},
            {"days", std::move(days)}};
  }
  return nullptr;
}

json ExperienceChange(Metric m, const json& now, const json& before) {
  switch (m) {
    case Metric::kCsat:
      return {{"score", Delta(now["score"], before["score"])},
              {"responses", Delta(now["responses"], before["responses"])}};
    case Metric::kCes:
    case Metric::kTicketsPerCustomer:
      return {{"mean", Delta(now["mean"], before["mean"])}};
    case Metric::kNps:
      return {{"score", Delta(now["score"], before["score"])}};
    case Metric::kDistinctCustomers:
    case Metric::kConversationsPerAgent:
      return Delta(now, before);
    case Metric::kRepeatContactRate:
      return {{"value", Delta(now["value"], before["value"])}};
    case Metric::kAgentReplies:
      return {{"replies", Delta(now["replies"], before["replies"])}};
    case Metric::kAssignedVsSolved:
      return {{"rate", Delta(now["rate"], before["rate"])}};
    case Metric::kAssignedTime:
      return {{"calendar", Delta(now["calendar"]["total"], before["calendar"]["total"])},
              {"business", Delta(now["business"]["total"], before["business"]["total"])}};
    case Metric::kWorkflowUsage:
    case Metric::kTopDrivers:
    case Metric::kVolumeHeatmap:
      return {{"total", Delta(now["total"], before["total"])}};
    case Metric::kChannelMix:
      return {{"total", Delta(now["total"], before["total"])},
              {"shares", ShareChanges(now, before, "shares", "channel")}};
    case Metric::kContactTypeMix:
      return {{"total", Delta(now["total"], before["total"])},
              {"shares", ShareChanges(now, before, "shares", "category")}};
    case Metric::kBusinessDayVolume:
      return {{"total", Delta(now["total"], before["total"])},
              {"mean", Delta(now["mean"], before["mean"])}};
    default:
      return nullptr;
  }
}

}  // namespace csm::report
