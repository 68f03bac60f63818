#include "csm/io/engine_feed.h"

#include "csm/engine/internal/engine_impl.h"
#include "csm/engine/sharded_engine.h"
#include "csm/model/internal/json_limits.h"

#include <algorithm>
#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <system_error>
#include <thread>
#include <utility>

#include "csm/engine/internal/handoff_queue.h"
#include "csm/io/cat.h"
#include "csm/io/line_chunks.h"
#include "csm/io/local_names.h"
#include "csm/io/mapped_file.h"
#include "csm/model/event_type.h"
#include "csm/model/internal/event_line.h"
#include "csm/model/internal/iso8601.h"
#include "csm/model/internal/json_limits.h"
#include "csm/model/reject_reason.h"

namespace csm::io {
namespace {

constexpr std::size_t kMaxMessages = 10;
// Events per batch, and batches circulating between the two threads: enough
// to keep both busy, few enough that a batch is still in cache when used.
constexpr std::size_t kBatchEvents = 4096;
constexpr int kBatchesInFlight = 4;
// Prefetch distances in the engine side: events for ticket keys, new names
// for the engine's name index.
constexpr std::size_t kKeysAhead = 16;
constexpr std::size_t kNamesAhead = 8;
// Events whose ticket names wait, prefetched, on the reading side.
constexpr std::size_t kTicketsAhead = 8;

// §1 text fields and the engine's interned field each maps to.
constexpr std::pair<EventField, Field> kInterned[] = {
    {EventField::kAgent, Field::kAgent},       {EventField::kCustomer, Field::kCustomer},
    {EventField::kGroup, Field::kGroup},       {EventField::kChannel, Field::kChannel},
    {EventField::kCategory, Field::kCategory}, {EventField::kPriority, Field::kPriority},
    {EventField::kSegment, Field::kSegment},   {EventField::kStep, Field::kStep},
    {EventField::kWorkflow, Field::kWorkflow},
};

// A name read for the first time: its local id is the field's count so far.
struct NewName {
  Field field;
  std::string_view name;
};

// A line rejected before it reached the engine; it comes before
// events[before] in the file. The feeder writes the message's "line N: "
// (a chunk's reader counts lines from the chunk's start).
struct InputRejected {
  std::size_t before;
  std::int64_t line;
  std::string_view reason;  // the engine's reason name (ReportReasonFor)
  std::string text;         // the message after "line N: "
  bool has_line = true;     // false: `text` is the whole message
};

// The reader's message without its "line N: " prefix.
InputRejected FromReader(std::size_t before, const InputRejection& bad) {
  const std::string prefix = Cat("line ", bad.line, ": ");
  const bool has_line = std::string_view(bad.message).starts_with(prefix);
  return {before, bad.line, ReportReasonFor(bad.reason),
          has_line ? bad.message.substr(prefix.size()) : bad.message, has_line};
}

// Events in file order as the reading side leaves them: time, type, status
// and value set; the ticket and the kInterned fields hold LocalNames ids
// (the ids of the reader `source`).
struct Batch {
  std::vector<Event> events;
  std::vector<std::int64_t> lines;  // the line of each event (in its chunk)
  std::vector<InputRejected> rejected;
  std::vector<NewName> new_names;  // in id order per field
  std::size_t offset = 0;          // the reader's position after the batch
  int source = 0;                  // which reader (several read a split file)
  // Several readers: an empty batch that ends a chunk, with the chunk's
  // line breaks (the next chunk's lines start after them).
  bool chunk_end = false;
  std::int64_t chunk_breaks = 0;

  void Clear() {
    events.clear();
    lines.clear();
    rejected.clear();
    new_names.clear();
    chunk_end = false;
  }
};

// The reading side: parses records and names them with local ids. Touches
// nothing of the engine, so it may run on its own thread.
class BatchReader {
 public:
  // `data`: the whole file (names that point into it need no copy);
  // `offset`: where the reader's input starts in it.
  BatchReader(EventReader reader, std::string_view data, int source = 0, std::size_t offset = 0)
      : reader_(std::move(reader)), data_(data), source_(source), offset_(offset) {}

