#include "csm/io/csv_reader.h"

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

void CsvReader::SkipToNextLine() {
  while (pos_ < data_.size() && data_[pos_] != '\n' && data_[pos_] != '\r') ++pos_;
  if (pos_ < data_.size() && data_[pos_] == '\r') ++pos_;
  if (pos_ < data_.size() && data_[pos_] == '\n') ++pos_;
  ++next_line_;
}

bool CsvReader::ReadQuoted(absl::Status* status) {
  const std::int64_t start_line = next_line_;
  std::size_t p = pos_ + 1;  // after the opening quote
  const std::size_t begin = p;
  bool copied = false;
  std::size_t scratch_begin = scratch_.size();
  for (;;) {
    const void* hit = std::memchr(data_.data() + p, '"', data_.size() - p);
    if (hit == nullptr) {
      *status =
          absl::InvalidArgumentError(Cat("line ", start_line, ": quoted field is never closed"));
      pos_ = data_.size();
      return false;
    }
    std::size_t q = static_cast<std::size_t>(static_cast<const char*>(hit) - data_.data());
    for (std::size_t i = p; i < q; ++i) next_line_ += (data_[i] == '\n');
    if (q + 1 < data_.size() && data_[q + 1] == '"') {  // doubled quote: a literal '"'
      if (!copied) {
        copied = true;
        scratch_.append(data_.data() + begin, q - begin);
      } else {
        scratch_.append(data_.data() + p, q - p);
      }
      scratch_.push_back('"');
      p = q + 2;
      continue;
    }
    if (copied) {
      scratch_.append(data_.data() + p, q - p);
      refs_.push_back({nullptr, scratch_begin, scratch_.size() - scratch_begin});
    } else {
      refs_.push_back({data_.data() + begin, 0, q - begin});
    }
    pos_ = q + 1;
    if (pos_ < data_.size()) {
      char c = data_[pos_];
      if (c != delimiter_ && c != '\n' && c != '\r') {
        *status = absl::InvalidArgumentError(
            Cat("line ", next_line_, ": unexpected character '", std::string(1, c),
                "' after a closing quote (a quote inside a quoted field is written \"\")"));
        SkipToNextLine();
        return false;
      }
    }
    return true;
  }
}

bool CsvReader::Next(absl::Status* status) {
  for (;;) {
    if (pos_ >= data_.size()) return false;
    line_ = next_line_;
    refs_.clear();
    scratch_.clear();
    const char* base = data_.data();
    const std::size_t n = data_.size();
    const std::size_t record_start = pos_;
    bool end_of_record = false;
    while (!end_of_record) {
      if (pos_ < n && base[pos_] == '"') {
        if (!ReadQuoted(status)) return false;
      } else {
        std::size_t p = pos_;
        while (p < n && !stops_[static_cast<unsigned char>(base[p])]) ++p;
        refs_.push_back({base + pos_, 0, p - pos_});
        pos_ = p;
      }
      // pos_ is on a delimiter, a line end, or the end of the input.
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
