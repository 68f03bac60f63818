// One policy for every JSON document the library or the CLI accepts (engine
// configs, calendar specs, report queries, event lines, rendered reports):
// nesting is limited before anything recurses over it, and error messages
// quote a bounded amount of the caller's input.
#ifndef CSM_MODEL_INTERNAL_JSON_LIMITS_H_
#define CSM_MODEL_INTERNAL_JSON_LIMITS_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace csm {

// Arrays and objects may nest this deep (`[[1]]` is depth 2). Deeper input
// is refused before it is parsed: parsing, copying, dumping and destroying a
// nlohmann::json all recurse per level, and 1,000 levels are enough to
// overflow a 256 KiB thread stack.
inline constexpr int kMaxJsonDepth = 64;

// Error messages quote at most this many bytes of the caller's input.
inline constexpr std::size_t kMaxQuotedBytes = 200;

// OK when no array or object in `text` nests deeper than `max_depth`;
// otherwise InvalidArgument naming `what` ("engine config", "report query"
// ...). An O(n) scan without recursion that skips strings (and their
// escapes); it does not validate the JSON, which the parser does after.
absl::Status CheckJsonNesting(std::string_view text, std::string_view what,
                              int max_depth = kMaxJsonDepth);

// The same for a document already parsed (an explicit stack, no recursion).
// For C++ callers that hand the library a nlohmann::json they built.
absl::Status CheckJsonTreeNesting(const nlohmann::json& value, std::string_view what,
                                  int max_depth = kMaxJsonDepth);

// CheckJsonNesting, then parse. A syntax error is InvalidArgument naming
// `what` and the byte offset, quoting at most kMaxQuotedBytes of the input.
absl::StatusOr<nlohmann::json> ParseJsonDocument(std::string_view text, std::string_view what);
// The same keeping the keys in document order (reports to render).
absl::StatusOr<nlohmann::ordered_json> ParseOrderedJsonDocument(std::string_view text,
                                                                std::string_view what);

// `text` cut to at most `max_bytes` (at a UTF-8 character boundary) with
// "..." appended when cut: for quoting user input in an error message.
std::string QuoteForError(std::string_view text, std::size_t max_bytes = kMaxQuotedBytes);

// A JSON value for an error message without serializing a subtree: a
// string quoted and cut as QuoteForError does, a number, boolean or null as
// JSON, an array or object as its kind and size.
std::string QuoteJsonForError(const nlohmann::json& value, std::size_t max_bytes = kMaxQuotedBytes);

}  // namespace csm

#endif  // CSM_MODEL_INTERNAL_JSON_LIMITS_H_
