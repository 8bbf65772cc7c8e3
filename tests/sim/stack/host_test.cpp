// Hosts and their processes: what a crash, a leak, a full disk, a descriptor limit, a hang
// or a bad config does to the stack, as the metrics show it.
#include <catch2/catch.hpp>

#include "sim/stack/web_stack.h"
#include "stack_test_util.h"

using namespace firedrill;
using testing::total;

namespace {
struct Recorder : StackObserver {
  std::vector<std::pair<std::string, ProcessChange>> process;
  std::map<FailureReason, int> failures;
  std::vector<std::pair<std::string, bool>> health;
  int slow_queries = 0;
  void on_process(std::string_view host, std::string_view, ProcessChange c, SimTime) override {
    process.emplace_back(std::string(host), c);
  }
  void on_failure(std::string_view, FailureReason r, SimTime) override { ++failures[r]; }
  void on_backend_health(std::string_view b, bool healthy, SimTime) override {
    health.emplace_back(std::string(b), healthy);
  }
  void on_slow_query(std::string_view, SimTime, bool, SimTime) override { ++slow_queries; }
};
}  // namespace

TEST_CASE("host: a crashed web process resets its requests (502) and systemd restarts it",
          "[host]") {
  StackConfig c = testing::small_stack();
  c.db.query_ms = 50;  // keep requests inside the server when it dies
  c.web_host.restart_delay = SimTime::seconds(5);
  c.web_host.startup_time = SimTime::seconds(2);
  Simulation sim(1);
  WebStack stack(sim, c);
  Recorder rec;
  stack.set_observer(&rec);
  stack.start();
  sim.run_until(SimTime::seconds(10));
  REQUIRE(stack.web(0).busy_workers() > 0);
  stack.web(0).host().crash();
  CHECK(stack.web(0).busy_workers() == 0);
  CHECK(rec.failures[FailureReason::kConnectionReset] > 0);
  sim.run_until(SimTime::seconds(16));
  CHECK(stack.web(0).host().state() == ProcessState::kStarting);
  sim.run_until(SimTime::seconds(18));
  CHECK(stack.web(0).host().state() == ProcessState::kRunning);
  CHECK(rec.process.size() == 3);  // crashed, starting, running
  CHECK(rec.process[0].second == ProcessChange::kCrashed);
  sim.run_until(SimTime::seconds(30));
  CHECK(total(stack, "lb", "status_502") > 0);
  CHECK(stack.requests_in_flight() < 100);  // nothing leaked from the reset
}

TEST_CASE("host: a crash resets exactly the requests inside that server and no other's", "[host]") {
  StackConfig c = testing::small_stack();
  c.db.query_ms = 50;
  c.lb.proxy_timeout = SimTime{};  // every request inside still has the proxy waiting on it
  c.client.timeout = SimTime{};
  Simulation sim(3);
  WebStack stack(sim, c);
  Recorder rec;
  stack.set_observer(&rec);
  stack.start();
  sim.run_until(SimTime::seconds(10));
  const size_t inside = stack.web(0).busy_workers() + stack.web(0).backlog();
  const uint32_t other_busy = stack.web(1).busy_workers();
  REQUIRE(inside > 0);
  REQUIRE(other_busy > 0);
  const int resets_before = rec.failures[FailureReason::kConnectionReset];
  stack.web(0).host().crash();
  CHECK(rec.failures[FailureReason::kConnectionReset] - resets_before ==
        static_cast<int>(inside));  // one 502 per request inside
  CHECK(stack.web(1).busy_workers() == other_busy);
  sim.run_until(SimTime::seconds(20));  // the other server's requests still complete
  CHECK(rec.failures[FailureReason::kConnectionReset] - resets_before == static_cast<int>(inside));
}

