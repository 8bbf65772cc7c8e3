// latency and error_rate, and how a slow database propagates up to the load balancer.
#include "fault_test_util.h"

using namespace firedrill;
using testing::inject;
using testing::mean;
using testing::run_to;
using testing::sum;

TEST_CASE_METHOD(testing::StackFixture,
                 "faults: latency on a web server shows in the LB's percentiles for its share of "
                 "requests",
                 "[faults][request]") {
  run_to(sim, 10);
  CHECK(rec.slowest < SimTime::millis(50));
  auto f = inject(stack, "latency", {"web-2"}, {{"ms", 50.0}});
  run_to(sim, 40);
  CHECK(rec.slowest > SimTime::millis(50));  // in the access log
  CHECK(mean(stack, "lb", "p50_ms", 2, 9) < 15);
  CHECK(mean(stack, "lb", "p95_ms", 15, 38) > 50);  // half the requests carry 50 ms more
  CHECK(mean(stack, "web-2", "busy_workers", 15, 38) >
        3 * mean(stack, "web-1", "busy_workers", 15, 38));
  f->clear(stack);
  run_to(sim, 60);
  CHECK(mean(stack, "lb", "p95_ms", 45, 58) < 30);
}

TEST_CASE_METHOD(testing::StackFixture,
                 "faults: latency on the database multiplies query time and logs slow queries",
                 "[faults][request]") {
  REQUIRE_FALSE(stack.db().host().set_config("log_min_duration_statement_ms", "50"));
  run_to(sim, 10);
  CHECK(rec.slow_queries == 0);
  auto f = inject(stack, "latency", {"db"}, {{"factor", 10.0}});
  run_to(sim, 40);
  CHECK(mean(stack, "db", "query_mean_ms", 2, 9) == Approx(2).epsilon(0.2));
  CHECK(mean(stack, "db", "query_mean_ms", 15, 38) == Approx(20).epsilon(0.2));
  CHECK(rec.slow_queries > 0);
}

TEST_CASE("faults: an error rate on one web server gives 500s from it alone", "[faults][request]") {
  StackConfig c = testing::small_stack();
  c.client.max_retries = 0;
  testing::StackFixture fx(c);
  auto& [sim, rec, stack] = fx;
  auto f = inject(stack, "error_rate", {"web-1"}, {{"rate", 0.4}});
  run_to(sim, 62);
  const double requests = sum(stack, "lb", "requests");
  CHECK(sum(stack, "lb", "status_500") == Approx(0.2 * requests).epsilon(0.15));
  CHECK(rec.failures_on("web-1", FailureReason::kAppError) > 0);
  CHECK(rec.failures_on("web-2", FailureReason::kAppError) == 0);
  CHECK(sum(stack, "web-2", "errors") == 0);
  f->clear(stack);
  run_to(sim, 80);
  CHECK(sum(stack, "lb", "status_500", 63, 78) == 0);
}

TEST_CASE("faults: a database failing its writes fails that share of the app's requests",
          "[faults][request]") {
  StackConfig c = testing::small_stack();
  c.client.max_retries = 0;
  testing::StackFixture fx(c);
  auto& [sim, rec, stack] = fx;
  auto f = inject(stack, "error_rate", {"db"}, {{"rate", 0.5}, {"writes_only", true}});
  run_to(sim, 62);
  const double requests = sum(stack, "lb", "requests");
  // One query per request, a fifth of them writes, half of those fail.
  CHECK(sum(stack, "lb", "status_500") == Approx(0.1 * requests).epsilon(0.2));
  CHECK(rec.failures_on("db", FailureReason::kDbError) > 0);
  CHECK(sum(stack, "db", "errors") > 0);
}

TEST_CASE("faults: a slow database exhausts the web workers and the LB marks them down",
          "[faults][request][propagation]") {
  StackConfig c = testing::small_stack();
  c.client.max_retries = 0;
  c.web.workers = 32;
  c.web.db_pool_size = 4;  // 8 connections in all, as many as the database runs at once
  c.db.query_slots = 8;
  testing::StackFixture fx(c);
  auto& [sim, rec, stack] = fx;
  run_to(sim, 20);
  CHECK(sum(stack, "lb", "status_5xx") == 0);
  auto f = inject(stack, "slow_queries", {"db"}, {{"factor", 500.0}});  // 1 s queries
  run_to(sim, 80);
  // The database saturates; pools wait and time out (500); workers stay busy, the backlog
  // fills (502) and health checks queue behind it, so the LB takes backends out (503).
  CHECK(mean(stack, "db", "utilization", 30, 78) > 0.95);
  CHECK(sum(stack, "web-1", "db_pool_timeouts") > 0);
  CHECK(mean(stack, "web-1", "busy_workers", 30, 78) > 7.5);
  CHECK(rec.failures[FailureReason::kPoolTimeout] > 0);
  CHECK(rec.failures[FailureReason::kBacklogFull] > 0);
  CHECK(sum(stack, "lb", "status_500", 20, 78) > 0);
  CHECK(sum(stack, "lb", "status_502", 20, 78) > 0);
  CHECK(sum(stack, "lb", "status_503", 20, 78) > 0);
  REQUIRE_FALSE(rec.health.empty());
  CHECK(rec.health.front().second == false);
  f->clear(stack);
  run_to(sim, 140);
  CHECK(stack.lb().healthy_backends() == 2);
  CHECK(sum(stack, "lb", "status_5xx", 120, 138) == 0);
}
