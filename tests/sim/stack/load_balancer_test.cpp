#include <catch2/catch.hpp>

#include "sim/stack/web_stack.h"
#include "stack_test_util.h"

using namespace firedrill;
using testing::total;

TEST_CASE("load balancer: round-robin spreads requests evenly over the backends", "[lb]") {
  StackConfig c = testing::small_stack();
  c.web.count = 4;
  Simulation sim(1);
  WebStack stack(sim, c);
  stack.start();
  sim.run_until(SimTime::seconds(61));
  const double lb = total(stack, "lb", "requests");
  for (int i = 1; i <= 4; ++i)
    CHECK(total(stack, "web-" + std::to_string(i), "requests") == Approx(lb / 4).margin(2));
}

TEST_CASE("load balancer: least-connections sends less work to a slow backend", "[lb]") {
  auto share_of_slow = [](LbPolicy policy) {
    StackConfig c = testing::small_stack();
    c.web.count = 2;
    c.lb.policy = policy;
    Simulation sim(1);
    WebStack stack(sim, c);
    stack.web(0).mutable_config().cpu_ms = 30;  // web-1 is six times slower
    stack.start();
    sim.run_until(SimTime::seconds(61));
    return total(stack, "web-1", "requests") / total(stack, "lb", "requests");
  };
  CHECK(share_of_slow(LbPolicy::kRoundRobin) == Approx(0.5).margin(0.01));
  CHECK(share_of_slow(LbPolicy::kLeastConnections) < 0.4);
}

TEST_CASE("load balancer: ejects a backend after 3 failed health checks and readmits it after 2",
          "[lb]") {
  StackConfig c = testing::small_stack();
  c.lb.health_interval = SimTime::seconds(2);
  c.lb.health_fall = 3;
  c.lb.health_rise = 2;
  c.web_host.startup_time = SimTime{};  // a started process serves at once
  Simulation sim(1);
  WebStack stack(sim, c);
  stack.start();
  sim.run_until(SimTime::seconds(10) + SimTime::millis(1));
  stack.web(1).host().stop();  // checks at 12, 14, 16 s fail
  sim.run_until(SimTime::seconds(15));
  CHECK(stack.lb().backends()[1].healthy);
  CHECK(total(stack, "lb", "status_502") > 0);  // before ejection, requests hit the dead backend
  sim.run_until(SimTime::seconds(17));
  CHECK_FALSE(stack.lb().backends()[1].healthy);
  CHECK(stack.lb().healthy_backends() == 1);
  const double bad_before = total(stack, "lb", "status_502");
  sim.run_until(SimTime::seconds(31));
  CHECK(total(stack, "lb", "status_502") == bad_before);  // no traffic to the ejected backend

  stack.web(1).host().start();  // checks at 32, 34 s pass
  sim.run_until(SimTime::seconds(33));
  CHECK_FALSE(stack.lb().backends()[1].healthy);
  sim.run_until(SimTime::seconds(35));
  CHECK(stack.lb().backends()[1].healthy);
}

TEST_CASE("load balancer: answers 503 when no backend is healthy", "[lb]") {
  StackConfig c = testing::small_stack();
  c.client.max_retries = 0;
  Simulation sim(1);
  WebStack stack(sim, c);
  stack.start();
  stack.lb().set_in_rotation(0, false);
  stack.lb().set_in_rotation(1, false);
  sim.run_until(SimTime::seconds(11));
  CHECK(total(stack, "lb", "status_503") == total(stack, "lb", "requests"));
  CHECK(total(stack, "lb", "status_2xx") == 0);
  CHECK(total(stack, "users", "failed") == total(stack, "users", "requests"));
}

TEST_CASE("load balancer: answers 502 when a backend's accept queue is full", "[lb]") {
  StackConfig c = testing::small_stack();
  c.web.workers = 2;
  c.web.backlog = 0;
  c.web.cpu_ms = 20;  // 200 req/s x 20 ms over 2 x 2 workers: overloaded
  c.lb.health_interval = SimTime{};
  Simulation sim(1);
  WebStack stack(sim, c);
  stack.start();
  sim.run_until(SimTime::seconds(31));
  CHECK(total(stack, "lb", "status_502") > 0);
  CHECK(total(stack, "web-1", "refused") > 0);
  CHECK(total(stack, "lb", "status_502") ==
        total(stack, "web-1", "refused") + total(stack, "web-2", "refused"));
}

TEST_CASE("load balancer: answers 504 when the backend is slower than the proxy timeout", "[lb]") {
  StackConfig c = testing::small_stack();
  c.lb.proxy_timeout = SimTime::millis(500);
  c.client.timeout = SimTime::seconds(5);
  c.traffic.base_rps = 5;
  c.db.query_ms = 2000;  // every query takes seconds; the DB still keeps up with 5 req/s
  c.lb.health_interval = SimTime{};
  Simulation sim(1);
  WebStack stack(sim, c);
  stack.start();
  sim.run_until(SimTime::seconds(61));
  const double requests = total(stack, "lb", "requests"),
               timeouts = total(stack, "lb", "status_504");
  CHECK(timeouts > 0.9 * requests);
  // Nothing else goes wrong: an answer is either a 504 or a lucky fast query's 200.
  CHECK(timeouts + total(stack, "lb", "status_2xx") >= requests - 5);
}

TEST_CASE("load balancer: refuses connections beyond its connection limit", "[lb]") {
  StackConfig c = testing::small_stack();
  c.lb.max_connections = 5;
  c.db.query_ms = 100;  // ~20 requests in flight at 200 req/s
  Simulation sim(1);
  WebStack stack(sim, c);
  stack.start();
  sim.run_until(SimTime::seconds(11));
  CHECK(total(stack, "lb", "refused") > 0);
  CHECK(testing::last(stack, "lb", "connections") <= 5);
}
