// The trainee's conversation routes without a socket: POST /messages, /hints and
// /runbooks/open each journal their record with the fields docs/journal.md lists, bad bodies
// are 400s naming the field, GET /runbooks lists the scenario's pages per alert, a hint
// request makes the scenario's next due hint arrive, and a workshop trainee reaches them all
// with their own token.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "api_test_util.h"
#include "reporter/journal/memory_journal_sink.h"
#include "sim/script/scenario_drill.h"
#include "workshop_test_util.h"

using namespace firedrill;
using namespace firedrill::api;
using test::check_error;
using test::json_of;

namespace {

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

// The bundled nginx-open-files scenario plus a hint due at once that never comes by itself
// (its condition is false): only a request brings it.
struct ScenarioSession {
  std::unique_ptr<script::Scenario> scenario;
  MemoryJournalSink sink;
  std::unique_ptr<Session> session;

  ScenarioSession() {
    std::ifstream in(test::kScenarioFile);
    std::stringstream code;
    code << in.rdbuf();
    code << "\nhint {\n  id = \"on-request\",\n  after = \"0s\",\n"
            "  when = function() return false end,\n"
            "  text = \"Only asked for: look at the load balancer first.\",\n}\n";
    script::ScriptError error;
    scenario =
        script::Scenario::load_string(code.str(), "scenarios/nginx-open-files.lua", {}, &error);
    INFO(error.formatted());
    REQUIRE(scenario);
    SessionConfig config;
    config.start_paused = true;
    config.clock_event_every = std::chrono::milliseconds(0);
    config.engine_timeout = std::chrono::seconds(60);
    for (const script::RunbookDecl& r : scenario->definition().runbooks)
      config.runbooks.push_back({r.alert, r.title, r.text});
    script::Scenario* raw = scenario.get();
    config.attach = [raw](Drill& d, Console* console) -> std::shared_ptr<void> {
      return script::attach_scenario_runtime(*raw, d, console, {});
    };
    std::string failed;
    session = Session::create(scenario->drill_spec(), &sink, std::move(config), &failed);
    INFO(failed);
    REQUIRE(session);
    session->start();
  }
  ~ScenarioSession() { session.reset(); }  // before the scenario its runtime reads
};

}  // namespace

TEST_CASE("POST /messages journals trainee.message with to, text and reply_to_seq", "[api]") {
  MemoryJournalSink sink;
  auto s = test::paused_session({}, &sink);
  ApiRoutes routes(single_session(*s));
  const ApiResponse r =
      routes.handle("POST", "/api/v1/messages", {},
                    R"({"to": "support", "text": "ETA 10 min", "reply_to_seq": 7})");
  REQUIRE(r.status == 201);
  const nlohmann::json answer = json_of(r);
  const auto messages = records_of(*s, sink, "trainee.message");
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].seq == answer["seq"].get<uint64_t>());
  CHECK(messages[0].source == "trainee");
  CHECK(messages[0].fields["to"] == "support");
  CHECK(messages[0].fields["text"] == "ETA 10 min");
  CHECK(messages[0].fields["reply_to_seq"] == 7);

  // Without reply_to_seq the record has none.
  REQUIRE(
      routes.handle("POST", "/api/v1/messages", {}, R"({"to": "manager", "text": "hi"})").status ==
      201);
  const auto both = records_of(*s, sink, "trainee.message");
  REQUIRE(both.size() == 2);
  CHECK_FALSE(both[1].fields.contains("reply_to_seq"));
}

TEST_CASE("POST /messages: bad bodies name the field and journal nothing", "[api]") {
  MemoryJournalSink sink;
  auto s = test::paused_session({}, &sink);
  ApiRoutes routes(single_session(*s));
  const auto post = [&](const std::string& body) {
    return routes.handle("POST", "/api/v1/messages", {}, body);
  };
  check_error(post(R"({"text": "hi"})"), 400, "to");
  check_error(post(R"({"to": "support"})"), 400, "text");
  check_error(post(R"({"to": "support", "text": ""})"), 400, "text");
  check_error(post(R"({"to": "support", "text": "x", "reply_to_seq": -1})"), 400, "reply_to_seq");
  check_error(post(R"({"to": "support", "text": "x", "reply_to_seq": 1.5})"), 400, "reply_to_seq");
  check_error(post(R"({"to": "support", "text": "x", "reply_to_seq": "3"})"), 400, "reply_to_seq");
  check_error(post(R"({"to": "support", "text": "x", "cc": "ceo"})"), 400, "cc");
  check_error(post(nlohmann::json{{"to", "support"}, {"text", std::string(4001, 'a')}}.dump()), 400,
              "text");
  check_error(post("[1]"), 400, "body");
  CHECK(records_of(*s, sink, "trainee.message").empty());
}

