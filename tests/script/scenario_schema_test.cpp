// The scenario API's strict readers: every wrong type, unknown field or missing field is an
// error naming the file, the line of the declaration and the field's path.
#include <catch2/catch.hpp>

#include "scenario_test_util.h"
#include "sim/script/scenario_schema.h"

using namespace firedrill;
using namespace firedrill::script;
using firedrill::script::testing::base_meta;
using firedrill::script::testing::base_scenario;
using firedrill::script::testing::base_scenario_with;
using firedrill::script::testing::kBaseLines;
using firedrill::script::testing::kMetaLines;
using firedrill::script::testing::load_error;

TEST_CASE("scenario schema: a wrong type names the file, the line and the field's path",
          "[scenario][schema]") {
  const ScriptError e =
      load_error(base_meta() + "stack { web = { workers = \"many\" } }\n", "scenarios/x.lua");
  CHECK(e.file == "scenarios/x.lua");
  CHECK(e.line == kMetaLines + 1);
  CHECK(e.message ==
        "stack.web.workers: expected a whole number from 1 to 100000, got string "
        "\"many\"");
  CHECK(e.formatted().starts_with("scenarios/x.lua:5: stack.web.workers: expected a whole"));
}

TEST_CASE("scenario schema: an unknown field is rejected and the closest field is suggested",
          "[scenario][schema]") {
  const ScriptError e = load_error(base_meta() + "stack {\n  web = { wokers = 4 },\n}\n");
  CHECK(e.line == kMetaLines + 1);  // the line of the call: where `stack {` starts
  CHECK_THAT(e.message, Catch::StartsWith("stack.web.wokers: unknown field (did you mean "
                                          "'workers'?); valid fields: backlog, count,"));
}

TEST_CASE("scenario schema: unknown fields are rejected in every declaration",
          "[scenario][schema]") {
  const auto [code, field] = GENERATE(table<std::string, std::string>({
      {"team { id = 'dba', name = 'DBA', reply = 'hi', dealy = '1m' }", "team.dealy"},
      {"hint { id = 'h', text = 't', whenn = function() end }", "hint.whenn"},
      {"alert { name = 'A', expr = 'lb.error_ratio > 1', summary = 's', sevrity = 'page' }",
       "alert.sevrity"},
      {"at('1m', function() end, { nmae = 'x' })", "at(options).nmae"},
      {"autopilot { { at = '1m', note = 'n', hots = 'db' } }", "autopilot[1].hots"},
  }));
  const ScriptError e = load_error(base_scenario_with(code + "\n"));
  CHECK(e.line == kBaseLines + 1);
  CHECK_THAT(e.message, Catch::StartsWith(field + ": unknown field"));
}

TEST_CASE("scenario schema: a missing required field is named", "[scenario][schema]") {
  const ScriptError e = load_error(
      "meta { id = 'x', difficulty = 'beginner', length = '10m', start = '2024-02-16 14:00', "
      "briefing = 'b', root_cause = 'r', learning_goals = {'g'} }\n");
  CHECK(e.line == 1);
  CHECK(e.message == "meta.title: required field is missing");
}

TEST_CASE("scenario schema: a choice suggests the closest valid value", "[scenario][schema]") {
  const ScriptError e = load_error(
      "meta { id = 'x', title = 't', difficulty = 'beginer', length = '10m', "
      "start = '2024-02-16 14:00', briefing = 'b', root_cause = 'r', learning_goals = {'g'} }\n");
  CHECK(e.message ==
        "meta.difficulty: expected one of \"beginner\", \"intermediate\", "
        "\"advanced\", got string \"beginer\" (did you mean \"beginner\"?)");
}

TEST_CASE("scenario schema: list items are named by their position, from 1", "[scenario][schema]") {
  const ScriptError e =
      load_error(base_meta() +
                 "traffic { spikes = { { at = '1m', duration = '1m' }, { at = 'soon', "
                 "duration = '1m' } } }\n");
  CHECK_THAT(e.message,
             Catch::StartsWith("traffic.spikes[2].at: expected a duration such as \"30s\""));
}

