#include <catch2/catch.hpp>

#include "sim/stack/web_stack.h"
#include "stack_test_util.h"

using namespace firedrill;
using testing::total;

TEST_CASE("web server: requests that wait too long for a DB pool connection get a 500", "[web]") {
  StackConfig c = testing::small_stack();
  c.web.db_pool_size = 2;
  c.web.pool_wait_timeout = SimTime::millis(200);
  c.db.query_ms = 50;  // 100 req/s per server x 50 ms = 5 connections wanted, 2 available
  c.client.max_retries = 0;
  Simulation sim(1);
  WebStack stack(sim, c);
  stack.start();
  sim.run_until(SimTime::seconds(21));
  CHECK(total(stack, "web-1", "db_pool_timeouts") > 0);
  CHECK(total(stack, "lb", "status_500") ==
        total(stack, "web-1", "db_pool_timeouts") + total(stack, "web-2", "db_pool_timeouts"));
  CHECK(testing::last(stack, "web-1", "db_pool_in_use") <= 2);
}

TEST_CASE("web server: more requests on CPU than cores stretch the service time", "[web]") {
  auto p50_with_cores = [](uint32_t cores) {
    StackConfig c = testing::small_stack();
    c.web.cpu_cores = cores;
    c.web.cpu_ms = 30;  // 100 req/s x 30 ms = 3 requests on CPU per server on average
    Simulation sim(1);
    WebStack stack(sim, c);
    stack.start();
    sim.run_until(SimTime::seconds(31));
    return total(stack, "lb", "p50_ms") / 30.0;
  };
  CHECK(p50_with_cores(1) > 1.5 * p50_with_cores(8));
}

TEST_CASE("web server: the database's connection limit turns new pool connections into 500s",
          "[web][db]") {
  StackConfig c = testing::small_stack();
  c.db.max_connections = 3;  // two servers want up to 16 each
  c.db.query_ms = 40;
  c.client.max_retries = 0;
  Simulation sim(1);
  WebStack stack(sim, c);
  stack.start();
  sim.run_until(SimTime::seconds(11));
  CHECK(stack.db().open_connections() == 3);
  CHECK(total(stack, "db", "refused_connections") > 0);
  CHECK(total(stack, "lb", "status_500") == total(stack, "db", "refused_connections"));
}

TEST_CASE("web server: a stopped process refuses connections and a restart serves again", "[web]") {
  StackConfig c = testing::small_stack();
  c.web.count = 1;
  c.lb.health_interval = SimTime{};
  c.client.max_retries = 0;
  c.web_host.startup_time = SimTime{};
  Simulation sim(1);
  WebStack stack(sim, c);
  stack.start();
  stack.web(0).host().stop();
  sim.run_until(SimTime::seconds(5));
  CHECK(total(stack, "lb", "status_2xx") == 0);
  CHECK(total(stack, "web-1", "refused") > 0);
  stack.web(0).host().start();
  sim.run_until(SimTime::seconds(10));
  CHECK(total(stack, "lb", "status_2xx") > 0);
}

TEST_CASE("database: a replica takes the read share of the queries", "[db]") {
  StackConfig c = testing::small_stack();
  c.db.replica = true;
  c.db.read_fraction = 0.75;
  Simulation sim(1);
  WebStack stack(sim, c);
  stack.start();
  sim.run_until(SimTime::seconds(61));
  const double reads = total(stack, "db-replica", "queries"),
               writes = total(stack, "db", "queries");
  CHECK(reads / (reads + writes) == Approx(0.75).margin(0.02));
}

TEST_CASE("cache: hits spare the database at the configured hit ratio", "[cache]") {
  StackConfig c = testing::small_stack();
  c.cache.enabled = true;
  c.cache.hit_ratio = 0.9;
  Simulation sim(1);
  WebStack stack(sim, c);
  stack.start();
  sim.run_until(SimTime::seconds(61));
  const double hits = total(stack, "cache", "hits"), misses = total(stack, "cache", "misses");
  CHECK(hits / (hits + misses) == Approx(0.9).margin(0.01));
  CHECK(total(stack, "db", "queries") == misses);
  stack.cache()->set_hit_ratio(0.0);  // a flush: every lookup misses
  sim.run_until(SimTime::seconds(71));
  CHECK(testing::last(stack, "cache", "hit_ratio") == 0.0);
}
