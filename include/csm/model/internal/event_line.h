// The one reading of a JSON Lines event (METRICS.md §1; docs/cli.md, "The
// canonical reading"), shared by Engine::IngestJsonl (csm_engine_ingest_jsonl)
// and the csm command line, so a line means the same thing everywhere:
//
// - a line ends at "\n", "\r\n" or a lone "\r"; a line of JSON whitespace is
//   skipped;
// - a line holds at most kMaxEventLineBytes (1 MiB);
// - the line is one JSON object (RFC 8259, UTF-8); anything else, or a value
//   nested deeper than kMaxJsonDepth, is `malformed`;
// - `type` first: missing or not a string is `invalid_field`, an unknown
//   name `unknown_type`;
// - `time`: ISO-8601 with an offset (no surrounding spaces, seconds 00..59)
//   or integral epoch milliseconds (a JSON integer, or a string of digits);
// - `ticket`: a non-empty string or a JSON integer 1 .. 2^63 - 1; a string
//   that is the canonical decimal of such an integer is that integer, so 5
//   and "5" are one ticket; 0, negatives, fractions and exponents are not
//   tickets. Whether a type needs a ticket is the engine's rule
//   (`agent_state` and `cost` do not);
// - `value`: a JSON number; `status`: a string of the type's vocabulary;
// - agent, customer, group, channel, category, priority, segment, step,
//   workflow: a non-empty string, or a JSON integer read as its digits;
// - null means absent; an unknown or repeated key is `invalid_field`.
#ifndef CSM_MODEL_INTERNAL_EVENT_LINE_H_
#define CSM_MODEL_INTERNAL_EVENT_LINE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "csm/model/event.h"
#include "csm/model/field.h"
#include "csm/model/reject_reason.h"
#include "csm/time.h"

namespace csm {

// A longer line is `malformed` (so a reader holds at most this much of one).
inline constexpr std::size_t kMaxEventLineBytes = std::size_t{1} << 20;

// Splits text into lines ending at "\n", "\r\n" or a lone "\r".
class LineSplitter {
 public:
  explicit LineSplitter(std::string_view text) : text_(text) {}
  // The next line, without its end; false when the text is used up.
  bool Next(std::string_view* line);
  // Bytes consumed so far.
  std::size_t offset() const { return pos_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// True when `line` holds only JSON whitespace.
bool IsBlankLine(std::string_view line);

// The ticket number `text` spells canonically (1 .. 2^63 - 1, digits only,
// no leading zero); nullopt for any other text, which names a ticket.
std::optional<TicketKey> TicketNumber(std::string_view text);

// An event time: ISO-8601 with an offset, or epoch milliseconds written as
// decimal digits; in 1970..2200.
absl::StatusOr<Instant> ParseEventTime(std::string_view text);

// One event as the line gives it. Views point into the line or into the
// parser's buffer, valid until its next Parse.
struct EventLine {
  EventType type = EventType::kCreated;
  Instant time{};
  uint8_t status = 0;  // ParseStatusFor(type, status_text); 0: absent
  std::string_view status_text;
  std::optional<double> value;
  std::string_view ticket;      // as written (a JSON integer's digits); empty: absent
  TicketKey ticket_number = 0;  // TicketNumber(ticket); 0: a named ticket or none
  // By Field (kTicket unused); empty: absent.
  std::array<std::string_view, kFieldCount> names{};
};

struct EventLineError {
  RejectReason reason;
  std::string message;  // quotes at most ~200 bytes of the input
};

class EventLineParser {
 public:
  // Reads `line` (without its line end) into *out; the error says why the
  // line is rejected otherwise.
  std::optional<EventLineError> Parse(std::string_view line, EventLine* out);

 private:
  enum class Kind : uint8_t { kString, kInteger, kNumber, kNull, kBool, kNested };
  struct Member {
    std::string_view key;
    std::string_view value;
    Kind kind;
  };
  std::string scratch_;          // unescaped strings
  std::vector<Member> members_;  // the line's members, in order
};

}  // namespace csm

#endif  // CSM_MODEL_INTERNAL_EVENT_LINE_H_
