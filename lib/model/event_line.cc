#include "csm/model/internal/event_line.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "csm/model/event_type.h"
#include "csm/model/internal/intern_table.h"
#include "csm/model/internal/iso8601.h"
#include "csm/model/internal/json_limits.h"
#include "fast_float/fast_float.h"

namespace csm {
namespace {

// Abseil's string_view is its own type in this Debian build.
absl::string_view Sv(std::string_view s) { return absl::string_view(s.data(), s.size()); }

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// JSON syntax over one line (RFC 8259), without recursion. Strings without
// escapes are views into the line; escaped ones are decoded into `scratch`,
// reserved to the line's size first so earlier views stay valid.
class JsonCursor {
 public:
  JsonCursor(std::string_view s, std::string* scratch) : s_(s), scratch_(scratch) {
    scratch_->clear();
    scratch_->reserve(s.size());
  }

  void SkipSpace() {
    while (pos_ < s_.size() && IsJsonSpace(s_[pos_])) ++pos_;
  }
  bool Eat(char c) {
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool AtEnd() const { return pos_ == s_.size(); }
  char Peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  bool Fail(std::string_view what) {
    if (error_.empty()) error_ = absl::StrCat(Sv(what), " at column ", pos_ + 1);
    return false;
  }
  const std::string& error() const { return error_; }

  bool ReadString(std::string_view* out) {
    if (!Eat('"')) return Fail("expected a string");
    const std::size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] != '"' && s_[pos_] != '\\' &&
           static_cast<unsigned char>(s_[pos_]) >= 0x20) {
      ++pos_;
    }
    if (pos_ < s_.size() && s_[pos_] == '"') {
      *out = s_.substr(start, pos_ - start);
      ++pos_;
      return true;
    }
    const std::size_t begin = scratch_->size();
    scratch_->append(s_.data() + start, pos_ - start);
    for (;;) {
      if (pos_ >= s_.size()) return Fail("string never closed");
      const char c = s_[pos_++];
      if (c == '"') break;
      if (static_cast<unsigned char>(c) < 0x20) return Fail("control character in a string");
      if (c != '\\') {
        scratch_->push_back(c);
        continue;
      }
      if (pos_ >= s_.size()) return Fail("string never closed");
      const char e = s_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          scratch_->push_back(e);
          break;
        case 'b':
          scratch_->push_back('\b');
          break;
        case 'f':
          scratch_->push_back('\f');
          break;
        case 'n':
          scratch_->push_back('\n');
          break;
        case 'r':
          scratch_->push_back('\r');
          break;
        case 't':
          scratch_->push_back('\t');
          break;
        case 'u': {
          uint32_t cp;
          if (!ReadHex4(&cp)) return Fail("bad \\u escape");
          if (cp >= 0xDC00 && cp <= 0xDFFF) return Fail("lone low surrogate");
          if (cp >= 0xD800 && cp < 0xDC00) {
            uint32_t low;
            if (!Eat('\\') || !Eat('u') || !ReadHex4(&low) || low < 0xDC00 || low > 0xDFFF) {
              return Fail("bad surrogate pair");
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          AppendUtf8(cp, scratch_);
          break;
        }
        default:
          return Fail("bad escape");
      }
    }
    *out = std::string_view(scratch_->data() + begin, scratch_->size() - begin);
    return true;
  }

  // A number by JSON's grammar; *integer: no fraction and no exponent.
  bool ReadNumber(std::string_view* out, bool* integer) {
    const std::size_t start = pos_;
    Eat('-');
    if (Eat('0')) {
    } else if (!ReadDigits()) {
      return Fail("bad number");
    }
    *integer = true;
    if (Eat('.')) {
      *integer = false;
      if (!ReadDigits()) return Fail("bad number");
    }
    if (Eat('e') || Eat('E')) {
      *integer = false;
      if (!Eat('+')) Eat('-');
      if (!ReadDigits()) return Fail("bad number");
    }
    *out = s_.substr(start, pos_ - start);
    return true;
  }

  bool ReadLiteral(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return Fail("expected a JSON value");
    pos_ += word.size();
    return true;
  }

  // Skips an array or object (at its opening bracket), checking its syntax,
  // with an explicit stack: no recursion, kMaxJsonDepth levels at most.
  bool SkipNested() {
    uint64_t objects = 0;  // bit i: level i is an object
    int depth = 0;
    bool expect_value = true;
    for (;;) {
      SkipSpace();
      if (expect_value) {
        const char c = Peek();
        if (c == '{' || c == '[') {
          if (depth == kMaxJsonDepth) return Fail("JSON nested deeper than 64 levels");
          ++pos_;
          const bool object = c == '{';
          objects = (objects << 1) | (object ? 1 : 0);
          ++depth;
          SkipSpace();
          if (Eat(object ? '}' : ']')) {
            objects >>= 1;
            --depth;
            expect_value = false;
            if (depth == 0) return true;
            continue;
          }
          if (object && !ReadKeyColon()) return false;
          continue;
        }
        if (!ReadScalar()) return false;
        expect_value = false;
        continue;
      }
      const bool object = (objects & 1) != 0;
      if (Eat(',')) {
        if (object && !ReadKeyColon()) return false;
        expect_value = true;
      } else if (Eat(object ? '}' : ']')) {
        objects >>= 1;
        if (--depth == 0) return true;
      } else {
        return Fail(object ? "expected ',' or '}'" : "expected ',' or ']'");
      }
    }
  }

