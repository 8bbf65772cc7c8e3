// The POST routes without a socket: the clock, acknowledgements, actions, the console, and
// the trainee's notes, escalations, status updates and declarations — each validated, then
// carried out on the engine thread and journalled.
#include <catch2/catch.hpp>

#include "api_test_util.h"

using namespace firedrill;
using namespace firedrill::api;
using test::check_error;
using test::json_of;

namespace {

// The journal records of one kind, read on the engine thread (the sink's owner).
std::vector<JournalRecord> records_of(Session& s, MemoryJournalSink& sink,
                                      const std::string& kind) {
  auto found = s.call([&sink, kind](Drill&) {
    std::vector<JournalRecord> out;
    for (const JournalRecord& r : sink.records())
      if (r.kind == kind) out.push_back(r);
    return out;
  });
  REQUIRE(found);
  return *found;
}

}  // namespace

TEST_CASE("POST /clock: pause, step exactly, change speed, resume", "[api]") {
  auto s = test::paused_session();
  ApiRoutes routes(single_session(*s));
  const nlohmann::json stepped =
      json_of(routes.handle("POST", "/api/v1/clock", {}, R"({"step_seconds": 45})"));
  CHECK(stepped["clock"]["t_us"] == SimTime::seconds(45).us());
  CHECK(stepped["clock"]["paused"] == true);

  const nlohmann::json fast =
      json_of(routes.handle("POST", "/api/v1/clock", {}, R"({"speed": 10, "resume": true})"));
  CHECK(fast["clock"]["speed"] == 10);
  CHECK(fast["clock"]["paused"] == false);
  CHECK(s->pacing().speed == 10);

  const nlohmann::json paused_and_stepped =
      json_of(routes.handle("POST", "/api/v1/clock", {}, R"({"pause": true, "step_seconds": 1})"));
  CHECK(paused_and_stepped["clock"]["paused"] == true);
  CHECK(s->pacing().paused);
}

TEST_CASE("POST /clock: stepping a running clock is refused with 409", "[api]") {
  auto s = test::paused_session();
  ApiRoutes routes(single_session(*s));
  routes.handle("POST", "/api/v1/clock", {}, R"({"speed": 0.001, "resume": true})");
  check_error(routes.handle("POST", "/api/v1/clock", {}, R"({"step_seconds": 5})"), 409,
              "step_seconds");
}

TEST_CASE("POST /clock: an empty, contradictory or mistyped request names the field", "[api]") {
  auto s = test::paused_session();
  ApiRoutes routes(single_session(*s));
  check_error(routes.handle("POST", "/api/v1/clock", {}, "{}"), 400, "body");
  check_error(routes.handle("POST", "/api/v1/clock", {}, R"({"pause": true, "resume": true})"), 400,
              "resume");
  check_error(routes.handle("POST", "/api/v1/clock", {}, R"({"speed": "fast"})"), 400, "speed");
  check_error(routes.handle("POST", "/api/v1/clock", {}, R"({"speed": -1})"), 400, "speed");
  check_error(routes.handle("POST", "/api/v1/clock", {}, R"({"step_seconds": 0})"), 400,
              "step_seconds");
  check_error(routes.handle("POST", "/api/v1/clock", {}, R"({"pause": false})"), 400, "pause");
  check_error(routes.handle("POST", "/api/v1/clock", {}, R"({"pasue": true})"), 400, "pasue");
}