  // Reads another chunk of the file next, with the same local ids.
  void NextChunk(EventReader reader, std::size_t offset) {
    reader_ = std::move(reader);
    offset_ = offset;
    done_ = false;
  }

  // A stream's read error, once the input is used up.
  absl::Status error() const { return reader_.stream_error(); }
  const EventReader& event_reader() const { return reader_; }

  // Fills `batch` with the next events; false once the input is used up.
  bool Fill(Batch* batch) {
    batch->Clear();
    while (!done_ && batch->events.size() + batch->rejected.size() < kBatchEvents) {
      EventReader::Result r = reader_.Next(&record_);
      if (r == EventReader::Result::kEnd) {
        done_ = true;
      } else if (r == EventReader::Result::kRejected) {
        batch->rejected.push_back(FromReader(batch->events.size(), reader_.rejection()));
      } else {
        Add(batch);
      }
    }
    NamePendingTickets(batch, 0);
    batch->offset = offset_ + reader_.offset();
    batch->source = source_;
    return !batch->events.empty() || !batch->rejected.empty();
  }

 private:
  void Reject(Batch* batch, std::string_view reason, std::string message) {
    batch->rejected.push_back(
        {batch->events.size(), reader_.line(), ReportReasonFor(reason), std::move(message)});
  }

  void Add(Batch* batch) {
    // The reader checked the type name against §1 and parsed time and value.
    std::optional<EventType> type = ParseEventType(record_.type());
    if (!type) {
      return Reject(batch, "unknown_type", Cat("'", record_.type(), "' is not an event type"));
    }
    Event event;
    event.time = record_.time;
    event.type = *type;
    event.value = record_.value;
    std::string_view status = record_.get(EventField::kStatus);
    if (!status.empty()) {
      std::optional<uint8_t> parsed = ParseStatusFor(event.type, status);
      if (!parsed) {
        return Reject(batch, "bad_value",
                      Cat("status \"", QuoteForError(status), "\" does not belong to a '",
                          record_.type(), "' event"));
      }
      event.status = *parsed;
    }
    for (const auto& [from, to] : kInterned) {
      std::string_view name = record_.get(from);
      if (!name.empty()) event.SetId(to, Name(to, name, batch));
    }
    // 5 and "5" are one ticket (csm/model/internal/event_line.h): a number is the
    // engine's key as is, a name gets a local id marked kNamedTicketBit.
    const std::optional<TicketKey> number = TicketNumber(record_.ticket());
    if (number) event.ticket = *number;
    batch->events.push_back(event);
    batch->lines.push_back(reader_.line());
    if (!number && !record_.ticket().empty()) NameTicketSoon(batch, record_.ticket());
  }

  // Views into the file live as long as it; unescaped copies do not.
  bool Stable(std::string_view name) const {
    const std::less<const char*> before;
    return !before(name.data(), data_.data()) &&
           !before(data_.data() + data_.size(), name.data() + name.size());
  }

  // Names the ticket of the batch's last event a few events later: its
  // LocalNames entry, prefetched now, is then in cache (a million tickets'
  // entries are not). Local ids may then differ from first appearance;
  // nothing depends on that: new_names lists them in id order, and the
  // engine side interns names in event order.
  void NameTicketSoon(Batch* batch, std::string_view name) {
    const std::size_t event = batch->events.size() - 1;
    LocalNames& tickets = names_[static_cast<int>(Field::kTicket)];
    if (!Stable(name)) {  // the reader's scratch bytes: name it now
      batch->events[event].ticket = kNamedTicketBit | Name(Field::kTicket, name, batch);
      return;
    }
    NamePendingTickets(batch, kTicketsAhead - 1);
    const std::uint32_t hash = LocalNames::Hash(name);
    tickets.Prefetch(hash);
    pending_[(pending_first_ + pending_count_++) % kTicketsAhead] = {event, name, hash};
  }

