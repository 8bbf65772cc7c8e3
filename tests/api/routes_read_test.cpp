// The API's routes without a socket: finding routes, and the GET snapshots of a paused drill
// that only moves when the test steps it.
#include <catch2/catch.hpp>

#include "api_test_util.h"

using namespace firedrill;
using namespace firedrill::api;
using test::check_error;
using test::json_of;

TEST_CASE("api routes: an unknown path answers 404 with a JSON error", "[api]") {
  auto s = test::paused_session();
  ApiRoutes routes(single_session(*s));
  check_error(routes.handle("GET", "/api/v1/nope"), 404);
  check_error(routes.handle("GET", "/"), 404);
  check_error(routes.handle("POST", "/api/v2/session"), 404);
}

TEST_CASE("api routes: a known path with the wrong method answers 405 and names the right one",
          "[api]") {
  auto s = test::paused_session();
  ApiRoutes routes(single_session(*s));
  const ApiResponse r = routes.handle("POST", "/api/v1/session");
  check_error(r, 405);
  REQUIRE(r.headers.size() == 1);
  CHECK(r.headers[0] == std::make_pair(std::string("Allow"), std::string("GET")));
  check_error(routes.handle("DELETE", "/api/v1/notes"), 405);
  check_error(routes.handle("GET", "/api/v1/clock"), 405);
}

TEST_CASE("api routes: HEAD is answered like GET", "[api]") {
  auto s = test::paused_session();
  ApiRoutes routes(single_session(*s));
  CHECK(routes.handle("HEAD", "/api/v1/session").status == 200);
}

TEST_CASE("api routes: a token the resolver does not know is refused with 401", "[api]") {
  auto s = test::paused_session();
  ApiRoutes routes([&](std::string_view token) { return token == "t1" ? s.get() : nullptr; });
  CHECK(routes.handle("GET", "/api/v1/session", {}, {}, "t1").status == 200);
  check_error(routes.handle("GET", "/api/v1/session", {}, {}, "t2"), 401);
}

TEST_CASE("api routes: unknown query parameters are refused, naming them", "[api]") {
  auto s = test::paused_session();
  ApiRoutes routes(single_session(*s));
  check_error(routes.handle("GET", "/api/v1/alerts", {{"verbose", "1"}}), 400, "verbose");
  CHECK(routes.handle("GET", "/api/v1/alerts", {{"token", "x"}}).status == 200);
}

TEST_CASE("GET /session: the scenario and the clock on the scenario's wall clock", "[api]") {
  auto s = test::paused_session();
  ApiRoutes routes(single_session(*s));
  test::step(*s, SimTime::seconds(90));
  const ApiResponse r = routes.handle("GET", "/api/v1/session");
  REQUIRE(r.status == 200);
  const nlohmann::json j = json_of(r);
  CHECK(j["scenario"]["id"] == "test-drill");
  CHECK(j["scenario"]["title"] == "Test drill");
  CHECK(j["briefing"].is_null());
  const nlohmann::json& clock = j["clock"];
  CHECK(clock["t_us"] == SimTime::seconds(90).us());
  CHECK(clock["elapsed"] == "00:01:30");
  CHECK(clock["local"] == "2024-02-16T14:01:30.000-05:00");
  CHECK(clock["clock_text"] == "14:01:30 EST");
  CHECK(clock["zone"] == "America/New_York");
  CHECK(clock["paused"] == true);
  CHECK(clock["finished"] == false);
  CHECK(clock["length_us"] == SimTime::minutes(30).us());
  CHECK(j["features"]["console"] == s->has_console());
}

TEST_CASE("GET /session: each session names its own instance, so a client sees a restart",
          "[api]") {
  auto first = test::paused_session();
  auto second = test::paused_session();
  const auto instance = [](Session& s) {
    ApiRoutes routes(single_session(s));
    return json_of(routes.handle("GET", "/api/v1/session"))["instance"].get<std::string>();
  };
  const std::string a = instance(*first);
  CHECK(a.size() == 16);
  CHECK(a.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(instance(*first) == a);  // stable for the session's life
  CHECK(instance(*second) != a);
}

TEST_CASE("GET /topology: every host with role, state, version, LB health and metrics", "[api]") {
  auto s = test::paused_session();
  ApiRoutes routes(single_session(*s));
  test::step(*s, SimTime::seconds(5));
  const nlohmann::json j = json_of(routes.handle("GET", "/api/v1/topology"));
  const nlohmann::json& hosts = j["hosts"];
  REQUIRE(hosts.size() == 6);  // 4 web servers, the database, the load balancer
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& h : hosts) by_name[h["name"]] = h;
  REQUIRE(by_name.count("web-1"));
  const nlohmann::json& web = by_name["web-1"];
  CHECK(web["role"] == "web");
  CHECK(web["state"] == "running");
  CHECK(web["version"] == "v1.0.0");
  CHECK(web["lb"]["in_rotation"] == true);
  CHECK(web["lb"]["healthy"] == true);
  CHECK(web["metrics"].contains("cpu_utilization"));
  CHECK(by_name["db"]["lb"].is_null());
  CHECK(j["lb"]["healthy_backends"] == 4);
}