TEST_CASE("POST /alerts/ack: acknowledges a listed alert and journals who and when", "[api]") {
  MemoryJournalSink sink;
  auto s = test::paused_session({}, &sink);
  ApiRoutes routes(single_session(*s));
  check_error(routes.handle("POST", "/api/v1/alerts/ack", {},
                            R"({"rule": "BackendDown", "component": "web-1"})"),
              404, "rule");
  check_error(routes.handle("POST", "/api/v1/alerts/ack", {}, R"({"rule": "BackendDown"})"), 400,
              "component");

  s->call([](Drill& d) { return d.perform({"stop_service", "web-1", {}}); });
  test::step(*s, SimTime::minutes(2));
  const ApiResponse r = routes.handle("POST", "/api/v1/alerts/ack", {},
                                      R"({"rule": "BackendDown", "component": "web-1"})");
  REQUIRE(r.status == 200);
  const nlohmann::json alerts = json_of(routes.handle("GET", "/api/v1/alerts"));
  bool acked = false;
  for (const auto& a : alerts["alerts"])
    if (a["rule"] == "BackendDown" && a["component"] == "web-1")
      acked = a["ack"]["by"] == "trainee" && a["ack"]["t_us"] == SimTime::minutes(2).us();
  CHECK(acked);
  const auto acks = records_of(*s, sink, "trainee.ack");
  REQUIRE(acks.size() == 1);
  CHECK(acks[0].seq == json_of(r)["seq"].get<uint64_t>());
  CHECK(acks[0].fields["rule"] == "BackendDown");
}

TEST_CASE("POST /actions: a valid action is carried out and journalled", "[api]") {
  MemoryJournalSink sink;
  auto s = test::paused_session({}, &sink);
  ApiRoutes routes(single_session(*s));
  const ApiResponse r =
      routes.handle("POST", "/api/v1/actions", {}, R"({"action": "drain", "target": "web-2"})");
  REQUIRE(r.status == 200);
  CHECK(json_of(r)["ok"] == true);
  const nlohmann::json topology = json_of(routes.handle("GET", "/api/v1/topology"));
  for (const auto& h : topology["hosts"])
    if (h["name"] == "web-2") CHECK(h["lb"]["in_rotation"] == false);
  const auto actions = records_of(*s, sink, "trainee.action");
  REQUIRE(actions.size() == 1);
  CHECK(actions[0].fields["action"] == "drain");
  CHECK(actions[0].seq == json_of(r)["seq"].get<uint64_t>());
}

TEST_CASE("POST /actions: malformed requests are 400 naming the field", "[api]") {
  auto s = test::paused_session();
  ApiRoutes routes(single_session(*s));
  check_error(routes.handle("POST", "/api/v1/actions", {}, R"({"target": "web-1"})"), 400,
              "action");
  check_error(routes.handle("POST", "/api/v1/actions", {}, R"({"action": "explode"})"), 400,
              "action");
  check_error(routes.handle("POST", "/api/v1/actions", {}, R"({"action": "drain"})"), 400,
              "target");
  check_error(
      routes.handle("POST", "/api/v1/actions", {}, R"({"action": "deploy", "target": "web-1"})"),
      400, "params.version");
  check_error(routes.handle("POST", "/api/v1/actions", {},
                            R"({"action": "drain", "target": "web-1", "params": [1]})"),
              400, "params");
}

TEST_CASE("POST /actions: the stack's refusal is 422 with its message", "[api]") {
  MemoryJournalSink sink;
  auto s = test::paused_session({}, &sink);
  ApiRoutes routes(single_session(*s));
  const ApiResponse r =
      routes.handle("POST", "/api/v1/actions", {}, R"({"action": "drain", "target": "web-9"})");
  check_error(r, 422);
  const nlohmann::json j = json_of(r);
  CHECK(j["ok"] == false);
  CHECK(j["error"].get<std::string>().find("web-9") != std::string::npos);
  // A refused action is still the trainee's move: it is journalled.
  CHECK(records_of(*s, sink, "trainee.action").size() == 1);
}