TEST_CASE("scenario schema: positional arguments are named after the call", "[scenario][schema]") {
  CHECK_THAT(load_error(base_scenario_with("at('soon', function() end)\n")).message,
             Catch::StartsWith("at(time): expected a duration"));
  CHECK(load_error(base_scenario_with("every('1m', 'not a function')\n")).message ==
        "every(fn): expected a function, got string \"not a function\"");
  CHECK(load_error(base_scenario_with("meta({}, 2)\n")).message ==
        "meta {...} takes 1 argument, got 2");
}

TEST_CASE("scenario schema: the time zone and start of the simulated day are checked",
          "[scenario][schema]") {
  const ScriptError e = load_error(
      "meta { id = 'x', title = 't', difficulty = 'beginner', length = '10m', time_zone = "
      "'Mars/Olympus', start = '2024-02-16 14:00', briefing = 'b', root_cause = 'r', "
      "learning_goals = {'g'} }\n");
  CHECK_THAT(e.message, Catch::StartsWith("meta.time_zone: "));
  CHECK_THAT(e.message, Catch::Contains("Mars/Olympus"));
}

TEST_CASE("scenario schema: a fault's parameters are checked in the fault library's words",
          "[scenario][schema]") {
  const ScriptError e = load_error(
      base_scenario_with("fault { id = 'slow', kind = 'slow_queries', params = { factr = 3 } }\n"));
  CHECK(e.line == kBaseLines + 1);
  CHECK_THAT(e.message, Catch::StartsWith("fault.params.factr: unknown parameter for "
                                          "slow_queries (did you mean 'factor'?)"));
  CHECK_THAT(load_error(base_scenario_with("fault { id = 'x', kind = 'latncy' }\n")).message,
             Catch::StartsWith("fault.kind: unknown fault kind 'latncy' (did you mean "
                               "'latency'?)"));
}

TEST_CASE("scenario schema: a table that contains itself is refused, not followed forever",
          "[scenario][schema]") {
  const ScriptError e = load_error(base_scenario_with("local t = {}\nt.web = t\nstack(t)\n"));
  CHECK(e.line == kBaseLines + 3);
  CHECK_THAT(e.message, Catch::Contains("nest more than"));
}

TEST_CASE("scenario schema: durations read like 30s, 5m, 1h30m, 250ms or a number of seconds",
          "[scenario][schema]") {
  CHECK(parse_duration_text("30s") == SimTime::seconds(30));
  CHECK(parse_duration_text("5m") == SimTime::minutes(5));
  CHECK(parse_duration_text("1h30m") == SimTime::minutes(90));
  CHECK(parse_duration_text("250ms") == SimTime::millis(250));
  CHECK(parse_duration_text("1.5m") == SimTime::seconds(90));
  CHECK(parse_duration_text("90") == SimTime::seconds(90));
  CHECK(parse_duration_text("2d") == SimTime::seconds(2 * 86400));
  CHECK_FALSE(parse_duration_text("soon"));
  CHECK_FALSE(parse_duration_text("5 minutes"));
  CHECK_FALSE(parse_duration_text("-5m"));
  CHECK_FALSE(parse_duration_text("5m30"));
  CHECK(format_duration(SimTime::seconds(5400)) == "1h30m");
  CHECK(format_duration(SimTime::millis(250)) == "250ms");
  CHECK(format_duration(SimTime::millis(90500)) == "1m30.5s");
}

TEST_CASE("scenario schema: the record reader reports the first error only", "[scenario][schema]") {
  SchemaValue table;
  table.type = SchemaValue::Type::table;
  SchemaValue text;
  text.type = SchemaValue::Type::string;
  text.text = "x";
  table.fields = {{"a", text}, {"b", text}};
  SchemaStatus status;
  RecordReader r(status, table, "root");
  uint32_t a = 0, b = 0;
  r.whole("a", a);
  r.whole("b", b);
  r.finish();
  REQUIRE_FALSE(status.ok());
  CHECK(status.error()->formatted() == "root.a: expected a whole number, got string \"x\"");
}