  // Names pending tickets, oldest first, until `keep` are left.
  void NamePendingTickets(Batch* batch, std::size_t keep) {
    LocalNames& tickets = names_[static_cast<int>(Field::kTicket)];
    for (; pending_count_ > keep; --pending_count_) {
      const PendingTicket& p = pending_[pending_first_];
      pending_first_ = (pending_first_ + 1) % kTicketsAhead;
      LocalNames::Lookup found = tickets.Id(p.name, true, p.hash);
      if (found.added) batch->new_names.push_back({Field::kTicket, found.name});
      batch->events[p.event].ticket = kNamedTicketBit | found.id;
    }
  }

  std::uint32_t Name(Field field, std::string_view name, Batch* batch) {
    LocalNames::Lookup found = names_[static_cast<int>(field)].Id(name, Stable(name));
    if (found.added) batch->new_names.push_back({field, found.name});
    return found.id;
  }

  struct PendingTicket {
    std::size_t event;  // index in the batch
    std::string_view name;
    std::uint32_t hash;
  };

  EventReader reader_;
  std::string_view data_;
  int source_;
  std::size_t offset_;
  EventRecord record_;
  std::array<LocalNames, kFieldCount> names_;
  std::array<PendingTicket, kTicketsAhead> pending_{};  // a ring: no allocation per line
  std::size_t pending_first_ = 0;
  std::size_t pending_count_ = 0;
  bool done_ = false;
};

// The engine side: turns local ids into the engine's (interning each name
// the first time it is used, in the order the one-event-at-a-time feed
// would), ingests, and tallies rejections in file order.
class BatchFeeder {
 public:
  // Exactly one of `engine` and `sharded`.
  BatchFeeder(Engine* engine, ShardedEngine* sharded, const FeedOptions& options,
              FeedResult* result)
      : engine_(engine), sharded_(sharded), options_(options), result_(result) {}

