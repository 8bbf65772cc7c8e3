// Garbage at every endpoint over a real loopback socket: random methods, paths, queries,
// headers (some huge) and bodies (broken JSON, wrong types, random bytes, deep nesting, over
// the cap), and raw bytes that are not HTTP at all. Seeded, bounded in count and time. The
// server must answer every well-formed request with a known status and a JSON error, never
// 500, and keep serving.
#include <catch2/catch.hpp>

#include <random>
#include <set>
#include <thread>

#include "http_test_util.h"

using namespace firedrill;
using namespace firedrill::api;

namespace {

struct Fuzzer {
  std::mt19937_64 rng{20240216};

  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng); }
  template <class T>
  const T& one_of(const std::vector<T>& v) {
    return v[pick(v.size())];
  }

  std::string bytes(size_t max) {
    std::string s(pick(max + 1), '\0');
    for (char& c : s) c = static_cast<char>(pick(256));
    return s;
  }

  nlohmann::json value() {
    switch (pick(11)) {
      case 0:
        return nullptr;
      case 1:
        return chance(0.5);
      case 2:
        return static_cast<int64_t>(rng());
      case 3:
        return -1;
      case 4:
        return 1e308;
      case 5:
        return 0.5;
      case 6:
        return std::string(pick(3000), 'a');
      case 7:
        return one_of<std::string>({"web-1", "web-9", "db", "lb", "", "mitigated", "resolved",
                                    "BackendDown", "drain", "restart_service", "set_config",
                                    "df -h", "top", "rm -rf /"});
      case 8:
        return nlohmann::json::array({1, "two", nullptr});
      case 9:
        return {{"key", "workers"}, {"value", chance(0.5) ? nlohmann::json("8") : value()}};
      default:
        return nlohmann::json::object();
    }
  }

  std::string body() {
    static const std::vector<std::string> fields = {
        "text",      "hypothesis",   "team",   "message", "state",    "rule",
        "component", "action",       "target", "params",  "speed",    "pause",
        "resume",    "step_seconds", "host",   "command", "audience", "bogus"};
    switch (pick(7)) {
      case 0:
        return "";
      case 1:
        return bytes(300);
      case 2:
        return std::string(pick(5000) + 1, '[');  // unbalanced nesting
      case 3:
        return std::string(2000, '[') + std::string(2000, ']');
      case 4:
        return std::string(70 * 1024, '{');  // over the 64 KiB cap
      default: {
        nlohmann::json j = nlohmann::json::object();
        for (size_t i = pick(4); i > 0; --i) j[one_of(fields)] = value();
        return j.dump();
      }
    }
  }

  std::string path(const std::vector<std::string>& known) {
    switch (pick(6)) {
      case 0:
        return "/api/v1/" + bytes(20);
      case 1:
        return "/" + std::string(pick(9000), 'p');
      case 2:
        return one_of(known) + "/../" + one_of(known);
      case 3:
        return "/api/v1/%00%ff%2e%2e";
      default:
        return one_of(known);
    }
  }
};

}  // namespace

