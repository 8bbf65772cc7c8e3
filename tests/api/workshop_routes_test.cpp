// Workshop mode through its routes, without sockets: joining, who may do what (401/403),
// the instructor's progress table, fault injection, the clocks and the reveal, and that no
// answer a trainee can get holds the root cause before the reveal.
#include <catch2/catch.hpp>

#include "workshop_test_util.h"

using namespace firedrill;
using namespace firedrill::api;
using namespace firedrill::api::test;

namespace {

// Every GET a trainee can make on their own drill and on the workshop.
const std::vector<std::string> kTraineeReads = {"/api/v1/session",
                                                "/api/v1/topology",
                                                "/api/v1/metrics",
                                                "/api/v1/alerts",
                                                "/api/v1/logs",
                                                "/api/v1/actions/catalog",
                                                "/api/v1/timeline",
                                                "/api/v1/debrief",
                                                "/api/v1/postmortem",
                                                "/metrics",
                                                "/api/v1/workshop",
                                                "/api/v1/workshop/root-cause",
                                                "/api/v1/workshop/draft",
                                                "/api/v1/workshop/review",
                                                "/api/v1/workshop/feedback"};

}  // namespace

TEST_CASE("workshop: a trainee joins with a name and gets a token and a drill of their own",
          "[api][workshop]") {
  WorkshopFixture w;
  const ApiResponse r =
      w.routes.handle("POST", "/api/v1/workshop/join", {}, R"({"name": "alice"})");
  REQUIRE(r.status == 201);
  const nlohmann::json j = json_of(r);
  CHECK(j["name"] == "alice");
  CHECK(j["drill"] == "/api/v1/trainees/alice");
  const std::string token = j["token"];
  CHECK(token.size() == 64);
  CHECK(token != w.instructor());
  const nlohmann::json session = json_of(w.get("/api/v1/session", token));
  CHECK(session["scenario"]["id"] == "nginx-open-files");
  CHECK(session["briefing"].get<std::string>().find("web shop") != std::string::npos);
  const std::string bob = w.join("bob");
  CHECK(bob != token);
  CHECK(&w.session("alice") != &w.session("bob"));
}

TEST_CASE("workshop: names are validated, unique ignoring case, and the workshop has a cap",
          "[api][workshop]") {
  WorkshopFixture w(2);
  auto join = [&](const std::string& body) {
    return w.routes.handle("POST", "/api/v1/workshop/join", {}, body);
  };
  check_error(join(R"({})"), 400, "name");
  check_error(join(R"({"name": ""})"), 400, "name");
  check_error(join(R"({"name": "a/b"})"), 400, "name");
  check_error(join(R"({"name": ".."})"), 400, "name");
  check_error(join(R"({"name": "x123456789012345678901234567890123"})"), 400, "name");
  check_error(join(R"({"name": 7})"), 400, "name");
  check_error(join(R"({"name": "alice", "nick": "al"})"), 400, "nick");
  check_error(join("{not json"), 400, "body");
  w.join("alice");
  check_error(join(R"({"name": "ALICE"})"), 409, "name");
  w.join("bob");
  check_error(join(R"({"name": "carol"})"), 409, "name");  // full
  CHECK(w.workshop.trainees().size() == 2);
}

TEST_CASE("workshop: a missing or wrong token is 401 on every route but join", "[api][workshop]") {
  WorkshopFixture w;
  w.join("alice");
  for (const char* path :
       {"/api/v1/session", "/api/v1/workshop", "/api/v1/workshop/progress",
        "/api/v1/trainees/alice/session", "/api/v1/workshop/draft", "/metrics"}) {
    INFO(path);
    check_error(w.get(path, ""), 401);
    check_error(w.get(path, std::string(64, 'a')), 401);
    check_error(w.get(path, w.instructor() + "x"), 401);
  }
  check_error(w.post("/api/v1/notes", {{"text", "hi"}}, ""), 401);
  check_error(w.post("/api/v1/workshop/reveal", nlohmann::json::object(), "nope"), 401);
}

