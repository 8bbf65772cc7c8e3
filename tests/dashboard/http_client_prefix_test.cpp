// HttpClient under another API base path: an instructor watches a workshop trainee's drill
// through the same client, every route under "/api/v1/trainees/NAME". A tiny cpp-httplib
// server that answers only under that prefix (and logs every path it is asked, answered or
// not) shows that the polls, the POSTed commands and the event stream all go there; a real
// workshop server shows an instructor's rewind through it becoming the trainee's branch 2 by
// "instructor". Waits are bounded waits for a published snapshot.
#include <httplib.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "dashboard/client/builtin_drill.h"
#include "dashboard/client/http_client.h"
#include "fake_http_server.h"
#include "http_test_options.h"
#include "served_workshop.h"
#include "sim/api/http_server.h"
#include "sim/api/workshop.h"
#include "sim/api/workshop_routes.h"

using namespace firedrill;
using namespace firedrill::dash;
using namespace std::chrono_literals;
using firedrill::dash::testing::FakeHttpServer;
using firedrill::dash::testing::fast_http_options;
using firedrill::dash::testing::is_live;
using firedrill::dash::testing::rewind_answer;
using firedrill::dash::testing::ServedWorkshop;
using nlohmann::json;

namespace {

constexpr const char* kPrefix = "/api/v1/trainees/alice";
constexpr const char* kToken = "instructor-token";

// A drill served only under kPrefix, to the bearer of kToken; anything else is 404 (or 401).
class PrefixedDrillServer {
 public:
  PrefixedDrillServer() {
    http_.server().set_logger([this](const httplib::Request& req, const httplib::Response&) {
      std::lock_guard lock(mutex_);
      asked_.push_back(req.method + " " + req.path);
    });
    const std::string p = kPrefix;
    get(p + "/session", [this](const httplib::Request&) {
      return json{{"scenario", {{"id", "tiny"}, {"title", "Alice's drill"}, {"time_zone", "UTC"}}},
                  {"clock",
                   {{"t_us", now_s_ * 1000000},
                    {"length_us", 600000000},
                    {"paused", true},
                    {"branch", branch_}}}};
    });
    get(p + "/actions/catalog", [](const httplib::Request&) {
      return json{{"actions", {{{"name", "noop"}, {"target", "none"}, {"what", "nothing"}}}}};
    });
    get(p + "/alerts", [](const httplib::Request&) { return json{{"alerts", json::array()}}; });
    get(p + "/topology", [](const httplib::Request&) {
      return json{{"hosts", {{{"name", "lb"}, {"role", "lb"}, {"state", "running"}}}}};
    });
    get(p + "/metrics", [this](const httplib::Request&) {
      return json{{"from", 0}, {"to", now_s_}, {"next", now_s_}, {"series", json::array()}};
    });
    get(p + "/logs", [this](const httplib::Request&) {
      return json{{"lines", json::array()}, {"next_cursor", 0}, {"truncated", false}};
    });
    // One journal record on the stream, then the stream ends (the client comes back for more
    // with since=1 and gets nothing new).
    http_.server().Get(p + "/events", [this](const httplib::Request& req, httplib::Response& res) {
      if (!authorized(req, res)) return;
      const bool first = !req.has_param("since") || req.get_param_value("since") == "0";
      res.set_content(first ? "id: 1\nevent: journal\ndata: {\"t\":5000000,\"seq\":1,\"source\":"
                              "\"trainee\",\"kind\":\"trainee.note\",\"fields\":{\"text\":"
                              "\"seen on the stream\",\"hypothesis\":false}}\n\n"
                            : ": nothing new\n\n",
                      "text/event-stream");
    });
    http_.server().Post(p + "/rewind", [this](const httplib::Request& req, httplib::Response& res) {
      if (!authorized(req, res)) return;
      const json body = json::parse(req.body, nullptr, false);
      std::lock_guard lock(mutex_);
      if (!body.is_object() || !body.contains("to_us") || !body["to_us"].is_number_integer()) {
        res.status = 400;
        res.set_content(R"({"error": "to_us is required", "field": "to_us"})", "application/json");
        return;
      }
      branch_ += 1;
      now_s_ = body["to_us"].get<int64_t>() / 1000000;
      res.set_content(rewind_answer(branch_, now_s_).dump(), "application/json");
    });
    http_.start();
  }

