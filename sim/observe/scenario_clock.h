// ScenarioClock: the scenario's wall clock. Maps simulated time (µs since the drill start) to
// local date-time in the scenario's IANA time zone, given the local start, e.g.
// ("America/New_York", "2024-02-16 13:40:00"), and formats it as each simulated log and the
// postmortem print it. Offsets and DST changes come from the system tz database
// (/usr/share/zoneinfo), so a drill that crosses a DST change shows the jump as a real host
// would. Reads no wall clock. Immutable once created; copies are cheap; safe across threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "sim/core/sim_time.h"

namespace date {
class time_zone;
}

namespace firedrill {

// One instant on the scenario's wall clock, broken down.
struct LocalDateTime {
  int year = 1970;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..31
  unsigned hour = 0;
  unsigned minute = 0;
  unsigned second = 0;
  unsigned microsecond = 0;
  std::string abbrev;          // zone abbreviation in force, e.g. "EST", "EDT", "UTC"
  int utc_offset_seconds = 0;  // local minus UTC, e.g. -18000 for EST
};

struct ScenarioClockResult;

class ScenarioClock {
 public:
  // zone: an IANA name ("America/New_York", "UTC"). start_local: the wall-clock time in that
  // zone at SimTime 0, "YYYY-MM-DD HH:MM:SS" or "YYYY-MM-DD HH:MM" ('T' may replace the space).
  // A start that occurs twice (the repeated hour when clocks go back) means the first one; a
  // start that never occurs (the hour skipped when clocks go forward) is an error. Errors name
  // the field and value, e.g. `zone: unknown time zone "Mars/Olympus"`; nothing is thrown.
  static ScenarioClockResult create(std::string_view zone, std::string_view start_local);

  const std::string& zone_name() const { return zone_name_; }

  // REQUIRES for every function taking t: t is an instant of the drill, not SimTime::never().

  // Microseconds since 1970-01-01 00:00 UTC (e.g. for Prometheus timestamps, in ms after / 1000).
  int64_t unix_micros(SimTime t) const { return start_unix_us_ + t.us(); }
  LocalDateTime local(SimTime t) const;

  // The formats below truncate (never round) to the precision they show, as loggers do.
  // Postmortem timeline: "14:03 EST (UTC-05:00)".
  std::string postmortem_time(SimTime t) const;
  // Postmortem with the date: "2024-02-16 14:03 EST (UTC-05:00)".
  std::string postmortem_date_time(SimTime t) const;
  // nginx access log $time_local with its brackets: "[16/Feb/2024:14:03:07 -0500]".
  std::string nginx_access_time(SimTime t) const;
  // nginx error log: "2024/02/16 14:03:07".
  std::string nginx_error_time(SimTime t) const;
  // Traditional syslog (/var/log/syslog, kern.log; RFC 3164): "Feb 16 14:03:07", with the day
  // padded by a space ("Feb  6 14:03:07").
  std::string syslog_time(SimTime t) const;
  // journalctl's default short format: "Feb 06 14:03:07", day padded by a zero.
  std::string journalctl_time(SimTime t) const;
  // ISO 8601 with milliseconds and offset: "2024-02-16T14:03:07.123-05:00" (UTC: "+00:00").
  std::string iso8601_time(SimTime t) const;
  // PostgreSQL log_line_prefix %m and similar database logs: "2024-02-16 14:03:07.123 EST".
  std::string sql_log_time(SimTime t) const;

 private:
  ScenarioClock(const date::time_zone* zone, std::string zone_name, int64_t start_unix_us)
      : zone_(zone), zone_name_(std::move(zone_name)), start_unix_us_(start_unix_us) {}

  const date::time_zone* zone_;  // owned by the process-wide tz database, which outlives us
  std::string zone_name_;
  int64_t start_unix_us_;  // the drill start, µs since the Unix epoch (UTC)
};

struct ScenarioClockResult {
  std::optional<ScenarioClock> clock;  // set on success
  std::string field;                   // on error: "zone" or "start"
  std::string error;                   // on error: `FIELD: what is wrong with "VALUE"`

  bool ok() const { return clock.has_value(); }
};

}  // namespace firedrill