 private:
  bool ReadDigits() {
    const std::size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
    return pos_ > start;
  }
  bool ReadHex4(uint32_t* cp) {
    if (pos_ + 4 > s_.size()) return false;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = s_[pos_++];
      v <<= 4;
      if (c >= '0' && c <= '9') {
        v |= static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        v |= static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        v |= static_cast<uint32_t>(c - 'A' + 10);
      } else {
        return false;
      }
    }
    *cp = v;
    return true;
  }
  bool ReadKeyColon() {
    SkipSpace();
    std::string_view key;
    if (!ReadString(&key)) return false;
    SkipSpace();
    return Eat(':') || Fail("expected ':' after a key");
  }
  bool ReadScalar() {
    std::string_view ignored;
    bool integer;
    const char c = Peek();
    if (c == '"') return ReadString(&ignored);
    if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber(&ignored, &integer);
    if (c == 't') return ReadLiteral("true");
    if (c == 'f') return ReadLiteral("false");
    if (c == 'n') return ReadLiteral("null");
    return Fail("expected a JSON value");
  }

  std::string_view s_;
  std::string* scratch_;
  std::size_t pos_ = 0;
  std::string error_;
};

// The fields an event line may carry besides the name fields.
enum class Key { kType, kTime, kTicket, kStatus, kValue, kName, kUnknown };

Key KeyOf(std::string_view key, Field* name_field) {
  if (key == "type") return Key::kType;
  if (key == "time") return Key::kTime;
  if (key == "ticket") return Key::kTicket;
  if (key == "status") return Key::kStatus;
  if (key == "value") return Key::kValue;
  if (std::optional<Field> f = ParseField(key)) {
    *name_field = *f;
    return Key::kName;
  }
  return Key::kUnknown;
}

EventLineError Invalid(std::string message) {
  return {RejectReason::kInvalidField, std::move(message)};
}

std::string Quoted(std::string_view text) { return absl::StrCat("\"", QuoteForError(text), "\""); }

}  // namespace

bool LineSplitter::Next(std::string_view* line) {
  if (pos_ >= text_.size()) return false;
  const char* begin = text_.data() + pos_;
  const char* limit = text_.data() + text_.size();
  const void* nl = std::memchr(begin, '\n', static_cast<std::size_t>(limit - begin));
  const char* end = nl ? static_cast<const char*>(nl) : limit;
  // JSON text never holds a raw carriage return: one ends the line too.
  if (const void* cr = std::memchr(begin, '\r', static_cast<std::size_t>(end - begin))) {
    end = static_cast<const char*>(cr);
  }
  *line = std::string_view(begin, static_cast<std::size_t>(end - begin));
  pos_ = static_cast<std::size_t>(end - text_.data());
  if (pos_ < text_.size()) {
    const bool cr = text_[pos_] == '\r';
    ++pos_;
    if (cr && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;  // CRLF
  }
  return true;
}

bool IsBlankLine(std::string_view line) {
  for (char c : line) {
    if (!IsJsonSpace(c)) return false;
  }
  return true;
}

std::optional<TicketKey> TicketNumber(std::string_view text) {
  if (text.empty() || text.size() > 19 || text[0] == '0') return std::nullopt;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');  // 19 digits cannot overflow 2^64
  }
  if (IsNamedTicket(v)) return std::nullopt;  // 2^63 and above
  return v;
}

absl::StatusOr<Instant> ParseEventTime(std::string_view text) {
  const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  if (!digits) return ParseIsoInstant(text);
  int64_t ms = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
  const Instant t = FromEpochMs(ms);
  if (ec != std::errc() || end != text.data() + text.size() || !InSupportedRange(t)) {
    return absl::OutOfRangeError(
        absl::StrCat("epoch milliseconds ", QuoteForError(text), " are outside 1970..2200"));
  }
  return t;
}

