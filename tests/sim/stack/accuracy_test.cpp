// The stack model against independent references: Erlang-C closed forms for M/M/c and the
// SimPy anchor model (../shared/anchors), both on the product's own stack code.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "sim/faults/fault_catalog.h"
#include "sim/stack/webstack_v1.h"

using namespace firedrill;

namespace {

// Mean response time W (ms) of a stable M/M/c queue, via the Erlang-B recursion.
double erlang_c_response_ms(double lambda, double mu, int c) {
  const double a = lambda / mu, rho = a / c;
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  const double p_wait = b / (1.0 - rho * (1.0 - b));
  return 1000.0 * (p_wait / (c * mu - lambda) + 1.0 / mu);
}

// With p.fault_at: the fault library's slow_queries (factor p.fault_db_factor) on the
// database at that moment, as `firedrill bench webstack-v1 --fault-at` and a drill inject it.
WebstackV1Summary run(WebstackV1Params p) {
  WebstackV1Run r(p);
  std::unique_ptr<Fault> fault;
  r.run([&](WebStack& stack) {
    auto made = make_fault(stack, "slow_queries", {"db"}, {{"factor", p.fault_db_factor}});
    REQUIRE(made.ok());
    fault = std::move(made.value());
    REQUIRE_FALSE(fault->inject(stack).has_value());
  });
  return r.summary();
}

}  // namespace

TEST_CASE("accuracy: Erlang-C reference values are right (checked against mmc_theory.py)",
          "[accuracy]") {
  // python3 ../shared/anchors/mmc_theory.py --lam 3200 --mu 500 --c 8 -> w_ms 2.5721...
  CHECK(erlang_c_response_ms(3200, 500, 8) == Approx(2.5721).epsilon(1e-4));
  CHECK(erlang_c_response_ms(3800, 500, 8) == Approx(6.2208).epsilon(1e-4));
}

TEST_CASE("webstack-v1: the fault is injected once, at fault_at, before that moment's events",
          "[accuracy]") {
  WebstackV1Params p;
  p.duration = 2;
  p.fault_at = 1;
  WebstackV1Run r(p);
  int calls = 0;
  r.run([&](WebStack& stack) {
    ++calls;
    CHECK(stack.sim().now() == SimTime::seconds(1));
    CHECK(stack.sim().next_event_time() >= SimTime::seconds(1));
    CHECK(stack.sim().events_processed() > 1000);
  });
  CHECK(calls == 1);
  CHECK(r.stack().sim().now() == SimTime::seconds(2));

  WebstackV1Params no_fault;
  no_fault.duration = 1;
  WebstackV1Run healthy(no_fault);
  healthy.run([&](WebStack&) { ++calls; });
  CHECK(calls == 1);  // no fault_at: never called
}

TEST_CASE(
    "accuracy: M/M/c mean response time is within 3% of Erlang-C at utilisation 0.5, 0.8, 0.95",
    "[accuracy][slow]") {
  // One web server, no DB queries: the stack reduces to M/M/8 with mu = 500/s.
  struct Case {
    double rho, duration;
  };
  const Case c = GENERATE(Case{0.50, 300}, Case{0.80, 600}, Case{0.95, 6000});
  WebstackV1Params p;
  p.web = 1;
  p.workers = 8;
  p.web_ms = 2.0;
  p.queries = 0;
  p.rps = c.rho * 8 * 500;
  p.duration = c.duration;
  p.seed = 11;
  const WebstackV1Summary s = run(p);
  const double theory = erlang_c_response_ms(p.rps, 500, 8);
  INFO("rho " << c.rho << ": simulated W " << s.mean_latency_ms << " ms, Erlang-C " << theory);
  CHECK(std::abs(s.mean_latency_ms - theory) / theory < 0.03);
  CHECK(s.web_utilization == Approx(c.rho).margin(0.01));
}

TEST_CASE("accuracy: webstack-v1 means and utilisations agree with the SimPy model within 5%",
          "[accuracy][slow]") {
  std::ifstream in(FIREDRILL_SOURCE_DIR "/tests/data/anchor_webstack_v1.json");
  REQUIRE(in.good());
  const auto anchor = nlohmann::json::parse(in)["default"];
  const WebstackV1Summary s = run(WebstackV1Params{});
  auto within = [](double ours, double theirs, double tolerance) {
    return std::abs(ours - theirs) / theirs < tolerance;
  };
  INFO("mean " << s.mean_latency_ms << " p50 " << s.p50_ms << " p95 " << s.p95_ms << " p99 "
               << s.p99_ms << " web " << s.web_utilization << " db " << s.db_utilization);
  CHECK(within(s.mean_latency_ms, anchor["mean_latency_ms"], 0.05));
  CHECK(within(s.p50_ms, anchor["p50_ms"], 0.05));
  CHECK(within(s.p95_ms, anchor["p95_ms"], 0.05));
  CHECK(within(s.p99_ms, anchor["p99_ms"], 0.05));
  CHECK(within(s.web_utilization, anchor["web_utilization"], 0.05));
  CHECK(within(s.db_utilization, anchor["db_utilization"], 0.05));
  CHECK(within(static_cast<double>(s.requests_completed), anchor["requests_completed"], 0.01));
}

TEST_CASE("accuracy: after a tenfold DB slowdown mean and p99 latency agree with SimPy within 10%",
          "[accuracy][slow]") {
  std::ifstream in(FIREDRILL_SOURCE_DIR "/tests/data/anchor_webstack_v1.json");
  REQUIRE(in.good());
  const auto anchor = nlohmann::json::parse(in)["db_fault"];
  WebstackV1Params p;
  p.fault_at = 300;
  p.fault_db_factor = 10;
  const WebstackV1Summary s = run(p);
  auto within = [](double ours, double theirs, double tolerance) {
    return std::abs(ours - theirs) / theirs < tolerance;
  };
  INFO("mean " << s.mean_latency_ms << " p99 " << s.p99_ms << " completed " << s.requests_completed
               << " web " << s.web_utilization << " db " << s.db_utilization);
  CHECK(within(s.mean_latency_ms, anchor["mean_latency_ms"], 0.10));
  CHECK(within(s.p99_ms, anchor["p99_ms"], 0.10));
  CHECK(within(s.web_utilization, anchor["web_utilization"], 0.05));
  CHECK(within(s.db_utilization, anchor["db_utilization"], 0.05));
}