TEST_CASE("POST /hints journals trainee.hint, with the topic when given", "[api]") {
  MemoryJournalSink sink;
  auto s = test::paused_session({}, &sink);
  ApiRoutes routes(single_session(*s));
  const ApiResponse plain = routes.handle("POST", "/api/v1/hints", {}, "");
  REQUIRE(plain.status == 201);
  CHECK(json_of(plain)["hint"].is_null());  // no scenario, no coach
  REQUIRE(routes.handle("POST", "/api/v1/hints", {}, R"({"topic": "load balancer"})").status ==
          201);
  const auto hints = records_of(*s, sink, "trainee.hint");
  REQUIRE(hints.size() == 2);
  CHECK(hints[0].seq == json_of(plain)["seq"].get<uint64_t>());
  CHECK_FALSE(hints[0].fields.contains("topic"));
  CHECK(hints[1].fields["topic"] == "load balancer");

  check_error(routes.handle("POST", "/api/v1/hints", {}, R"({"topic": 3})"), 400, "topic");
  check_error(routes.handle("POST", "/api/v1/hints", {}, R"({"topc": "x"})"), 400, "topc");
  check_error(routes.handle("POST", "/api/v1/hints", {},
                            nlohmann::json{{"topic", std::string(129, 'a')}}.dump()),
              400, "topic");
  CHECK(records_of(*s, sink, "trainee.hint").size() == 2);
}

TEST_CASE("POST /hints: the scenario's coach answers with the next due hint", "[api][scenario]") {
  ScenarioSession fixture;
  Session& s = *fixture.session;
  ApiRoutes routes(single_session(s));
  test::step(s, SimTime::seconds(5));
  CHECK(records_of(s, fixture.sink, "hint.given").empty());  // its condition never holds

  const ApiResponse r = routes.handle("POST", "/api/v1/hints", {}, "");
  REQUIRE(r.status == 201);
  const nlohmann::json answer = json_of(r);
  const auto requests = records_of(s, fixture.sink, "trainee.hint");
  REQUIRE(requests.size() == 1);
  CHECK(answer["seq"] == requests[0].seq);  // the request's own record, not the hint's
  const auto given = records_of(s, fixture.sink, "hint.given");
  REQUIRE(given.size() == 1);
  CHECK(given[0].fields["id"] == "on-request");
  CHECK(given[0].seq > requests[0].seq);
  REQUIRE(answer["hint"].is_object());
  CHECK(answer["hint"]["id"] == "on-request");
  CHECK(answer["hint"]["seq"] == given[0].seq);
  CHECK(answer["hint"]["text"].get<std::string>().find("load balancer") != std::string::npos);

  // Nothing more is due yet: a second request is journalled and answered without a hint.
  const nlohmann::json again = json_of(routes.handle("POST", "/api/v1/hints", {}, ""));
  CHECK(again["hint"].is_null());
  CHECK(records_of(s, fixture.sink, "hint.given").size() == 1);
}

TEST_CASE("GET /runbooks lists each alert's link and the scenario's page", "[api][scenario]") {
  ScenarioSession fixture;
  ApiRoutes routes(single_session(*fixture.session));
  const ApiResponse r = routes.handle("GET", "/api/v1/runbooks");
  REQUIRE(r.status == 200);
  const nlohmann::json list = json_of(r)["runbooks"];
  REQUIRE(list.is_array());
  const nlohmann::json* error_rate = nullptr;
  for (const nlohmann::json& e : list)
    if (e["alert"] == "HighErrorRate") error_rate = &e;
  REQUIRE(error_rate);
  CHECK(error_rate->value("url", "") == "runbooks/high-error-rate");
  CHECK(error_rate->value("title", "") == "High error rate at the load balancer");
  CHECK(error_rate->value("text", "").find("tail /var/log/nginx/error.log") != std::string::npos);
  for (const std::string& secret : test::kSecretWords)
    CHECK(r.body.find(secret) == std::string::npos);

  check_error(routes.handle("GET", "/api/v1/runbooks", {{"alert", "x"}}), 400, "alert");
}

