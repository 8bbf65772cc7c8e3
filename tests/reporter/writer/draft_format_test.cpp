#include "reporter/writer/draft_format.h"

#include <catch2/catch.hpp>

namespace firedrill {
namespace {

ScenarioClock clock(const char* zone, const char* start) {
  return *ScenarioClock::create(zone, start).clock;
}

TEST_CASE("draft format: summary times carry the abbreviation and the UTC offset", "[format]") {
  const ScenarioClock ny = clock("America/New_York", "2024-02-16 14:03:40");
  CHECK(summary_time(ny, SimTime{}) == "14:03 EST (UTC-05:00)");
  CHECK(date_text(ny, SimTime{}) == "2024-02-16");
  const ScenarioClock sp = clock("America/Sao_Paulo", "2024-02-16 14:03:00");
  CHECK(summary_time(sp, SimTime{}) == "14:03 (UTC-03:00)");
  const ScenarioClock kolkata = clock("Asia/Kolkata", "2024-02-16 14:03:00");
  CHECK(summary_time(kolkata, SimTime{}) == "14:03 IST (UTC+05:30)");
}

TEST_CASE("draft format: bullet times add the date only on another day", "[format]") {
  const ScenarioClock ny = clock("America/New_York", "2024-02-16 23:58:00");
  CHECK(bullet_time(ny, SimTime{}, SimTime{}) == "23:58 EST");
  CHECK(bullet_time(ny, SimTime::minutes(3), SimTime{}) == "2024-02-17 00:01 EST");
}

TEST_CASE("draft format: bullet times follow a DST change", "[format]") {
  const ScenarioClock ny = clock("America/New_York", "2024-03-10 01:58:00");
  CHECK(bullet_time(ny, SimTime::minutes(3), SimTime{}) == "03:01 EDT");
}

TEST_CASE("draft format: durations, percentages, counts and lists read naturally", "[format]") {
  CHECK(duration_text(SimTime::seconds(45)) == "45 seconds");
  CHECK(duration_text(SimTime::seconds(61)) == "1 minute");
  CHECK(duration_text(SimTime::minutes(67)) == "67 minutes");
  CHECK(duration_text(SimTime::minutes(125)) == "2 hours 5 minutes");
  CHECK(duration_text(SimTime::minutes(180)) == "3 hours");
  CHECK(percent_text(0.3724) == "37.2%");
  CHECK(percent_text(0.6) == "60%");
  CHECK(percent_text(0.0004) == "under 0.1%");
  CHECK(percent_text(0.0) == "0%");
  CHECK(count_text(473925.4) == "473,925");
  CHECK(count_text(999) == "999");
  CHECK(list_text({"a"}) == "a");
  CHECK(list_text({"a", "b", "c"}) == "a, b and c");
}

}  // namespace
}  // namespace firedrill
