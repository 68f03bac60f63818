// Feeds an events file (CSV or JSON Lines, see event_reader.h) into an
// Engine: each record becomes a model Event (names interned, ticket named),
// in file order. A line the reader cannot read and an event the engine
// rejects are both counted by reason, with their line numbers.
//
// Events go in batches: the reading side parses a few thousand records and
// names them with its own ids (LocalNames); the engine side maps those to
// the engine's interned ids through a vector and ingests the batch at once.
#ifndef CSM_IO_ENGINE_FEED_H_
#define CSM_IO_ENGINE_FEED_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "csm/engine/engine.h"
#include "csm/engine/sharded_engine.h"
#include "csm/io/event_reader.h"

namespace csm::io {

struct FeedOptions {
  EventFormat format = EventFormat::kAuto;
  // Stop at the first rejected line (reader or engine) with its error.
  bool strict = false;
  // 2: a second thread reads and names the events while the calling thread
  // feeds the engine. The engine sees the same calls in the same order, so
  // the result is the same as with 1.
  int threads = 1;
  // With threads >= 2 and a mapped file (not a stream): the threads that
  // read, besides the calling one. More than 1 splits the file into chunks
  // at line boundaries (line_chunks.h), read in parallel and fed in file
  // order, so the result is the same (line numbers too). A CSV whose quotes
  // leave no safe boundary is read by one thread.
  int readers = 1;
  // The size of those chunks; 0: about a quarter of a reader's share,
  // between 64 KiB and 4 MiB (tests set it small).
  std::size_t chunk_bytes = 0;
  std::function<void(std::size_t, std::size_t)> progress;  // (bytes read, total)
};

struct FeedResult {
  std::int64_t accepted = 0;
  // Lines the reader rejected, by the engine's reason names (malformed,
  // invalid_field, unknown_type), so they join the report's "rejected".
  std::map<std::string, std::int64_t> input_rejected;
  // Events the engine rejected, by reason (the engine counts them too).
  std::map<std::string, std::int64_t> engine_rejected;
  // The first messages, "line 12: unknown_ticket (no created event for 'T9')".
  std::vector<std::string> first_rejections;

  std::int64_t rejected() const;
};

absl::StatusOr<FeedResult> FeedEvents(std::string_view data, Engine& engine,
                                      const FeedOptions& options = {});
// The same for an input read as it comes (a pipe, stdin, a device), in
// bounded memory (EventReader::CreateStream); progress gets 0 as total.
absl::StatusOr<FeedResult> FeedEventStream(EventReader::ReadFn read, Engine& engine,
                                           const FeedOptions& options = {});

// Feeds the events of a file: a regular file is mapped whole (FeedEvents,
// which may read on a second thread); stdin ("-"), a pipe or a device is
// streamed a chunk at a time (FeedEventStream), so memory stays bounded
// whatever its size.
absl::StatusOr<FeedResult> FeedFile(const std::string& path, Engine& engine,
                                    const FeedOptions& options = {});

// The same into a sharded engine (csm/engine/sharded_engine.h): the feed's
// threads read and name the events, the sharded engine's route and ingest
// them; then it is finished and its merged engine comes back in *merged.
// The result is the one engine's (docs/engine.md, "Routing"); accepted and
// the engine's rejections are counted at the end. Not with `strict` (the
// first rejection is known only at the end): InvalidArgument.
absl::StatusOr<FeedResult> FeedFile(const std::string& path, ShardedEngine& engine,
                                    const FeedOptions& options, std::unique_ptr<Engine>* merged);

// The engine's reason name for a reader rejection code (event_reader.h).
std::string_view ReportReasonFor(std::string_view reader_reason);

}  // namespace csm::io

#endif  // CSM_IO_ENGINE_FEED_H_