TEST_CASE("workshop: a trainee's token is 403 on instructor routes and on another's drill",
          "[api][workshop]") {
  WorkshopFixture w;
  const std::string alice = w.join("alice");
  w.join("bob");
  for (const char* path :
       {"/api/v1/workshop/progress", "/api/v1/workshop/reviews", "/api/v1/workshop/export"}) {
    INFO(path);
    check_error(w.get(path, alice), 403);
  }
  for (const char* path : {"/api/v1/workshop/inject", "/api/v1/workshop/clock",
                           "/api/v1/workshop/reveal", "/api/v1/workshop/review-round"}) {
    INFO(path);
    check_error(w.post(path, {{"pause", true}}, alice), 403);
  }
  // Bob's drill, whatever the route; an unknown trainee gets the same answer.
  check_error(w.get("/api/v1/trainees/bob/session", alice), 403);
  check_error(w.get("/api/v1/trainees/bob/postmortem", alice), 403);
  check_error(w.post("/api/v1/trainees/bob/notes", {{"text", "mine now"}}, alice), 403);
  check_error(w.get("/api/v1/trainees/nobody/session", alice), 403);
  // Her own drill by name is hers.
  CHECK(w.get("/api/v1/trainees/alice/session", alice).status == 200);
  // The instructor's token is not a trainee's: no draft of their own, no drill of their own.
  check_error(w.get("/api/v1/workshop/draft", w.instructor()), 403);
  check_error(w.get("/api/v1/session", w.instructor()), 400, "path");
  check_error(w.get("/api/v1/trainees/nobody/session", w.instructor()), 404, "path");
}

TEST_CASE("workshop: a trainee acts on their own drill only", "[api][workshop]") {
  WorkshopFixture w;
  const std::string alice = w.join("alice");
  w.join("bob");
  REQUIRE(w.post("/api/v1/notes", {{"text", "alice was here"}}, alice).status == 201);
  auto notes = [&](const std::string& name) {
    const std::string body = w.get("/api/v1/trainees/" + name + "/timeline", w.instructor()).body;
    return body.find("alice was here") != std::string::npos;
  };
  CHECK(notes("alice"));
  CHECK_FALSE(notes("bob"));
}

TEST_CASE("workshop: unknown routes are 404 and wrong methods 405, before any token check",
          "[api][workshop]") {
  WorkshopFixture w;
  check_error(w.get("/api/v1/workshop/nothing", ""), 404);
  check_error(w.get("/api/v1/trainees/alice/nothing", ""), 404);
  check_error(w.get("/api/v1/trainees/", ""), 404);
  const ApiResponse r = w.get("/api/v1/workshop/join", "");
  check_error(r, 405);
  CHECK(r.headers.at(0).second == "POST");
  CHECK(w.routes.route_error("GET", "/api/v1/trainees/x/topology") == std::nullopt);
}

TEST_CASE("workshop: the progress table shows every trainee's state and figures so far",
          "[api][workshop]") {
  WorkshopFixture w;
  const std::string alice = w.join("alice");
  w.join("bob");
  // Alice's drill runs 12 minutes into the outage and she escalates; Bob's stands at 0.
  step(w.session("alice"), SimTime::minutes(12));
  REQUIRE(w.post("/api/v1/escalations", {{"team", "web"}, {"message", "502s everywhere"}}, alice)
              .status == 201);
  const ApiResponse r = w.get("/api/v1/workshop/progress", w.instructor());
  REQUIRE(r.status == 200);
  const nlohmann::json j = json_of(r);
  REQUIRE(j["trainees"].size() == 2);
  const nlohmann::json& a = j["trainees"][0];
  const nlohmann::json& b = j["trainees"][1];
  CHECK(a["name"] == "alice");
  CHECK(a["clock"]["t_us"] == SimTime::minutes(12).us());
  CHECK(a["detected"] == true);  // HighErrorRate fired
  CHECK(a["escalated"] == true);
  CHECK(a["acknowledged"] == false);
  CHECK(a["resolved"] == false);
  CHECK(a["figures"]["requests_failed"].get<double>() > 0);
  CHECK(a["figures"]["error_rate_now"].get<double>() > 0.05);
  CHECK(a["figures"]["time_to_detect_s"].is_number());
  CHECK(b["name"] == "bob");
  CHECK(b["clock"]["t_us"] == 0);
  CHECK(b["detected"] == false);
  CHECK(b["escalated"] == false);
  CHECK(b["figures"]["requests_failed"] == 0);
}

