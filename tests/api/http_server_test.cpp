// The server on a real socket: a free loopback port, the guards cpp-httplib 0.11 needs
// (port sharing, body caps, chunked bodies), JSON errors from the library's own answers,
// the event stream, and a prompt stop.
#include <httplib.h>
#include <catch2/catch.hpp>

#include <condition_variable>
#include <thread>

#include "http_test_util.h"

using namespace firedrill;
using namespace firedrill::api;

using test::Served;

namespace {
nlohmann::json parse(const std::string& body) {
  INFO(body);
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  REQUIRE(j.is_object());
  return j;
}
}  // namespace

TEST_CASE("http server: serves the API on a free loopback port it reports", "[api][http]") {
  Served s;
  CHECK(s.server->port() > 0);
  CHECK(s.server->url() == "http://127.0.0.1:" + std::to_string(s.server->port()));
  auto c = s.client();
  auto r = c.Get("/api/v1/session");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "application/json");
  CHECK(parse(r->body)["scenario"]["id"] == "test-drill");
}

TEST_CASE("http server: a second server on the same port fails to bind with a clear error",
          "[api][http]") {
  Served first;
  ApiRoutes routes(single_session(*first.session));
  HttpServerOptions options;
  options.bind = {"127.0.0.1", first.server->port()};
  HttpServer second(routes, nullptr, options);
  const std::string error = second.start();
  INFO(error);
  CHECK(error.find("cannot listen on 127.0.0.1:" + std::to_string(first.server->port())) == 0);
  CHECK(error.find("in use") != std::string::npos);
  // The first one still answers every request (nothing was load-balanced away).
  auto c = first.client();
  for (int i = 0; i < 5; ++i) {
    auto r = c.Get("/api/v1/session");
    REQUIRE(r);
    CHECK(r->status == 200);
  }
}

TEST_CASE("http server: bodies over the cap get 413 with a JSON error", "[api][http]") {
  HttpServerOptions options;
  options.payload_max_bytes = 1024;
  Served s({}, options);
  auto c = s.client();
  auto r = c.Post("/api/v1/notes", std::string(4096, 'x'), "application/json");
  REQUIRE(r);
  CHECK(r->status == 413);
  CHECK(parse(r->body)["error"].get<std::string>().find("1024") != std::string::npos);
  auto ok = c.Post("/api/v1/notes", R"({"text": "fits"})", "application/json");
  REQUIRE(ok);
  CHECK(ok->status == 201);
}

TEST_CASE("http server: chunked and length-less request bodies are refused with 411",
          "[api][http]") {
  Served s;
  // Raw bytes in one write, so the server has read them all when it answers (cpp-httplib
  // 0.11 would read such bodies without any limit, so they are refused before reading).
  const std::string chunked = test::raw_exchange(
      s.server->port(),
      "POST /api/v1/notes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\nd\r\n{\"text\": \"x\"}\r\n0\r\n\r\n",
      false);
  INFO(chunked);
  CHECK(chunked.rfind("HTTP/1.1 411", 0) == 0);
  CHECK(chunked.find("{\"error\":\"chunked request bodies are not accepted") != std::string::npos);

  const std::string no_length =
      test::raw_exchange(s.server->port(), "POST /api/v1/notes HTTP/1.1\r\nHost: x\r\n\r\n", false);
  INFO(no_length);
  CHECK(no_length.rfind("HTTP/1.1 411", 0) == 0);

  // A method no route takes is told so first, whatever its body.
  const std::string put =
      test::raw_exchange(s.server->port(), "PUT /api/v1/notes HTTP/1.1\r\nHost: x\r\n\r\n", false);
  INFO(put);
  CHECK(put.rfind("HTTP/1.1 405", 0) == 0);
  CHECK(put.find("Allow: POST") != std::string::npos);

  // Nothing was taken for a note.
  auto notes = s.session->call([session = s.session.get()](Drill&) {
    size_t n = 0;
    for (const JournalRecord& r : session->records()) n += r.kind == "trainee.note";
    return n;
  });
  CHECK(notes == size_t{0});
}

