// The release queue: tickets solved in time order wait in a queue, those
// solved out of order (a late event) in a heap beside it; releases and
// forgets still come in time order, whichever holds them.
#include <cstdio>
#include <string>

#include "scenario.h"

namespace csm::testing {
namespace {

TEST(ReleaseQueue, LateSolvesAreReleasedInTimeOrder) {
  // Reopen window 1 h, late events up to 2 h, released keys kept 2 h.
  Scenario s(R"({"options": {"reopen_window": 3600, "allowed_lateness": 7200,
                             "forget_released_after": 7200}})");
  Engine& e = s.engine();
  s.Events(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"created"}
{"time":"2026-11-02T10:00:00Z","ticket":"T2","type":"created"}
{"time":"2026-11-02T10:00:00Z","ticket":"T3","type":"created"}
{"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"status","status":"solved"}
{"time":"2026-11-02T10:30:00Z","ticket":"T2","type":"status","status":"solved"}
{"time":"2026-11-02T11:10:00Z","ticket":"T3","type":"status","status":"solved"}
{"time":"2026-11-02T10:20:00Z","ticket":"T4","type":"created"}
{"time":"2026-11-02T10:40:00Z","ticket":"T4","type":"status","status":"solved"}
)");
  // Due: T2 11:30 and T4 11:40 (both solved late), T1 12:00, T3 12:10.
  EXPECT_EQ(e.live_tickets(), 4u);
  s.Events(R"({"time":"2026-11-02T11:35:00Z","ticket":"T5","type":"created"})");
  EXPECT_EQ(e.released_tickets(), 1u);  // T2
  EXPECT_EQ(e.live_tickets(), 4u);
  s.Events(R"({"time":"2026-11-02T12:05:00Z","ticket":"T5","type":"note"})");
  EXPECT_EQ(e.released_tickets(), 3u);  // T2, T4, T1
  EXPECT_EQ(e.live_tickets(), 2u);      // T3, T5
  EXPECT_EQ(OnlyRejection(e, R"({"time":"2026-11-02T12:05:00Z","ticket":"T4","type":"created"})"),
            RejectReason::kTicketReleased);
  s.Events(R"({"time":"2026-11-02T12:11:00Z","ticket":"T5","type":"note"})");
  EXPECT_EQ(e.released_tickets(), 4u);
  EXPECT_EQ(e.live_tickets(), 1u);
  // Forgotten 2 h after release: T2 at 13:30, T4 13:40, T1 14:00, T3 14:10.
  s.Events(R"({"time":"2026-11-02T13:45:00Z","ticket":"T5","type":"note"})");
  EXPECT_EQ(e.released_tickets(), 2u);
  EXPECT_EQ(OnlyRejection(e, R"({"time":"2026-11-02T13:45:00Z","ticket":"T2","type":"note"})"),
            RejectReason::kUnknownTicket);
  EXPECT_EQ(OnlyRejection(e, R"({"time":"2026-11-02T13:45:00Z","ticket":"T1","type":"note"})"),
            RejectReason::kTicketReleased);
  s.Events(R"({"time":"2026-11-02T14:15:00Z","ticket":"T5","type":"note"})");
  EXPECT_EQ(e.released_tickets(), 0u);
  EXPECT_EQ(s.Totals()["tickets_solved"], 4);
}

// Many tickets solved in a shuffled order within the allowed lateness: each
// is released exactly when event time passes its own solve + the window.
TEST(ReleaseQueue, ShuffledSolvesReleaseByTheirOwnTimes) {
  // The solves span 5 h, less than the 6 h window: none is due before all
  // are in.
  Scenario s(R"({"options": {"reopen_window": 21600, "allowed_lateness": 86400}})");
  Engine& e = s.engine();
  constexpr int kTickets = 300;
  std::string created;
  for (int i = 0; i < kTickets; ++i) {
    created += R"({"time":"2026-11-02T00:00:00Z","ticket":"T)" + std::to_string(i) +
               R"(","type":"created"})" + "\n";
  }
  s.Events(created);
  // "2026-11-02T" + 01:00 + `minutes` + `seconds`.
  auto at = [](int minutes, int seconds) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "2026-11-02T%02d:%02d:%02dZ", 1 + minutes / 60, minutes % 60,
                  seconds);
    return std::string(buf);
  };
  // Ticket i solves at 01:00 + m(i) minutes, m a permutation of 0..299,
  // sent in the order of i (so solve times go back and forth).
  std::string solved;
  for (int i = 0; i < kTickets; ++i) {
    solved += R"({"time":")" + at((i * 7) % kTickets, 0) + R"(","ticket":"T)" + std::to_string(i) +
              R"(","type":"status","status":"solved"})" + "\n";
  }
  s.Events(solved);
  EXPECT_EQ(e.released_tickets(), 0u);
  EXPECT_EQ(e.live_tickets(), static_cast<size_t>(kTickets));
  // At 07:00 + k min + 30 s (a new ticket P<k> moves the clock), the
  // tickets solved at minutes 0..k are released.
  int probes = 0;
  for (int k = 0; k < kTickets; k += 37) {
    s.Events(R"({"time":")" + at(360 + k, 30) + R"(","ticket":"P)" + std::to_string(k) +
             R"(","type":"created"})");
    ++probes;
    EXPECT_EQ(e.released_tickets(), static_cast<size_t>(k + 1)) << k;
    EXPECT_EQ(e.live_tickets(), static_cast<size_t>(kTickets - (k + 1) + probes)) << k;
  }
}

}  // namespace
}  // namespace csm::testing
