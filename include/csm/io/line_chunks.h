// Splits a file's bytes into chunks at line boundaries, so several threads
// can read one file (csm/io/engine_feed.h: FeedOptions::readers) and their
// events, taken chunk after chunk, are the events of one reader in order.
//
// A line ends at LF, CRLF or a lone CR, as both readers count them
// (CsvReader, LineSplitter): a chunk boundary is never between a CR and its
// LF, and CountLineBreaks counts lines the way their line numbers do.
//
// JSON Lines: a JSON string never holds a raw line break, so every line
// start is a record start. CSV: a quoted field may hold line breaks, so a
// line start may fall inside a record. A CSV boundary is placed only where
// no '"' occurs in the kCsvQuoteFreeBytes before it: a quoted field opened
// earlier closes or is given up within kMaxQuotedFieldBytes (csv_reader.h),
// so the one reader is at a record start there whatever came before
// (a stray quote, a rejected multi-line record included). A CSV quoting
// fields everywhere thus gets few or no boundaries: it is read by fewer
// threads, down to one, never wrongly.
#ifndef CSM_IO_LINE_CHUNKS_H_
#define CSM_IO_LINE_CHUNKS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "csm/io/csv_reader.h"

namespace csm::io {

inline constexpr std::size_t kCsvQuoteFreeBytes = kMaxQuotedFieldBytes + 16;

// Line breaks in `text`: LF, CRLF (one) and lone CR. A CR last in `text`
// counts as a break (a chunk never ends between a CR and its LF).
std::int64_t CountLineBreaks(std::string_view text);

// Boundaries of at most `chunks` chunks of data[begin, size): begin first,
// data.size() last, strictly increasing, each inner one a line start (the
// byte after a line end), about (size - begin) / chunks apart; with `csv`,
// only where the quote rule above allows. begin is where records start (after
// a CSV header, a byte-order mark). An empty range gives {begin, begin}.
std::vector<std::size_t> SplitAtLines(std::string_view data, std::size_t begin, std::size_t chunks,
                                      bool csv);

}  // namespace csm::io

#endif  // CSM_IO_LINE_CHUNKS_H_
