// Loading a scenario: what the declarations fill in, and every way a file is refused — syntax,
// runtime errors, missing declarations, cross references and what only a stack can tell —
// always as FILE:LINE: message.
#include <catch2/catch.hpp>

#include "scenario_test_util.h"

using namespace firedrill;
using namespace firedrill::script;
using firedrill::script::testing::base_scenario;
using firedrill::script::testing::base_scenario_with;
using firedrill::script::testing::kBaseLines;
using firedrill::script::testing::load_error;
using firedrill::script::testing::load_ok;

TEST_CASE("scenario loading: a syntax error is FILE:LINE with the compiler's message",
          "[scenario][load]") {
  const ScriptError e = load_error(
      base_scenario_with("at('1m', function()\n  local x = = 1\nend)\n"), "scenarios/broken.lua");
  CHECK(e.kind == ScriptErrorKind::syntax);
  CHECK(e.file == "scenarios/broken.lua");
  CHECK(e.line == kBaseLines + 2);
  CHECK_THAT(e.message, Catch::Contains("unexpected symbol"));
}

TEST_CASE("scenario loading: a runtime error at the top level comes with a traceback",
          "[scenario][load]") {
  const ScriptError e = load_error(
      base_scenario_with("local function helper()\n  error('no such thing')\nend\nhelper()\n"));
  CHECK(e.kind == ScriptErrorKind::runtime);
  CHECK(e.line == kBaseLines + 2);
  CHECK(e.message == "no such thing");
  CHECK_THAT(e.traceback, Catch::StartsWith("stack traceback:"));
  CHECK_THAT(e.traceback, Catch::Contains("helper"));
}