  // Feeds one batch; an error only under `strict`. `line_base`: the lines
  // of the file before the batch's chunk.
  absl::Status Feed(Batch& batch, std::int64_t line_base = 0) {
    if (sources_.size() <= static_cast<std::size_t>(batch.source))
      sources_.resize(batch.source + 1);
    LocalIds& local = sources_[batch.source];
    local_ = &local;
    for (const NewName& n : batch.new_names) {
      const int f = static_cast<int>(n.field);
      local.names[f].push_back(n.name);
      if (local.ids[f].empty()) local.ids[f].push_back(0);  // local ids start at 1
      local.ids[f].push_back(0);                            // not interned yet
    }
    new_names_ = batch.new_names;
    names_prefetched_ = 0;
    names_interned_ = 0;
    PrefetchNewNames();
    messages_.clear();
    std::size_t ready = 0;  // events [0, ready) are named for the engine
    std::size_t next_rejected = 0;
    auto input_rejections_before = [&](std::size_t i) -> absl::Status {
      for (; next_rejected < batch.rejected.size() && batch.rejected[next_rejected].before <= i;
           ++next_rejected) {
        InputRejected& bad = batch.rejected[next_rejected];
        ++result_->input_rejected[std::string(bad.reason)];
        const std::int64_t line = line_base + bad.line;
        std::string message = bad.has_line ? Cat("line ", line, ": ", bad.text) : bad.text;
        if (absl::Status s = Message(line, std::move(message)); !s.ok()) return s;
      }
      return absl::OkStatus();
    };
    const int tickets = static_cast<int>(Field::kTicket);
    for (std::size_t i = 0; i < batch.events.size(); ++i) {
      // A million tickets' engine keys do not stay in cache: fetch ahead.
      if (i + kKeysAhead < batch.events.size()) {
        const TicketKey ahead = batch.events[i + kKeysAhead].ticket;
        if (IsNamedTicket(ahead))
          __builtin_prefetch(&local.ids[tickets].data()[ahead & ~kNamedTicketBit]);
      }
      if (absl::Status s = input_rejections_before(i); !s.ok()) return s;
      Event& event = batch.events[i];
      const std::int64_t line = line_base + batch.lines[i];
      if (absl::Status named = ToEngineIds(event); !named.ok()) {
        // As Engine::IngestJsonl: a full name table is a limit, any other
        // refused name an invalid field.
        const RejectReason why = named.code() == absl::StatusCode::kResourceExhausted
                                     ? RejectReason::kLimitExceeded
                                     : RejectReason::kInvalidField;
        ++result_->input_rejected[std::string(RejectReasonName(why))];
        if (absl::Status s = Message(line, Cat("line ", line, ": ", std::string(named.message())));
            !s.ok()) {
          return s;
        }
        continue;
      }
      if (!options_.strict) {
        // Kept in place, in order: events[ready] is at or before events[i].
        batch.events[ready] = event;
        batch.lines[ready] = line;
        ++ready;
        continue;
      }
      if (std::optional<RejectReason> why = engine_->Ingest(event)) {
        ++result_->engine_rejected[std::string(RejectReasonName(*why))];
        return Message(line, EngineMessage(*why, event, line));
      }
      ++result_->accepted;
    }
    if (absl::Status s = input_rejections_before(batch.events.size()); !s.ok()) return s;
    if (ready > 0) IngestReady(std::span<const Event>(batch.events.data(), ready), batch.lines);
    // The batch's messages in line order, input and engine ones merged.
    std::stable_sort(messages_.begin(), messages_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [line, text] : messages_) {
      if (result_->first_rejections.size() >= kMaxMessages) break;
      // A sharded engine's verdicts come at the end (Finish): until then
      // the reader's messages wait with their lines.
      if (sharded_ != nullptr) {
        waiting_messages_.emplace_back(line, text);
      }
      result_->first_rejections.push_back(std::move(text));
    }
    return absl::OkStatus();
  }

