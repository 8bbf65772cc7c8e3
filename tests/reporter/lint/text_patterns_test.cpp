#include <catch2/catch.hpp>

#include "reporter/lint/text_patterns.h"

using namespace firedrill::lint;

TEST_CASE("patterns: clock times are found with the time zone written after them", "[lint]") {
  const auto times = find_clock_times(
      "from 14:03 EST (UTC-05:00) to 15:10 UTC, then 2:03 PM PST, 16:00 and 2024-03-14T17:05Z");
  REQUIRE(times.size() == 5);
  CHECK(times[0].time == "14:03");
  CHECK(times[0].zone == "EST (UTC-05:00)");
  CHECK(times[1].zone == "UTC");
  CHECK(times[2].time == "2:03 PM");
  CHECK(times[2].zone == "PST");
  CHECK(times[3].time == "16:00");
  CHECK(times[3].zone.empty());
  CHECK(times[4].zone == "Z");
}

TEST_CASE("patterns: offsets and IANA names count as time zones", "[lint]") {
  CHECK(find_clock_times("14:03 UTC+01:00").at(0).zone == "UTC+01:00");
  CHECK(find_clock_times("14:03 (UTC-05:00)").at(0).zone == "(UTC-05:00)");
  CHECK(find_clock_times("14:03 Europe/Paris").at(0).zone == "Europe/Paris");
  CHECK(find_clock_times("2 pm GMT").at(0).zone == "GMT");
}

TEST_CASE("patterns: an offset or version number alone is not a clock time", "[lint]") {
  CHECK(find_clock_times("All times are EST (UTC-05:00).").empty());
  CHECK(find_clock_times("nginx v1:30 and ratio 10:1").empty());
  CHECK(find_clock_times("14:03 Zabbix").at(0).zone.empty());
}

TEST_CASE("patterns: a timeline entry is a time, a dash and what happened", "[lint]") {
  const auto entry = parse_timeline_entry("14:07 EST (UTC-05:00) - Alert fired.");
  CHECK(entry.starts_with_time);
  CHECK(entry.has_dash);
  CHECK(entry.what == "Alert fired.");
  CHECK(parse_timeline_entry("2024-03-14 14:07 UTC \xE2\x80\x93 Alert").what == "Alert");
  CHECK(parse_timeline_entry("March 14, 14:07 \xE2\x80\x94 Alert").what == "Alert");
  CHECK(parse_timeline_entry("14:03 - 14:10 EST - Two alerts").what == "Two alerts");
  CHECK(parse_timeline_entry("2:07 PM -- Paged").what == "Paged");
}

TEST_CASE("patterns: a timeline entry without a leading time or dash is told apart", "[lint]") {
  CHECK_FALSE(parse_timeline_entry("Alert fired at 14:07").starts_with_time);
  const auto colon = parse_timeline_entry("14:07: Alert fired");
  CHECK(colon.starts_with_time);
  CHECK_FALSE(colon.has_dash);
  CHECK(parse_timeline_entry("14:07 -").what.empty());
}

TEST_CASE("patterns: dates are recognised in the usual spellings", "[lint]") {
  CHECK(mentions_date("On 2024-03-14 at noon"));
  CHECK(mentions_date("on 3/14/2024"));
  CHECK(mentions_date("on March 14th"));
  CHECK(mentions_date("on 14 March 2024"));
  CHECK(mentions_date("in Mar 2024"));
  CHECK_FALSE(mentions_date("at 14:03 EST for 67 minutes"));
  CHECK_FALSE(mentions_date("Mark restarted 3 pods"));
}

TEST_CASE("patterns: durations need a number and a unit", "[lint]") {
  CHECK(mentions_duration("down for 67 minutes"));
  CHECK(mentions_duration("lasted 1h 7m"));
  CHECK(mentions_duration("for an hour"));
  CHECK(mentions_duration("a 2-hour outage"));
  CHECK(mentions_duration("an hour-long outage"));
  CHECK_FALSE(mentions_duration("latency above 500 ms at 14:03 EST (UTC-05:00)"));
  CHECK_FALSE(mentions_duration("from 14:03 to 15:10"));
}

TEST_CASE("patterns: a percentage is a number with a % sign", "[lint]") {
  CHECK(mentions_percentage("38% of users"));
  CHECK(mentions_percentage("4.5 % of requests"));
  CHECK_FALSE(mentions_percentage("most users, 100 percent"));
}

TEST_CASE("patterns: sentences end at . ! or ? before a blank, not after e.g.", "[lint]") {
  CHECK(count_sentences("Alert fired.") == 1);
  CHECK(count_sentences("Alert fired") == 1);
  CHECK(count_sentences("Restarted nginx, e.g. the web tier. It did not help!") == 2);
  CHECK(count_sentences("Bumped v1.2.3 in nginx.conf. Done. Really?") == 3);
  CHECK(count_sentences("") == 0);
}

TEST_CASE("patterns: keywords match whole words, or word starts when they end in *", "[lint]") {
  constexpr std::string_view kCheck[] = {"check"};
  constexpr std::string_view kStem[] = {"investigat*"};
  constexpr std::string_view kPhrase[] = {"didnt help", "on call"};
  CHECK_FALSE(mentions_any("the checkout API", kCheck));
  CHECK(mentions_any("a quick CHECK, then", kCheck));
  CHECK(find_keyword("Ana investigated the LB", kStem) == "investigat*");
  CHECK(mentions_any("It didn't help.", kPhrase));
  CHECK(mentions_any("It didn\xE2\x80\x99t help.", kPhrase));
  CHECK(find_keyword("the on-call engineer", kPhrase) == "on call");
  constexpr std::string_view kVague[] = {"improve"};
  CHECK(find_leading_keyword("**Improve** monitoring", kVague) == "improve");
  CHECK(find_leading_keyword("Add monitoring to improve", kVague).empty());
}
