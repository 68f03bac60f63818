// Number parsing for input files: whole-field, locale-free, no allocation
// (doubles through fast_float, integers through std::from_chars).
#ifndef CSM_IO_NUMBER_H_
#define CSM_IO_NUMBER_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace csm::io {

// The value of `text` when all of it is a decimal number ("4", "-1.5e3",
// surrounding spaces allowed); nullopt otherwise, and for NaN or infinity.
std::optional<double> ParseDouble(std::string_view text);

// The value of `text` when all of it is a base-10 integer that fits.
std::optional<std::int64_t> ParseInt64(std::string_view text);

// `text` without leading and trailing spaces and tabs.
inline std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace csm::io

#endif  // CSM_IO_NUMBER_H_