std::optional<EventLineError> EventLineParser::Parse(std::string_view line, EventLine* out) {
  const auto malformed = [](std::string message) -> std::optional<EventLineError> {
    return EventLineError{RejectReason::kMalformed, std::move(message)};
  };
  if (line.size() > kMaxEventLineBytes) return malformed("the line is longer than 1 MiB");
  if (!IsValidUtf8(line)) return malformed("the line is not UTF-8");
  JsonCursor json(line, &scratch_);
  members_.clear();
  json.SkipSpace();
  if (!json.Eat('{')) return malformed("expected a JSON object");
  json.SkipSpace();
  if (!json.Eat('}')) {
    for (;;) {
      json.SkipSpace();
      Member m;
      if (!json.ReadString(&m.key)) return malformed(json.error());
      json.SkipSpace();
      if (!json.Eat(':')) {
        json.Fail("expected ':' after a key");
        return malformed(json.error());
      }
      json.SkipSpace();
      const char c = json.Peek();
      bool ok = true;
      if (c == '"') {
        m.kind = Kind::kString;
        ok = json.ReadString(&m.value);
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        bool integer = false;
        ok = json.ReadNumber(&m.value, &integer);
        m.kind = integer ? Kind::kInteger : Kind::kNumber;
      } else if (c == 'n') {
        m.kind = Kind::kNull;
        ok = json.ReadLiteral("null");
      } else if (c == 't' || c == 'f') {
        m.kind = Kind::kBool;
        ok = json.ReadLiteral(c == 't' ? "true" : "false");
      } else if (c == '{' || c == '[') {
        m.kind = Kind::kNested;
        ok = json.SkipNested();
      } else {
        ok = json.Fail("expected a JSON value");
      }
      if (!ok) return malformed(json.error());
      members_.push_back(m);
      json.SkipSpace();
      if (json.Eat('}')) break;
      if (!json.Eat(',')) {
        json.Fail("expected ',' or '}'");
        return malformed(json.error());
      }
    }
  }
  json.SkipSpace();
  if (!json.AtEnd()) {
    json.Fail("text after the closing '}'");
    return malformed(json.error());
  }

  // The type first: how the other fields read depends on it.
  *out = EventLine{};
  const Member* type = nullptr;
  for (const Member& m : members_) {
    if (m.key == "type") {
      type = &m;
      break;
    }
  }
  if (type == nullptr || type->kind == Kind::kNull) return Invalid("'type' is missing");
  if (type->kind != Kind::kString) return Invalid("'type' must be a string");
  const std::optional<EventType> parsed_type = ParseEventType(type->value);
  if (!parsed_type) {
    return EventLineError{RejectReason::kUnknownType,
                          absl::StrCat(Quoted(type->value), " is not an event type")};
  }
  out->type = *parsed_type;

  uint32_t seen = 0;  // bit per Key, and per name field above them
  bool has_time = false;
  for (const Member& m : members_) {
    Field name_field = Field::kTicket;
    const Key key = KeyOf(m.key, &name_field);
    if (key == Key::kUnknown) {
      return Invalid(absl::StrCat(Quoted(m.key), " is not an event field"));
    }
    const uint32_t bit =
        key == Key::kName ? 1u << (8 + static_cast<int>(name_field)) : 1u << static_cast<int>(key);
    if ((seen & bit) != 0) return Invalid(absl::StrCat(Quoted(m.key), " appears twice"));
    seen |= bit;
    if (m.kind == Kind::kNull || key == Key::kType) continue;
    const std::string field(m.key);
    switch (key) {
      case Key::kTime: {
        if (m.kind != Kind::kString && m.kind != Kind::kInteger) {
          return Invalid("'time' must be ISO-8601 text or integral epoch milliseconds");
        }
        absl::StatusOr<Instant> t = ParseEventTime(m.value);
        if (!t.ok()) return Invalid(std::string(t.status().message()));
        out->time = *t;
        has_time = true;
        break;
      }
      case Key::kTicket: {
        if (m.kind != Kind::kString && m.kind != Kind::kInteger) {
          return Invalid("'ticket' must be a string or a positive integer");
        }
        if (m.value.empty()) return Invalid("'ticket' is empty");
        const std::optional<TicketKey> number = TicketNumber(m.value);
        if (m.kind == Kind::kInteger && !number) {
          return Invalid(
              absl::StrCat("ticket ", QuoteForError(m.value), " is not in 1 .. 2^63 - 1"));
        }
        out->ticket = m.value;
        out->ticket_number = number.value_or(0);
        break;
      }
      case Key::kStatus: {
        if (m.kind != Kind::kString) return Invalid("'status' must be a string");
        const std::optional<uint8_t> status = ParseStatusFor(out->type, m.value);
        if (!status) {
          return Invalid(absl::StrCat("status ", Quoted(m.value), " does not belong to a '",
                                      Sv(EventTypeName(out->type)), "' event"));
        }
        out->status = *status;
        out->status_text = m.value;
        break;
      }
      case Key::kValue: {
        if (m.kind != Kind::kInteger && m.kind != Kind::kNumber) {
          return Invalid("'value' must be a JSON number");
        }
        double v = 0;
        const auto r = fast_float::from_chars(m.value.data(), m.value.data() + m.value.size(), v);
        if (r.ec != std::errc() || !std::isfinite(v)) {
          return Invalid(absl::StrCat("value ", QuoteForError(m.value), " is not a finite number"));
        }
        out->value = v;
        break;
      }
      case Key::kName: {
        if (m.kind != Kind::kString && m.kind != Kind::kInteger) {
          return Invalid(absl::StrCat("'", field, "' must be a string or an integer"));
        }
        if (m.value.empty()) return Invalid(absl::StrCat("'", field, "' is empty"));
        out->names[static_cast<int>(name_field)] = m.value;
        break;
      }
      default:
        break;
    }
  }
  if (!has_time) return Invalid("'time' is missing");
  return std::nullopt;
}

}  // namespace csm