  // A sharded engine: waits for its shards and merges them; the engine's
  // rejections (router's and shards') join the result, and the first
  // messages are the first by line of the reader's and the engine's.
  absl::StatusOr<std::unique_ptr<Engine>> Finish() {
    absl::StatusOr<ShardedEngine::Finished> done = sharded_->Finish();
    if (!done.ok()) return done.status();
    result_->accepted = static_cast<std::int64_t>(done->accepted);
    for (int r = 1; r <= kRejectReasonCount; ++r) {
      const auto why = static_cast<RejectReason>(r);
      if (const uint64_t n = done->engine->rejected(why); n > 0) {
        result_->engine_rejected[std::string(RejectReasonName(why))] +=
            static_cast<std::int64_t>(n);
      }
    }
    for (const ShardedEngine::Rejected& r : done->first_rejections) {
      waiting_messages_.emplace_back(
          r.tag, Cat("line ", r.tag, ": ", RejectReasonName(r.reason), " (ticket '", r.ticket,
                     "', ", EventTypeName(r.type), ")"));
    }
    std::stable_sort(waiting_messages_.begin(), waiting_messages_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    result_->first_rejections.clear();
    for (auto& [line, text] : waiting_messages_) {
      if (result_->first_rejections.size() >= kMaxMessages) break;
      result_->first_rejections.push_back(QuoteForError(text, kMaxMessageBytes));
    }
    return std::move(done->engine);
  }

 private:
  // A message quotes at most ~200 bytes of the line (json_limits.h).
  static constexpr std::size_t kMaxMessageBytes = 300;

  // Under `strict` the first rejection ends the feed; otherwise its message
  // is kept (until there are enough) for first_rejections.
  absl::Status Message(std::int64_t line, std::string text) {
    text = QuoteForError(text, kMaxMessageBytes);  // reasons quote values of any size
    if (options_.strict) {
      if (result_->first_rejections.size() < kMaxMessages)
        result_->first_rejections.push_back(text);
      return absl::InvalidArgumentError(text);
    }
    if (result_->first_rejections.size() + messages_.size() < 2 * kMaxMessages) {
      messages_.emplace_back(line, std::move(text));
    }
    return absl::OkStatus();
  }

  const InternTable& names() const {
    return sharded_ != nullptr ? sharded_->interned() : engine_->impl().interned();
  }

  std::string EngineMessage(RejectReason why, const Event& event, std::int64_t line) const {
    std::string ticket;
    if (IsNamedTicket(event.ticket)) {
      ticket = names().Name(Field::kTicket, static_cast<uint32_t>(event.ticket & ~kNamedTicketBit));
    } else if (event.ticket != 0) {
      ticket = std::to_string(event.ticket);
    }
    return Cat("line ", line, ": ", RejectReasonName(why), " (ticket '", ticket, "', ",
               EventTypeName(event.type), ")");
  }

  // `lines` holds the line of each event.
  void IngestReady(std::span<const Event> events, const std::vector<std::int64_t>& lines) {
    if (sharded_ != nullptr) {
      sharded_->Ingest(events, std::span<const std::int64_t>(lines.data(), events.size()));
      return;
    }
    Engine& engine = *engine_;
    std::array<uint64_t, kRejectReasonCount + 1> before{};
    for (int r = 1; r <= kRejectReasonCount; ++r) {
      before[r] = engine.rejected(static_cast<RejectReason>(r));
    }
    IngestResult ingested = engine.Ingest(events);
    result_->accepted += static_cast<std::int64_t>(ingested.accepted);
    if (ingested.rejected == 0) return;
    for (int r = 1; r <= kRejectReasonCount; ++r) {
      const uint64_t n = engine.rejected(static_cast<RejectReason>(r)) - before[r];
      if (n > 0) {
        result_->engine_rejected[std::string(RejectReasonName(static_cast<RejectReason>(r)))] +=
            static_cast<std::int64_t>(n);
      }
    }
    for (const Rejection& r : ingested.first_rejections) {
      const std::int64_t line = lines[r.index];
      messages_.emplace_back(line, EngineMessage(r.reason, events[r.index], line));
    }
  }

  // The engine's id for a local one, interned on first use.
  absl::StatusOr<std::uint64_t> EngineId(Field field, std::uint64_t local) {
    const int f = static_cast<int>(field);
    std::uint64_t& id = local_->ids[f][local];
    if (id != 0) return id;
    std::string_view name = local_->names[f][local - 1];
    ++names_interned_;
    PrefetchNewNames();
    if (field == Field::kTicket) {
      absl::StatusOr<TicketKey> key =
          sharded_ != nullptr ? sharded_->NamedTicket(name) : engine_->NamedTicket(name);
      if (!key.ok()) return key.status();
      id = *key;
    } else {
      absl::StatusOr<uint32_t> interned =
          sharded_ != nullptr ? sharded_->Intern(field, name) : engine_->Intern(field, name);
      if (!interned.ok()) return interned.status();
      id = *interned;
    }
    return id;
  }

  // Interning a new name waits on memory (the engine's index of a million
  // ticket names): fetch the index entries of the batch's next new names,
  // in the order they will be interned, a few names ahead.
  void PrefetchNewNames() {
    const std::size_t end = std::min(new_names_.size(), names_interned_ + kNamesAhead);
    for (; names_prefetched_ < end; ++names_prefetched_) {
      const NewName& next = new_names_[names_prefetched_];
      names().Prefetch(next.field, next.name);
    }
  }

  absl::Status ToEngineIds(Event& event) {
    if (IsNamedTicket(event.ticket)) {
      absl::StatusOr<std::uint64_t> key = EngineId(Field::kTicket, event.ticket & ~kNamedTicketBit);
      if (!key.ok()) return key.status();
      event.ticket = *key;
    }
    for (const auto& [from, to] : kInterned) {
      const uint32_t local = event.Id(to);
      if (local == 0) continue;
      absl::StatusOr<std::uint64_t> id = EngineId(to, local);
      if (!id.ok()) return id.status();
      event.SetId(to, static_cast<uint32_t>(*id));
    }
    return absl::OkStatus();
  }

  Engine* engine_;
  ShardedEngine* sharded_;
  const FeedOptions& options_;
  FeedResult* result_;
  // With a sharded engine: the reader's first messages, by line.
  std::vector<std::pair<std::int64_t, std::string>> waiting_messages_;
  // A reader's local ids: each reader of a split file has its own.
  struct LocalIds {
    std::array<std::vector<std::string_view>, kFieldCount> names;  // local id - 1 → name
    std::array<std::vector<std::uint64_t>, kFieldCount> ids;  // local id → engine's; 0: not yet
  };
  std::vector<LocalIds> sources_;
  LocalIds* local_ = nullptr;                                   // the batch's reader's
  std::vector<std::pair<std::int64_t, std::string>> messages_;  // (line, text)
  std::span<const NewName> new_names_;  // the batch's, in the order of first use
  std::size_t names_prefetched_ = 0;
  std::size_t names_interned_ = 0;
};

}  // namespace

std::int64_t FeedResult::rejected() const {
  std::int64_t n = 0;
  for (const auto& [reason, count] : input_rejected) n += count;
  for (const auto& [reason, count] : engine_rejected) n += count;
  return n;
}

std::string_view ReportReasonFor(std::string_view reader_reason) {
  if (reader_reason == "malformed_line") return RejectReasonName(RejectReason::kMalformed);
  if (reader_reason == "unknown_type") return RejectReasonName(RejectReason::kUnknownType);
  return RejectReasonName(RejectReason::kInvalidField);
}

namespace {

// Where the events go: one engine, or a sharded one whose merged engine
// comes back in *merged.
struct Target {
  Engine* engine = nullptr;
  ShardedEngine* sharded = nullptr;
  std::unique_ptr<Engine>* merged = nullptr;
};

// `data`: the bytes the reader's views point into for the reader's life
// (empty for a stream: names are then copied).
absl::StatusOr<FeedResult> Feed(EventReader events, std::string_view data, Target target,
                                const FeedOptions& options);

absl::StatusOr<FeedResult> FeedEvents(std::string_view data, Target target,
                                      const FeedOptions& options) {
  absl::StatusOr<EventReader> events = EventReader::Create(data, options.format);
  if (!events.ok()) return events.status();
  return Feed(std::move(*events), data, target, options);
}

absl::StatusOr<FeedResult> FeedEventStream(EventReader::ReadFn read, Target target,
                                           const FeedOptions& options) {
  absl::StatusOr<EventReader> events = EventReader::CreateStream(std::move(read), options.format);
  if (!events.ok()) return events.status();
  return Feed(std::move(*events), {}, target, options);
}

absl::StatusOr<FeedResult> FeedFile(const std::string& path, Target target,
                                    const FeedOptions& options) {
  if (StreamedFile::IsMappable(path)) {
    absl::StatusOr<MappedFile> file = MappedFile::Open(path);
    if (!file.ok()) return file.status();
    return FeedEvents(file->data(), target, options);
  }
  absl::StatusOr<StreamedFile> file = StreamedFile::Open(path);
  if (!file.ok()) return file.status();
  return FeedEventStream([&file](char* out, std::size_t size) { return file->Read(out, size); },
                         target, options);
}

}  // namespace

absl::StatusOr<FeedResult> FeedEvents(std::string_view data, Engine& engine,
                                      const FeedOptions& options) {
  return FeedEvents(data, Target{.engine = &engine}, options);
}

absl::StatusOr<FeedResult> FeedFile(const std::string& path, Engine& engine,
                                    const FeedOptions& options) {
  return FeedFile(path, Target{.engine = &engine}, options);
}

absl::StatusOr<FeedResult> FeedEventStream(EventReader::ReadFn read, Engine& engine,
                                           const FeedOptions& options) {
  return FeedEventStream(std::move(read), Target{.engine = &engine}, options);
}

absl::StatusOr<FeedResult> FeedFile(const std::string& path, ShardedEngine& engine,
                                    const FeedOptions& options, std::unique_ptr<Engine>* merged) {
  if (options.strict) {
    return absl::InvalidArgumentError(
        "strict feeding needs one engine: its verdict on each event in turn");
  }
  return FeedFile(path, Target{.sharded = &engine, .merged = merged}, options);
}

namespace {

// Chunks per reading thread: enough that a slow chunk does not leave the
// other readers idle for long, few enough that starting one costs nothing.
constexpr std::size_t kChunksPerReader = 4;
constexpr std::size_t kMinChunkBytes = 64 * 1024;
constexpr std::size_t kMaxChunkBytes = 4 * 1024 * 1024;

// The chunk boundaries for `readers` threads reading data[begin, size).
std::vector<std::size_t> ChunksFor(std::string_view data, std::size_t begin, int readers,
                                   const FeedOptions& options, bool csv) {
  const std::size_t bytes = data.size() - std::min(begin, data.size());
  const std::size_t chunk_bytes =
      options.chunk_bytes > 0
          ? options.chunk_bytes
          : std::clamp(bytes / (readers * kChunksPerReader), kMinChunkBytes, kMaxChunkBytes);
  return SplitAtLines(data, begin, std::max<std::size_t>(1, bytes / chunk_bytes), csv);
}

// Several threads read a mapped file, chunk k on thread k % readers, while
// this thread feeds the batches chunk after chunk: the engine sees the
// events of one reader in the same order (line_chunks.h says why the
// chunks read as the whole). Line numbers: each chunk's count from its
// start; the chunk's line base (the file's line breaks before it) is added
// here, from the breaks of the chunks before.
absl::Status FeedChunks(const EventReader& whole, std::string_view data,
                        const std::vector<std::size_t>& bounds, int readers, BatchFeeder& feeder,
                        const std::function<void(std::size_t)>& progress) {
  const std::size_t chunks = bounds.size() - 1;
  struct Reading {
    std::vector<std::unique_ptr<Batch>> batches;
    HandoffQueue<Batch*> empty, full;
    // Outlives the thread: the feeder reads names it copied after the
    // thread's last batch.
    std::optional<BatchReader> reader;
    std::thread thread;
  };
  std::vector<std::unique_ptr<Reading>> reading;
  for (int r = 0; r < readers; ++r) {
    auto& one = *reading.emplace_back(std::make_unique<Reading>());
    for (int i = 0; i < kBatchesInFlight; ++i) {
      one.batches.push_back(std::make_unique<Batch>());
      one.empty.Push(one.batches.back().get());
    }
  }
  for (int r = 0; r < readers; ++r) {
    Reading& one = *reading[r];
    one.thread = std::thread([&whole, &data, &bounds, &one, r, readers, chunks] {
      BatchReader& reader =
          one.reader.emplace(whole.Chunk(bounds[r], bounds[r + 1]), data, r, bounds[r]);
      for (std::size_t k = r; k < chunks; k += readers) {
        if (k != static_cast<std::size_t>(r))
          reader.NextChunk(whole.Chunk(bounds[k], bounds[k + 1]), bounds[k]);
        for (;;) {
          std::optional<Batch*> batch = one.empty.Pop();
          if (!batch) return;  // the feeder stopped (strict)
          if (!reader.Fill(*batch)) {
            (*batch)->chunk_end = true;
            (*batch)->chunk_breaks =
                CountLineBreaks(data.substr(bounds[k], bounds[k + 1] - bounds[k]));
            one.full.Push(*batch);
            break;
          }
          one.full.Push(*batch);
        }
      }
    });
  }
  absl::Status status;
  std::int64_t line_base = CountLineBreaks(data.substr(0, bounds[0]));  // a CSV header
  for (std::size_t k = 0; k < chunks && status.ok(); ++k) {
    Reading& one = *reading[k % readers];
    for (;;) {
      Batch* batch = *one.full.Pop();  // never closed: each chunk ends with chunk_end
      const bool end = batch->chunk_end;
      if (end) {
        line_base += batch->chunk_breaks;
      } else {
        status = feeder.Feed(*batch, line_base);
        progress(batch->offset);
      }
      one.empty.Push(batch);
      if (end || !status.ok()) break;
    }
  }
  for (auto& one : reading) one->empty.Close();  // stops the readers after a strict failure
  for (auto& one : reading) one->thread.join();
  return status;
}

absl::StatusOr<FeedResult> Feed(EventReader events, std::string_view data, Target target,
                                const FeedOptions& options) {
  // A mapped file, read on several threads.
  std::vector<std::size_t> bounds;
  if (options.threads >= 2 && options.readers >= 2 && !data.empty()) {
    bounds = ChunksFor(data, events.offset(), options.readers, options,
                       events.format() == EventFormat::kCsv);
  }
  BatchReader reader(std::move(events), data);
  FeedResult result;
  BatchFeeder feeder(target.engine, target.sharded, options, &result);
  auto progress = [&](std::size_t offset) {
    if (options.progress) options.progress(offset, data.size());
  };
  // A sharded engine is finished once its events are all in.
  auto finish = [&]() -> absl::StatusOr<FeedResult> {
    if (target.sharded != nullptr) {
      absl::StatusOr<std::unique_ptr<Engine>> merged = feeder.Finish();
      if (!merged.ok()) return merged.status();
      *target.merged = *std::move(merged);
    }
    return result;
  };

  if (bounds.size() > 2) {
    // `reader` read the header; its chunks are read by the threads.
    const int readers = static_cast<int>(
        std::min<std::size_t>(static_cast<std::size_t>(options.readers), bounds.size() - 1));
    if (absl::Status s = FeedChunks(reader.event_reader(), data, bounds, readers, feeder, progress);
        !s.ok()) {
      return s;
    }
    progress(data.size());
    return finish();
  }

  if (options.threads < 2) {
    Batch batch;
    while (reader.Fill(&batch)) {
      if (absl::Status s = feeder.Feed(batch); !s.ok()) return s;
      progress(batch.offset);
    }
    if (absl::Status error = reader.error(); !error.ok()) return error;
    progress(data.size());
    return finish();
  }

  // Two threads: this one feeds the engine while a reading thread fills the
  // next batches. Batches circulate: empty → reader → full → this thread.
  std::vector<std::unique_ptr<Batch>> batches;
  HandoffQueue<Batch*> empty, full;
  for (int i = 0; i < kBatchesInFlight; ++i) {
    batches.push_back(std::make_unique<Batch>());
    empty.Push(batches.back().get());
  }
  std::thread reading([&] {
    while (std::optional<Batch*> batch = empty.Pop()) {
      if (!reader.Fill(*batch)) break;
      full.Push(*batch);
    }
    full.Close();
  });
  absl::Status status;
  while (std::optional<Batch*> batch = full.Pop()) {
    status = feeder.Feed(**batch);
    if (!status.ok()) break;
    progress((*batch)->offset);
    empty.Push(*batch);
  }
  empty.Close();  // stops the reader after a strict failure
  reading.join();
  if (!status.ok()) return status;
  if (absl::Status error = reader.error(); !error.ok()) return error;
  progress(data.size());
  return finish();
}

}  // namespace

}  // namespace csm::io
