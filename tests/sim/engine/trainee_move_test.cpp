// The one way a trainee's move reaches a drill (the HTTP API and the replay both use it).
#include <catch2/catch.hpp>

#include "reporter/journal/memory_journal_sink.h"
#include "sim/engine/trainee_move.h"
#include "sim/trainee/console.h"

using namespace firedrill;
using nlohmann::json;

namespace {

struct Fixture {
  MemoryJournalSink sink;
  std::unique_ptr<Drill> drill;
  std::unique_ptr<Console> console;
  Fixture() {
    DrillSpec s;
    s.stack.traffic.base_rps = 100;
    s.stack.web.count = 2;
    s.alerts = standard_alert_rules();
    std::string error;
    drill = Drill::create(s, &sink, &error);
    REQUIRE(drill);
    console = std::make_unique<Console>(drill->stack(), drill->logs());
    drill->run_until(SimTime::seconds(30));
  }
  MoveOutcome perform(const std::string& kind, json fields, bool with_console = true) {
    MoveOptions options;
    if (with_console) options.console = console.get();
    return perform_trainee_move(*drill, {kind, std::move(fields)}, options);
  }
  const JournalRecord& last() const { return sink.records().back(); }
};

}  // namespace

TEST_CASE("trainee move: a note, a status update and a declaration become their records",
          "[moves]") {
  Fixture f;
  MoveOutcome done = f.perform("trainee.note", {{"text", "db is fine"}});
  REQUIRE(done.done);
  CHECK(done.t == SimTime::seconds(30));
  CHECK(done.seq == f.last().seq);
  CHECK(f.last().source == "trainee");
  CHECK(f.last().fields == json{{"text", "db is fine"}, {"hypothesis", false}});
  f.perform("trainee.status", {{"text", "investigating"}});
  CHECK(f.last().fields == json{{"text", "investigating"}, {"audience", "internal"}});
  f.perform("trainee.declare", {{"state", "mitigated"}, {"autopilot", true}});
  CHECK(f.last().kind == "trainee.declare");
  CHECK(f.last().fields == json{{"state", "mitigated"}, {"autopilot", true}});
}

TEST_CASE("trainee move: a command runs on the console and journals what it touched", "[moves]") {
  Fixture f;
  const MoveOutcome done =
      f.perform("trainee.command", {{"host", "web-1"}, {"command", "ulimit -n"}});
  REQUIRE(done.done);
  CHECK(done.prompt == "root@web-1:~# ");
  CHECK(done.exit_code == 0);
  CHECK_FALSE(done.output.empty());
  CHECK(f.last().kind == "trainee.command");
  CHECK(f.last().fields["exit_code"] == 0);
  CHECK(f.last().fields["touched"]["host"] == "web-1");
  CHECK_FALSE(done.action.has_value());
  // Without a console the move is refused and nothing is written.
  const uint64_t before = f.drill->journal().records_written();
  CHECK_FALSE(f.perform("trainee.command", {{"host", "web-1"}, {"command", "uptime"}}, false).done);
  CHECK(f.drill->journal().records_written() == before);
}

TEST_CASE(
    "trainee move: a command that asks for a restart gets it as a trainee.action unless "
    "told not to",
    "[moves]") {
  Fixture f;
  MoveOutcome done =
      f.perform("trainee.command", {{"host", "web-2"}, {"command", "systemctl restart nginx"}});
  REQUIRE(done.action.has_value());
  CHECK(done.request->action == "restart_service");
  CHECK(f.last().kind == "trainee.action");
  const uint64_t before = f.drill->journal().records_written();
  MoveOptions replay;
  replay.console = f.console.get();
  replay.perform_requested_action = false;
  done = perform_trainee_move(
      *f.drill, {"trainee.command", {{"host", "web-2"}, {"command", "systemctl restart nginx"}}},
      replay);
  CHECK_FALSE(done.action.has_value());
  CHECK(f.drill->journal().records_written() == before + 1);
}

TEST_CASE("trainee move: an action goes through the drill, refused ones are journalled too",
          "[moves]") {
  Fixture f;
  MoveOutcome done = f.perform("trainee.action", {{"action", "drain"}, {"target", "web-1"}});
  REQUIRE(done.done);
  CHECK(done.action->ok);
  CHECK(f.last().fields["action"] == "drain");
  done = f.perform("trainee.action", {{"action", "drain"}, {"target", "web-7"}});
  REQUIRE(done.done);
  CHECK_FALSE(done.action->ok);
  CHECK(f.last().fields["ok"] == false);
}

TEST_CASE("trainee move: acknowledging an alert the engine does not list is refused", "[moves]") {
  Fixture f;
  const MoveOutcome done =
      f.perform("trainee.ack", {{"rule", "HighErrorRate"}, {"component", "nowhere"}});
  CHECK_FALSE(done.done);
  CHECK(done.problem.message == "no alert HighErrorRate on nowhere is listed");
}

TEST_CASE("trainee move: fields are checked against the contract before anything happens",
          "[moves]") {
  CHECK(check_move_fields({"trainee.escalate", {{"team", "dba"}}})->field == "message");
  CHECK(check_move_fields({"trainee.message", {{"to", "Tom"}, {"text", "x"}, {"reply_to_seq", -1}}})
            ->field == "reply_to_seq");
  CHECK(check_move_fields({"timeline.edit", {{"op", "add"}, {"text", "x"}}})->field == "at_us");
  CHECK(check_move_fields({"timeline.edit", {{"op", "hide"}, {"target_seq", 4}}}) == std::nullopt);
  CHECK(check_move_fields({"trainee.hint", json::object()}) == std::nullopt);
  const auto problem = check_move_fields({"trainee.jump", json::object()});
  REQUIRE(problem);
  CHECK(problem->field == "kind");
  Fixture f;
  CHECK_FALSE(f.perform("trainee.runbook", {{"alert", "HighErrorRate"}}).done);
}
