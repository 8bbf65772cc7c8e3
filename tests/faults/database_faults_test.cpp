// slow_queries, lock_contention, replication_lag, cache_flush and the failover split brain.
#include "fault_test_util.h"

using namespace firedrill;
using testing::inject;
using testing::mean;
using testing::run_to;
using testing::sum;

TEST_CASE_METHOD(testing::StackFixture,
                 "faults: slow queries raise the database's query times and its slow-query log",
                 "[faults][database]") {
  run_to(sim, 10);
  CHECK(rec.slow_queries == 0);
  auto f = inject(stack, "slow_queries", {}, {{"factor", 250.0}});  // 0.5 s on average
  run_to(sim, 40);
  CHECK(mean(stack, "db", "query_mean_ms", 15, 38) > 300);
  CHECK(rec.slow_queries > 0);  // over log_min_duration_statement (1 s)
  CHECK(mean(stack, "lb", "p50_ms", 15, 38) > 100);
  f->clear(stack);
  CHECK(stack.db().query_time_factor() == 1);
}

TEST_CASE_METHOD(
    testing::StackFixture,
    "faults: lock contention queues queries behind a few slots; clearing drains the queue",
    "[faults][database]") {
  run_to(sim, 10);
  auto f = inject(stack, "lock_contention", {}, {{"factor", 8.0}, {"slots", 1.0}});
  CHECK(stack.db().config().query_slots == 1);
  run_to(sim, 30);  // 200 q/s of 16 ms each on one slot: the queue grows
  CHECK(mean(stack, "db", "queued_queries", 15, 28) > 10);
  CHECK(mean(stack, "db", "active_queries", 15, 28) <= 1.0);  // one at a time
  f->clear(stack);
  CHECK(stack.db().config().query_slots == 16);
  CHECK(stack.db().queued_queries() == 0);  // the freed slots took the queue at once
  run_to(sim, 40);
  CHECK(mean(stack, "db", "queued_queries", 33, 38) < 1);
}

TEST_CASE("faults: a lagging replica loses its reads to the primary once past max_replica_lag",
          "[faults][database]") {
  StackConfig c = testing::small_stack();
  c.db.replica = true;
  testing::StackFixture fx(c);
  auto& [sim, rec, stack] = fx;
  run_to(sim, 5);
  auto f = inject(stack, "replication_lag", {}, {{"rate", 1.0}});  // the replica applies nothing
  run_to(sim, 30);
  CHECK(testing::last(stack, "db-replica", "replication_lag_seconds") == Approx(23).margin(1));
  const double reads_before = mean(stack, "db-replica", "queries", 10, 28);
  CHECK(reads_before == Approx(160).epsilon(0.15));  // 80% of 200 q/s
  CHECK(mean(stack, "db", "queries", 10, 28) == Approx(40).epsilon(0.25));
  run_to(sim, 60);  // lag over 30 s: reads go to the primary
  CHECK(stack.replica()->replication_lag() > 30);
  CHECK_FALSE(stack.replica()->serves_reads());
  CHECK(sum(stack, "db-replica", "queries", 40, 58) == 0);
  CHECK(mean(stack, "db", "queries", 40, 58) == Approx(200).epsilon(0.1));
  f->ramp(0, SimTime::seconds(10));  // catching up
  run_to(sim, 75);
  CHECK(stack.replica()->replication_lag() == 0);
  CHECK(mean(stack, "db-replica", "queries", 70, 73) > 100);
  f->clear(stack);
}

TEST_CASE("faults: a cache flush sends every lookup to the database, then warms back",
          "[faults][database]") {
  StackConfig c = testing::small_stack();
  c.cache.enabled = true;
  c.web.queries = 2;
  testing::StackFixture fx(c);
  auto& [sim, rec, stack] = fx;
  run_to(sim, 10);
  auto f = inject(stack, "cache_flush", {}, {{"warm_time", std::string("20s")}});
  run_to(sim, 80);
  CHECK(mean(stack, "cache", "hit_ratio", 2, 9) == Approx(0.9).epsilon(0.05));
  CHECK(mean(stack, "cache", "hit_ratio", 10, 12) < 0.1);
  CHECK(mean(stack, "db", "queries", 10, 12) > 8 * mean(stack, "db", "queries", 2, 9));  // stampede
  CHECK(stack.cache()->hit_ratio() == Approx(0.9 * (1 - std::exp(-69.0 / 20))).epsilon(0.01));
  run_to(sim, 215);  // after ten warm times it is whole again, exactly
  CHECK(stack.cache()->hit_ratio() == 0.9);
  f->clear(stack);
  CHECK(stack.cache()->hit_ratio() == 0.9);
}

