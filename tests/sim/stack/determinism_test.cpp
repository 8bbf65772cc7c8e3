// Determinism is a feature: the same configuration and seed give the same run, event for event.
#include <catch2/catch.hpp>

#include "sim/stack/web_stack.h"
#include "stack_test_util.h"

using namespace firedrill;

namespace {

// Every mechanism on at once: daily curve, spike, cache, replica, health checks, client
// timeouts and retries, a DB that slows down mid-run (so errors and retries happen).
StackConfig busy_stack() {
  StackConfig c = testing::small_stack();
  c.traffic.base_rps = 600;
  c.traffic.daily_curve = {0.3, 0.2, 0.2, 0.2, 0.3, 0.5, 0.8, 1.0, 1.1, 1.2, 1.2, 1.3,
                           1.4, 1.3, 1.2, 1.2, 1.1, 1.1, 1.0, 0.9, 0.8, 0.6, 0.5, 0.4};
  c.traffic.spikes.push_back({SimTime::seconds(60), SimTime::seconds(30), 2.0});
  c.cache.enabled = true;
  c.db.replica = true;
  c.client.timeout = SimTime::seconds(2);
  c.lb.proxy_timeout = SimTime{};  // users give up before any proxy would
  c.lb.policy = LbPolicy::kLeastConnections;
  return c;
}

struct RunResult {
  uint64_t digest;
  uint64_t events;
  std::vector<double> metrics;
};

RunResult run_once(uint64_t seed) {
  Simulation sim(seed);
  WebStack stack(sim, busy_stack());
  stack.start();
  sim.run_until(SimTime::seconds(90));
  stack.db().set_query_time_factor(400.0);  // the DB stalls: timeouts, 504s, retries
  sim.run_until(SimTime::seconds(150));
  RunResult r{sim.digest(), sim.events_processed(), {}};
  const MetricsRegistry& m = stack.metrics();
  for (int64_t s = m.first_second(); s < m.end_second(); ++s)
    for (SeriesId id = 0; id < m.series_count(); ++id) r.metrics.push_back(m.value(id, s));
  return r;
}

}  // namespace

TEST_CASE("determinism: the same seed gives the same events and the same metrics",
          "[determinism]") {
  const RunResult a = run_once(7), b = run_once(7);
  CHECK(a.events > 100000);
  CHECK(a.digest == b.digest);
  CHECK(a.events == b.events);
  CHECK(a.metrics == b.metrics);
}

TEST_CASE("determinism: a different seed gives a different run", "[determinism]") {
  const RunResult a = run_once(7), b = run_once(8);
  CHECK(a.digest != b.digest);
  CHECK(a.metrics != b.metrics);
}

TEST_CASE("determinism: the busy run really exercises failures, retries and timeouts",
          "[determinism]") {
  Simulation sim(7);
  WebStack stack(sim, busy_stack());
  stack.start();
  sim.run_until(SimTime::seconds(90));
  stack.db().set_query_time_factor(400.0);
  sim.run_until(SimTime::seconds(150));
  CHECK(testing::total(stack, "users", "retries") > 0);
  CHECK(testing::total(stack, "users", "timeouts") > 0);
  CHECK(testing::total(stack, "users", "failed") > 0);
  CHECK(testing::total(stack, "cache", "hits") > 0);
  CHECK(testing::total(stack, "db-replica", "queries") > 0);
}
