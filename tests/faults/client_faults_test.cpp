// dns_failure, retry_storm and traffic_spike: the users' side.
#include "fault_test_util.h"

using namespace firedrill;
using testing::inject;
using testing::mean;
using testing::run_to;
using testing::sum;

TEST_CASE_METHOD(testing::StackFixture,
                 "faults: a DNS failure hurts users while every server looks healthy",
                 "[faults][client]") {
  run_to(sim, 10);
  auto f = inject(stack, "dns_failure", {}, {{"rate", 0.5}});
  run_to(sim, 70);
  // One retry: a user fails when both lookups fail.
  CHECK(sum(stack, "users", "failed", 12, 68) ==
        Approx(0.25 * sum(stack, "users", "requests", 12, 68)).epsilon(0.15));
  CHECK(sum(stack, "lb", "status_5xx", 12, 68) == 0);
  CHECK(mean(stack, "lb", "requests", 12, 68) < 0.8 * mean(stack, "users", "attempts", 12, 68));
  f->clear(stack);
  run_to(sim, 90);
  CHECK(sum(stack, "users", "failed", 72, 88) == 0);
}

TEST_CASE_METHOD(testing::StackFixture,
                 "faults: a retry storm multiplies the load of every failure", "[faults][client]") {
  auto errors = inject(stack, "error_rate", {"web-*"}, {{"rate", 0.5}});
  run_to(sim, 40);
  auto storm = inject(stack, "retry_storm", {}, {});  // 5 retries, no backoff
  CHECK(stack.client().config().max_retries == 5);
  CHECK(stack.client().config().retry_backoff == SimTime{});
  run_to(sim, 80);
  auto ratio = [&](int64_t from, int64_t to) {
    return sum(stack, "users", "attempts", from, to) / sum(stack, "users", "requests", from, to);
  };
  CHECK(ratio(5, 38) == Approx(1.5).epsilon(0.1));    // 1 + 0.5
  CHECK(ratio(45, 78) == Approx(1.97).epsilon(0.1));  // 1 + 0.5 + ... + 0.5^5
  CHECK(mean(stack, "lb", "requests", 45, 78) > 1.25 * mean(stack, "lb", "requests", 5, 38));
  storm->clear(stack);
  CHECK(stack.client().config().max_retries == 1);
  CHECK(stack.client().config().retry_backoff == SimTime::millis(500));
  errors->clear(stack);
}

TEST_CASE_METHOD(testing::StackFixture,
                 "faults: a traffic spike multiplies the arrival rate, ramping up if asked",
                 "[faults][client]") {
  run_to(sim, 10);
  const int64_t before = rec.requests;  // about 2000 access-log lines in 10 s
  auto f = inject(stack, "traffic_spike", {}, {{"multiplier", 3.0}, {"ramp", std::string("20s")}});
  run_to(sim, 20);
  // 10 s ramping from 1x to 2x: about 3000.
  CHECK(static_cast<double>(rec.requests - before) > 1.3 * static_cast<double>(before));
  run_to(sim, 70);
  CHECK(mean(stack, "users", "offered_rate", 2, 9) == 200);
  CHECK(mean(stack, "users", "offered_rate", 20, 21) == Approx(400).epsilon(0.05));
  CHECK(mean(stack, "lb", "requests", 35, 68) == Approx(600).epsilon(0.1));
  f->clear(stack);
  CHECK(stack.client().current_rate() == 200);
}