TEST_CASE("scenario loading: the declarations fill the definition", "[scenario][load]") {
  const auto scenario = load_ok(base_scenario_with(R"(
fault { id = "slow", kind = "slow_queries", params = { factor = 4 }, at = "2m" }
red_herring { id = "hog", kind = "cpu_hog", targets = "web-1", explanation = "a backup" }
fix { action = "kill_queries", targets = "db", repairs = "slow" }
at("1m", function() end)
every("30s", function() end, { stop = "10m" })
when(function() return true end, function() end, { name = "always" })
team { id = "dba", name = "DBA on call", delay = "3m", reply = "looking" }
hint { id = "h1", text = "look at the db", after = "5m" }
runbook { alert = "Errors", title = "Errors", text = "check things" }
deploy { version = "v2", ago = "3h", hosts = "web-*" }
measure { text = "add an index", kind = "prevent", owner = "dba" }
stakeholder { from = "support", at = "4m", text = "tickets!" }
command { host = "db", name = "pg_top", output = "nothing to see" }
file { host = "web-*", path = "/etc/app.conf", content = "x=1" }
autopilot {
  { at = "3m", inspect = "top", host = "db" },
  { after = "1m", action = "kill_queries", target = "db" },
}
)"));
  const ScenarioDefinition& def = scenario->definition();
  CHECK(def.drill.id == "test-scenario");
  CHECK(def.drill.length == SimTime::minutes(20));
  CHECK(def.drill.stack.web.count == 2);
  CHECK(def.drill.stack.traffic.start_of_day == SimTime::seconds(14 * 3600));
  REQUIRE(def.faults.size() == 2);
  CHECK(def.faults[0].at == SimTime::minutes(2));
  CHECK(def.faults[0].targets == std::vector<std::string>{"db"});  // the kind's default
  CHECK(def.faults[1].red_herring);
  REQUIRE(def.hooks.size() == 3);
  CHECK(def.hooks[0].name == "at 1m");
  CHECK(def.hooks[1].interval == SimTime::seconds(30));
  CHECK(def.hooks[1].stop == SimTime::minutes(10));
  CHECK(def.hooks[2].name == "always");
  CHECK(def.hooks[2].where.line == kBaseLines + 7);
  REQUIRE(def.autopilot.size() == 2);
  CHECK(def.autopilot[1].at == SimTime::minutes(4));
  CHECK(def.autopilot[1].action.action == "kill_queries");
  CHECK(def.teams.size() == 1);
  CHECK(def.hints.size() == 1);
  CHECK(def.measures.size() == 1);
  CHECK(def.deploys[0].ago == SimTime::minutes(180));
}

TEST_CASE("scenario loading: a file without meta is refused", "[scenario][load]") {
  const ScriptError e = load_error("stack { web = { count = 2 } }\n", "empty.lua");
  CHECK(e.file == "empty.lua");
  CHECK_THAT(e.message, Catch::StartsWith("the scenario declares no meta {...}"));
}

TEST_CASE("scenario loading: an alert whose selector names no series blames the alert's line",
          "[scenario][load]") {
  const ScriptError e = load_error(base_scenario_with(
      "\nalert { name = 'Cache', expr = 'cache.hit_ratio < 0.5', summary = 's' }\n"));
  CHECK(e.line == kBaseLines + 2);
  CHECK_THAT(e.message, Catch::Contains("Cache"));
}

TEST_CASE("scenario loading: cross references must name something declared", "[scenario][load]") {
  SECTION("a fix that repairs an undeclared fault") {
    const ScriptError e = load_error(base_scenario_with(
        "fix { action = 'restart_service', targets = 'web-*', repairs = 'ghost' }\n"));
    CHECK(e.line == kBaseLines + 1);
    CHECK(e.message == "fix.repairs: no fault \"ghost\" is declared; faults: none");
  }
  SECTION("an autopilot escalation to an undeclared team") {
    const ScriptError e = load_error(
        base_scenario_with("autopilot { { at = '1m', escalate = 'dba', message = 'help' } }\n"));
    CHECK(e.message == "autopilot[1].escalate: no team \"dba\" is declared");
  }
  SECTION("a runbook for an undeclared alert") {
    const ScriptError e =
        load_error(base_scenario_with("runbook { alert = 'Nope', title = 't', text = 'x' }\n"));
    CHECK(e.message == "runbook.alert: no alert \"Nope\" is declared");
  }
  SECTION("an action on a host of the wrong kind") {
    const ScriptError e = load_error(base_scenario_with(
        "autopilot { { at = '1m', action = 'kill_queries', target = 'web-1' } }\n"));
    CHECK_THAT(e.message, Catch::StartsWith("autopilot[1].target: \"web-1\" names no host "
                                            "kill_queries acts on; valid: db"));
  }
}

TEST_CASE("scenario loading: a fault on a component its kind does not apply to is refused",
          "[scenario][load]") {
  const ScriptError e =
      load_error(base_scenario_with("fault { id = 'hog', kind = 'cpu_hog', targets = 'db' }\n"));
  CHECK(e.line == kBaseLines + 1);
  CHECK_THAT(e.message, Catch::StartsWith("fault.targets"));
}

TEST_CASE("scenario loading: a time after the end of the drill is refused", "[scenario][load]") {
  const ScriptError e = load_error(base_scenario_with("at('25m', function() end)\n"));
  CHECK(e.line == kBaseLines + 1);
  CHECK(e.message == "at 25m: 25m is not before the end of the drill (meta.length 20m)");
}

TEST_CASE("scenario loading: live state cannot be read while the file loads", "[scenario][load]") {
  const ScriptError e = load_error(base_scenario_with("local x = metric('lb', 'requests')\n"));
  CHECK(e.line == kBaseLines + 1);
  CHECK_THAT(e.message, Catch::StartsWith("metric() works on the running drill"));
}

TEST_CASE("scenario loading: a declaration is made once", "[scenario][load]") {
  const ScriptError e = load_error(base_scenario_with("stack { web = { count = 3 } }\n"));
  CHECK(e.message == "stack {...} is declared twice (put every component in one stack {...})");
}

TEST_CASE("scenario loading: an id is declared once, and the message points at the first",
          "[scenario][load]") {
  const std::string alert =
      "alert { name = 'Errors', expr = 'lb.error_ratio > 0.9', summary = 's' }\n";
  CHECK(load_error(base_scenario_with(alert)).message ==
        "alert.name: \"Errors\" is declared twice (first at test.lua:7)");
  const std::string team = "team { id = 'dba', name = 'DBAs', reply = 'on it' }\n";
  CHECK(load_error(base_scenario_with(team + team)).message ==
        "team.id: \"dba\" is declared twice (first at test.lua:8)");
  const std::string hint = "hint { id = 'h', text = 'look' }\n";
  CHECK(load_error(base_scenario_with(hint + hint)).message ==
        "hint.id: \"h\" is declared twice (first at test.lua:8)");
  const std::string fault = "fault { id = 'f', kind = 'cpu_hog', targets = 'web-1' }\n";
  CHECK(load_error(base_scenario_with(fault + fault)).message ==
        "fault.id: \"f\" is declared twice (first at test.lua:8)");
}

TEST_CASE("scenario loading: the seed option replaces the scenario's seed", "[scenario][load]") {
  ScenarioLoadOptions options;
  options.seed = 99;
  ScriptError error;
  const auto scenario = Scenario::load_string(base_scenario(), "t.lua", options, &error);
  REQUIRE(scenario);
  CHECK(scenario->drill_spec().seed == 99);
}

TEST_CASE("scenario loading: a missing file is an error naming it", "[scenario][load]") {
  ScriptError error;
  CHECK_FALSE(Scenario::load_file("no/such/scenario.lua", {}, &error));
  CHECK(error.kind == ScriptErrorKind::io);
  CHECK(error.formatted() ==
        "no/such/scenario.lua: cannot open the scenario: No such file or "
        "directory");
}
