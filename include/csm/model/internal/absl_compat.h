// Debian's Abseil is built in its pre-C++17 mode: absl::string_view is its
// own type, so std::string_view must be converted for StrCat, map lookups
// and Status messages.
#ifndef CSM_MODEL_INTERNAL_ABSL_COMPAT_H_
#define CSM_MODEL_INTERNAL_ABSL_COMPAT_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace csm {

inline absl::string_view AsAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}
inline std::string_view AsStd(absl::string_view s) { return std::string_view(s.data(), s.size()); }

}  // namespace csm

#endif  // CSM_MODEL_INTERNAL_ABSL_COMPAT_H_
