#include "csm/io/event_reader.h"

#include <cstring>
#include <utility>

#include "csm/io/cat.h"

#include "csm/io/number.h"
#include "csm/io/timestamp.h"

namespace csm::io {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Encodes code point `cp` as UTF-8.
void AppendUtf8(std::uint32_t cp, std::string* out) {
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

// One flat JSON object per line: string keys; values that are strings,
// numbers or null. Strings without escapes are views into the line; escaped
// ones are decoded into `scratch`, reserved up front so views stay valid.
class FlatJsonLine {
 public:
  FlatJsonLine(std::string_view line, std::string* scratch) : s_(line), scratch_(scratch) {
    scratch_->clear();
    scratch_->reserve(line.size());
  }

  enum class Kind { kString, kNumber, kNull };
  struct Member {
    std::string_view key;
    std::string_view value;
    Kind kind;
  };

  // Reads the opening brace; then NextMember until it returns false.
  bool Begin() {
    SkipSpace();
    return Eat('{');
  }
  // False at the closing brace (done() true) or on a syntax error (error set).
  bool NextMember(Member* m) {
    SkipSpace();
    if (first_ && Eat('}')) return Finish();
    if (!first_) {
      if (Eat('}')) return Finish();
      if (!Eat(',')) return Fail("expected ',' or '}'");
      SkipSpace();
    }
    first_ = false;
    if (!ReadString(&m->key)) return false;
    SkipSpace();
    if (!Eat(':')) return Fail("expected ':' after a key");
    SkipSpace();
    if (pos_ >= s_.size()) return Fail("missing value");
    char c = s_[pos_];
    if (c == '"') {
      m->kind = Kind::kString;
      return ReadString(&m->value);
    }
    if (s_.compare(pos_, 4, "null") == 0) {
      pos_ += 4;
      m->kind = Kind::kNull;
      m->value = {};
      return true;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      std::size_t start = pos_;
      while (pos_ < s_.size() &&
             (std::strchr("+-.eE", s_[pos_]) != nullptr || (s_[pos_] >= '0' && s_[pos_] <= '9'))) {
        ++pos_;
      }
      m->kind = Kind::kNumber;
      m->value = s_.substr(start, pos_ - start);
      return true;
    }
    if (c == '{' || c == '[') return Fail("nested objects and arrays are not event fields");
    return Fail("a value must be a string, a number or null");
  }
  bool done() const { return done_; }
  const std::string& error() const { return error_; }

 private:
  void SkipSpace() {
    while (pos_ < s_.size() && (IsSpace(s_[pos_]))) ++pos_;
  }
  bool Eat(char c) {
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool Fail(std::string_view what) {
    error_ = Cat(what, " at column ", pos_ + 1);
    return false;
  }
  bool Finish() {
    SkipSpace();
    if (pos_ != s_.size()) return Fail("text after the closing '}'");
    done_ = true;
    return false;
  }
  bool ReadHex4(std::uint32_t* cp) {
    if (pos_ + 4 > s_.size()) return false;
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = s_[pos_++];
      v <<= 4;
      if (c >= '0' && c <= '9') {
        v |= static_cast<std::uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        v |= static_cast<std::uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        v |= static_cast<std::uint32_t>(c - 'A' + 10);
      } else {
        return false;
      }
    }
    *cp = v;
    return true;
  }
  bool ReadString(std::string_view* out) {
    if (!Eat('"')) return Fail("expected a string");
    std::size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] != '"' && s_[pos_] != '\\') ++pos_;
    if (pos_ >= s_.size()) return Fail("string never closed");
    if (s_[pos_] == '"') {
      *out = s_.substr(start, pos_ - start);
      ++pos_;
      return true;
    }
    std::size_t begin = scratch_->size();
    scratch_->append(s_.data() + start, pos_ - start);
    while (pos_ < s_.size() && s_[pos_] != '"') {
      char c = s_[pos_++];
      if (c != '\\') {
        scratch_->push_back(c);
        continue;
      }
      if (pos_ >= s_.size()) break;
      char e = s_[pos_++];
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
          std::uint32_t cp;
          if (!ReadHex4(&cp)) return Fail("bad \\u escape");
          if (cp >= 0xD800 && cp < 0xDC00 && s_.compare(pos_, 2, "\\u") == 0) {
            pos_ += 2;
            std::uint32_t low;
            if (!ReadHex4(&low) || low < 0xDC00 || low > 0xDFFF) return Fail("bad surrogate pair");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          AppendUtf8(cp, scratch_);
          break;
        }
        default:
          return Fail("bad escape");
      }
    }
    if (!Eat('"')) return Fail("string never closed");
    *out = std::string_view(scratch_->data() + begin, scratch_->size() - begin);
    return true;
  }

  std::string_view s_;
  std::string* scratch_;
  std::size_t pos_ = 0;
  bool first_ = true;
  bool done_ = false;
  std::string error_;
};

