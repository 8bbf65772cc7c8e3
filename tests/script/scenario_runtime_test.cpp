// The scenario runtime on a drill: hooks on the simulated clock, what a failing hook does,
// the live state hooks read, faults injected and cleared, fix rules and resolved-when.
#include <catch2/catch.hpp>

#include "scenario_test_util.h"

using namespace firedrill;
using namespace firedrill::script;
using firedrill::script::testing::base_scenario;
using firedrill::script::testing::base_scenario_with;
using firedrill::script::testing::kBaseLines;
using firedrill::script::testing::ScenarioDrill;

namespace {

// The lines a scenario logged to /var/log/test.log on lb.
std::vector<std::string> logged(const ScenarioDrill& d) {
  std::vector<std::string> lines;
  for (const LogEntry& e : d.drill->logs().store().tail("lb", "/var/log/test.log", 1000)) {
    lines.push_back(e.text);
  }
  return lines;
}

}  // namespace

TEST_CASE("scenario runtime: at hooks run at their simulated instant", "[scenario][runtime]") {
  ScenarioDrill d(
      base_scenario_with("at('90s', function() end, { name = 'ninety' })\n"
                         "at('2m', function() end)\n"));
  d.run_to(SimTime::minutes(5));
  CHECK(d.seconds_of("scenario.event", "ninety") == std::vector<int64_t>{90});
  CHECK(d.seconds_of("scenario.event", "at 2m") == std::vector<int64_t>{120});
}

TEST_CASE("scenario runtime: every hooks run at each interval from their start until their stop",
          "[scenario][runtime]") {
  ScenarioDrill d(base_scenario_with(
      "every('30s', function() end, { name = 'tick' })\n"
      "every('1m', function() end, { name = 'late', start = '5m', stop = '8m' })\n"));
  d.run_to(SimTime::minutes(10));
  CHECK(d.seconds_of("scenario.event", "tick").size() == 19);  // 30 s, 60 s ... 570 s
  CHECK(d.seconds_of("scenario.event", "tick").front() == 30);
  CHECK(d.seconds_of("scenario.event", "late") == std::vector<int64_t>{300, 360, 420});
}

TEST_CASE("scenario runtime: a when hook fires on the second its condition turns true",
          "[scenario][runtime]") {
  ScenarioDrill d(base_scenario_with(
      "when(function() return now() >= 100 end, function() end, { name = 'once' })\n"
      "when(function() return now() % 60 < 10 end, function() end,\n"
      "     { name = 'each', once = false, after = '30s' })\n"));
  d.run_to(SimTime::minutes(4));
  CHECK(d.seconds_of("scenario.event", "once") == std::vector<int64_t>{100});
  // true for 10 s every minute: it fires on each rising edge, from 30 s on
  CHECK(d.seconds_of("scenario.event", "each") == std::vector<int64_t>{60, 120, 180});
}

TEST_CASE(
    "scenario runtime: a failing hook is reported as FILE:LINE with a traceback, "
    "disabled, and the drill goes on",
    "[scenario][runtime]") {
  ScenarioDrill d(base_scenario_with("every('10s', function()\n"
                                     "  local t = nil\n"
                                     "  return t.field\n"
                                     "end, { name = 'broken' })\n"
                                     "every('1m', function() end, { name = 'healthy' })\n"),
                  false, "scenarios/hooks.lua");
  d.run_to(SimTime::minutes(5));
  REQUIRE(d.errors.size() == 1);  // disabled after the first failure
  const ScriptError& e = d.errors.front();
  CHECK(e.file == "scenarios/hooks.lua");
  CHECK(e.line == kBaseLines + 3);
  CHECK_THAT(e.message, Catch::Contains("attempt to index a nil value"));
  CHECK_THAT(e.traceback, Catch::StartsWith("stack traceback:"));
  CHECK(d.disabled.front() == "hook 'broken'");
  const auto records = d.records("scenario.error");
  REQUIRE(records.size() == 1);
  CHECK(records[0].fields["file"] == "scenarios/hooks.lua");
  CHECK(records[0].fields["line"] == kBaseLines + 3);
  CHECK(records[0].fields["hook"] == "hook 'broken'");
  CHECK(d.seconds_of("scenario.event", "broken").size() == 1);
  CHECK(d.seconds_of("scenario.event", "healthy").size() == 4);  // 60 s ... 240 s
  CHECK(d.drill->now() == SimTime::minutes(5));
}

