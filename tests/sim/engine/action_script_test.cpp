// Replaying a responder: hand-written moves and a drill's own journal.
#include <catch2/catch.hpp>

#include "reporter/journal/memory_journal_sink.h"
#include "sim/engine/action_script.h"
#include "sim/trainee/console.h"

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
  Console console(d->stack(), d->logs());
  ActionScriptPlayer player(*d, moves, &console, "moves.jsonl");
  d->stack().host("web-1")->set_memory_leak(900);  // something for the moves to matter to
  player.run_until(SimTime::minutes(8));
  CHECK(player.warnings().empty());
  CHECK(player.performed() == moves.size());
  return sink.text();
}

std::string field_of(const ScriptedMove& m, const char* key) {
  return m.move.fields.value(key, std::string());
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
  CHECK(r.moves[0].move.kind == "trainee.action");
  CHECK(r.moves[0].move.fields["params"]["value"] == "5000");
  CHECK(r.moves[1].at == SimTime::seconds(90));
  CHECK(r.moves[1].line == 1);
}

TEST_CASE("action script: a bad line is refused with file, line and field", "[replay]") {
  auto r = parse_action_script("{\"at\": \"1:3x\", \"action\": \"drain\"}\n", "m.jsonl");
  CHECK(r.error.rfind("m.jsonl:1: at: expected mm:ss", 0) == 0);
  r = parse_action_script("\n{\"at\": 5, \"acton\": \"drain\"}\n", "m.jsonl");
  CHECK(r.error ==
        "m.jsonl:2: unknown field 'acton'; valid: at, action, target, params (or kind, fields)");
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

TEST_CASE("action script: every kind of trainee move is read from journal records and by hand",
          "[replay]") {
  const auto r = parse_action_script(
      R"({"t":1000000,"seq":3,"source":"trainee","kind":"trainee.command","fields":{"host":"web-1","command":"uptime","exit_code":0,"touched":{}}}
{"t":2000000,"seq":4,"source":"alert","kind":"alert.firing","fields":{"rule":"X"}}
{"at":"0:03","kind":"trainee.escalate","fields":{"team":"dba","message":"help"}}
{"at":4,"kind":"trainee.note","fields":{"text":"db looks fine","hypothesis":true}}
{"at":5,"kind":"trainee.status","fields":{"text":"investigating","audience":"support"}}
{"at":6,"kind":"trainee.message","fields":{"to":"Tom","text":"ETA 10 min"}}
{"at":7,"kind":"trainee.hint","fields":{}}
{"at":8,"kind":"trainee.runbook","fields":{"runbook":"runbooks/high-error-rate"}}
{"at":9,"kind":"trainee.declare","fields":{"state":"mitigated"}}
{"at":10,"kind":"timeline.edit","fields":{"op":"reword","target_seq":3,"text":"checked load"}}
{"at":11,"kind":"trainee.ack","fields":{"rule":"HighErrorRate","component":"lb"}}
)",
      "moves.jsonl");
  REQUIRE(r.ok());
  REQUIRE(r.moves.size() == 10);  // the alert record is the drill's, not a move
  CHECK(r.moves[0].move.kind == "trainee.command");
  CHECK(r.moves[0].from_journal);
  CHECK(r.moves[0].field_prefix == "fields.");
  CHECK(r.moves[1].move.kind == "trainee.escalate");
  CHECK_FALSE(r.moves[1].from_journal);
  CHECK(r.moves[1].at == SimTime::seconds(3));
  CHECK(field_of(r.moves[8], "op") == "reword");
  CHECK(r.moves[9].move.kind == "trainee.ack");
}