  std::string url() const { return http_.url(); }
  std::vector<std::string> asked() {
    std::lock_guard lock(mutex_);
    return asked_;
  }
  // The requests that did not go under the prefix.
  std::vector<std::string> asked_elsewhere() {
    std::vector<std::string> out;
    for (const std::string& a : asked())
      if (a.find(std::string(" ") + kPrefix + "/") == std::string::npos) out.push_back(a);
    return out;
  }
  bool was_asked(const std::string& method_and_path) {
    for (const std::string& a : asked())
      if (a == method_and_path) return true;
    return false;
  }

 private:
  static bool authorized(const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("Authorization") == std::string("Bearer ") + kToken) return true;
    res.status = 401;
    res.set_content(R"({"error": "unknown or missing token"})", "application/json");
    return false;
  }

  template <class Fn>
  void get(const std::string& path, Fn fn) {
    http_.server().Get(path, [this, fn](const httplib::Request& req, httplib::Response& res) {
      if (!authorized(req, res)) return;
      std::lock_guard lock(mutex_);
      res.set_content(fn(req).dump(), "application/json");
    });
  }

  std::mutex mutex_;
  int branch_ = 1;
  int64_t now_s_ = 30;
  std::vector<std::string> asked_;
  FakeHttpServer http_;  // last: stopped before what its handlers use goes
};

HttpClientOptions watching(const std::string& url, const std::string& api_base) {
  HttpClientOptions o = fast_http_options(url, kToken);
  o.api_base = api_base;
  return o;
}

bool has_entry(const Snapshot& s, const std::string& kind) {
  for (size_t i = 0; i < s.timeline.size(); ++i)
    if (s.timeline[i].kind == kind) return true;
  return false;
}

}  // namespace

TEST_CASE("http client: a route is put under the base path, and only an /api/v1 route",
          "[dashboard][http][prefix]") {
  CHECK(rebase_api_path("/api/v1", "/api/v1/session") == "/api/v1/session");
  CHECK(rebase_api_path("/api/v1/trainees/alice", "/api/v1/metrics?since=3&limit=3600") ==
        "/api/v1/trainees/alice/metrics?since=3&limit=3600");
  CHECK(rebase_api_path("/api/v1/trainees/alice", "/api/v1/events?since=0") ==
        "/api/v1/trainees/alice/events?since=0");
  CHECK(rebase_api_path("/api/v1/trainees/alice", "/api/v10/x") == "/api/v10/x");
  CHECK(rebase_api_path("/api/v1/trainees/alice", "/healthz") == "/healthz");
  CHECK(api_base_error("/api/v1/trainees/alice").empty());
  CHECK(api_base_error("/api/v1/trainees/alice/").empty());
  CHECK(api_base_error("api/v1") == "the API base path must start with '/', not \"api/v1\"");
  CHECK(api_base_error("").find("must start with '/'") != std::string::npos);
  CHECK(api_base_error("/api/v1/trainees/a b").find("space") != std::string::npos);
  CHECK(api_base_error("/api/v1?token=x").find("'?'") != std::string::npos);
}

