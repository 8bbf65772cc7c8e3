// Replaying a responder: hand-written moves and a drill's own journal.
#include <catch2/catch.hpp>

#include "reporter/journal/memory_journal_sink.h"
#include "sim/engine/action_script.h"

using namespace firedrill;

namespace {
DrillSpec spec() {
  DrillSpec s;
  s.stack.traffic.base_rps = 200;
  s.stack.web.count = 2;
  s.alerts = standard_alert_rules();
  return s;
}

std::string run_with(const std::vector<ScriptedMove>& moves) {
  MemoryJournalSink sink;
  std::string error;
  auto d = Drill::create(spec(), &sink, &error);
  REQUIRE(d);
  ActionScriptPlayer player(*d, moves);
  d->stack().host("web-1")->set_memory_leak(900);  // something for the moves to matter to
  d->run_until(SimTime::minutes(8));
  CHECK(player.performed() == moves.size());
  return sink.text();
}
}  // namespace

TEST_CASE("action script: compact moves are read with their times and parameters", "[replay]") {
  const auto r = parse_action_script(
      R"({"at": "1:30", "action": "restart_service", "target": "web-1"}
{"at": 20, "action": "set_config", "target": "lb", "params": {"key": "proxy_timeout_ms", "value": 5000}}
)",
      "moves.jsonl");
  REQUIRE(r.ok());
  REQUIRE(r.moves.size() == 2);
  CHECK(r.moves[0].at == SimTime::seconds(20));  // sorted by time
  CHECK(r.moves[0].request.params.at("value") == "5000");
  CHECK(r.moves[1].at == SimTime::seconds(90));
  CHECK(r.moves[1].line == 1);
}

TEST_CASE("action script: a bad line is refused with file, line and field", "[replay]") {
  auto r = parse_action_script("{\"at\": \"1:3x\", \"action\": \"drain\"}\n", "m.jsonl");
  CHECK(r.error.rfind("m.jsonl:1: at: expected mm:ss", 0) == 0);
  r = parse_action_script("\n{\"at\": 5, \"acton\": \"drain\"}\n", "m.jsonl");
  CHECK(r.error == "m.jsonl:2: unknown field 'acton'; valid: at, action, target, params");
  r = parse_action_script("{not json\n", "m.jsonl");
  CHECK(r.error == "m.jsonl:1: not a JSON object");
}

TEST_CASE("action script: replaying a drill's own journal gives a byte-identical journal",
          "[replay][determinism]") {
  const auto moves = parse_action_script(
      R"({"at": "2:00", "action": "drain", "target": "web-1"}
{"at": "3:10", "action": "restart_service", "target": "web-1"}
{"at": "4:00", "action": "undrain", "target": "web-1"}
{"at": "5:00", "action": "set_config", "target": "web-2", "params": {"key": "workers", "value": "oops"}}
)",
      "moves.jsonl");
  REQUIRE(moves.ok());
  const std::string first = run_with(moves.moves);
  const auto replay = parse_action_script(first, "journal.jsonl");
  REQUIRE(replay.ok());
  REQUIRE(replay.moves.size() == 4);
  CHECK(run_with(replay.moves) == first);
}
