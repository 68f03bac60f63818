#include "csm/model/internal/json_limits.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "csm/model/internal/absl_compat.h"

namespace csm {
namespace {

absl::Status TooDeep(std::string_view what, int max_depth, std::string_view where) {
  return absl::InvalidArgumentError(absl::StrCat(
      AsAbsl(what), ": arrays and objects nest deeper than ", max_depth, " levels", AsAbsl(where)));
}

}  // namespace

absl::Status CheckJsonNesting(std::string_view text, std::string_view what, int max_depth) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > max_depth)
          return TooDeep(what, max_depth, absl::StrCat(" (at byte ", i, ")"));
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return absl::OkStatus();
}

absl::Status CheckJsonTreeNesting(const nlohmann::json& value, std::string_view what,
                                  int max_depth) {
  std::vector<std::pair<const nlohmann::json*, int>> stack = {{&value, 0}};
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    if (!node->is_structured()) continue;
    if (depth + 1 > max_depth) return TooDeep(what, max_depth, "");
    for (const nlohmann::json& child : *node) stack.emplace_back(&child, depth + 1);
  }
  return absl::OkStatus();
}

namespace {

template <typename JsonT>
absl::StatusOr<JsonT> ParseWithLimits(std::string_view text, std::string_view what) {
  if (absl::Status s = CheckJsonNesting(text, what); !s.ok()) return s;
  try {
    return JsonT::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& e) {
    // nlohmann's message quotes the token it stopped at, which can be the
    // whole input (a million-digit number): keep the reason, cut the quote.
    std::string_view reason = e.what();
    if (std::size_t end = reason.find("] "); end != std::string_view::npos) {
      reason.remove_prefix(end + 2);  // "[json.exception.parse_error.101] "
    }
    return absl::InvalidArgumentError(
        absl::StrCat(AsAbsl(what), ": not valid JSON: ", QuoteForError(reason)));
  }
}

}  // namespace

absl::StatusOr<nlohmann::json> ParseJsonDocument(std::string_view text, std::string_view what) {
  return ParseWithLimits<nlohmann::json>(text, what);
}

absl::StatusOr<nlohmann::ordered_json> ParseOrderedJsonDocument(std::string_view text,
                                                                std::string_view what) {
  return ParseWithLimits<nlohmann::ordered_json>(text, what);
}

std::string QuoteForError(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  // Never split a UTF-8 sequence: back up over continuation bytes.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return absl::StrCat(AsAbsl(text.substr(0, cut)), "...");
}

std::string QuoteJsonForError(const nlohmann::json& value, std::size_t max_bytes) {
  switch (value.type()) {
    case nlohmann::json::value_t::string:
      return absl::StrCat(
          "\"", QuoteForError(std::string_view(value.get_ref<const std::string&>()), max_bytes),
          "\"");
    case nlohmann::json::value_t::array:
      return absl::StrCat("an array (", value.size(), " elements)");
    case nlohmann::json::value_t::object:
      return absl::StrCat("an object (", value.size(), " keys)");
    case nlohmann::json::value_t::binary:
      return "binary";
    default:  // null, booleans and numbers serialize in a few dozen bytes
      return QuoteForError(std::string_view(value.dump()), max_bytes);
  }
}

}  // namespace csm
