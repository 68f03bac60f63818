#include "csm/io/line_chunks.h"

#include <algorithm>
#include <cstring>

namespace csm::io {
namespace {

// The first line start at or after `pos` (data.size() when none).
std::size_t LineStartFrom(std::string_view data, std::size_t pos) {
  const std::size_t n = data.size();
  if (pos == 0 || pos >= n) return std::min(pos, n);
  const char before = data[pos - 1];
  if (before == '\n' || (before == '\r' && data[pos] != '\n')) return pos;
  const std::size_t end = data.find_first_of("\r\n", pos);
  if (end == std::string_view::npos) return n;
  if (data[end] == '\r' && end + 1 < n && data[end + 1] == '\n') return end + 2;
  return end + 1;
}

// The last '"' in data[from, to), or npos.
std::size_t LastQuote(std::string_view data, std::size_t from, std::size_t to) {
  if (from >= to) return std::string_view::npos;
  const void* hit = memrchr(data.data() + from, '"', to - from);
  return hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - data.data())
             : std::string_view::npos;
}

}  // namespace

std::int64_t CountLineBreaks(std::string_view text) {
  std::int64_t breaks = std::count(text.begin(), text.end(), '\n');
  // Lone CRs are rare: look for them only when there is any.
  for (std::size_t cr = text.find('\r'); cr != std::string_view::npos;
       cr = text.find('\r', cr + 1)) {
    if (cr + 1 >= text.size() || text[cr + 1] != '\n') ++breaks;
  }
  return breaks;
}

std::vector<std::size_t> SplitAtLines(std::string_view data, std::size_t begin, std::size_t chunks,
                                      bool csv) {
  begin = std::min(begin, data.size());
  std::vector<std::size_t> bounds = {begin};
  const std::size_t span = data.size() - begin;
  const std::size_t step = std::max<std::size_t>(1, span / std::max<std::size_t>(1, chunks));
  for (std::size_t i = 1; i < chunks; ++i) {
    // Evenly spaced; after a boundary moved away from a quote, a chunk on.
    std::size_t at = LineStartFrom(data, std::max(begin + step * i, bounds.back() + step));
    while (csv && at < data.size()) {
      const std::size_t window = at > kCsvQuoteFreeBytes ? at - kCsvQuoteFreeBytes : 0;
      const std::size_t quote = LastQuote(data, window, at);
      if (quote == std::string_view::npos) break;
      at = LineStartFrom(data, quote + kCsvQuoteFreeBytes + 1);
    }
    if (at >= data.size()) break;
    bounds.push_back(at);
  }
  bounds.push_back(data.size());
  return bounds;
}

}  // namespace csm::io
