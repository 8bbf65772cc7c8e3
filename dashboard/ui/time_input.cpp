#include "dashboard/ui/time_input.h"

#include <fmt/format.h>

#include <cctype>
#include <vector>

#include "dashboard/ui/widgets.h"

namespace firedrill::dash {

namespace {

// "14:05:30" -> {14, 5, 30}; nullopt unless two or three groups of one or two digits.
std::optional<std::vector<int>> clock_fields(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  std::vector<int> out;
  int digits = 0, value = 0;
  for (const char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      if (++digits > 2) return std::nullopt;
      value = value * 10 + (c - '0');
    } else if (c == ':' && digits > 0) {
      out.push_back(value);
      digits = value = 0;
    } else {
      return std::nullopt;
    }
  }
  if (digits == 0) return std::nullopt;
  out.push_back(value);
  if (out.size() < 2 || out.size() > 3) return std::nullopt;
  return out;
}

}  // namespace

std::optional<SimTime> parse_clock_time(const SessionInfo& s, std::string_view text,
                                        std::string* error) {
  const std::optional<std::vector<int>> f = clock_fields(text);
  if (!f || (*f)[0] > 23 || (*f)[1] > 59 || (f->size() == 3 && (*f)[2] > 59)) {
    *error =
        fmt::format("\"{}\" is not a time: write HH:MM or HH:MM:SS on the drill's clock", text);
    return std::nullopt;
  }
  const int64_t wanted = (*f)[0] * 3600 + (*f)[1] * 60 + (f->size() == 3 ? (*f)[2] : 0);
  const int64_t now_sod = local_seconds_of_day(s, s.now);
  const int64_t back = ((now_sod - wanted) % 86400 + 86400) % 86400;
  const int64_t at = s.now.whole_seconds() - back;
  if (at < 0) {
    *error = fmt::format("{} is before the drill began ({})", text, fmt_clock(s, SimTime{}));
    return std::nullopt;
  }
  return SimTime::seconds(at);
}

}  // namespace firedrill::dash