TEST_CASE("workshop: the instructor injects a scenario fault into one drill or all",
          "[api][workshop]") {
  WorkshopFixture w;
  w.join("alice");
  w.join("bob");
  w.join("carol");
  const std::string t = w.instructor();
  auto injected = [&](const std::string& name) {
    const std::string body = w.get("/api/v1/trainees/" + name + "/timeline", t).body;
    return body.find("fault.injected") != std::string::npos;
  };
  // At 0 nothing is injected yet (the scenario's fault comes at 5 minutes).
  CHECK_FALSE(injected("alice"));
  ApiResponse r =
      w.post("/api/v1/workshop/inject", {{"trainee", "alice"}, {"fault", "nofile-64"}}, t);
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(json_of(r)["results"][0]["changed"] == true);
  step(w.session("alice"), SimTime::seconds(1));
  CHECK(injected("alice"));
  CHECK_FALSE(injected("bob"));
  r = w.post("/api/v1/workshop/inject", {{"fault", "nofile-64"}}, t);
  REQUIRE(r.status == 200);
  const nlohmann::json all = json_of(r);
  CHECK(all["ok"] == true);
  REQUIRE(all["results"].size() == 3);
  CHECK(all["results"][0]["changed"] == false);  // Alice's was active already
  CHECK(all["results"][1]["changed"] == true);
  CHECK(injected("bob"));
  CHECK(injected("carol"));
  check_error(w.post("/api/v1/workshop/inject", {{"fault", "no-such-fault"}}, t), 400, "fault");
  check_error(w.post("/api/v1/workshop/inject", {{"trainee", "zed"}, {"fault", "nofile-64"}}, t),
              404, "trainee");
  check_error(w.post("/api/v1/workshop/inject", nlohmann::json::object(), t), 400, "body");
}

TEST_CASE("workshop: the instructor injects a fault of the library with its parameters",
          "[api][workshop]") {
  WorkshopFixture w;
  w.join("alice");
  w.join("bob");
  const std::string t = w.instructor();
  const ApiResponse r = w.post("/api/v1/workshop/inject",
                               {{"trainee", "bob"}, {"kind", "crash"}, {"targets", "web-2"}}, t);
  INFO(r.body);
  REQUIRE(r.status == 200);
  step(w.session("bob"), SimTime::seconds(5));
  const nlohmann::json topology = json_of(w.get("/api/v1/trainees/bob/topology", t));
  std::string web2_state;
  for (const auto& h : topology["hosts"])
    if (h["name"] == "web-2") web2_state = h["state"];
  CHECK(web2_state != "running");
  const nlohmann::json alice = json_of(w.get("/api/v1/trainees/alice/topology", t));
  for (const auto& h : alice["hosts"]) CHECK(h["state"] == "running");
  // Mistakes a stack is not needed for are the caller's: 400 naming the field.
  check_error(w.post("/api/v1/workshop/inject", {{"kind", "meteor"}}, t), 400, "kind");
  check_error(w.post("/api/v1/workshop/inject",
                     {{"kind", "crash"}, {"targets", "web-2"}, {"params", {{"bogus", 1}}}}, t),
              400, "params.bogus");
  check_error(w.post("/api/v1/workshop/inject",
                     {{"kind", "crash"}, {"params", {{"intensity", {1, 2}}}}}, t),
              400, "params.intensity");
  // A target the stack does not have: the stack says no (422).
  check_error(w.post("/api/v1/workshop/inject",
                     {{"trainee", "alice"}, {"kind", "crash"}, {"targets", "web-9"}}, t),
              422);
}

