#include "csm/io/number.h"

#include <charconv>
#include <cmath>

#include "fast_float/fast_float.h"

namespace csm::io {

std::optional<double> ParseDouble(std::string_view text) {
  text = TrimSpaces(text);
  if (text.empty()) return std::nullopt;
  const char* first = text.data();
  if (*first == '+') ++first;  // fast_float rejects a leading '+'
  double value = 0;
  auto result = fast_float::from_chars(first, text.data() + text.size(), value);
  if (result.ec != std::errc() || result.ptr != text.data() + text.size()) return std::nullopt;
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<std::int64_t> ParseInt64(std::string_view text) {
  text = TrimSpaces(text);
  if (text.empty()) return std::nullopt;
  const char* first = text.data();
  if (*first == '+') ++first;
  std::int64_t value = 0;
  auto result = std::from_chars(first, text.data() + text.size(), value);
  if (result.ec != std::errc() || result.ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace csm::io