TEST_CASE("GET /metrics (JSON): per-second values since a cursor, then only the new ones",
          "[api]") {
  auto s = test::paused_session();
  ApiRoutes routes(single_session(*s));
  test::step(*s, SimTime::seconds(20));
  const nlohmann::json first = json_of(routes.handle(
      "GET", "/api/v1/metrics", {{"since", "0"}, {"component", "lb"}, {"metric", "requests"}}));
  CHECK(first["from"] == 0);
  const int64_t next = first["next"];
  CHECK(next >= 19);
  REQUIRE(first["series"].size() == 1);
  CHECK(first["series"][0]["unit"] == "req/s");
  CHECK(first["series"][0]["values"].size() == static_cast<size_t>(next));
  CHECK(first["gap"] == false);

  test::step(*s, SimTime::seconds(10));
  const nlohmann::json second = json_of(routes.handle(
      "GET", "/api/v1/metrics",
      {{"since", std::to_string(next)}, {"component", "lb"}, {"metric", "requests"}}));
  CHECK(second["from"] == next);
  CHECK(second["series"][0]["values"].size() == 10);

  // Every series of a component without a metric filter; a limit caps the seconds.
  const nlohmann::json web = json_of(routes.handle(
      "GET", "/api/v1/metrics", {{"since", "0"}, {"component", "web-2"}, {"limit", "5"}}));
  CHECK(web["series"].size() > 5);
  CHECK(web["to"] == 5);
  CHECK(web["series"][0]["values"].size() == 5);
}

TEST_CASE("GET /metrics (JSON): an unknown component or metric, or a bad cursor, is named",
          "[api]") {
  auto s = test::paused_session();
  ApiRoutes routes(single_session(*s));
  check_error(routes.handle("GET", "/api/v1/metrics", {{"component", "web-9"}}), 404, "component");
  check_error(routes.handle("GET", "/api/v1/metrics", {{"component", "lb"}, {"metric", "x"}}), 404,
              "metric");
  check_error(routes.handle("GET", "/api/v1/metrics", {{"since", "-1"}}), 400, "since");
  check_error(routes.handle("GET", "/api/v1/metrics", {{"limit", "100000"}}), 400, "limit");
}

TEST_CASE("GET /logs: lines since a cursor with host and text filters, and the next cursor",
          "[api]") {
  auto s = test::paused_session();
  ApiRoutes routes(single_session(*s));
  s->call([](Drill& d) { return d.perform({"restart_service", "web-2", {}}); });
  test::step(*s, SimTime::seconds(30));
  const nlohmann::json all = json_of(routes.handle("GET", "/api/v1/logs", {{"since", "0"}}));
  REQUIRE_FALSE(all["lines"].empty());
  const uint64_t next = all["next_cursor"];
  CHECK(next == all["lines"].back()["seq"].get<uint64_t>());

  const nlohmann::json web2 = json_of(
      routes.handle("GET", "/api/v1/logs", {{"since", "0"}, {"host", "web-2"}, {"limit", "1000"}}));
  REQUIRE_FALSE(web2["lines"].empty());
  for (const auto& line : web2["lines"]) CHECK(line["host"] == "web-2");

  const nlohmann::json none = json_of(
      routes.handle("GET", "/api/v1/logs", {{"since", "0"}, {"contains", "no such text xyzzy"}}));
  CHECK(none["lines"].empty());
  CHECK(none["next_cursor"] == none["last_seq"]);  // a filtered poll does not rescan

  const nlohmann::json later =
      json_of(routes.handle("GET", "/api/v1/logs", {{"since", std::to_string(next)}}));
  for (const auto& line : later["lines"]) CHECK(line["seq"].get<uint64_t>() > next);

  check_error(routes.handle("GET", "/api/v1/logs", {{"limit", "0"}}), 400, "limit");
  check_error(routes.handle("GET", "/api/v1/logs", {{"since", "abc"}}), 400, "since");
  check_error(routes.handle("GET", "/api/v1/logs", {{"ignore_case", "maybe"}}), 400, "ignore_case");
}