TEST_CASE("workshop: the instructor pauses, resumes and sets the speed of one drill or all",
          "[api][workshop]") {
  WorkshopFixture w;
  w.join("alice");
  w.join("bob");
  const std::string t = w.instructor();
  REQUIRE(w.post("/api/v1/workshop/clock", {{"resume", true}, {"speed", 60}}, t).status == 200);
  CHECK_FALSE(w.session("alice").pacing().paused);
  CHECK_FALSE(w.session("bob").pacing().paused);
  CHECK(w.session("bob").pacing().speed == 60);
  const ApiResponse r = w.post("/api/v1/workshop/clock", {{"trainee", "bob"}, {"pause", true}}, t);
  REQUIRE(r.status == 200);
  CHECK(json_of(r)["results"].size() == 1);
  CHECK(w.session("bob").pacing().paused);
  CHECK_FALSE(w.session("alice").pacing().paused);
  REQUIRE(w.post("/api/v1/workshop/clock", {{"pause", true}}, t).status == 200);
  CHECK(w.session("alice").pacing().paused);
  check_error(w.post("/api/v1/workshop/clock", nlohmann::json::object(), t), 400, "body");
  check_error(w.post("/api/v1/workshop/clock", {{"pause", true}, {"resume", true}}, t), 400,
              "resume");
  check_error(w.post("/api/v1/workshop/clock", {{"speed", -1}}, t), 400, "speed");
  // Paused by the instructor: the journal says who.
  const auto records =
      w.session("alice").call([s = &w.session("alice")](Drill&) { return s->records(); });
  REQUIRE(records);
  bool paused_by_instructor = false;
  for (const JournalRecord& rec : *records)
    paused_by_instructor = paused_by_instructor ||
                           (rec.kind == "sim.paused" && rec.fields.value("by", "") == "instructor");
  CHECK(paused_by_instructor);
}

TEST_CASE("workshop: no answer a trainee can get holds the root cause before the reveal",
          "[api][workshop]") {
  WorkshopFixture w;
  const std::string alice = w.join("alice");
  w.join("bob");
  step(w.session("alice"), SimTime::minutes(10));  // the fault is in, alerts fire
  const std::string t = w.instructor();
  // The instructor's view has it, so the checks below can fail.
  CHECK(leaks_root_cause(w.get("/api/v1/trainees/alice/postmortem", t).body));
  CHECK(leaks_root_cause(w.get("/api/v1/workshop/root-cause", t).body));

  for (const std::string& path : kTraineeReads) {
    INFO(path);
    const ApiResponse r = w.get(path, alice);
    CHECK_FALSE(leaks_root_cause(r.body));
    if (path.rfind("/api/v1/", 0) == 0 && path.find("/workshop") == std::string::npos) {
      const ApiResponse named = w.get("/api/v1/trainees/alice" + path.substr(7), alice);
      CHECK(named.status == r.status);
      CHECK_FALSE(leaks_root_cause(named.body));
    }
  }
  check_error(w.get("/api/v1/workshop/root-cause", alice), 403);
  // Nor anything the trainee's event stream carries (its backlog, from event 0).
  const EventHub::Batch events =
      w.session("alice").events().wait_after(0, std::chrono::milliseconds(0), 100000);
  REQUIRE_FALSE(events.events.empty());
  bool saw_meta = false;
  for (const HubEvent& e : events.events) {
    INFO(e.data);
    CHECK_FALSE(leaks_root_cause(e.data));
    saw_meta = saw_meta || e.data.find("scenario.meta") != std::string::npos;
    CHECK(e.data.find("fault.injected") == std::string::npos);
  }
  CHECK(saw_meta);  // there, but without the ground truth
  // Nor the answers to the trainee's moves.
  CHECK_FALSE(leaks_root_cause(w.post("/api/v1/notes", {{"text", "db?"}}, alice).body));

  // After the reveal the trainee may read it, and their draft names it.
  const ApiResponse revealed = w.post("/api/v1/workshop/reveal", nlohmann::json::object(), t);
  REQUIRE(revealed.status == 200);
  const ApiResponse cause = w.get("/api/v1/workshop/root-cause", alice);
  REQUIRE(cause.status == 200);
  CHECK(leaks_root_cause(cause.body));
  CHECK(leaks_root_cause(w.get("/api/v1/postmortem", alice).body));
  CHECK(json_of(w.get("/api/v1/workshop", alice))["revealed"] == true);
}