TEST_CASE("host: a memory leak ends in an OOM kill, a restart gap, and a health-check flap",
          "[host]") {
  StackConfig c = testing::small_stack();
  c.web_host.memory_mb = 4000;
  c.web_host.base_memory_mb = 1000;
  c.web_host.restart_delay = SimTime::seconds(10);
  c.web_host.startup_time = SimTime::seconds(5);
  Simulation sim(1);
  WebStack stack(sim, c);
  Recorder rec;
  stack.set_observer(&rec);
  stack.start();
  stack.web(1).host().set_memory_leak(600);  // 3000 MB of headroom: OOM after 5 minutes
  sim.run_until(SimTime::seconds(299));
  CHECK(stack.web(1).host().state() == ProcessState::kRunning);
  CHECK(stack.web(1).host().memory_used_mb() > 3900);
  sim.run_until(SimTime::seconds(301));
  REQUIRE_FALSE(rec.process.empty());
  CHECK(rec.process[0] ==
        std::pair<std::string, ProcessChange>{"web-2", ProcessChange::kOomKilled});
  sim.run_until(SimTime::seconds(330));
  CHECK(stack.web(1).host().state() == ProcessState::kRunning);
  CHECK(stack.web(1).host().memory_used_mb() < 1500);  // started over from the base
  // The LB saw it go and come back.
  REQUIRE(rec.health.size() >= 2);
  CHECK(rec.health[0] == std::pair<std::string, bool>{"web-2", false});
  CHECK(rec.health[1] == std::pair<std::string, bool>{"web-2", true});
  sim.run_until(SimTime::seconds(640));
  CHECK(stack.web(1).host().restarts() == 2);  // the leak is in the code: it happens again
}

TEST_CASE("host: out of file descriptors, the web server refuses and the LB answers 502",
          "[host]") {
  StackConfig c = testing::small_stack();
  Simulation sim(1);
  WebStack stack(sim, c);
  Recorder rec;
  stack.set_observer(&rec);
  stack.start();
  REQUIRE_FALSE(stack.web(0).host().set_config("nofile", "70"));  // base 64 + a handful
  sim.run_until(SimTime::seconds(31));
  CHECK(rec.failures[FailureReason::kTooManyOpenFiles] > 0);
  CHECK(total(stack, "lb", "status_502") > 0);
  CHECK(total(stack, "web-1", "refused") > 0);
  CHECK(total(stack, "web-2", "refused") == 0);
}

TEST_CASE("host: a hung process accepts but never answers; clients time out", "[host]") {
  StackConfig c = testing::small_stack();
  c.client.timeout = SimTime::seconds(2);
  c.client.max_retries = 0;
  c.lb.health_interval = SimTime{};
  Simulation sim(1);
  WebStack stack(sim, c);
  stack.start();
  sim.run_until(SimTime::seconds(5));
  stack.web(0).host().hang();
  sim.run_until(SimTime::seconds(20));
  CHECK(stack.web(0).backlog() > 0);
  CHECK(total(stack, "users", "timeouts") > 0);
  stack.web(0).host().unhang();
  sim.run_until(SimTime::seconds(21));
  CHECK(stack.web(0).backlog() == 0);  // the backlog drains once it moves again
}

TEST_CASE("host: a full disk fails the app's requests with 500s until space is freed", "[host]") {
  StackConfig c = testing::small_stack();
  c.client.max_retries = 0;
  Simulation sim(1);
  WebStack stack(sim, c);
  Recorder rec;
  stack.set_observer(&rec);
  stack.start();
  Host& h = stack.web(0).host();
  h.set_disk_fill_rate((h.disk_total_gb() - h.disk_used_gb()) / 2);  // full in 2 minutes
  sim.run_until(SimTime::seconds(119));
  CHECK_FALSE(h.disk_full());
  sim.run_until(SimTime::seconds(150));
  CHECK(h.disk_full());
  CHECK(rec.failures[FailureReason::kDiskFull] > 0);
  CHECK(total(stack, "lb", "status_500") > 0);
  h.set_disk_fill_rate(0);
  h.add_disk_usage(-10);
  CHECK_FALSE(h.disk_full());
}

TEST_CASE("host: config values are validated and unknown keys name the valid ones", "[host]") {
  StackConfig c = testing::small_stack();
  Simulation sim(1);
  WebStack stack(sim, c);
  auto err = stack.web(0).host().set_config("workers", "many");
  REQUIRE(err);
  CHECK(err->find("workers must be a whole number") != std::string::npos);
  err = stack.lb().host().set_config("helth_path", "/x");
  REQUIRE(err);
  CHECK(err->find("valid keys: upstream_port, health_path") != std::string::npos);
  CHECK_FALSE(stack.web(0).host().set_config("workers", "32"));
  CHECK(stack.web(0).config().workers == 32);
  CHECK(stack.web(0).host().config().at("workers") == "32");
}

