#include "dashboard/client/sse_parser.h"

#include <charconv>

namespace firedrill::dash {

std::vector<SseEvent> SseParser::feed(std::string_view piece) {
  std::vector<SseEvent> out;
  pending_.append(piece);
  size_t start = 0;
  for (size_t nl; (nl = pending_.find('\n', start)) != std::string::npos; start = nl + 1) {
    std::string_view l(pending_.data() + start, nl - start);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    line(l, out);
  }
  pending_.erase(0, start);
  return out;
}

void SseParser::line(std::string_view l, std::vector<SseEvent>& out) {
  if (l.empty()) {  // dispatch
    if (has_data_) {
      if (event_.type.empty()) event_.type = "message";
      out.push_back(std::move(event_));
    }
    event_ = {};
    has_data_ = false;
    return;
  }
  if (l.front() == ':') return;  // a comment (the heartbeat)
  const size_t colon = l.find(':');
  std::string_view field = l.substr(0, colon);
  std::string_view value =
      colon == std::string_view::npos ? std::string_view() : l.substr(colon + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (field == "data") {
    if (has_data_) event_.data += '\n';
    event_.data.append(value);
    has_data_ = true;
  } else if (field == "event") {
    event_.type = std::string(value);
  } else if (field == "id") {
    uint64_t id = 0;
    if (std::from_chars(value.data(), value.data() + value.size(), id).ec == std::errc())
      event_.id = id;
  }
}

}  // namespace firedrill::dash