TEST_CASE("POST /notes, /escalations, /status, /declare: journalled at the simulated time",
          "[api]") {
  MemoryJournalSink sink;
  auto s = test::paused_session({}, &sink);
  ApiRoutes routes(single_session(*s));
  test::step(*s, SimTime::seconds(42));
  const ApiResponse note =
      routes.handle("POST", "/api/v1/notes", {}, R"({"text": "db pool?", "hypothesis": true})");
  REQUIRE(note.status == 201);
  CHECK(json_of(note)["t_us"] == SimTime::seconds(42).us());
  CHECK(routes
            .handle("POST", "/api/v1/escalations", {},
                    R"({"team": "dba", "message": "slow queries on db"})")
            .status == 201);
  CHECK(routes.handle("POST", "/api/v1/status", {}, R"({"text": "investigating"})").status == 201);
  CHECK(routes.handle("POST", "/api/v1/declare", {}, R"({"state": "mitigated"})").status == 201);

  const auto notes = records_of(*s, sink, "trainee.note");
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].t == SimTime::seconds(42));
  CHECK(notes[0].fields == nlohmann::json({{"text", "db pool?"}, {"hypothesis", true}}));
  CHECK(records_of(*s, sink, "trainee.escalate").at(0).fields["team"] == "dba");
  CHECK(records_of(*s, sink, "trainee.status").at(0).fields["audience"] == "internal");
  CHECK(records_of(*s, sink, "trainee.declare").at(0).fields["state"] == "mitigated");
}

TEST_CASE("POST /notes and friends: bad input is 400 naming the field", "[api]") {
  auto s = test::paused_session();
  ApiRoutes routes(single_session(*s));
  check_error(routes.handle("POST", "/api/v1/notes", {}, R"({"text": ""})"), 400, "text");
  check_error(routes.handle("POST", "/api/v1/notes", {}, R"({"text": "x", "hypothesis": 1})"), 400,
              "hypothesis");
  check_error(routes.handle("POST", "/api/v1/notes", {}, std::string(5000, 'x')), 400, "body");
  check_error(routes.handle("POST", "/api/v1/escalations", {}, R"({"team": "dba"})"), 400,
              "message");
  check_error(routes.handle("POST", "/api/v1/status", {}, R"({"text": "x", "audience": 7})"), 400,
              "audience");
  check_error(routes.handle("POST", "/api/v1/declare", {}, R"({"state": "fixed"})"), 400, "state");
  check_error(routes.handle("POST", "/api/v1/declare", {}, "[]"), 400, "body");
}

TEST_CASE("POST /console: runs a command on a host, or 501 without a console", "[api]") {
  MemoryJournalSink sink;
  auto s = test::paused_session({}, &sink);
  ApiRoutes routes(single_session(*s));
  test::step(*s, SimTime::seconds(5));
  const ApiResponse r =
      routes.handle("POST", "/api/v1/console", {}, R"({"host": "web-1", "command": "df -h"})");
  if (!s->has_console()) {
    check_error(r, 501);
    return;
  }
  REQUIRE(r.status == 200);
  const nlohmann::json j = json_of(r);
  CHECK(j["exit_code"] == 0);
  CHECK(j["output"].get<std::string>().find("Filesystem") != std::string::npos);
  CHECK(j["action"].is_null());
  const auto commands = records_of(*s, sink, "trainee.command");
  REQUIRE(commands.size() == 1);
  CHECK(commands[0].fields["host"] == "web-1");
  CHECK(commands[0].fields["command"] == "df -h");
  CHECK(commands[0].fields["exit_code"] == 0);
  CHECK(commands[0].fields["touched"]["topic"] == "disk");

  check_error(routes.handle("POST", "/api/v1/console", {}, R"({"host": "web-1"})"), 400, "command");
}

TEST_CASE("POST /console: a command that changes state asks the drill, which acts", "[api]") {
  MemoryJournalSink sink;
  auto s = test::paused_session({}, &sink);
  if (!s->has_console()) return;  // covered by the 501 case above
  ApiRoutes routes(single_session(*s));
  const ApiResponse r = routes.handle("POST", "/api/v1/console", {},
                                      R"({"host": "web-2", "command": "systemctl stop nginx"})");
  REQUIRE(r.status == 200);
  const nlohmann::json j = json_of(r);
  REQUIRE(j["action"].is_object());
  CHECK(j["action"]["action"] == "stop_service");
  CHECK(j["action"]["ok"] == true);
  const nlohmann::json topology = json_of(routes.handle("GET", "/api/v1/topology"));
  for (const auto& h : topology["hosts"])
    if (h["name"] == "web-2") CHECK(h["state"] == "stopped");
}