TEST_CASE("scenario runtime: a hook that never ends is stopped by its budget and disabled",
          "[scenario][runtime]") {
  ScenarioDrill d(
      base_scenario_with("at('1m', function() while true do end end, { name = 'spin' })\n"));
  d.run_to(SimTime::minutes(2));
  REQUIRE(d.errors.size() == 1);
  CHECK(d.errors[0].kind == ScriptErrorKind::budget);
  CHECK(d.errors[0].line == kBaseLines + 1);
}

TEST_CASE("scenario runtime: a failing condition disables its when hook", "[scenario][runtime]") {
  ScenarioDrill d(base_scenario_with(
      "when(function() return metric('lb', 'no_such') > 1 end, function() end)\n"));
  d.run_to(SimTime::minutes(1));
  REQUIRE(d.errors.size() == 1);
  CHECK(d.errors[0].line == kBaseLines + 1);
  CHECK_THAT(d.errors[0].message, Catch::StartsWith("metric: lb has no metric \"no_such\""));
}

TEST_CASE("scenario runtime: hooks read live state and write log lines", "[scenario][runtime]") {
  ScenarioDrill d(base_scenario_with(R"(at("2m", function()
  local h = host("web-1")
  log("lb", "/var/log/test.log", string.format("%s now=%d %s state=%s nofile=%s fds<=%s",
      clock(), now(), h.name, h.state, h.config.nofile, tostring(h.fds_in_use <= h.fd_limit)))
  log("lb", "/var/log/test.log", string.format("rps>0=%s hosts=%s",
      tostring(metric("users", "requests") > 0), table.concat(hosts("web-*"), ",")))
  log("lb", "/var/log/test.log", clock("nginx_error") .. " | " .. clock("datetime"))
end)
)"));
  d.run_to(SimTime::minutes(3));
  INFO((d.errors.empty() ? "" : d.errors[0].formatted()));
  REQUIRE(d.errors.empty());
  CHECK(logged(d) ==
        std::vector<std::string>{"14:02:00 now=120 web-1 state=running nofile=65536 fds<=true",
                                 "rps>0=true hosts=web-1,web-2",
                                 "2024/02/16 14:02:00 | 2024-02-16 14:02:00"});
}