TEST_CASE("http server: malformed JSON, unknown routes and wrong methods get JSON errors",
          "[api][http]") {
  Served s;
  auto c = s.client();
  auto bad = c.Post("/api/v1/notes", "{not json", "application/json");
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK(parse(bad->body)["field"] == "body");

  auto missing = c.Get("/api/v1/nothing-here");
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(parse(missing->body).contains("error"));

  auto wrong = c.Delete("/api/v1/alerts");
  REQUIRE(wrong);
  CHECK(wrong->status == 405);
  CHECK(wrong->get_header_value("Allow") == "GET");
  CHECK(parse(wrong->body).contains("error"));
}

TEST_CASE("http server: /metrics is the Prometheus text format with its content type",
          "[api][http]") {
  Served s;
  auto c = s.client();
  c.Get("/api/v1/session");
  auto r = c.Get("/metrics");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "text/plain; version=0.0.4");
  CHECK(r->body.find("firedrill_api_requests_total{route=\"/api/v1/session\",method=\"GET\","
                     "code=\"200\"} 1") != std::string::npos);
}

namespace {
// Reads the event stream on a thread of its own and lets the test wait for text to arrive.
struct StreamReader {
  explicit StreamReader(const Served& s) : served(s), client(s.client()) {
    thread = std::thread([this] {
      auto r = client.Get("/api/v1/events", [this](const char* data, size_t n) {
        std::lock_guard lock(mutex);
        text.append(data, n);
        cv.notify_all();
        return true;
      });
      std::lock_guard lock(mutex);
      status = r ? r->status : -1;
      done = true;
      cv.notify_all();
    });
  }
  ~StreamReader() {
    served.server->stop();  // ends the stream even when a check failed before the test did
    if (thread.joinable()) thread.join();
  }
  // Waits (bounded) until the stream holds `needle`.
  bool wait_for(const std::string& needle) {
    std::unique_lock lock(mutex);
    return cv.wait_for(lock, std::chrono::seconds(10), [&] {
      return text.find(needle) != std::string::npos || done;
    }) && text.find(needle) != std::string::npos;
  }
  bool wait_done() {
    std::unique_lock lock(mutex);
    return cv.wait_for(lock, std::chrono::seconds(10), [&] { return done; });
  }

  const Served& served;
  httplib::Client client;
  std::thread thread;
  std::mutex mutex;
  std::condition_variable cv;
  std::string text;
  int status = 0;
  bool done = false;
};
}  // namespace

TEST_CASE("http server: the event stream carries a step's clock tick and a note's record",
          "[api][http]") {
  Served s;
  StreamReader reader(s);
  REQUIRE(reader.wait_for(": firedrill events"));
  auto c = s.client();
  auto stepped = c.Post("/api/v1/clock", R"({"step_seconds": 10})", "application/json");
  REQUIRE(stepped);
  REQUIRE(stepped->status == 200);
  CHECK(reader.wait_for("\"t_us\":10000000"));
  auto note = c.Post("/api/v1/notes", R"({"text": "hello stream"})", "application/json");
  REQUIRE(note);
  CHECK(reader.wait_for("\"kind\":\"trainee.note\""));
  CHECK(reader.wait_for("hello stream"));

  // Stopping the server ends the stream (the hub closes) instead of waiting for the client.
  const auto before = std::chrono::steady_clock::now();
  s.server->stop();
  CHECK(reader.wait_done());
  CHECK(std::chrono::steady_clock::now() - before < std::chrono::seconds(5));
  CHECK(reader.status == 200);
}

TEST_CASE("http server: event streams beyond the limit get 503 and ordinary requests go on",
          "[api][http]") {
  SessionConfig config;
  config.max_event_clients = 2;
  Served s(config);
  StreamReader a(s), b(s);
  REQUIRE(a.wait_for(": firedrill events"));
  REQUIRE(b.wait_for(": firedrill events"));
  auto c = s.client();
  auto third = c.Get("/api/v1/events");
  REQUIRE(third);
  CHECK(third->status == 503);
  CHECK(third->get_header_value("Retry-After") == "5");
  auto session = c.Get("/api/v1/session");
  REQUIRE(session);
  CHECK(session->status == 200);
  s.server->stop();
}

TEST_CASE("http server: stop() returns promptly while a client holds a keep-alive connection",
          "[api][http]") {
  Served s;
  auto c = s.client();
  c.set_keep_alive(true);
  auto r = c.Get("/api/v1/session");
  REQUIRE(r);
  const auto before = std::chrono::steady_clock::now();
  s.server->stop();
  CHECK(std::chrono::steady_clock::now() - before < std::chrono::seconds(3));
}