TEST_CASE(
    "http client: under a trainee's base path every poll, command and the event stream "
    "go there",
    "[dashboard][http][prefix]") {
  PrefixedDrillServer server;
  // A trailing '/' is the same base.
  HttpClient client(watching(server.url(), std::string(kPrefix) + "/"));
  REQUIRE(client.wait_for(
      [](const Snapshot& s) {
        return is_live(s) && s.session.title == "Alice's drill" && s.host("lb") != nullptr &&
               has_entry(s, "trainee.note");
      },
      10s));
  // The connection names the drill watched, not only the server.
  CHECK(client.latest().connection.endpoint == server.url() + kPrefix);

  const RequestId id = client.send(RewindCommand{SimTime::seconds(12)});
  REQUIRE(client.wait_for([&](const Snapshot& s) { return s.reply(id) != nullptr; }, 10s));
  INFO(client.latest().reply(id)->message);
  CHECK(client.latest().reply(id)->ok);
  REQUIRE(client.wait_for([](const Snapshot& s) { return s.session.branch == 2; }, 10s));

  CHECK(server.was_asked(std::string("GET ") + kPrefix + "/session"));
  CHECK(server.was_asked(std::string("GET ") + kPrefix + "/events"));
  CHECK(server.was_asked(std::string("POST ") + kPrefix + "/rewind"));
  CHECK(server.asked_elsewhere().empty());
  for (const std::string& a : server.asked_elsewhere()) UNSCOPED_INFO(a);
}

TEST_CASE("http client: a base path that is not one says why and asks nothing",
          "[dashboard][http][prefix]") {
  PrefixedDrillServer server;
  HttpClient client(watching(server.url(), "trainees/alice"));
  REQUIRE(client.wait_for(
      [](const Snapshot& s) { return s.connection.state == ConnectionState::lost; }, 10s));
  CHECK(client.latest().connection.detail ==
        "the API base path must start with '/', not \"trainees/alice\"");
  const RequestId id = client.send(RewindCommand{SimTime::seconds(1)});
  REQUIRE(client.wait_for([&](const Snapshot& s) { return s.reply(id) != nullptr; }, 10s));
  CHECK_FALSE(client.latest().reply(id)->ok);
  CHECK(server.asked().empty());
}

TEST_CASE(
    "http client: the instructor's client under /api/v1/trainees/NAME rewinds that "
    "trainee's drill, as the instructor",
    "[dashboard][http][prefix][workshop]") {
  ServedWorkshop ws(true);
  api::Workshop& workshop = ws.workshop;
  const api::WorkshopRoutes& routes = ws.routes;
  const std::string alice = ws.join("alice");
  ws.join("bob");

  HttpClientOptions o = watching(ws.url(), "/api/v1/trainees/alice");
  o.token = workshop.instructor_token();
  {
    HttpClient client(o);
    REQUIRE(client.wait_for([](const Snapshot& s) { return is_live(s) && !s.hosts.empty(); }, 10s));
    client.send(ClockCommand{ClockCommand::Op::step, 0, SimTime::seconds(60)});
    REQUIRE(client.wait_for([](const Snapshot& s) { return s.session.now.whole_seconds() >= 60; },
                            10s));
    const RequestId id = client.send(RewindCommand{SimTime::seconds(30)});
    REQUIRE(client.wait_for([&](const Snapshot& s) { return s.reply(id) != nullptr; }, 10s));
    INFO(client.latest().reply(id)->message);
    CHECK(client.latest().reply(id)->ok);
    REQUIRE(client.wait_for([](const Snapshot& s) { return s.session.branch == 2; }, 10s));
  }

  // Alice's own view of her drill: branch 2, made by the instructor; bob's drill untouched.
  const api::ApiResponse mine = routes.handle("GET", "/api/v1/branches", {}, "", alice);
  REQUIRE(mine.status == 200);
  const json branches = json::parse(mine.body);
  CHECK(branches["current"] == 2);
  REQUIRE(branches["branches"].size() == 2);
  CHECK(branches["branches"][1]["by"] == "instructor");
  const api::ApiResponse bobs =
      routes.handle("GET", "/api/v1/trainees/bob/branches", {}, "", workshop.instructor_token());
  REQUIRE(bobs.status == 200);
  CHECK(json::parse(bobs.body)["current"] == 1);
}