TEST_CASE("scenario runtime: faults are injected at their time and cleared from hooks",
          "[scenario][runtime]") {
  ScenarioDrill d(base_scenario_with(
      R"(fault { id = "slow", kind = "slow_queries", params = { factor = 5 }, at = "1m" }
at("3m", function() clear("slow") end)
)"));
  d.run_to(SimTime::minutes(2));
  CHECK(d.runtime->fault_state("slow") == ScenarioRuntime::FaultState::active);
  CHECK(d.drill->stack().db().query_time_factor() == 5.0);
  d.run_to(SimTime::minutes(4));
  CHECK(d.runtime->fault_state("slow") == ScenarioRuntime::FaultState::cleared);
  CHECK(d.drill->stack().db().query_time_factor() == 1.0);
  const auto injected = d.records("fault.injected");
  REQUIRE(injected.size() == 1);
  CHECK(injected[0].t == SimTime::minutes(1));
  CHECK(injected[0].fields["fault"] == "slow_queries");
  CHECK(injected[0].fields["target"] == "db");
  CHECK(injected[0].fields["params"]["factor"] == 5.0);
  CHECK(d.records("fault.cleared").at(0).fields["reason"] == "script");
  CHECK(d.records("incident.state").at(0).fields["state"] == "outage_began");
}

TEST_CASE("scenario runtime: a fix action clears its fault once every target got it",
          "[scenario][runtime]") {
  ScenarioDrill d(
      base_scenario_with(R"(fault { id = "nofile", kind = "fd_exhaustion", targets = "web-*",
        params = { nofile = 64 }, at = "1m" }
fix { action = "set_config", targets = "web-*", params = { key = "nofile" },
      check = function(target, params) return tonumber(params.value) >= 4096 end,
      repairs = "nofile" }
)"));
  d.run_to(SimTime::minutes(2));
  auto set_nofile = [&](const char* host, const char* value) {
    return d.drill->perform({"set_config", host, {{"key", "nofile"}, {"value", value}}});
  };
  REQUIRE(set_nofile("web-1", "1024").ok);  // below the check: no repair
  REQUIRE(set_nofile("web-1", "65536").ok);
  CHECK(d.runtime->fault_state("nofile") == ScenarioRuntime::FaultState::active);
  REQUIRE(d.drill->perform({"restart_service", "web-2", {}}).ok);  // not the fix
  CHECK(d.runtime->fault_state("nofile") == ScenarioRuntime::FaultState::active);
  REQUIRE(set_nofile("web-2", "65536").ok);
  CHECK(d.runtime->fault_state("nofile") == ScenarioRuntime::FaultState::cleared);
  const auto cleared = d.records("fault.cleared");
  REQUIRE(cleared.size() == 1);
  CHECK(cleared[0].fields["reason"] == "fixed by set_config on web-2");
}

TEST_CASE("scenario runtime: resolved-when is journalled once it has held for its hold time",
          "[scenario][runtime]") {
  ScenarioDrill d(base_scenario_with(R"(fault { id = "slow", kind = "slow_queries", at = "1m" }
fix { action = "kill_queries", repairs = "slow" }
resolved_when(function() return fault_state("slow") == "cleared" end, { hold = "1m" })
)"));
  d.run_to(SimTime::minutes(3));
  CHECK_FALSE(d.runtime->resolved());
  REQUIRE(d.drill->perform({"kill_queries", "db", {}}).ok);
  d.run_to(SimTime::minutes(6));
  REQUIRE(d.runtime->resolved_at());
  // cleared at 180 s, seen by that second's check, held for 60 s
  CHECK(d.runtime->resolved_at()->whole_seconds() == 240);
  const auto states = d.records("incident.state");
  REQUIRE(states.size() == 2);
  CHECK(states[1].fields["state"] == "resolved");
}

TEST_CASE("scenario runtime: without resolved_when the incident resolves when its faults clear",
          "[scenario][runtime]") {
  ScenarioDrill d(base_scenario_with(
      R"(fault { id = "slow", kind = "slow_queries", params = { duration = "2m" }, at = "1m" }
red_herring { id = "hog", kind = "cpu_hog", targets = "web-1", at = "1m", explanation = "backup" }
)"));
  d.run_to(SimTime::minutes(5));
  CHECK(d.runtime->fault_state("slow") == ScenarioRuntime::FaultState::cleared);
  CHECK(d.records("fault.cleared").at(0).fields["reason"] == "duration");
  CHECK(d.records("red_herring.injected").size() == 1);
  CHECK(d.runtime->resolved());  // the red herring does not hold it open
}

TEST_CASE("scenario runtime: declarations are refused from a hook", "[scenario][runtime]") {
  ScenarioDrill d(
      base_scenario_with("at('1m', function() team { id = 'x', name = 'X', reply = 'r' } end)\n"));
  d.run_to(SimTime::minutes(2));
  REQUIRE(d.errors.size() == 1);
  CHECK(d.errors[0].message ==
        "team() declares the scenario: call it at the top level of the file, not from a hook");
}

TEST_CASE("scenario runtime: math.random follows the run seed", "[scenario][runtime]") {
  const std::string code = base_scenario_with(
      "at('1m', function() log('lb', '/var/log/test.log', tostring(math.random(1, 1000000))) "
      "end)\n");
  auto draw = [&](uint64_t seed) {
    ScenarioLoadOptions options;
    options.seed = seed;
    ScriptError error;
    auto scenario = Scenario::load_string(code, "t.lua", options, &error);
    REQUIRE(scenario);
    std::string e;
    auto drill = Drill::create(scenario->drill_spec(), nullptr, &e);
    auto runtime = std::make_unique<ScenarioRuntime>(*scenario, *drill);
    runtime->start();
    drill->run_until(SimTime::minutes(2));
    const auto lines = drill->logs().store().tail("lb", "/var/log/test.log", 1);
    runtime.reset();
    return lines.at(0).text;
  };
  CHECK(draw(1) == draw(1));
  CHECK(draw(1) != draw(2));
}
