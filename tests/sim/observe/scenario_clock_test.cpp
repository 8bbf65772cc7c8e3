#include "sim/observe/scenario_clock.h"

#include <catch2/catch.hpp>

namespace firedrill {
namespace {

ScenarioClock make_clock(std::string_view zone, std::string_view start) {
  ScenarioClockResult result = ScenarioClock::create(zone, start);
  INFO(result.error);
  REQUIRE(result.ok());
  return *result.clock;
}

SimTime hms(int64_t h, int64_t m, int64_t s, int64_t ms = 0) {
  return SimTime::seconds(h * 3600 + m * 60 + s) + SimTime::millis(ms);
}

TEST_CASE("scenario clock: formats one instant in every log and postmortem style", "[clock]") {
  const ScenarioClock clock = make_clock("America/New_York", "2024-02-16 13:40:00");
  const SimTime t = hms(0, 23, 7, 123);  // 14:03:07.123 local

  CHECK(clock.postmortem_time(t) == "14:03 EST (UTC-05:00)");
  CHECK(clock.postmortem_date_time(t) == "2024-02-16 14:03 EST (UTC-05:00)");
  CHECK(clock.nginx_access_time(t) == "[16/Feb/2024:14:03:07 -0500]");
  CHECK(clock.nginx_error_time(t) == "2024/02/16 14:03:07");
  CHECK(clock.syslog_time(t) == "Feb 16 14:03:07");
  CHECK(clock.journalctl_time(t) == "Feb 16 14:03:07");
  CHECK(clock.iso8601_time(t) == "2024-02-16T14:03:07.123-05:00");
  CHECK(clock.sql_log_time(t) == "2024-02-16 14:03:07.123 EST");
}

TEST_CASE("scenario clock: breaks an instant down into local fields", "[clock]") {
  const ScenarioClock clock = make_clock("America/New_York", "2024-02-16 13:40:00");
  const LocalDateTime lt = clock.local(hms(0, 23, 7) + SimTime::micros(123'456));
  CHECK(lt.year == 2024);
  CHECK(lt.month == 2);
  CHECK(lt.day == 16);
  CHECK(lt.hour == 14);
  CHECK(lt.minute == 3);
  CHECK(lt.second == 7);
  CHECK(lt.microsecond == 123'456);
  CHECK(lt.abbrev == "EST");
  CHECK(lt.utc_offset_seconds == -5 * 3600);
  CHECK(clock.zone_name() == "America/New_York");
}

TEST_CASE("scenario clock: counts Unix time in UTC from the local start", "[clock]") {
  const ScenarioClock clock = make_clock("America/New_York", "2024-02-16 13:40:00");
  CHECK(clock.unix_micros(SimTime()) == 1'708'108'800LL * 1'000'000);  // 18:40:00 UTC
  CHECK(clock.unix_micros(SimTime::seconds(1)) == 1'708'108'801LL * 1'000'000);
}

TEST_CASE("scenario clock: a drill across the spring DST change jumps from 01:59 EST to 03:00 EDT",
          "[clock]") {
  const ScenarioClock clock = make_clock("America/New_York", "2024-03-10 01:30:00");
  CHECK(clock.postmortem_time(SimTime()) == "01:30 EST (UTC-05:00)");
  CHECK(clock.iso8601_time(hms(0, 29, 59, 999)) == "2024-03-10T01:59:59.999-05:00");
  CHECK(clock.iso8601_time(hms(0, 30, 0)) == "2024-03-10T03:00:00.000-04:00");
  CHECK(clock.postmortem_time(hms(1, 0, 0)) == "03:30 EDT (UTC-04:00)");
  CHECK(clock.nginx_access_time(hms(1, 0, 0)) == "[10/Mar/2024:03:30:00 -0400]");
  CHECK(clock.sql_log_time(hms(1, 0, 0)) == "2024-03-10 03:30:00.000 EDT");
}

TEST_CASE("scenario clock: a drill across the autumn DST change lives the 01:00 hour twice",
          "[clock]") {
  const ScenarioClock clock = make_clock("America/New_York", "2024-11-03 00:30:00");
  CHECK(clock.postmortem_time(hms(1, 0, 0)) == "01:30 EDT (UTC-04:00)");
  CHECK(clock.postmortem_time(hms(2, 0, 0)) == "01:30 EST (UTC-05:00)");
  CHECK(clock.postmortem_time(hms(3, 0, 0)) == "02:30 EST (UTC-05:00)");
}

TEST_CASE("scenario clock: a start in the repeated hour means its first occurrence", "[clock]") {
  const ScenarioClock clock = make_clock("America/New_York", "2024-11-03 01:30:00");
  CHECK(clock.postmortem_time(SimTime()) == "01:30 EDT (UTC-04:00)");
  CHECK(clock.postmortem_time(hms(1, 0, 0)) == "01:30 EST (UTC-05:00)");
}

TEST_CASE("scenario clock: southern-hemisphere DST and half-hour offsets", "[clock]") {
  // Sydney leaves daylight time at 03:00 AEDT on 2024-04-07, back to 02:00 AEST.
  const ScenarioClock sydney = make_clock("Australia/Sydney", "2024-04-07 01:30");
  CHECK(sydney.postmortem_time(hms(1, 29, 59)) == "02:59 AEDT (UTC+11:00)");
  CHECK(sydney.postmortem_time(hms(1, 30, 0)) == "02:00 AEST (UTC+10:00)");

  const ScenarioClock kolkata = make_clock("Asia/Kolkata", "2024-02-16T09:15:00");
  CHECK(kolkata.postmortem_date_time(SimTime()) == "2024-02-16 09:15 IST (UTC+05:30)");
  CHECK(kolkata.nginx_access_time(SimTime()) == "[16/Feb/2024:09:15:00 +0530]");
}

TEST_CASE("scenario clock: UTC crosses midnight and the year end with +00:00 offsets", "[clock]") {
  const ScenarioClock clock = make_clock("UTC", "2023-12-31 23:59:30");
  const SimTime t = SimTime::seconds(45);
  CHECK(clock.postmortem_date_time(t) == "2024-01-01 00:00 UTC (UTC+00:00)");
  CHECK(clock.nginx_access_time(t) == "[01/Jan/2024:00:00:15 +0000]");
  CHECK(clock.iso8601_time(t) == "2024-01-01T00:00:15.000+00:00");
  CHECK(clock.syslog_time(SimTime()) == "Dec 31 23:59:30");
}

TEST_CASE("scenario clock: syslog pads a one-digit day with a space, journalctl with a zero",
          "[clock]") {
  const ScenarioClock clock = make_clock("Europe/London", "2024-02-06 08:05:09");
  CHECK(clock.syslog_time(SimTime()) == "Feb  6 08:05:09");
  CHECK(clock.journalctl_time(SimTime()) == "Feb 06 08:05:09");
  CHECK(clock.nginx_error_time(SimTime()) == "2024/02/06 08:05:09");
}

TEST_CASE("scenario clock: formats truncate to the precision they show, also before the start",
          "[clock]") {
  const ScenarioClock clock = make_clock("America/New_York", "2024-02-16 13:40:00");
  CHECK(clock.iso8601_time(SimTime::micros(59'999'999)) == "2024-02-16T13:40:59.999-05:00");
  CHECK(clock.postmortem_time(SimTime::micros(59'999'999)) == "13:40 EST (UTC-05:00)");
  CHECK(clock.iso8601_time(SimTime::micros(-1)) == "2024-02-16T13:39:59.999-05:00");
}

TEST_CASE("scenario clock: an unknown zone is an error naming the zone", "[clock]") {
  for (std::string_view zone : {"America/New_Yrok", "", "../../etc/passwd", "Mars/Olympus_Mons"}) {
    const ScenarioClockResult result = ScenarioClock::create(zone, "2024-02-16 13:40:00");
    CHECK_FALSE(result.ok());
    CHECK(result.field == "zone");
    CHECK(result.error.rfind("zone: unknown time zone \"" + std::string(zone) + "\"", 0) == 0);
  }
}

TEST_CASE("scenario clock: a malformed start is an error naming the start", "[clock]") {
  for (std::string_view start :
       {"", "2024-02-16", "2024-2-16 13:40", "16/02/2024 13:40", "2024-02-16 13:40:00Z",
        "2024-02-16 13:40:0", "2024-02-16  13:40"}) {
    const ScenarioClockResult result = ScenarioClock::create("America/New_York", start);
    INFO(start);
    CHECK_FALSE(result.ok());
    CHECK(result.field == "start");
    CHECK(result.error.rfind("start: malformed date-time \"" + std::string(start) + "\"", 0) == 0);
  }
}

TEST_CASE("scenario clock: an impossible date or time of day is an error naming the start",
          "[clock]") {
  const ScenarioClockResult feb30 = ScenarioClock::create("UTC", "2024-02-30 10:00");
  CHECK(feb30.field == "start");
  CHECK(feb30.error == "start: \"2024-02-30 10:00\" is not a valid date");
  const ScenarioClockResult month13 = ScenarioClock::create("UTC", "2024-13-01 10:00");
  CHECK(month13.error == "start: \"2024-13-01 10:00\" is not a valid date");
  const ScenarioClockResult hour24 = ScenarioClock::create("UTC", "2024-02-16 24:00");
  CHECK(hour24.error == "start: \"2024-02-16 24:00\" is not a valid time of day");
}

TEST_CASE("scenario clock: a start in the hour skipped by DST is an error naming the start",
          "[clock]") {
  const ScenarioClockResult result =
      ScenarioClock::create("America/New_York", "2024-03-10 02:30:00");
  CHECK_FALSE(result.ok());
  CHECK(result.field == "start");
  CHECK(result.error ==
        "start: \"2024-03-10 02:30:00\" does not exist in America/New_York (the clocks skip it at "
        "a daylight-saving change)");
}

}  // namespace
}  // namespace firedrill
