// network_partition and packet_loss between two groups of components.
#include "fault_test_util.h"

using namespace firedrill;
using testing::inject;
using testing::mean;
using testing::run_to;
using testing::sum;

TEST_CASE_METHOD(
    testing::StackFixture,
    "faults: a partition between the LB and a web server gives 504s, then the backend is "
    "marked down",
    "[faults][network]") {
  auto f = inject(stack, "network_partition", {"lb", "web-2"}, {});
  CHECK(f->resolved_targets() == std::vector<std::string>{"lb", "web-2"});
  run_to(sim, 30);
  CHECK(rec.answered(Outcome::kGatewayTimeout, FailureReason::kConnectTimeout) > 0);
  CHECK(sum(stack, "lb", "status_504") > 0);
  REQUIRE_FALSE(rec.health.empty());
  CHECK(rec.health[0] == std::pair<std::string, bool>{"web-2", false});
  CHECK(sum(stack, "lb", "status_504", 15, 28) == 0);  // out of rotation: no more tries
  f->clear(stack);
  run_to(sim, 40);
  CHECK(stack.lb().backends()[1].healthy);
  CHECK_FALSE(stack.links().impaired());
}

TEST_CASE(
    "faults: a partition between the web servers and the database fails every query after "
    "the connect timeout",
    "[faults][network]") {
  StackConfig c = testing::small_stack();
  c.client.max_retries = 0;
  testing::StackFixture fx(c);
  auto& [sim, rec, stack] = fx;
  auto f = inject(stack, "network_partition", {"web-*", "db*"}, {});  // db-replica: no link
  run_to(sim, 20);
  CHECK(rec.failures_on("web-1", FailureReason::kConnectTimeout) > 0);
  // Each request holds its worker for the 3 s timeout and fails (500); the rest overflow the
  // backlog (502). Nothing succeeds.
  CHECK(sum(stack, "lb", "status_500", 5, 18) > 0);
  CHECK(sum(stack, "lb", "status_502", 5, 18) > 0);
  CHECK(sum(stack, "lb", "status_2xx", 5, 18) == 0);
  CHECK(sum(stack, "db", "queries", 5, 18) == 0);
}

TEST_CASE_METHOD(testing::StackFixture,
                 "faults: packet loss shows as whole-second latency steps and, at worst, 504s",
                 "[faults][network]") {
  run_to(sim, 10);
  auto f = inject(stack, "packet_loss", {"lb", "web-*"}, {{"loss", 0.2}});
  CHECK(stack.links().loss("web-1", "lb") == Approx(0.2));
  run_to(sim, 70);
  CHECK(mean(stack, "lb", "p50_ms", 15, 68) < 20);    // most connects get through
  CHECK(mean(stack, "lb", "p95_ms", 15, 68) > 1000);  // one lost SYN: 1 s more
  CHECK(rec.answered(Outcome::kGatewayTimeout, FailureReason::kConnectTimeout) > 0);  // 1 + 2 s
  CHECK(mean(stack, "lb", "p95_ms", 2, 9) < 30);
  f->clear(stack);
  CHECK_FALSE(stack.links().impaired());  // the no-loss path is free again
  run_to(sim, 90);
  CHECK(mean(stack, "lb", "p95_ms", 75, 88) < 30);
}

TEST_CASE_METHOD(testing::StackFixture,
                 "faults: packet loss to the database delays queries by retransmissions",
                 "[faults][network]") {
  auto f = inject(stack, "packet_loss", {"web-1", "db"}, {{"loss", 0.3}});
  run_to(sim, 40);
  CHECK(stack.links().loss("web-2", "db") == 0);
  CHECK(mean(stack, "web-1", "busy_workers", 5, 38) >
        3 * mean(stack, "web-2", "busy_workers", 5, 38));
  CHECK(mean(stack, "lb", "p95_ms", 5, 38) > 1000);
}
