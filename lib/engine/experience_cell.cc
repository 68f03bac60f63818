#include "csm/engine/experience_cell.h"

#include "csm/engine/internal/byte_codec.h"

namespace csm {
namespace {

constexpr uint8_t kVersion = 1;

void AddMillis(Moments& m, Millis d) { m.Add(static_cast<double>(d.count())); }

void Apply(Count& c, int sign) {
  if (sign > 0) {
    c.Add();
  } else {
    c.Remove();
  }
}

void Apply(TopK& t, uint64_t key, int sign) {
  if (sign > 0) {
    t.Add(key);
  } else {
    t.Remove(key);
  }
}

}  // namespace

uint64_t RatingCounts::responses() const { return Between(0, kValues - 1); }

uint64_t RatingCounts::Between(int lo, int hi) const {
  uint64_t n = 0;
  for (int v = std::max(lo, 0); v <= std::min(hi, kValues - 1); ++v) n += by_value[v];
  return n;
}

double RatingCounts::Sum() const {
  double sum = 0;
  for (int v = 0; v < kValues; ++v) sum += static_cast<double>(by_value[v]) * v;
  return sum;
}

void RatingCounts::Add(int value, int sign) {
  if (value < 0 || value >= kValues) return;
  uint64_t& n = by_value[value];
  if (sign > 0) {
    ++n;
  } else if (n > 0) {
    --n;
  }
}

bool RatingCounts::Merge(const RatingCounts& other) {
  std::array<uint64_t, kValues> sum{};
  for (int v = 0; v < kValues; ++v) {
    if (__builtin_add_overflow(by_value[v], other.by_value[v], &sum[v])) return false;
  }
  by_value = sum;
  return true;
}

void ExperienceCell::Record(const ExperienceSample& s, int sign) {
  switch (s.kind) {
    case ExperienceSampleKind::kTicketCreated:
      if (s.customer != 0) {
        if (sign > 0) {
          customers.Add(s.customer);
          ++tickets_by_customer[s.customer];
          repeat_contacts.Add(s.repeat ? 1 : 0, 1);
        } else {
          if (auto it = tickets_by_customer.find(s.customer); it != tickets_by_customer.end()) {
            if (--it->second == 0) tickets_by_customer.erase(it);
          }
          repeat_contacts.Remove(s.repeat ? 1 : 0, 1);
        }
      }
      Apply(channels, s.channel, sign);
      Apply(categories, s.category, sign);
      break;
    case ExperienceSampleKind::kRating:
      (s.rating == EventType::kCsat  ? csat
       : s.rating == EventType::kCes ? ces
                                     : nps)
          .Add(s.value, sign);
      break;
    case ExperienceSampleKind::kSurveySent:
      Apply(surveys_sent, sign);
      break;
    case ExperienceSampleKind::kWorkflow:
      Apply(workflows, s.key, sign);
      break;
    case ExperienceSampleKind::kAgentReply:
      Apply(replies, sign);
      conversations.Add(s.key);
      if (s.first_reply) {
        AddMillis(first_reply_calendar, s.first_reply->calendar);
        AddMillis(first_reply_business, s.first_reply->business);
      }
      if (s.reply) {
        AddMillis(reply_calendar, s.reply->calendar);
        AddMillis(reply_business, s.reply->business);
      }
      break;
    case ExperienceSampleKind::kHandled:
      conversations.Add(s.key);
      break;
    case ExperienceSampleKind::kAssigned:
      Apply(assigned, sign);
      break;
    case ExperienceSampleKind::kSolvedAssigned:
      Apply(solved_assigned, sign);
      break;
    case ExperienceSampleKind::kAssignedTime:
      AddMillis(assigned_calendar, s.span.calendar);
      AddMillis(assigned_business, s.span.business);
      break;
  }
}

bool ExperienceCell::Merge(const ExperienceCell& o) {
  for (const auto& [key, n] : o.tickets_by_customer) {
    uint32_t& mine = tickets_by_customer[key];
    if (__builtin_add_overflow(mine, n, &mine)) return false;
  }
  customers.Merge(o.customers);
  conversations.Merge(o.conversations);
  return csat.Merge(o.csat) && ces.Merge(o.ces) && nps.Merge(o.nps) &&
         surveys_sent.Merge(o.surveys_sent) && repeat_contacts.Merge(o.repeat_contacts) &&
         channels.Merge(o.channels) && categories.Merge(o.categories) &&
         workflows.Merge(o.workflows) && replies.Merge(o.replies) &&
         first_reply_calendar.Merge(o.first_reply_calendar) &&
         first_reply_business.Merge(o.first_reply_business) &&
         reply_calendar.Merge(o.reply_calendar) && reply_business.Merge(o.reply_business) &&
         assigned.Merge(o.assigned) && solved_assigned.Merge(o.solved_assigned) &&
         assigned_calendar.Merge(o.assigned_calendar) &&
         assigned_business.Merge(o.assigned_business);
}

// Layout: version (u8); rating counts (3 x 11 varints); surveys sent;
// customers (Distinct bytes); per-customer tickets (count, then key, n
// sorted by key); then the accumulators' own bytes in member order.
std::string ExperienceCell::Serialize() const {
  codec::ByteWriter w;
  w.U8(kVersion);
  for (const RatingCounts* r : {&csat, &ces, &nps}) {
    for (uint64_t n : r->by_value) w.Varint(n);
  }
  w.Varint(surveys_sent.value());
  w.Bytes(customers.Serialize());
  std::vector<std::pair<uint64_t, uint32_t>> sorted(tickets_by_customer.begin(),
                                                    tickets_by_customer.end());
  std::sort(sorted.begin(), sorted.end());
  w.Varint(sorted.size());
  for (const auto& [key, n] : sorted) {
    w.Varint(key);
    w.Varint(n);
  }
  w.Bytes(repeat_contacts.Serialize());
  for (const TopK* t : {&channels, &categories, &workflows}) w.Bytes(t->Serialize());
  w.Varint(replies.value());
  w.Bytes(conversations.Serialize());
  for (const Moments* m :
       {&first_reply_calendar, &first_reply_business, &reply_calendar, &reply_business}) {
    w.Bytes(m->Serialize());
  }
  w.Varint(assigned.value());
  w.Varint(solved_assigned.value());
  w.Bytes(assigned_calendar.Serialize());
  w.Bytes(assigned_business.Serialize());
  return std::move(w).Finish();
}

absl::StatusOr<ExperienceCell> ExperienceCell::Deserialize(std::string_view bytes) {
  codec::ByteReader r(bytes);
  ExperienceCell c;
  r.Check(r.U8() == kVersion, "unsupported experience cell version");
  for (RatingCounts* rc : {&c.csat, &c.ces, &c.nps}) {
    for (uint64_t& n : rc->by_value) n = r.Varint();
  }
  c.surveys_sent.Add(r.Varint());
  c.customers.Merge(
      codec::GetAccumulator<Distinct>(r));  // (not assignment: GCC 12 -O3 misreads it)
  const uint64_t n = r.Count(2);
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    const uint64_t key = r.Varint();
    const uint64_t tickets = r.Varint();
    r.Check(tickets > 0 && tickets <= 0xFFFFFFFF, "bad per-customer ticket count");
    c.tickets_by_customer[key] = static_cast<uint32_t>(tickets);
  }
  c.repeat_contacts = codec::GetAccumulator<Ratio>(r);
  for (TopK* t : {&c.channels, &c.categories, &c.workflows}) *t = codec::GetAccumulator<TopK>(r);
  c.replies.Add(r.Varint());
  c.conversations.Merge(codec::GetAccumulator<Distinct>(r));
  for (Moments* m :
       {&c.first_reply_calendar, &c.first_reply_business, &c.reply_calendar, &c.reply_business}) {
    *m = codec::GetAccumulator<Moments>(r);
  }
  c.assigned.Add(r.Varint());
  c.solved_assigned.Add(r.Varint());
  c.assigned_calendar = codec::GetAccumulator<Moments>(r);
  c.assigned_business = codec::GetAccumulator<Moments>(r);
  r.Check(r.done(), "trailing bytes after an experience cell");
  if (!r.ok()) return r.status();
  return c;
}

size_t ExperienceCell::MemoryBytes() const {
  return sizeof(*this) + customers.MemoryBytes() + conversations.MemoryBytes() +
         tickets_by_customer.capacity() * (sizeof(std::pair<uint64_t, uint32_t>) + 1) +
         channels.MemoryBytes() + categories.MemoryBytes() + workflows.MemoryBytes();
}

}  // namespace csm