TEST_CASE("workshop: the reveal reaches a trainee's draft at once, with no record in between",
          "[api][workshop]") {
  // The reporter's answers are cached while the journal stands still; the reveal writes no
  // record, so it must drop the trainee's cached view itself.
  WorkshopFixture w;
  const std::string alice = w.join("alice");
  step(w.session("alice"), SimTime::minutes(10));
  CHECK_FALSE(leaks_root_cause(w.get("/api/v1/postmortem", alice).body));
  CHECK_FALSE(leaks_root_cause(w.get("/api/v1/timeline", alice).body));
  REQUIRE(w.post("/api/v1/workshop/reveal", nlohmann::json::object(), w.instructor()).status ==
          200);
  CHECK(leaks_root_cause(w.get("/api/v1/postmortem", alice).body));
}

TEST_CASE("workshop: the overview tells the instructor everyone and a trainee only themselves",
          "[api][workshop]") {
  WorkshopFixture w;
  const std::string alice = w.join("alice");
  w.join("bob");
  const nlohmann::json i = json_of(w.get("/api/v1/workshop", w.instructor()));
  CHECK(i["role"] == "instructor");
  CHECK(i["trainees"] == nlohmann::json({"alice", "bob"}));
  CHECK(i["scenario_faults"] == nlohmann::json({"nofile-64", "nightly-rollup"}));
  const ApiResponse r = w.get("/api/v1/workshop", alice);
  const nlohmann::json a = json_of(r);
  CHECK(a["role"] == "trainee");
  CHECK(a["name"] == "alice");
  CHECK_FALSE(a.contains("trainees"));
  CHECK(r.body.find("bob") == std::string::npos);
}

TEST_CASE("workshop: garbage bodies on every workshop route get a 4xx JSON error, never a 500",
          "[api][workshop]") {
  WorkshopFixture w;
  const std::string alice = w.join("alice");
  w.join("bob");
  const std::vector<std::string> bodies = {"{",
                                           "null",
                                           "[]",
                                           "\"x\"",
                                           "42",
                                           "{\"name\": null}",
                                           "{\"name\": [1]}",
                                           "{\"trainee\": 5}",
                                           "{\"rubric\": []}",
                                           "{\"rubric\": {\"a\": 1}}",
                                           "{\"markdown\": {}}",
                                           "{\"kind\": \"crash\", \"params\": 3}",
                                           "{\"kind\": \"crash\", \"targets\": [1, 2]}",
                                           "{\"speed\": 1e999}",
                                           "{\"fault\": \"\", \"kind\": \"\"}",
                                           "\xff\xfe garbage",
                                           std::string(70000, '{')};
  for (const WorkshopRoutes::Route& route : w.routes.routes()) {
    if (route.method != "POST") continue;
    for (const std::string& token : {alice, w.instructor(), std::string()}) {
      for (const std::string& body : bodies) {
        const ApiResponse r = w.routes.handle("POST", route.path, {}, body, token);
        INFO(route.path << " " << body.substr(0, 40) << " -> " << r.status << " " << r.body);
        CHECK(r.status >= 400);
        CHECK(r.status < 500);
        CHECK(json_of(r).contains("error"));
      }
    }
  }
}