TEST_CASE("host: a wrong health-check path takes every backend out: 503 for everyone", "[host]") {
  StackConfig c = testing::small_stack();
  c.client.max_retries = 0;
  Simulation sim(1);
  WebStack stack(sim, c);
  stack.start();
  REQUIRE_FALSE(stack.lb().host().set_config("health_path", "/healthz"));
  sim.run_until(SimTime::seconds(10));
  CHECK(stack.lb().healthy_backends() == 0);
  const double before = total(stack, "lb", "status_503");
  sim.run_until(SimTime::seconds(20));
  CHECK(total(stack, "lb", "status_503") > before);
}

TEST_CASE("host: a web server listening on the wrong port refuses the proxy: 502", "[host]") {
  StackConfig c = testing::small_stack();
  c.lb.health_interval = SimTime{};
  Simulation sim(1);
  WebStack stack(sim, c);
  Recorder rec;
  stack.set_observer(&rec);
  stack.start();
  REQUIRE_FALSE(stack.web(1).host().set_config("listen_port", "8080"));
  sim.run_until(SimTime::seconds(10));
  CHECK(rec.failures[FailureReason::kPortMismatch] > 0);
  CHECK(total(stack, "web-2", "requests") == 0);
}

TEST_CASE("host: a crashed database fails queries and the app answers 500", "[host][db]") {
  StackConfig c = testing::small_stack();
  c.client.max_retries = 0;
  Simulation sim(1);
  WebStack stack(sim, c);
  Recorder rec;
  stack.set_observer(&rec);
  stack.start();
  sim.run_until(SimTime::seconds(5));
  stack.db().host().crash();
  sim.run_until(SimTime::seconds(7));
  CHECK(rec.failures[FailureReason::kProcessDown] > 0);
  CHECK(total(stack, "lb", "status_500") > 0);
  sim.run_until(SimTime::seconds(20));  // restarted: serving again
  CHECK(stack.metrics().latest(*stack.metrics().find("lb", "status_2xx")) > 0);
}

TEST_CASE("host: an expired certificate fails every TLS handshake", "[host][lb]") {
  StackConfig c = testing::small_stack();
  Simulation sim(1);
  WebStack stack(sim, c);
  stack.start();
  stack.lb().set_certificate_expiry(SimTime::seconds(30));
  sim.run_until(SimTime::seconds(29));
  CHECK(total(stack, "lb", "tls_errors") == 0);
  sim.run_until(SimTime::seconds(41));
  CHECK(total(stack, "lb", "tls_errors") > 0);
  CHECK(stack.metrics().latest(*stack.metrics().find("lb", "error_ratio")) == 1.0);
}

TEST_CASE("host: a partition between LB and a web server gives 504s after the connect timeout",
          "[host][lb]") {
  StackConfig c = testing::small_stack();
  c.lb.health_interval = SimTime{};
  c.client.timeout = SimTime::seconds(10);
  Simulation sim(1);
  WebStack stack(sim, c);
  Recorder rec;
  stack.set_observer(&rec);
  stack.start();
  stack.links().set_partitioned("lb", "web-1", true);
  sim.run_until(SimTime::seconds(20));
  CHECK(rec.failures[FailureReason::kConnectTimeout] > 0);
  CHECK(total(stack, "lb", "status_504") > 0);
  CHECK(total(stack, "web-1", "requests") == 0);
}

TEST_CASE("host: queries slower than log_min_duration_statement are reported", "[host][db]") {
  StackConfig c = testing::small_stack();
  Simulation sim(1);
  WebStack stack(sim, c);
  Recorder rec;
  stack.set_observer(&rec);
  stack.start();
  REQUIRE_FALSE(stack.db().host().set_config("log_min_duration_statement_ms", "5"));
  sim.run_until(SimTime::seconds(5));
  CHECK(rec.slow_queries > 0);  // exponential query times around 2 ms: some exceed 5 ms
}
