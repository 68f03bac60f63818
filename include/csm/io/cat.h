// Cat(...): string concatenation that takes std::string_view (Debian's Abseil
// StrCat only takes its own absl::string_view), plus integers and doubles.
#ifndef CSM_IO_CAT_H_
#define CSM_IO_CAT_H_

#include <string>
#include <string_view>
#include <type_traits>

namespace csm::io {
namespace cat_internal {

inline void Append(std::string* out, std::string_view s) { out->append(s); }
inline void Append(std::string* out, const char* s) { out->append(s); }
inline void Append(std::string* out, const std::string& s) { out->append(s); }
inline void Append(std::string* out, char c) { out->push_back(c); }
template <typename T>
requires std::is_arithmetic_v<T>
void Append(std::string* out, T v) { out->append(std::to_string(v)); }

}  // namespace cat_internal

template <typename... Args>
std::string Cat(const Args&... args) {
  std::string out;
  (cat_internal::Append(&out, args), ...);
  return out;
}

}  // namespace csm::io

#endif  // CSM_IO_CAT_H_
