// summarize_record: the live timeline's one-line texts for the journal's kinds.
#include <catch2/catch.hpp>

#include "dashboard/client/journal_summary.h"

using namespace firedrill;
using namespace firedrill::dash;

namespace {
JournalRecord record(std::string source, std::string kind, nlohmann::json fields) {
  return {SimTime::seconds(90), 7, std::move(source), std::move(kind), std::move(fields)};
}
}  // namespace

TEST_CASE("journal summary: an alert names rule, state, component and summary", "[dashboard]") {
  const TimelineEntry e = summarize_record(record("alert", "alert.firing",
                                                  {{"rule", "HighErrorRate"},
                                                   {"component", "lb"},
                                                   {"severity", "page"},
                                                   {"summary", "0.12 of requests fail"}}));
  CHECK(e.seq == 7);
  CHECK(e.t == SimTime::seconds(90));
  CHECK(e.target == "lb");
  CHECK(e.text == "HighErrorRate firing on lb (page): 0.12 of requests fail");
}

TEST_CASE("journal summary: a trainee action says what was done and how it went", "[dashboard]") {
  const TimelineEntry e = summarize_record(record(
      "trainee", "trainee.action",
      {{"action", "drain"}, {"target", "web-2"}, {"ok", false}, {"message", "no web host"}}));
  CHECK(e.target == "web-2");
  CHECK(e.text.find("drain web-2") == 0);
  CHECK(e.text.find("refused") != std::string::npos);
}

TEST_CASE("journal summary: unknown kinds keep their fields; samples stay off the timeline",
          "[dashboard]") {
  const TimelineEntry e =
      summarize_record(record("scenario", "fault.injected", {{"fault", "crash"}}));
  CHECK(e.text.find("crash") != std::string::npos);
  CHECK_FALSE(is_timeline_record(record("engine", "metrics.sample", {})));
  CHECK(is_timeline_record(record("trainee", "trainee.note", {})));
}