std::string ExpectedFields() {
  std::string names;
  for (std::size_t i = 0; i < kEventFieldCount; ++i) {
    if (i > 0) names.append(", ");
    names.append(EventFieldName(static_cast<EventField>(i)));
  }
  return names;
}

}  // namespace

EventReader::EventReader(std::string_view data, EventFormat format, char delimiter)
    : data_(data), format_(format), csv_(data, delimiter) {}

absl::StatusOr<EventReader> EventReader::Create(std::string_view data, EventFormat format) {
  if (format == EventFormat::kAuto) {
    std::size_t i = 0;
    if (data.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
    while (i < data.size() && (IsSpace(data[i]) || data[i] == '\n')) ++i;
    format = (i < data.size() && data[i] == '{') ? EventFormat::kJsonl : EventFormat::kCsv;
  }
  EventReader reader(data, format, format == EventFormat::kCsv ? DetectDelimiter(data) : ',');
  if (format == EventFormat::kJsonl) {
    if (data.substr(0, 3) == "\xEF\xBB\xBF") reader.pos_ = 3;
    return reader;
  }
  absl::Status status;
  if (!reader.csv_.Next(&status)) {
    if (!status.ok()) return status;
    return absl::InvalidArgumentError("the events file is empty (expected a header row)");
  }
  bool seen[kEventFieldCount] = {};
  for (std::size_t i = 0; i < reader.csv_.size(); ++i) {
    std::string_view name = TrimSpaces(reader.csv_[i]);
    std::optional<EventField> field = EventFieldFromName(name);
    if (!field) {
      return absl::InvalidArgumentError(Cat(
          "line 1: column '", name, "' is not an event field (expected any of: ", ExpectedFields(),
          "; use `csm import --map` for other shapes)"));
    }
    if (seen[static_cast<std::size_t>(*field)]) {
      return absl::InvalidArgumentError(Cat("line 1: column '", name, "' appears twice"));
    }
    seen[static_cast<std::size_t>(*field)] = true;
    reader.columns_.push_back(field);
  }
  for (EventField required : {EventField::kTime, EventField::kTicket, EventField::kType}) {
    if (!seen[static_cast<std::size_t>(required)]) {
      return absl::InvalidArgumentError(
          Cat("line 1: the header has no '", EventFieldName(required), "' column"));
    }
  }
  return reader;
}

std::int64_t EventReader::line() const {
  return format_ == EventFormat::kCsv ? csv_.line() : line_;
}

std::size_t EventReader::offset() const {
  return format_ == EventFormat::kCsv ? csv_.offset() : pos_;
}

EventReader::Result EventReader::Reject(std::int64_t line, std::string_view reason,
                                        std::string message) {
  rejection_.line = line;
  rejection_.reason = std::string(reason);
  rejection_.message = Cat("line ", line, ": ", message);
  return Result::kRejected;
}

bool EventReader::SetField(EventField field, std::string_view text, bool is_json_number,
                           std::int64_t line, EventRecord* out) {
  if (field == EventField::kTime) {
    // Epoch milliseconds are all digits (an ISO-8601 text has '-' at [4]).
    bool digits = !text.empty();
    for (char c : text) digits = digits && ((c >= '0' && c <= '9') || c == '-');
    digits = digits && (text.size() < 5 || text[4] != '-');
    absl::StatusOr<Instant> t =
        is_json_number || digits ? ParseEpochMillis(text) : ParseIso8601(text);
    if (!t.ok()) {
      Reject(line, "bad_time", std::string(t.status().message()));
      return false;
    }
    out->time = *t;
    return true;
  }
  if (field == EventField::kValue) {
    if (text.empty()) return true;
    std::optional<double> v = ParseDouble(text);
    if (!v) {
      Reject(line, "bad_value", Cat("value '", text, "' is not a number"));
      return false;
    }
    out->value = v;
    return true;
  }
  out->set(field, TrimSpaces(text));
  return true;
}

bool EventReader::CheckRequired(std::int64_t line, EventRecord* out) {
  for (EventField f : {EventField::kTicket, EventField::kType}) {
    if (out->get(f).empty()) {
      Reject(line, "missing_field", Cat("'", EventFieldName(f), "' is missing"));
      return false;
    }
  }
  if (!IsEventType(out->type())) {
    Reject(line, "unknown_type",
           Cat("'", out->type(), "' is not an event type (see docs/metrics.md §1)"));
    return false;
  }
  return true;
}

EventReader::Result EventReader::Next(EventRecord* out) {
  return format_ == EventFormat::kCsv ? NextCsv(out) : NextJsonl(out);
}

EventReader::Result EventReader::NextCsv(EventRecord* out) {
  absl::Status status;
  if (!csv_.Next(&status)) {
    if (status.ok()) return Result::kEnd;
    rejection_.line = csv_.line();
    rejection_.reason = "malformed_line";
    rejection_.message = std::string(status.message());
    return Result::kRejected;
  }
  const std::int64_t line = csv_.line();
  if (csv_.size() != columns_.size()) {
    return Reject(line, "malformed_line",
                  Cat("has ", csv_.size(), " fields, the header has ", columns_.size()));
  }
  out->Clear();
  bool has_time = false;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    EventField field = *columns_[i];
    if (field == EventField::kTime) {
      if (TrimSpaces(csv_[i]).empty()) continue;
      has_time = true;
    }
    if (!SetField(field, csv_[i], false, line, out)) return Result::kRejected;
  }
  if (!has_time) return Reject(line, "missing_field", "'time' is missing");
  if (!CheckRequired(line, out)) return Result::kRejected;
  return Result::kEvent;
}

