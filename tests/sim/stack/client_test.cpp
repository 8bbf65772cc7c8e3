#include <catch2/catch.hpp>

#include "sim/stack/web_stack.h"
#include "stack_test_util.h"

using namespace firedrill;
using testing::total;

TEST_CASE("users: arrivals follow the configured rate, spikes and daily curve", "[users]") {
  StackConfig c = testing::small_stack();
  c.traffic.base_rps = 100;
  c.traffic.spikes.push_back({SimTime::seconds(100), SimTime::seconds(100), 3.0});
  c.traffic.daily_curve.assign(24, 1.0);
  c.traffic.start_of_day = SimTime::seconds(0);
  c.traffic.daily_curve[1] = 2.0;  // 01:00 is twice as busy as midnight
  Simulation sim(1);
  WebStack stack(sim, c);
  stack.start();
  const MetricsRegistry& m = stack.metrics();
  const SeriesId requests = *m.find("users", "requests");
  auto rate_over = [&](int64_t from, int64_t to) {
    double sum = 0;
    for (int64_t s = from; s < to; ++s) sum += m.value(requests, s);
    return sum / static_cast<double>(to - from);
  };
  sim.run_until(SimTime::seconds(3601));
  CHECK(rate_over(0, 100) == Approx(100 * (1 + 50.0 / 3600)).epsilon(0.06));
  CHECK(rate_over(100, 200) == Approx(300 * (1 + 150.0 / 3600)).epsilon(0.05));
  CHECK(rate_over(3000, 3600) == Approx(100 * (1 + 3300.0 / 3600)).epsilon(0.04));
}

TEST_CASE("users: a live rate multiplier changes the arrival rate at once", "[users]") {
  StackConfig c = testing::small_stack();
  Simulation sim(1);
  WebStack stack(sim, c);
  stack.start();
  sim.run_until(SimTime::seconds(60) + SimTime::millis(1));  // second 59 is committed
  stack.client().set_rate_multiplier(0.0);
  const double before = total(stack, "users", "requests");
  sim.run_until(SimTime::seconds(120) + SimTime::millis(1));
  CHECK(total(stack, "users", "requests") == before);
  stack.client().set_rate_multiplier(2.0);
  sim.run_until(SimTime::seconds(181));
  CHECK(stack.metrics().value(*stack.metrics().find("users", "offered_rate"), 170) == 400);
}

TEST_CASE("users: give up after the client timeout, retry once, and count who was hurt",
          "[users]") {
  StackConfig c = testing::small_stack();
  c.client.timeout = SimTime::millis(300);
  c.client.max_retries = 1;
  c.lb.proxy_timeout = SimTime{};
  c.traffic.users = 500;
  Simulation sim(1);
  WebStack stack(sim, c);
  stack.start();
  sim.run_until(SimTime::seconds(30));
  CHECK(stack.client().users_affected() == 0);
  stack.db().set_query_time_factor(1000);  // 2 s queries
  sim.run_until(SimTime::seconds(61));
  CHECK(total(stack, "users", "timeouts") > 0);
  CHECK(total(stack, "users", "retries") > 0);
  // With one retry allowed, every final failure was retried first.
  CHECK(total(stack, "users", "failed") > 0);
  CHECK(total(stack, "users", "retries") >= total(stack, "users", "failed"));
  CHECK(stack.client().users_affected() > 0);
  CHECK(stack.client().users_affected() <= stack.client().users_seen());
  CHECK(stack.client().users_seen() <= 500);
}

TEST_CASE("users: a success slower than the threshold still counts the user as affected",
          "[users]") {
  StackConfig c = testing::small_stack();
  c.client.slow_threshold = SimTime::millis(50);
  c.client.timeout = SimTime{};
  c.lb.proxy_timeout = SimTime{};
  c.db.query_ms = 60;  // slow, but within what the workers and DB slots can carry
  Simulation sim(1);
  WebStack stack(sim, c);
  stack.start();
  sim.run_until(SimTime::seconds(11));
  CHECK(total(stack, "users", "failed") == 0);
  CHECK(total(stack, "users", "slow") > 0);
  CHECK(stack.client().users_affected() > 0);
}