TEST_CASE("GET /alerts: an alert after its condition held, with its lifecycle times", "[api]") {
  auto s = test::paused_session();
  ApiRoutes routes(single_session(*s));
  CHECK(json_of(routes.handle("GET", "/api/v1/alerts"))["alerts"].empty());
  s->call([](Drill& d) { return d.perform({"stop_service", "web-3", {}}); });
  test::step(*s, SimTime::minutes(3));
  const nlohmann::json j = json_of(routes.handle("GET", "/api/v1/alerts"));
  CHECK(j["rules"] == 4);
  const nlohmann::json* down = nullptr;
  for (const auto& a : j["alerts"])
    if (a["rule"] == "BackendDown" && a["component"] == "web-3") down = &a;
  REQUIRE(down);
  CHECK((*down)["state"] == "firing");
  CHECK((*down)["severity"] == "ticket");
  CHECK((*down)["fired_at_us"].is_number());
  CHECK((*down)["ack"].is_null());
}

TEST_CASE("GET /actions/catalog: every action with its target and parameters", "[api]") {
  auto s = test::paused_session();
  ApiRoutes routes(single_session(*s));
  const nlohmann::json j = json_of(routes.handle("GET", "/api/v1/actions/catalog"));
  REQUIRE(j["actions"].size() == action_catalog().size());
  bool saw_deploy = false;
  for (const auto& a : j["actions"]) {
    if (a["name"] != "deploy") continue;
    saw_deploy = true;
    CHECK(a["target"] == "web");
    CHECK(a["params"] == nlohmann::json::array({"version"}));
    CHECK(a["destructive"] == true);
  }
  CHECK(saw_deploy);
}

TEST_CASE("GET /timeline: the journal so far, classified, with the detection", "[api]") {
  auto s = test::paused_session();
  ApiRoutes routes(single_session(*s));
  s->call([](Drill& d) { return d.perform({"stop_service", "web-1", {}}); });
  test::step(*s, SimTime::minutes(3));
  routes.handle("POST", "/api/v1/notes", {}, R"({"text": "web-1 is down", "hypothesis": true})");
  const ApiResponse r = routes.handle("GET", "/api/v1/timeline");
  REQUIRE(r.status == 200);
  const nlohmann::json j = json_of(r);
  const nlohmann::json* note = nullptr;
  for (const auto& e : j["events"])
    if (e["kind"] == "trainee.note") note = &e;
  REQUIRE(note);
  CHECK((*note)["hypothesis"] == true);
  CHECK((*note)["t_us"] == SimTime::minutes(3).us());
  CHECK((*note)["category"].is_string());
  CHECK(j["bullets"].is_array());
  CHECK(j["warnings"].is_array());
}

TEST_CASE("GET /debrief and /postmortem: figures and a draft from the journal so far", "[api]") {
  auto s = test::paused_session();
  ApiRoutes routes(single_session(*s));
  test::step(*s, SimTime::minutes(2));
  const ApiResponse debrief = routes.handle("GET", "/api/v1/debrief");
  REQUIRE(debrief.status == 200);
  CHECK(json_of(debrief).is_object());
  const ApiResponse draft = routes.handle("GET", "/api/v1/postmortem");
  REQUIRE(draft.status == 200);
  const nlohmann::json j = json_of(draft);
  CHECK_FALSE(j["markdown"].get<std::string>().empty());
  CHECK(j["lint"].is_array());
  CHECK(j["lint_clean"].is_boolean());
}

TEST_CASE("GET /events: a stream from now on, and 503 beyond the subscriber limit", "[api]") {
  SessionConfig config;
  config.max_event_clients = 1;
  auto s = test::paused_session(config);
  ApiRoutes routes(single_session(*s));
  const ApiResponse first = routes.handle("GET", "/api/v1/events");
  CHECK(first.status == 200);
  CHECK(first.content_type == "text/event-stream");
  REQUIRE(first.stream);
  CHECK(first.stream->cursor() == s->events().last_id());
  const ApiResponse second = routes.handle("GET", "/api/v1/events");
  check_error(second, 503);

  ApiRequest resume;
  resume.method = "GET";
  resume.path = "/api/v1/events";
  resume.last_event_id = "not a number";
  check_error(routes.handle(resume), 400, "Last-Event-ID");
}

TEST_CASE("api routes: an engine that does not answer in time gives 503 with Retry-After",
          "[api]") {
  SessionConfig config;
  config.engine_timeout = std::chrono::milliseconds(50);
  auto s = test::paused_session(config);
  ApiRoutes routes(single_session(*s));
  std::promise<void> gate;
  std::shared_future<void> opened = gate.get_future().share();
  // Occupies the engine thread until the gate opens; this call itself times out.
  CHECK_FALSE(s->call([opened](Drill&) {
    opened.wait();
    return 0;
  }));
  const ApiResponse r = routes.handle("GET", "/api/v1/topology");
  check_error(r, 503);
  CHECK(r.headers == decltype(r.headers){{"Retry-After", "1"}});
  gate.set_value();
  int status = 0;
  for (int i = 0; i < 100 && status != 200; ++i)  // the engine catches up with its queue
    status = routes.handle("GET", "/api/v1/session").status;
  CHECK(status == 200);
}
