// Text helpers the console's commands share: lines, column tables, and the number, size,
// duration and date formats of the real tools (coreutils, procps, systemd, curl). Pure
// functions, no state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/sim_time.h"
#include "sim/observe/scenario_clock.h"

namespace firedrill::text {

// Lines of `text` without their '\n'; a final newline does not make an empty last line.
std::vector<std::string_view> split_lines(std::string_view text);
// Every line followed by '\n'.
std::string join_lines(const std::vector<std::string>& lines);
// The words separated by single spaces (a command line as ps shows it).
std::string join_words(const std::vector<std::string>& words);
std::string to_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
// A non-negative whole number, the whole string.
std::optional<uint64_t> parse_uint(std::string_view s);

// Columns separated by one space, each as wide as its widest cell; `right[i]` right-aligns
// column i. The last column is not padded. Rows may be shorter than the header.
std::string align_columns(const std::vector<std::vector<std::string>>& rows,
                          const std::vector<bool>& right);

// df -h / ls -h: powers of 1024, rounded up, one decimal below 10 ("3.9G", "14G", "0").
std::string human_size(double bytes);
// free -h: "7.8Gi", "45Mi", "0B".
std::string free_human(double mib);
// systemd's byte format: one decimal and a suffix ("2.1G", "12.3M", "768.0K").
std::string systemd_bytes(double bytes);
// systemd's relative time: "2h 3min", "1 week 4 days", "5s" (without " ago").
std::string systemd_relative(SimTime d);
// systemd's timespan with millisecond accuracy: "1min 2.345s", "345ms", "1month 4w 2d 13h".
std::string systemd_timespan(SimTime d);
// ps' TIME: "0:12" (minutes:seconds), top's TIME+: "0:12.34".
std::string ps_cputime(SimTime d);
std::string top_cputime(SimTime d);

// "Fri" for a local date.
std::string_view weekday(const LocalDateTime& t);
std::string_view month_abbrev(unsigned month);
// systemd: "Fri 2024-02-16 14:03:07 EST".
std::string systemd_timestamp(const ScenarioClock& clock, SimTime t);
// ps START: "14:03" today, "Feb16" earlier this year.
std::string ps_start(const ScenarioClock& clock, SimTime start, SimTime now);
// HTTP Date header, in GMT: "Fri, 16 Feb 2024 19:03:07 GMT".
std::string http_date(const ScenarioClock& clock, SimTime t);
// date(1): "Fri Feb 16 14:03:07 EST 2024".
std::string date_output(const ScenarioClock& clock, SimTime t);
// date -u: "Fri Feb 16 19:03:07 UTC 2024".
std::string utc_date_output(const ScenarioClock& clock, SimTime t);
// dmesg -T: "Fri Feb 16 14:03:07 2024".
std::string ctime_local(const ScenarioClock& clock, SimTime t);
// The instant at local wall-clock date-time `at` (its year..second fields), found from the
// offset in force at `base` (a DST change in between is ignored, as "10 min ago" would be).
SimTime local_instant(const ScenarioClock& clock, SimTime base, const LocalDateTime& at);
// The local date `days` days after that of `t` (time fields zero).
LocalDateTime local_date_plus(const ScenarioClock& clock, SimTime t, int64_t days);
// PostgreSQL timestamptz: "2024-02-16 14:03:07.123456-05".
std::string pg_timestamp(const ScenarioClock& clock, SimTime t);
// PostgreSQL interval: "00:00:01.234567".
std::string pg_interval(SimTime d);

}  // namespace firedrill::text
