#include "csm/io/event_writer.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>

#include "csm/io/cat.h"

namespace csm::io {

void AppendJsonString(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char c : text) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[(c >> 4) & 0xF]);
          out->push_back(kHex[c & 0xF]);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

void AppendJsonNumber(double value, std::string* out) {
  if (!std::isfinite(value)) {
    out->append("null");
    return;
  }
  char buf[32];
  auto result = std::to_chars(buf, buf + sizeof buf, value);
  out->append(buf, result.ptr);
}

EventJsonlWriter::EventJsonlWriter(std::FILE* out, Zone zone) : out_(out), zone_(std::move(zone)) {
  buffer_.reserve(1 << 16);
}

EventJsonlWriter::~EventJsonlWriter() { (void)Flush(); }

void EventJsonlWriter::Format(const EventRecord& event, const Zone& zone, std::string* out) {
  char time[kIsoInstantBytes];
  std::size_t n = FormatIso8601(event.time, zone.OffsetAt(event.time), time);
  out->append("{\"time\":\"");
  out->append(time, n);
  out->push_back('"');
  for (std::size_t i = static_cast<std::size_t>(EventField::kTicket); i < kEventFieldCount; ++i) {
    auto field = static_cast<EventField>(i);
    if (field == EventField::kValue) {
      if (event.value) {
        out->append(",\"value\":");
        AppendJsonNumber(*event.value, out);
      }
      continue;
    }
    std::string_view v = event.text[i];
    if (v.empty()) continue;
    out->append(",\"");
    out->append(EventFieldName(field));
    out->append("\":");
    AppendJsonString(v, out);
  }
  out->push_back('}');
}

void EventJsonlWriter::Write(const EventRecord& event) {
  Format(event, zone_, &buffer_);
  buffer_.push_back('\n');
  if (buffer_.size() >= (1 << 16)) (void)Flush();
}

absl::Status EventJsonlWriter::Flush() {
  if (buffer_.empty()) return absl::OkStatus();
  const std::size_t size = buffer_.size();
  std::size_t written = std::fwrite(buffer_.data(), 1, size, out_);
  buffer_.clear();
  if (written != size || std::fflush(out_) != 0) {
    return absl::UnavailableError(Cat("cannot write events: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

void TimeSortedJsonl::Add(const EventRecord& event) {
  const std::size_t offset = buffer_.size();
  EventJsonlWriter::Format(event, zone_, &buffer_);
  buffer_.push_back('\n');
  entries_.push_back({ToEpochMs(event.time), offset, buffer_.size() - offset});
}

void TimeSortedJsonl::Sort() {
  std::stable_sort(entries_.begin(), entries_.end(),
                   [](const Entry& a, const Entry& b) { return a.time_ms < b.time_ms; });
}

}  // namespace csm::io