TEST_CASE("action script: bad moves name the line, the field and what would be valid", "[replay]") {
  auto r = parse_action_script(
      "{\"at\": 5, \"kind\": \"trainee.declare\", \"fields\": {\"state\": \"done\"}}\n", "m.jsonl");
  CHECK(r.error == "m.jsonl:1: fields.state: \"done\" is not one of: mitigated, resolved");
  r = parse_action_script("{\"at\": 5, \"kind\": \"trainee.nte\", \"fields\": {}}\n", "m.jsonl");
  CHECK(r.error.rfind("m.jsonl:1: kind: \"trainee.nte\" is not a trainee move; one of: "
                      "trainee.command, trainee.action,",
                      0) == 0);
  r = parse_action_script("{\"at\": 5, \"kind\": \"trainee.note\", \"fields\": {\"text\": 3}}\n",
                          "m.jsonl");
  CHECK(r.error == "m.jsonl:1: fields.text: expected a string, got 3");
  r = parse_action_script("{\"kind\": \"trainee.note\", \"fields\": {\"text\": \"x\"}}\n",
                          "m.jsonl");
  CHECK(r.error.rfind("m.jsonl:1: t: missing", 0) == 0);
  r = parse_action_script("{\"at\": 1e300, \"action\": \"drain\"}\n", "m.jsonl");
  CHECK(r.error.rfind("m.jsonl:1: at: expected mm:ss, h:mm:ss or a number of seconds up to", 0) ==
        0);

  // Names are checked against the stack the drill will have.
  std::string error;
  auto d = Drill::create(spec(), nullptr, &error);
  REQUIRE(d);
  r = parse_action_script(
      "{\"at\": 1, \"action\": \"drain\", \"target\": \"web-1\"}\n"
      "{\"at\": 2, \"action\": \"restart_service\", \"target\": \"web-9\"}\n",
      "m.jsonl");
  REQUIRE(r.ok());
  CHECK(check_action_script(r, d->stack()) ==
        "m.jsonl:2: target: unknown host \"web-9\"; hosts: web-1, web-2, db, lb");
  r = parse_action_script("{\"at\": 1, \"action\": \"restrat\", \"target\": \"web-1\"}\n",
                          "m.jsonl");
  CHECK(check_action_script(r, d->stack())
            .rfind("m.jsonl:1: action: unknown action \"restrat\"; one of: restart_service, "
                   "stop_service,",
                   0) == 0);
  r = parse_action_script(
      "{\"at\": 1, \"kind\": \"trainee.command\", \"fields\": {\"host\": \"wbe-1\", \"command\": "
      "\"uptime\"}}\n",
      "m.jsonl");
  CHECK(check_action_script(r, d->stack()) ==
        "m.jsonl:1: fields.host: unknown host \"wbe-1\"; hosts: web-1, web-2, db, lb");
  r = parse_action_script("{\"at\": 1, \"action\": \"set_config\", \"target\": \"web-1\"}\n",
                          "m.jsonl");
  CHECK(check_action_script(r, d->stack()) ==
        "m.jsonl:1: params.key: set_config needs parameter \"key\" (needs: key, value)");
}

TEST_CASE(
    "action script: a replayed journal re-runs commands through the console and does "
    "not repeat the action a command asked for",
    "[replay][determinism]") {
  const auto moves = parse_action_script(
      R"({"at": "1:00", "kind": "trainee.command", "fields": {"host": "web-1", "command": "systemctl restart nginx"}}
{"at": "1:30", "kind": "trainee.command", "fields": {"host": "web-2", "command": "cat /proc/loadavg"}}
{"at": "2:00", "kind": "trainee.note", "fields": {"text": "restarted nginx on web-1"}}
{"at": "2:10", "kind": "trainee.escalate", "fields": {"team": "dba", "message": "please look"}}
{"at": "2:20", "kind": "timeline.edit", "fields": {"op": "add", "at_us": 60000000, "text": "paged"}}
)",
      "moves.jsonl");
  REQUIRE(moves.ok());
  const std::string first = run_with(moves.moves);
  // By hand, the command's restart is carried out as its own trainee.action record.
  CHECK(first.find("\"kind\":\"trainee.action\",\"fields\":{\"action\":\"restart_service\"") !=
        std::string::npos);
  CHECK(first.find("\"command\":\"cat /proc/loadavg\",\"exit_code\":0") != std::string::npos);
  const auto replay = parse_action_script(first, "journal.jsonl");
  REQUIRE(replay.ok());
  REQUIRE(replay.moves.size() == 6);  // 5 moves and the restart the first one asked for
  CHECK(run_with(replay.moves) == first);
}
