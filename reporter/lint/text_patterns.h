// Recognisers for what the postmortem rules look for in rendered text: clock times and their
// time zones, a timeline entry's "TIME - text" shape, dates, durations, percentages, sentences
// and catalog keywords (syntax in rule_catalog.h). Pure functions; heuristics, not parsers.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace firedrill::lint {

struct ClockTime {
  std::size_t offset = 0;  // where the time starts in the searched text
  std::string time;        // "14:03", "2:03 PM"
  std::string zone;        // "EST (UTC-05:00)", "UTC", "Z"; empty when the time has none
};

// Every clock time ("14:03", "14:03:20", "2:03 PM", "2 pm"), each with the zone right after it.
std::vector<ClockTime> find_clock_times(std::string_view text);

// A timeline bullet's text split as "[DATE] TIME[ ZONE][ - TIME[ ZONE]] - what happened".
struct TimelineEntry {
  bool starts_with_time = false;
  bool has_dash = false;  // a -, --, en or em dash right after the time
  std::string what;       // the text after the dash, trimmed
};
TimelineEntry parse_timeline_entry(std::string_view text);

bool mentions_date(std::string_view text);        // 2024-03-14, 3/14/2024, March 14, 14 March
bool mentions_duration(std::string_view text);    // 67 minutes, 1h 7m, 2-hour, an hour
bool mentions_percentage(std::string_view text);  // 38%, 4.5 %
// Sentences ended by . ! or ? before a blank or the end ("e.g." and "etc." do not end one);
// trailing text without a full stop counts as one more.
int count_sentences(std::string_view text);

// Whether `text` contains one of `keywords`; returns the first keyword found, or "".
std::string_view find_keyword(std::string_view text, std::span<const std::string_view> keywords);
// Whether `text` starts with one of `keywords`; returns that keyword, or "".
std::string_view find_leading_keyword(std::string_view text,
                                      std::span<const std::string_view> keywords);
inline bool mentions_any(std::string_view text, std::span<const std::string_view> keywords) {
  return !find_keyword(text, keywords).empty();
}

}  // namespace firedrill::lint
