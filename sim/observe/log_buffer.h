// LogBuffer and LogStore: the simulated hosts' log files, kept as bounded rings of lines.
// Each (host, path) pair — ("web-2", "/var/log/nginx/error.log") — is one LogBuffer; when it
// is full the oldest line is dropped and counted. Every line carries its SimTime and a
// sequence number that is global across the store, so a reader can poll "what is new since
// cursor X" over all files at once, in the order the lines were written.
// Not thread-safe: the simulation's owner writes and reads between events (readers on other
// threads go through the engine's snapshot, never straight here).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/sim_time.h"

namespace firedrill {

struct LogLine {
  uint64_t seq = 0;  // global across the store, from 1; 0 is "before everything"
  SimTime time;
  std::string text;  // one line, no trailing newline
};

class LogBuffer {
 public:
  // REQUIRES: capacity > 0.
  LogBuffer(std::string host, std::string path, size_t capacity);

  const std::string& host() const { return host_; }
  const std::string& path() const { return path_; }
  size_t capacity() const { return capacity_; }
  size_t size() const { return lines_.size(); }
  bool empty() const { return lines_.empty(); }
  // Lines ever appended (kept or later dropped).
  uint64_t written() const { return written_; }
  // Lines evicted because the ring was full.
  uint64_t dropped() const { return written_ - lines_.size(); }
  // Lines the writer chose not to write because of a rate cap (see HostLogs).
  uint64_t rate_limited() const { return rate_limited_; }

  // REQUIRES: seq greater than every seq already in this buffer.
  void append(uint64_t seq, SimTime t, std::string text);
  void note_rate_limited(uint64_t n = 1) { rate_limited_ += n; }

  // i = 0 is the oldest retained line. REQUIRES: i < size().
  const LogLine& at(size_t i) const { return lines_[(head_ + i) % lines_.size()]; }
  const LogLine& newest() const { return at(size() - 1); }
  // Index of the oldest retained line with seq > cursor (size() if there is none).
  size_t first_after(uint64_t cursor) const;

 private:
  std::string host_;
  std::string path_;
  size_t capacity_;
  std::vector<LogLine> lines_;  // grows to capacity, then wraps at head_
  size_t head_ = 0;             // index of the oldest line once full
  uint64_t written_ = 0;
  uint64_t rate_limited_ = 0;
};

// A line as a query returns it. host and path view the owning buffer's strings: valid as
// long as the LogStore lives (buffers are never removed).
struct LogEntry {
  uint64_t seq = 0;
  SimTime time;
  std::string_view host;
  std::string_view path;
  std::string text;
};

// Which lines a query wants. Empty host/path match every host/path. `contains` is a plain
// substring (like `grep -F`), case-sensitive unless ignore_case (ASCII folding only);
// empty matches every line. No regular expressions: patterns from trainees stay cheap and
// cannot fail to parse.
struct LogFilter {
  std::string_view host;
  std::string_view path;
  std::string_view contains;
  bool ignore_case = false;
};

struct LogRead {
  std::vector<LogEntry> lines;  // in sequence (= writing) order
  // Pass back as the next cursor. When not truncated it is the store's last sequence
  // number, so a filtered poll does not rescan lines it has already rejected.
  uint64_t next_cursor = 0;
  bool truncated = false;  // more matching lines follow next_cursor
};

class LogStore {
 public:
  explicit LogStore(size_t default_capacity = 2000);
  LogStore(const LogStore&) = delete;
  LogStore& operator=(const LogStore&) = delete;

  size_t default_capacity() const { return default_capacity_; }
  // The buffer for (host, path), created empty with `capacity` (0: the default) if new.
  // The capacity of an existing buffer is not changed. The reference stays valid.
  LogBuffer& buffer(std::string_view host, std::string_view path, size_t capacity = 0);
  // Null when nothing was ever created for (host, path).
  const LogBuffer* find(std::string_view host, std::string_view path) const;
  // Every buffer, in creation order (deterministic for a deterministic writer).
  std::vector<const LogBuffer*> buffers() const;

  // Appends one line; returns its sequence number.
  uint64_t append(LogBuffer& buffer, SimTime t, std::string text);
  uint64_t last_seq() const { return seq_; }

  // Lines with seq > cursor matching the filter, oldest first, at most `limit` (0: no limit).
  LogRead since(uint64_t cursor, const LogFilter& filter = {}, size_t limit = 500) const;
  // The last n lines of one file (`tail -n N`), oldest first; empty if the file is unknown.
  std::vector<LogEntry> tail(std::string_view host, std::string_view path, size_t n) const;
  // Lines of one file containing `pattern` (`grep -F`, or `grep -iF` with ignore_case),
  // oldest first; when more than max_matches (0: no limit) match, the newest ones are kept.
  std::vector<LogEntry> grep(std::string_view host, std::string_view path, std::string_view pattern,
                             bool ignore_case = false, size_t max_matches = 0) const;

 private:
  static std::string key(std::string_view host, std::string_view path);

  size_t default_capacity_;
  uint64_t seq_ = 0;
  std::vector<std::unique_ptr<LogBuffer>> buffers_;        // creation order
  std::map<std::string, LogBuffer*, std::less<>> by_key_;  // "host\0path"
};

// Whether `text` contains `needle` (ASCII case folding when ignore_case). Empty needle: true.
bool log_text_contains(std::string_view text, std::string_view needle, bool ignore_case);

}  // namespace firedrill
