// The Alertmanager-style webhook: payloads built from alert transitions (no sockets), URL
// parsing, and the sender POSTing to a loopback httplib server, retrying, and giving up.
#include <httplib.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "sim/api/alert_webhook.h"

namespace firedrill::api {
namespace {

AlertTransition transition(AlertState from, AlertState to, SimTime at) {
  AlertTransition t;
  t.at = at;
  t.rule = "HighErrorRate";
  t.component = "lb";
  t.from = from;
  t.to = to;
  t.value = 0.12;
  t.summary = "5xx ratio above 5%";
  t.severity = AlertSeverity::page;
  t.runbook_url = "https://runbooks.example/high-error-rate";
  t.labels = {{"team", "web"}};
  return t;
}

AlertPayloadOptions options() {
  AlertPayloadOptions o;
  o.external_url = "http://127.0.0.1:8470";
  o.start_unix_us = 1708092000LL * 1'000'000;  // 2024-02-16T14:00:00Z
  return o;
}

TEST_CASE("alert webhook: RFC 3339 UTC times and label fingerprints", "[api][webhook]") {
  CHECK(rfc3339_utc(1708092000LL * 1'000'000) == "2024-02-16T14:00:00Z");
  CHECK(rfc3339_utc(1708092000LL * 1'000'000 + 250'000) == "2024-02-16T14:00:00.250Z");
  CHECK(rfc3339_utc(0) == "1970-01-01T00:00:00Z");
  // FNV-1a 64 of the empty input is the offset basis.
  CHECK(label_fingerprint({}) == "cbf29ce484222325");
  const std::string a = label_fingerprint({{"alertname", "X"}, {"component", "lb"}});
  CHECK(a.size() == 16);
  CHECK(a != label_fingerprint({{"alertname", "X"}, {"component", "db"}}));
  CHECK(a != label_fingerprint({{"alertname", "Xc"}, {"omponent", "lb"}}));  // separators count
}

TEST_CASE("alert webhook: firing then resolved payloads, version 4", "[api][webhook]") {
  AlertPayloadBuilder builder(options());
  CHECK_FALSE(builder.on_transition(
      transition(AlertState::inactive, AlertState::pending, SimTime::seconds(60))));

  const auto firing = builder.on_transition(
      transition(AlertState::pending, AlertState::firing, SimTime::seconds(120)));
  REQUIRE(firing);
  const nlohmann::json& f = *firing;
  CHECK(f["version"] == "4");
  CHECK(f["receiver"] == "firedrill");
  CHECK(f["status"] == "firing");
  CHECK(f["externalURL"] == "http://127.0.0.1:8470");
  CHECK(f["groupKey"] == "{}:{alertname=\"HighErrorRate\"}");
  CHECK(f["groupLabels"] == nlohmann::json{{"alertname", "HighErrorRate"}});
  CHECK(f["truncatedAlerts"] == 0);
  REQUIRE(f["alerts"].size() == 1);
  const nlohmann::json& a = f["alerts"][0];
  CHECK(a["status"] == "firing");
  CHECK(a["labels"] == nlohmann::json{{"alertname", "HighErrorRate"},
                                      {"component", "lb"},
                                      {"severity", "page"},
                                      {"team", "web"}});
  CHECK(a["annotations"]["summary"] == "5xx ratio above 5%");
  CHECK(a["annotations"]["runbook_url"] == "https://runbooks.example/high-error-rate");
  CHECK(a["startsAt"] == "2024-02-16T14:02:00Z");
  CHECK(a["endsAt"] == "0001-01-01T00:00:00Z");
  CHECK(a["generatorURL"] == "http://127.0.0.1:8470/api/v1/alerts");
  CHECK(a["fingerprint"] == label_fingerprint({{"alertname", "HighErrorRate"},
                                               {"component", "lb"},
                                               {"severity", "page"},
                                               {"team", "web"}}));
  CHECK(f["commonLabels"] == a["labels"]);
  CHECK(f["commonAnnotations"] == a["annotations"]);

  const auto resolved = builder.on_transition(
      transition(AlertState::firing, AlertState::resolved, SimTime::seconds(421)));
  REQUIRE(resolved);
  const nlohmann::json& r = (*resolved)["alerts"][0];
  CHECK((*resolved)["status"] == "resolved");
  CHECK(r["status"] == "resolved");
  CHECK(r["startsAt"] == "2024-02-16T14:02:00Z");  // when it started firing
  CHECK(r["endsAt"] == "2024-02-16T14:07:01Z");
  CHECK(r["fingerprint"] == a["fingerprint"]);

  // A resolved alert leaving the list is not a second notification.
  CHECK_FALSE(builder.on_transition(
      transition(AlertState::resolved, AlertState::inactive, SimTime::seconds(1321))));
}

TEST_CASE("alert webhook: URL parsing", "[api][webhook]") {
  std::string error;
  auto u = parse_webhook_url("http://127.0.0.1:9093/hook/x", &error);
  REQUIRE(u);
  CHECK(u->host == "127.0.0.1");
  CHECK(u->port == 9093);
  CHECK(u->path == "/hook/x");
  u = parse_webhook_url("http://[::1]:5001", &error);
  REQUIRE(u);
  CHECK(u->host == "::1");
  CHECK(u->path == "/");
  u = parse_webhook_url("http://alerts.internal", &error);
  REQUIRE(u);
  CHECK(u->port == 80);
  CHECK_FALSE(parse_webhook_url("https://127.0.0.1/x", &error));
  CHECK(error.find("https") != std::string::npos);
  CHECK_FALSE(parse_webhook_url("127.0.0.1:9093", &error));
  CHECK_FALSE(parse_webhook_url("http://127.0.0.1:99999/", &error));
  CHECK_FALSE(parse_webhook_url("http://:80/", &error));
}

// A loopback receiver that answers `fail_first` POSTs with 500, then 200.
struct Receiver {
  explicit Receiver(int fail_first = 0) : fail_left(fail_first) {
    server.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mutex);
      ++attempts;
      if (fail_left > 0) {
        --fail_left;
        res.status = 500;
        return;
      }
      bodies.push_back(req.body);
      content_type = req.get_header_value("Content-Type");
      res.status = 200;
    });
    port = server.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    thread = std::thread([this] { server.listen_after_bind(); });
    for (int i = 0; i < 500 && !server.is_running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ~Receiver() {
    server.stop();
    thread.join();
  }
  size_t received() {
    std::lock_guard<std::mutex> lock(mutex);
    return bodies.size();
  }
  bool wait_for(size_t n) {
    for (int i = 0; i < 500 && received() < n; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return received() >= n;
  }

  httplib::Server server;
  std::thread thread;
  int port = 0;
  std::mutex mutex;
  std::vector<std::string> bodies;
  std::string content_type;
  int attempts = 0;
  int fail_left;
};

AlertWebhookOptions hook_options(int port, std::vector<std::string>* log, std::mutex* log_mutex) {
  AlertWebhookOptions o;
  o.url = "http://127.0.0.1:" + std::to_string(port) + "/hook";
  o.payload = options();
  o.timeout = std::chrono::milliseconds(2000);
  o.backoff = std::chrono::milliseconds(20);
  o.log = [log, log_mutex](const std::string& line) {
    std::lock_guard<std::mutex> lock(*log_mutex);
    log->push_back(line);
  };
  return o;
}

TEST_CASE("alert webhook: POSTs firing and resolved to a loopback receiver, retrying a 500",
          "[api][webhook][http]") {
  Receiver receiver(1);  // the first attempt fails
  std::vector<std::string> log;
  std::mutex log_mutex;
  AlertWebhook hook(hook_options(receiver.port, &log, &log_mutex));
  CHECK(hook.enqueue(transition(AlertState::pending, AlertState::firing, SimTime::seconds(120))));
  CHECK(hook.enqueue(transition(AlertState::firing, AlertState::resolved, SimTime::seconds(300))));
  REQUIRE(receiver.wait_for(2));
  hook.stop();

  std::lock_guard<std::mutex> lock(receiver.mutex);
  CHECK(receiver.attempts == 3);
  CHECK(receiver.content_type == "application/json");
  const auto first = nlohmann::json::parse(receiver.bodies[0]);
  const auto second = nlohmann::json::parse(receiver.bodies[1]);
  CHECK(first["status"] == "firing");  // in order, the retried one first
  CHECK(second["status"] == "resolved");
  CHECK(second["alerts"][0]["endsAt"] == "2024-02-16T14:05:00Z");
  const auto counts = hook.counts();
  CHECK(counts.sent == 2);
  CHECK(counts.failed == 0);
  std::lock_guard<std::mutex> log_lock(log_mutex);
  REQUIRE(log.size() == 1);
  CHECK(log[0].find("HTTP 500") != std::string::npos);
}

TEST_CASE("alert webhook: an unreachable receiver is logged, not fatal; the queue is bounded",
          "[api][webhook][http]") {
  int port = 0;
  {
    Receiver gone;  // a port that was free a moment ago and is closed now
    port = gone.port;
  }
  std::vector<std::string> log;
  std::mutex log_mutex;
  AlertWebhookOptions o = hook_options(port, &log, &log_mutex);
  o.max_attempts = 2;
  o.queue_capacity = 1;
  o.backoff = std::chrono::milliseconds(200);
  AlertWebhook hook(std::move(o));
  const auto start = std::chrono::steady_clock::now();
  hook.enqueue(transition(AlertState::pending, AlertState::firing, SimTime::seconds(1)));
  for (int i = 0; i < 10; ++i) {
    hook.enqueue(transition(AlertState::firing, AlertState::resolved, SimTime::seconds(2 + i)));
    hook.enqueue(transition(AlertState::pending, AlertState::firing, SimTime::seconds(2 + i)));
  }
  // enqueue never waited on the network.
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(150));
  for (int i = 0; i < 300 && hook.counts().failed == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  hook.stop();
  const auto counts = hook.counts();
  CHECK(counts.sent == 0);
  CHECK(counts.failed >= 1);
  CHECK(counts.dropped >= 18);  // capacity 1: nearly all of the 21 were dropped
  CHECK(counts.failed + counts.dropped == 21);
  std::lock_guard<std::mutex> lock(log_mutex);
  bool gave_up = false;
  for (const auto& line : log) gave_up |= line.find("giving up") != std::string::npos;
  CHECK(gave_up);
}

}  // namespace
}  // namespace firedrill::api
