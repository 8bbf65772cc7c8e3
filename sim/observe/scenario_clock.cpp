#include "sim/observe/scenario_clock.h"

#include <cassert>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <limits>

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

namespace firedrill {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr const char* kMonthAbbrev[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

const char* month_abbrev(const LocalDateTime& lt) {
  return kMonthAbbrev[lt.month - 1];
}

// "+05:30" / "-0500": offsets from the tz database are whole minutes for any modern date.
std::string format_offset(int offset_seconds, bool colon) {
  const char sign = offset_seconds < 0 ? '-' : '+';
  const int magnitude = std::abs(offset_seconds);
  return fmt::format("{}{:02}{}{:02}", sign, magnitude / 3600, colon ? ":" : "",
                     magnitude / 60 % 60);
}

// Reads exactly `width` decimal digits at text[*pos], advancing *pos.
bool read_digits(std::string_view text, size_t* pos, size_t width, unsigned* value) {
  if (*pos + width > text.size()) return false;
  unsigned v = 0;
  for (size_t i = 0; i < width; ++i) {
    const char c = text[*pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  *pos += width;
  *value = v;
  return true;
}

bool read_char(std::string_view text, size_t* pos, char expected) {
  if (*pos >= text.size() || text[*pos] != expected) return false;
  ++*pos;
  return true;
}

struct StartFields {
  unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

// "YYYY-MM-DD HH:MM[:SS]", 'T' allowed for the space. Only the shape is checked here.
bool parse_start_shape(std::string_view text, StartFields* f) {
  size_t pos = 0;
  if (!read_digits(text, &pos, 4, &f->year) || !read_char(text, &pos, '-') ||
      !read_digits(text, &pos, 2, &f->month) || !read_char(text, &pos, '-') ||
      !read_digits(text, &pos, 2, &f->day)) {
    return false;
  }
  if (!read_char(text, &pos, ' ') && !read_char(text, &pos, 'T')) return false;
  if (!read_digits(text, &pos, 2, &f->hour) || !read_char(text, &pos, ':') ||
      !read_digits(text, &pos, 2, &f->minute)) {
    return false;
  }
  if (pos < text.size() &&
      (!read_char(text, &pos, ':') || !read_digits(text, &pos, 2, &f->second))) {
    return false;
  }
  return pos == text.size();
}

ScenarioClockResult failure(std::string field, std::string error) {
  ScenarioClockResult result;
  result.field = std::move(field);
  result.error = std::move(error);
  return result;
}

}  // namespace

ScenarioClockResult ScenarioClock::create(std::string_view zone, std::string_view start_local) {
  // date throws for an unknown zone or a missing database; no exception leaves this function.
  try {
    (void)date::get_tzdb();
  } catch (const std::exception& e) {
    return failure("zone", fmt::format("zone: cannot load the time zone database for \"{}\": {}",
                                       zone, e.what()));
  }
  const date::time_zone* tz = nullptr;
  try {
    tz = date::locate_zone(zone);
  } catch (const std::exception&) {
    tz = nullptr;
  }
  if (tz == nullptr) {
    return failure("zone", fmt::format("zone: unknown time zone \"{}\" (expected an IANA name "
                                       "such as \"America/New_York\" or \"UTC\")",
                                       zone));
  }

  StartFields f;
  if (!parse_start_shape(start_local, &f)) {
    return failure("start", fmt::format("start: malformed date-time \"{}\" (expected "
                                        "\"YYYY-MM-DD HH:MM:SS\" or \"YYYY-MM-DD HH:MM\")",
                                        start_local));
  }
  const date::year_month_day ymd{date::year{static_cast<int>(f.year)}, date::month{f.month},
                                 date::day{f.day}};
  if (!ymd.ok()) {
    return failure("start", fmt::format("start: \"{}\" is not a valid date", start_local));
  }
  if (f.hour > 23 || f.minute > 59 || f.second > 59) {
    return failure("start", fmt::format("start: \"{}\" is not a valid time of day", start_local));
  }
  const date::local_seconds local =
      date::local_days{ymd} + hours{f.hour} + minutes{f.minute} + seconds{f.second};
  const date::local_info info = tz->get_info(local);
  if (info.result == date::local_info::nonexistent) {
    return failure("start", fmt::format("start: \"{}\" does not exist in {} (the clocks skip it "
                                        "at a daylight-saving change)",
                                        start_local, zone));
  }
  // Unique, or ambiguous (the repeated hour): info.first is the earlier of the two.
  const date::sys_seconds start_utc =
      date::sys_seconds{local.time_since_epoch()} - info.first.offset;
  const int64_t start_us =
      std::chrono::duration_cast<microseconds>(start_utc.time_since_epoch()).count();

  ScenarioClockResult result;
  result.clock = ScenarioClock(tz, std::string(zone), start_us);
  return result;
}

LocalDateTime ScenarioClock::local(SimTime t) const {
  assert(t.us() <= std::numeric_limits<int64_t>::max() - start_unix_us_ &&
         t.us() >= std::numeric_limits<int64_t>::min() + start_unix_us_ &&
         "ScenarioClock: SimTime outside the drill");
  const date::sys_time<microseconds> utc{microseconds{unix_micros(t)}};
  const date::sys_info info = zone_->get_info(utc);
  const auto local = utc.time_since_epoch() + info.offset;
  const date::days day_count = date::floor<date::days>(local);
  const date::year_month_day ymd{date::sys_days{day_count}};
  const date::hh_mm_ss<microseconds> tod{local - day_count};

  LocalDateTime out;
  out.year = static_cast<int>(ymd.year());
  out.month = static_cast<unsigned>(ymd.month());
  out.day = static_cast<unsigned>(ymd.day());
  out.hour = static_cast<unsigned>(tod.hours().count());
  out.minute = static_cast<unsigned>(tod.minutes().count());
  out.second = static_cast<unsigned>(tod.seconds().count());
  out.microsecond = static_cast<unsigned>(tod.subseconds().count());
  out.abbrev = info.abbrev;
  out.utc_offset_seconds = static_cast<int>(info.offset.count());
  return out;
}

std::string ScenarioClock::postmortem_time(SimTime t) const {
  const LocalDateTime lt = local(t);
  return fmt::format("{:02}:{:02} {} (UTC{})", lt.hour, lt.minute, lt.abbrev,
                     format_offset(lt.utc_offset_seconds, true));
}

std::string ScenarioClock::postmortem_date_time(SimTime t) const {
  const LocalDateTime lt = local(t);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02} {} (UTC{})", lt.year, lt.month, lt.day, lt.hour,
                     lt.minute, lt.abbrev, format_offset(lt.utc_offset_seconds, true));
}

std::string ScenarioClock::nginx_access_time(SimTime t) const {
  const LocalDateTime lt = local(t);
  return fmt::format("[{:02}/{}/{:04}:{:02}:{:02}:{:02} {}]", lt.day, month_abbrev(lt), lt.year,
                     lt.hour, lt.minute, lt.second, format_offset(lt.utc_offset_seconds, false));
}

std::string ScenarioClock::nginx_error_time(SimTime t) const {
  const LocalDateTime lt = local(t);
  return fmt::format("{:04}/{:02}/{:02} {:02}:{:02}:{:02}", lt.year, lt.month, lt.day, lt.hour,
                     lt.minute, lt.second);
}

std::string ScenarioClock::syslog_time(SimTime t) const {
  const LocalDateTime lt = local(t);
  return fmt::format("{} {:2} {:02}:{:02}:{:02}", month_abbrev(lt), lt.day, lt.hour, lt.minute,
                     lt.second);
}

std::string ScenarioClock::journalctl_time(SimTime t) const {
  const LocalDateTime lt = local(t);
  return fmt::format("{} {:02} {:02}:{:02}:{:02}", month_abbrev(lt), lt.day, lt.hour, lt.minute,
                     lt.second);
}

std::string ScenarioClock::iso8601_time(SimTime t) const {
  const LocalDateTime lt = local(t);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}{}", lt.year, lt.month, lt.day,
                     lt.hour, lt.minute, lt.second, lt.microsecond / 1000,
                     format_offset(lt.utc_offset_seconds, true));
}

std::string ScenarioClock::sql_log_time(SimTime t) const {
  const LocalDateTime lt = local(t);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:03} {}", lt.year, lt.month, lt.day,
                     lt.hour, lt.minute, lt.second, lt.microsecond / 1000, lt.abbrev);
}

}  // namespace firedrill