EventReader::Result EventReader::NextJsonl(EventRecord* out) {
  for (;;) {
    if (pos_ >= data_.size()) return Result::kEnd;
    const void* nl = std::memchr(data_.data() + pos_, '\n', data_.size() - pos_);
    std::size_t end =
        nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - data_.data()) : data_.size();
    std::string_view text = data_.substr(pos_, end - pos_);
    pos_ = end + 1;
    ++line_;
    std::size_t first = 0;
    while (first < text.size() && IsSpace(text[first])) ++first;
    if (first == text.size()) continue;  // blank line

    out->Clear();
    FlatJsonLine json(text, &scratch_);
    if (!json.Begin()) return Reject(line_, "malformed_line", "expected a JSON object");
    bool has_time = false;
    FlatJsonLine::Member m;
    while (json.NextMember(&m)) {
      std::optional<EventField> field = EventFieldFromName(m.key);
      if (!field) {
        return Reject(
            line_, "unknown_field",
            Cat("'", m.key, "' is not an event field (expected any of: ", ExpectedFields(), ")"));
      }
      if (m.kind == FlatJsonLine::Kind::kNull) continue;
      if (*field == EventField::kTime) has_time = true;
      if (!SetField(*field, m.value, m.kind == FlatJsonLine::Kind::kNumber, line_, out)) {
        return Result::kRejected;
      }
    }
    if (!json.done()) return Reject(line_, "malformed_line", json.error());
    if (!has_time) return Reject(line_, "missing_field", "'time' is missing");
    if (!CheckRequired(line_, out)) return Result::kRejected;
    return Result::kEvent;
  }
}

}  // namespace csm::io