TEST_CASE("GET /runbooks without a scenario lists the standard rules' links", "[api]") {
  auto s = test::paused_session();
  ApiRoutes routes(single_session(*s));
  const nlohmann::json list = json_of(routes.handle("GET", "/api/v1/runbooks"))["runbooks"];
  REQUIRE(list.size() == standard_alert_rules().size());
  for (const nlohmann::json& e : list) {
    CHECK_FALSE(e["url"].get<std::string>().empty());
    CHECK_FALSE(e.contains("text"));
  }
}

TEST_CASE("POST /runbooks/open journals trainee.runbook; bad bodies name the field", "[api]") {
  MemoryJournalSink sink;
  auto s = test::paused_session({}, &sink);
  ApiRoutes routes(single_session(*s));
  const ApiResponse r =
      routes.handle("POST", "/api/v1/runbooks/open", {},
                    R"({"runbook": "runbooks/high-error-rate", "alert": "HighErrorRate"})");
  REQUIRE(r.status == 201);
  REQUIRE(routes.handle("POST", "/api/v1/runbooks/open", {}, R"({"runbook": "runbooks/disk-full"})")
              .status == 201);
  const auto opened = records_of(*s, sink, "trainee.runbook");
  REQUIRE(opened.size() == 2);
  CHECK(opened[0].seq == json_of(r)["seq"].get<uint64_t>());
  CHECK(opened[0].fields["runbook"] == "runbooks/high-error-rate");
  CHECK(opened[0].fields["alert"] == "HighErrorRate");
  CHECK_FALSE(opened[1].fields.contains("alert"));

  const auto post = [&](const std::string& body) {
    return routes.handle("POST", "/api/v1/runbooks/open", {}, body);
  };
  check_error(post("{}"), 400, "runbook");
  check_error(post(R"({"runbook": ""})"), 400, "runbook");
  check_error(post(R"({"runbook": "x", "alert": 1})"), 400, "alert");
  check_error(post(nlohmann::json{{"runbook", std::string(513, 'a')}}.dump()), 400, "runbook");
  CHECK(records_of(*s, sink, "trainee.runbook").size() == 2);
  check_error(routes.handle("GET", "/api/v1/runbooks/open"), 405);
}

TEST_CASE("Workshop: a trainee reaches messages, hints and runbooks with their token",
          "[api][workshop]") {
  test::WorkshopFixture w;
  const std::string ana = w.join("ana");
  const std::string bo = w.join("bo");
  CHECK(w.post("/api/v1/messages", {{"to", "support"}, {"text", "on it"}}, ana).status == 201);
  CHECK(w.post("/api/v1/hints", nlohmann::json::object(), ana).status == 201);
  CHECK(w.post("/api/v1/runbooks/open", {{"runbook", "runbooks/high-error-rate"}}, ana).status ==
        201);
  CHECK(w.post("/api/v1/trainees/ana/hints", nlohmann::json::object(), ana).status == 201);
  check_error(w.post("/api/v1/trainees/ana/hints", nlohmann::json::object(), bo), 403);
  check_error(w.post("/api/v1/messages", {{"to", "support"}}, ana), 400, "text");
  check_error(w.post("/api/v1/hints", nlohmann::json::object(), ""), 401);

  const ApiResponse list = w.get("/api/v1/runbooks", ana);
  REQUIRE(list.status == 200);
  CHECK(list.body.find("High error rate at the load balancer") != std::string::npos);
  for (const std::string& secret : test::kSecretWords)
    CHECK(list.body.find(secret) == std::string::npos);

  auto kinds = w.session("ana").call([&w](Drill&) {
    std::vector<std::string> out;
    for (const JournalRecord& r : w.session("ana").records()) out.push_back(r.kind);
    return out;
  });
  REQUIRE(kinds);
  CHECK(std::count(kinds->begin(), kinds->end(), "trainee.message") == 1);
  CHECK(std::count(kinds->begin(), kinds->end(), "trainee.hint") == 2);
  CHECK(std::count(kinds->begin(), kinds->end(), "trainee.runbook") == 1);
}