TEST_CASE("faults: warming the cache by hand ends a flush for good", "[faults][database]") {
  StackConfig c = testing::small_stack();
  c.cache.enabled = true;
  testing::StackFixture fx(c);
  auto& [sim, rec, stack] = fx;
  auto f = inject(stack, "cache_flush", {}, {{"warm_time", std::string("60s")}});
  run_to(sim, 10);
  CHECK(stack.cache()->hit_ratio() < 0.2);
  stack.cache()->set_hit_ratio(stack.cache()->config().hit_ratio);  // warm_cache
  run_to(sim, 30);
  CHECK(stack.cache()->hit_ratio() == 0.9);
  f->clear(stack);
  CHECK(stack.cache()->hit_ratio() == 0.9);
}

namespace {
struct SplitBrain {
  StackConfig config() {
    StackConfig c = testing::small_stack();
    c.db.replica = true;
    c.client.max_retries = 0;
    return c;
  }
  Simulation sim{1};
  WebStack stack{sim, config()};
  testing::Recorder rec;
  SplitBrain() {
    stack.set_observer(&rec);
    stack.start();
  }
};
}  // namespace

TEST_CASE(
    "faults: a failover split brain fails writes, then conflicting writes on both "
    "primaries, until the old primary is fenced",
    "[faults][database][split_brain]") {
  SplitBrain t;
  WebStack& stack = t.stack;
  run_to(t.sim, 10);
  auto f = inject(stack, "db_failover_split_brain", {}, {});  // promote at 40 s, back at 70 s
  CHECK(t.rec.process.at(0) ==
        std::pair<std::string, ProcessChange>{"db", ProcessChange::kCrashed});
  run_to(t.sim, 40);
  // The primary is down: writes fail, reads go on at the replica.
  CHECK(t.rec.failures_on("db", FailureReason::kProcessDown) > 0);
  CHECK(sum(stack, "lb", "status_500", 12, 38) ==
        Approx(0.2 * sum(stack, "lb", "requests", 12, 38)).epsilon(0.2));
  run_to(t.sim, 70);
  // Promoted: everything goes to the replica, and works.
  CHECK(sum(stack, "lb", "status_500", 42, 68) == 0);
  CHECK(sum(stack, "db", "queries", 42, 68) == 0);
  CHECK(stack.web(0).write_target() == stack.replica());
  run_to(t.sim, 100);
  // The old primary is back and web-1 writes to it: both take writes, conflicts fail some.
  CHECK(stack.db().host().serving());
  CHECK(stack.web(0).write_target() == nullptr);
  CHECK(stack.web(1).write_target() == stack.replica());
  CHECK(sum(stack, "db", "queries", 75, 98) > 0);
  CHECK(t.rec.failures_on("db", FailureReason::kDbError) > 0);
  CHECK(t.rec.failures_on("db-replica", FailureReason::kDbError) > 0);
  const double conflicts = sum(stack, "lb", "status_500", 75, 98);
  CHECK(conflicts == Approx(0.2 * 0.3 * sum(stack, "lb", "requests", 75, 98)).epsilon(0.3));
  stack.db().host().stop();  // fence the old primary
  run_to(t.sim, 130);
  CHECK(stack.web(0).write_target() == stack.replica());
  CHECK(stack.db().write_error_rate() == 0);
  CHECK(stack.replica()->write_error_rate() == 0);
  CHECK(sum(stack, "lb", "status_500", 103, 128) == 0);
  stack.db().host().start();  // rebuilt; fail back
  run_to(t.sim, 140);
  f->clear(stack);
  CHECK(stack.web(0).write_target() == nullptr);
  CHECK(stack.web(1).write_target() == nullptr);
  run_to(t.sim, 160);
  CHECK(sum(stack, "lb", "status_500", 142, 158) == 0);
}

TEST_CASE("faults: restarting the web servers that write to the old primary ends a split brain",
          "[faults][database][split_brain]") {
  SplitBrain t;
  auto f = inject(t.stack, "db_failover_split_brain", {},
                  {{"promote_after", 5.0}, {"return_after", 10.0}, {"stale_share", 1.0}});
  run_to(t.sim, 20);
  CHECK(t.stack.web(0).write_target() == nullptr);
  CHECK(t.stack.web(1).write_target() == nullptr);
  CHECK(t.stack.db().write_error_rate() == Approx(0.3));
  t.stack.web(0).host().restart();
  run_to(t.sim, 25);
  CHECK(t.stack.web(0).write_target() == t.stack.replica());
  CHECK(t.stack.db().write_error_rate() == Approx(0.3));  // web-2 still writes to both
  t.stack.web(1).host().restart();
  run_to(t.sim, 30);
  CHECK(t.stack.web(1).write_target() == t.stack.replica());
  CHECK(t.stack.db().write_error_rate() == 0);
  f->clear(t.stack);
}
