#include "reporter/incident/scenario_facts.h"

#include <catch2/catch.hpp>

#include "tests/reporter/support/journal_builder.h"

namespace firedrill {
namespace {

using testing::JournalBuilder;

TEST_CASE("scenario facts: the header and scenario.meta give the clock, SLO and ground truth",
          "[facts]") {
  std::vector<std::string> warnings;
  const auto records = testing::standard_drill().records();
  const ScenarioFacts f = read_scenario_facts(records, warnings);
  CHECK(warnings.empty());
  CHECK(f.id == "nginx-fd-limit");
  CHECK(f.title == "Too many open files on web-2");
  CHECK(f.clock().postmortem_date_time(SimTime::minutes(10)) == "2024-02-16 13:50 EST (UTC-05:00)");
  CHECK(f.slo.error_ratio == 0.01);
  CHECK(f.slo.latency_ms == 1000.0);
  CHECK(f.root_cause_components == std::vector<std::string>{"web-2"});
  REQUIRE(f.fix_actions.size() == 1);
  CHECK(f.fix_actions[0].action == "raise_fd_limit");
  CHECK(f.stack.web_servers == 4);
  CHECK(f.stack.replica);
  CHECK(f.ended_cleanly);
  CHECK(f.end_reason == "time_limit");
}

TEST_CASE("scenario facts: a component is related when it is a root cause or a fix target",
          "[facts]") {
  std::vector<std::string> warnings;
  const auto records =
      JournalBuilder()
          .header()
          .meta({{"root_cause_components", {"db"}},
                 {"fix_actions", {{{"action", "kill_queries"}, {"target", "db-replica"}}}}})
          .records();
  const ScenarioFacts f = read_scenario_facts(records, warnings);
  CHECK(f.related("db"));
  CHECK(f.related("db-replica"));
  CHECK_FALSE(f.related("web-1"));
  CHECK_FALSE(f.related(""));
  CHECK(f.is_fix("kill_queries", "db-replica"));
  CHECK_FALSE(f.is_fix("kill_queries", "db"));
}

TEST_CASE("scenario facts: a journal without header or meta gets UTC defaults and warnings",
          "[facts]") {
  std::vector<std::string> warnings;
  const ScenarioFacts f = read_scenario_facts({}, warnings);
  CHECK(warnings.size() == 2);
  CHECK(f.time_zone == "UTC");
  CHECK(f.title == "Untitled drill");
  CHECK(f.clock().postmortem_date_time(SimTime{}) == "1970-01-01 00:00 UTC (UTC+00:00)");
  CHECK(f.slo.error_ratio == 0.01);
}

TEST_CASE("scenario facts: an unknown time zone falls back to UTC with a warning", "[facts]") {
  std::vector<std::string> warnings;
  const auto records = JournalBuilder().header("t", "Mars/Olympus").meta().records();
  const ScenarioFacts f = read_scenario_facts(records, warnings);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("Mars/Olympus") != std::string::npos);
  CHECK(f.time_zone == "UTC");
}

TEST_CASE("scenario facts: an SLO error ratio outside (0, 1) is replaced by 1%", "[facts]") {
  std::vector<std::string> warnings;
  const auto records = JournalBuilder().header().meta({{"slo", {{"error_ratio", 5}}}}).records();
  const ScenarioFacts f = read_scenario_facts(records, warnings);
  CHECK(f.slo.error_ratio == 0.01);
  CHECK(warnings.size() == 1);
}

}  // namespace
}  // namespace firedrill
