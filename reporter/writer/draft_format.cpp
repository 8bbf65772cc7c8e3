#include "reporter/writer/draft_format.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "reporter/lint/rule_catalog.h"

namespace firedrill {
namespace {

std::string offset_text(int offset_seconds) {
  const int magnitude = std::abs(offset_seconds) / 60;
  return fmt::format("UTC{}{:02}:{:02}", offset_seconds < 0 ? '-' : '+', magnitude / 60,
                     magnitude % 60);
}

// The abbreviation when the linter recognises it as a zone, else "".
std::string known_abbrev(const LocalDateTime& lt) {
  const auto zones = lint::time_zone_abbreviations();
  return std::find(zones.begin(), zones.end(), lt.abbrev) != zones.end() ? lt.abbrev : "";
}

}  // namespace

std::string summary_time(const ScenarioClock& clock, SimTime t) {
  const LocalDateTime lt = clock.local(t);
  const std::string abbrev = known_abbrev(lt);
  return fmt::format("{:02}:{:02} {}({})", lt.hour, lt.minute, abbrev.empty() ? "" : abbrev + " ",
                     offset_text(lt.utc_offset_seconds));
}

std::string date_text(const ScenarioClock& clock, SimTime t) {
  const LocalDateTime lt = clock.local(t);
  return fmt::format("{:04}-{:02}-{:02}", lt.year, lt.month, lt.day);
}

std::string bullet_time(const ScenarioClock& clock, SimTime t, SimTime day_of) {
  const LocalDateTime lt = clock.local(t);
  const LocalDateTime day = clock.local(day_of);
  const std::string abbrev = known_abbrev(lt);
  const std::string time =
      fmt::format("{:02}:{:02} {}", lt.hour, lt.minute,
                  abbrev.empty() ? offset_text(lt.utc_offset_seconds) : abbrev);
  const bool same_day = lt.year == day.year && lt.month == day.month && lt.day == day.day;
  return same_day ? time : date_text(clock, t) + " " + time;
}

std::string duration_text(SimTime d) {
  const int64_t seconds = std::max<int64_t>(0, d.whole_seconds());
  auto unit = [](int64_t n, const char* name) {
    return fmt::format("{} {}{}", n, name, n == 1 ? "" : "s");
  };
  if (seconds < 60) return unit(seconds, "second");
  const int64_t minutes = seconds / 60;
  if (minutes < 120) return unit(minutes, "minute");
  const int64_t rest = minutes % 60;
  return rest == 0 ? unit(minutes / 60, "hour")
                   : unit(minutes / 60, "hour") + " " + unit(rest, "minute");
}

std::string percent_text(double share) {
  const double percent = std::round(share * 1000.0) / 10.0;
  if (percent == 0.0 && share > 0.0) return "under 0.1%";
  if (percent == std::floor(percent)) return fmt::format("{:.0f}%", percent);
  return fmt::format("{:.1f}%", percent);
}

std::string count_text(double n) {
  const std::string digits = fmt::format("{}", std::llround(std::max(0.0, n)));
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string list_text(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
    out += items[i];
  }
  return out;
}

}  // namespace firedrill
