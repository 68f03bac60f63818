#include "csm/io/csv_reader.h"

#include <algorithm>
#include <cstring>

#include "csm/io/cat.h"

namespace csm::io {

char DetectDelimiter(std::string_view data) {
  const char candidates[] = {',', '\t', ';', '|'};
  std::size_t counts[4] = {0, 0, 0, 0};
  bool quoted = false;
  for (char c : data) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    for (int i = 0; i < 4; ++i) counts[i] += (c == candidates[i]);
  }
  int best = 0;
  for (int i = 1; i < 4; ++i) {
    if (counts[i] > counts[best]) best = i;
  }
  return candidates[best];
}

CsvReader::CsvReader(std::string_view data, char delimiter) : data_(data), delimiter_(delimiter) {
  stops_.fill(false);
  for (char c : {delimiter, '\n', '\r'}) stops_[static_cast<unsigned char>(c)] = true;
  if (data_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

void CsvReader::ResumeAfterRecordStart() {
  std::size_t p = record_start_;
  while (p < data_.size() && data_[p] != '\n' && data_[p] != '\r') ++p;
  if (p < data_.size()) {
    const bool cr = data_[p] == '\r';
    ++p;
    if (cr && p < data_.size() && data_[p] == '\n') ++p;  // CRLF
  }
  pos_ = p;
  next_line_ = line_ + 1;
}

void CsvReader::SetWindow(std::string_view data, bool final) {
  data_ = data;
  final_ = final;
  pos_ = 0;
  record_start_ = 0;
  needs_more_ = false;
}

bool CsvReader::NeedMore() {
  needs_more_ = true;
  pos_ = record_start_;
  next_line_ = line_;
  return false;
}

void CsvReader::RejectRecord() {
  if (record_lines() > 1) ResumeAfterRecordStart();
}

bool CsvReader::ReadQuoted(absl::Status* status) {
  const std::size_t begin = pos_ + 1;  // after the opening quote
  // The field may close only within the bound.
  const std::size_t limit = std::min(data_.size(), begin + kMaxQuotedFieldBytes + 1);
  std::size_t p = begin;
  bool copied = false;
  const std::size_t scratch_begin = scratch_.size();
  std::int64_t breaks = 0;
  auto fail = [&](std::string message) {
    *status = absl::InvalidArgumentError(Cat("line ", line_, ": ", message));
    ResumeAfterRecordStart();
    return false;
  };
  for (;;) {
    const void* hit = std::memchr(data_.data() + p, '"', limit - p);
    const std::size_t q =
        hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - data_.data()) : limit;
    // Whether the field closes (or how) is not known before the next bytes.
    if (!final_ && limit == data_.size() && (hit == nullptr || q + 1 >= data_.size())) {
      return NeedMore();
    }
    for (std::size_t i = p; i < q; ++i) {
      breaks += data_[i] == '\n' || (data_[i] == '\r' && (i + 1 >= q || data_[i + 1] != '\n'));
    }
    if (breaks > kMaxQuotedFieldLines || hit == nullptr) {
      return fail(Cat("a quoted field is not closed within ", kMaxQuotedFieldBytes / 1024,
                      " KiB and ", kMaxQuotedFieldLines,
                      " lines (a stray quote? a quote inside a field is written \"\")"));
    }
    if (q + 1 < data_.size() && data_[q + 1] == '"') {  // doubled quote: a literal '"'
      if (!copied) {
        copied = true;
        scratch_.append(data_.data() + begin, q - begin);
      } else {
        scratch_.append(data_.data() + p, q - p);
      }
      scratch_.push_back('"');
      p = q + 2;
      if (p >= limit) {
        return fail(Cat("a quoted field is longer than ", kMaxQuotedFieldBytes / 1024, " KiB"));
      }
      continue;
    }
    const std::size_t end = q + 1;
    if (end < data_.size()) {
      const char c = data_[end];
      if (c != delimiter_ && c != '\n' && c != '\r') {
        return fail(Cat("unexpected character '", std::string(1, c),
                        "' after a closing quote (a quote inside a quoted field is written \"\")"));
      }
    }
    if (copied) {
      scratch_.append(data_.data() + p, q - p);
      refs_.push_back({nullptr, scratch_begin, scratch_.size() - scratch_begin});
    } else {
      refs_.push_back({data_.data() + begin, 0, q - begin});
    }
    next_line_ += breaks;
    pos_ = end;
    return true;
  }
}

bool CsvReader::Next(absl::Status* status) {
  needs_more_ = false;
  for (;;) {
    if (pos_ >= data_.size()) {
      line_ = next_line_;
      record_start_ = pos_;
      return final_ ? false : NeedMore();
    }
    line_ = next_line_;
    record_start_ = pos_;
    refs_.clear();
    scratch_.clear();
    const char* base = data_.data();
    const std::size_t n = data_.size();
    const std::size_t record_start = pos_;
    bool end_of_record = false;
    while (!end_of_record) {
      if (pos_ < n && base[pos_] == '"') {
        if (!ReadQuoted(status)) return false;  // an error, or needs_more_
      } else {
        std::size_t p = pos_;
        while (p < n && !stops_[static_cast<unsigned char>(base[p])]) ++p;
        refs_.push_back({base + pos_, 0, p - pos_});
        pos_ = p;
      }
      // pos_ is on a delimiter, a line end, or the end of the input. A
      // record is whole only before its line end (and a CR's LF).
      if (!final_ && (pos_ >= n || (base[pos_] == '\r' && pos_ + 1 >= n))) return NeedMore();
      if (pos_ >= n) {
        end_of_record = true;
      } else if (base[pos_] == delimiter_) {
        ++pos_;
      } else {
        if (base[pos_] == '\r') ++pos_;
        if (pos_ < n && base[pos_] == '\n') ++pos_;
        ++next_line_;
        end_of_record = true;
      }
    }
    const char first = base[record_start];
    if (refs_.size() == 1 && (first == '\n' || first == '\r')) continue;  // a blank line
    fields_.clear();
    for (const FieldRef& r : refs_) {
      fields_.emplace_back(r.data != nullptr ? r.data : scratch_.data() + r.offset, r.size);
    }
    return true;
  }
}

}  // namespace csm::io
