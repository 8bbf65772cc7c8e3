#include "sim/observe/log_buffer.h"

#include <algorithm>
#include <cassert>
#include <functional>
#include <queue>
#include <utility>

namespace firedrill {
namespace {

char fold(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

LogEntry entry(const LogBuffer& b, const LogLine& line) {
  return LogEntry{line.seq, line.time, b.host(), b.path(), line.text};
}

bool buffer_matches(const LogBuffer& b, const LogFilter& f) {
  return (f.host.empty() || b.host() == f.host) && (f.path.empty() || b.path() == f.path);
}

}  // namespace

bool log_text_contains(std::string_view text, std::string_view needle, bool ignore_case) {
  if (needle.empty()) return true;
  if (!ignore_case) return text.find(needle) != std::string_view::npos;
  const auto it = std::search(text.begin(), text.end(), needle.begin(), needle.end(),
                              [](char a, char b) { return fold(a) == fold(b); });
  return it != text.end();
}

// --- LogBuffer ------------------------------------------------------------------------------

LogBuffer::LogBuffer(std::string host, std::string path, size_t capacity)
    : host_(std::move(host)), path_(std::move(path)), capacity_(capacity) {
  assert(capacity > 0 && "LogBuffer: capacity must be positive");
}

void LogBuffer::append(uint64_t seq, SimTime t, std::string text) {
  assert((lines_.empty() || seq > newest().seq) && "LogBuffer: sequence numbers must grow");
  ++written_;
  if (lines_.size() < capacity_) {
    lines_.push_back(LogLine{seq, t, std::move(text)});
    return;
  }
  lines_[head_] = LogLine{seq, t, std::move(text)};  // overwrite the oldest
  head_ = (head_ + 1) % capacity_;
}

size_t LogBuffer::first_after(uint64_t cursor) const {
  // Sequence numbers grow along the ring: binary search over logical indexes.
  size_t lo = 0;
  size_t hi = size();
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (at(mid).seq <= cursor) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

// --- LogStore -------------------------------------------------------------------------------

LogStore::LogStore(size_t default_capacity) : default_capacity_(default_capacity) {
  assert(default_capacity > 0 && "LogStore: default capacity must be positive");
}

std::string LogStore::key(std::string_view host, std::string_view path) {
  std::string k;
  k.reserve(host.size() + 1 + path.size());
  k.append(host);
  k.push_back('\0');
  k.append(path);
  return k;
}

LogBuffer& LogStore::buffer(std::string_view host, std::string_view path, size_t capacity) {
  std::string k = key(host, path);
  if (auto it = by_key_.find(k); it != by_key_.end()) return *it->second;
  buffers_.push_back(std::make_unique<LogBuffer>(std::string(host), std::string(path),
                                                 capacity > 0 ? capacity : default_capacity_));
  LogBuffer* b = buffers_.back().get();
  by_key_.emplace(std::move(k), b);
  return *b;
}

const LogBuffer* LogStore::find(std::string_view host, std::string_view path) const {
  const auto it = by_key_.find(key(host, path));
  return it == by_key_.end() ? nullptr : it->second;
}

std::vector<const LogBuffer*> LogStore::buffers() const {
  std::vector<const LogBuffer*> out;
  out.reserve(buffers_.size());
  for (const auto& b : buffers_) out.push_back(b.get());
  return out;
}

uint64_t LogStore::append(LogBuffer& buffer, SimTime t, std::string text) {
  buffer.append(++seq_, t, std::move(text));
  return seq_;
}

LogRead LogStore::since(uint64_t cursor, const LogFilter& filter, size_t limit) const {
  // k-way merge of the buffers' tails by sequence number: the result is in writing order
  // and the scan stops one match past the limit.
  struct Head {
    uint64_t seq;
    size_t buffer;
    size_t index;
    bool operator>(const Head& o) const { return seq > o.seq; }
  };
  std::priority_queue<Head, std::vector<Head>, std::greater<>> heads;
  for (size_t b = 0; b < buffers_.size(); ++b) {
    const LogBuffer& buf = *buffers_[b];
    if (!buffer_matches(buf, filter)) continue;
    const size_t i = buf.first_after(cursor);
    if (i < buf.size()) heads.push(Head{buf.at(i).seq, b, i});
  }

  LogRead read;
  read.next_cursor = seq_;
  while (!heads.empty()) {
    const Head h = heads.top();
    heads.pop();
    const LogBuffer& buf = *buffers_[h.buffer];
    const LogLine& line = buf.at(h.index);
    if (log_text_contains(line.text, filter.contains, filter.ignore_case)) {
      if (limit > 0 && read.lines.size() == limit) {
        read.truncated = true;
        read.next_cursor = read.lines.back().seq;
        break;
      }
      read.lines.push_back(entry(buf, line));
    }
    if (h.index + 1 < buf.size()) heads.push(Head{buf.at(h.index + 1).seq, h.buffer, h.index + 1});
  }
  return read;
}

std::vector<LogEntry> LogStore::tail(std::string_view host, std::string_view path, size_t n) const {
  std::vector<LogEntry> out;
  const LogBuffer* b = find(host, path);
  if (b == nullptr) return out;
  const size_t count = std::min(n, b->size());
  out.reserve(count);
  for (size_t i = b->size() - count; i < b->size(); ++i) out.push_back(entry(*b, b->at(i)));
  return out;
}

std::vector<LogEntry> LogStore::grep(std::string_view host, std::string_view path,
                                     std::string_view pattern, bool ignore_case,
                                     size_t max_matches) const {
  std::vector<LogEntry> out;
  const LogBuffer* b = find(host, path);
  if (b == nullptr) return out;
  // Newest first, so a cap keeps the most recent matches; reversed at the end.
  for (size_t i = b->size(); i-- > 0;) {
    if (max_matches > 0 && out.size() == max_matches) break;
    const LogLine& line = b->at(i);
    if (log_text_contains(line.text, pattern, ignore_case)) out.push_back(entry(*b, line));
  }
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace firedrill