TEST_CASE("http fuzz: garbage at every endpoint gets a clean answer and the server keeps serving",
          "[api][http][fuzz]") {
  SessionConfig config;
  config.stream = {.heartbeat = std::chrono::milliseconds(20),
                   .max_duration = std::chrono::milliseconds(100)};
  test::Served s(config);
  std::vector<std::string> known;
  for (const Route& r : s.routes.routes()) known.push_back(r.path);
  const std::vector<std::string> methods = {"GET",    "POST",    "PUT", "PATCH",
                                            "DELETE", "OPTIONS", "HEAD"};
  const std::set<int> expected = {200, 201, 400, 401, 404, 405, 409, 411, 413, 414, 422, 501, 503};
  Fuzzer f;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  int requests = 0;

  for (int round = 0; round < 500 && std::chrono::steady_clock::now() < deadline; ++round) {
    if (f.chance(0.2)) {
      // Not HTTP, or broken HTTP: any answer (or a closed connection) will do, no crash.
      static const std::vector<std::string> raw = {
          "GET / HTTP/1.1\r\n\r\n",
          "FOO /api/v1/session HTTP/1.1\r\nHost: x\r\n\r\n",
          "POST /api/v1/notes HTTP/1.1\r\nHost: x\r\n\r\n{\"text\":\"no length\"}",
          "POST /api/v1/notes HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffff\r\nxx",
          "POST /api/v1/notes HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n{}",
          "POST /api/v1/notes HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
          "GET /api/v1/session HTTP/1.1\r\nX: " + std::string(20000, 'h') + "\r\n\r\n",
          "GET /api/v1/session HTTP/9.9\r\n\r\n",
          "\r\n\r\n\r\n",
          "GET /api/v1/events HTTP/1.1\r\nLast-Event-ID: 99999999999999999999\r\n\r\n",
      };
      test::raw_exchange(s.server->port(), f.chance(0.5) ? f.one_of(raw) : f.bytes(2000));
      continue;
    }
    const std::string method = f.one_of(methods);
    std::string path = f.path(known);
    if (f.chance(0.3)) {
      path += "?" +
              f.one_of<std::string>({"since", "limit", "component", "metric", "host", "contains",
                                     "ignore_case", "token", "x"}) +
              "=" +
              f.one_of<std::string>({"0", "-1", "abc", "99999999999999999999", "web-1", "%00",
                                     std::string(300, 'q'), "1&since=2"});
    }
    httplib::Headers headers;
    if (f.chance(0.1)) headers.emplace("X-Junk", std::string(f.pick(20000), 'j'));
    if (f.chance(0.1)) headers.emplace("Last-Event-ID", f.bytes(10));
    if (f.chance(0.1)) headers.emplace("Authorization", "Bearer " + f.bytes(20));
    const std::string body = f.body();

    httplib::Client c = s.client();
    c.set_read_timeout(5);
    httplib::Result r = [&] {
      if (method == "GET") return c.Get(path.c_str(), headers);
      if (method == "HEAD") return c.Head(path.c_str(), headers);
      if (method == "POST") return c.Post(path.c_str(), headers, body, "application/json");
      if (method == "PUT") return c.Put(path.c_str(), headers, body, "application/json");
      if (method == "PATCH") return c.Patch(path.c_str(), headers, body, "application/json");
      if (method == "DELETE") return c.Delete(path.c_str(), headers, body, "application/json");
      return c.Options(path.c_str(), headers);
    }();
    ++requests;
    INFO(method << " " << path.substr(0, 200) << " body " << body.substr(0, 200));
    if (!r) continue;  // e.g. a URI the client itself refused to send
    INFO("status " << r->status << ": " << r->body.substr(0, 300));
    CHECK(expected.count(r->status));
    if (r->status >= 400 && method != "HEAD") {
      const nlohmann::json j = nlohmann::json::parse(r->body, nullptr, false);
      CHECK(j.is_object());
      CHECK(j.contains("error"));
    }
    if (round % 25 == 0) {
      auto alive = s.client().Get("/api/v1/session");
      REQUIRE(alive);
      CHECK(alive->status == 200);
    }
  }
  CHECK(requests > 100);
  auto alive = s.client().Get("/metrics");
  REQUIRE(alive);
  CHECK(alive->status == 200);
  CHECK(alive->body.find("code=\"500\"") == std::string::npos);
}

TEST_CASE("http fuzz: clients on many threads at once all get answers", "[api][http][fuzz]") {
  test::Served s;
  constexpr int kThreads = 6, kEach = 40;
  std::vector<std::vector<int>> statuses(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&s, &statuses, t] {
      Fuzzer f;
      f.rng.seed(static_cast<uint64_t>(t) + 1);
      httplib::Client c = s.client();
      for (int i = 0; i < kEach; ++i) {
        httplib::Result r = [&] {
          switch (f.pick(6)) {
            case 0:
              return c.Get("/api/v1/topology");
            case 1:
              return c.Get("/api/v1/metrics?component=lb");
            case 2:
              return c.Post("/api/v1/notes", R"({"text": "thread note"})", "application/json");
            case 3:
              return c.Post("/api/v1/clock", R"({"pause": true, "step_seconds": 1})",
                            "application/json");
            case 4:
              return c.Post("/api/v1/actions", f.body(), "application/json");
            default:
              return c.Get("/metrics");
          }
        }();
        statuses[static_cast<size_t>(t)].push_back(r ? r->status : -1);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  const std::set<int> expected = {200, 201, 400, 404, 409, 413, 422};
  for (const auto& list : statuses) {
    REQUIRE(list.size() == kEach);
    for (int status : list) {
      INFO(status);
      CHECK(expected.count(status));
    }
  }
  auto alive = s.client().Get("/api/v1/session");
  REQUIRE(alive);
  CHECK(alive->status == 200);
}
