// SseParser: server-sent event text (the WHATWG event-stream format, as GET /api/v1/events
// writes it) fed in arbitrary pieces, out come whole events: id, event name, data lines
// joined by '\n'. Comments (": ping") and `retry:` are dropped. Single-threaded.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace firedrill::dash {

struct SseEvent {
  uint64_t id = 0;   // 0: the event had no numeric id
  std::string type;  // "message" when the event named none
  std::string data;
};

class SseParser {
 public:
  // Appends a piece of the stream; returns the events it completed, oldest first.
  std::vector<SseEvent> feed(std::string_view piece);

 private:
  void line(std::string_view l, std::vector<SseEvent>& out);
  std::string pending_;  // an unfinished line
  SseEvent event_;
  bool has_data_ = false;
};

}  // namespace firedrill::dash
