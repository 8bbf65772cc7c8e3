// cpu_hog, disk_fill, fd_exhaustion and pool_exhaustion: running out of something.
#include "fault_test_util.h"

using namespace firedrill;
using testing::inject;
using testing::mean;
using testing::run_to;
using testing::sum;

TEST_CASE_METHOD(testing::StackFixture,
                 "faults: a CPU hog pins the host's CPU and stretches its requests",
                 "[faults][resource]") {
  run_to(sim, 10);
  const SimTime slowest_before = rec.slowest;
  auto f = inject(stack, "cpu_hog", {"web-1"}, {{"cores", 12.0}});  // 4 cores, 12 hogging
  run_to(sim, 40);
  CHECK(rec.slowest.us() > 2 * slowest_before.us());
  CHECK(mean(stack, "web-1", "cpu_utilization", 15, 38) == 1.0);
  CHECK(mean(stack, "web-2", "cpu_utilization", 15, 38) < 0.3);
  CHECK(mean(stack, "web-1", "busy_workers", 15, 38) >
        3 * mean(stack, "web-1", "busy_workers", 2, 9));
  CHECK(mean(stack, "lb", "p95_ms", 15, 38) > 2 * mean(stack, "lb", "p95_ms", 2, 9));
}

TEST_CASE(
    "faults: a filling disk ends in 500s for 'No space left on device'; clearing frees "
    "what it wrote",
    "[faults][resource]") {
  StackConfig c = testing::small_stack();
  c.client.max_retries = 0;
  testing::StackFixture fx(c);
  auto& [sim, rec, stack] = fx;
  Host& h = stack.web(0).host();
  auto f = inject(stack, "disk_fill", {"web-1"}, {{"gb_per_min", 36.0}});  // 36 GB free
  run_to(sim, 59);
  CHECK_FALSE(h.disk_full());
  CHECK(rec.failures[FailureReason::kDiskFull] == 0);
  run_to(sim, 90);
  CHECK(h.disk_full());
  CHECK(testing::last(stack, "web-1", "disk_used_ratio") == 1.0);
  CHECK(rec.failures_on("web-1", FailureReason::kDiskFull) > 0);
  CHECK(sum(stack, "lb", "status_500", 62, 88) ==
        Approx(sum(stack, "lb", "requests", 62, 88) / 2).epsilon(0.15));
  f->clear(stack);
  CHECK_FALSE(h.disk_full());
  CHECK(h.disk_used_gb() == Approx(14));
}

TEST_CASE_METHOD(testing::StackFixture, "faults: a disk fill to a percentage stops there",
                 "[faults][resource]") {
  Host& h = stack.db().host();  // 200 GB, 120 used
  auto f = inject(stack, "disk_fill", {"db"}, {{"gb_per_min", 60.0}, {"to_percent", 80.0}});
  run_to(sim, 60);
  CHECK(h.disk_used_gb() == Approx(160).margin(1e-6));
  CHECK(h.disk_fill_rate() == 0);
  auto at_once = inject(stack, "disk_fill", {"web-2"}, {{"gb_per_min", 0.0}, {"to_percent", 50.0}});
  CHECK(stack.web(1).host().disk_used_gb() == Approx(25));
  at_once->set_intensity(0.5);
  CHECK(stack.web(1).host().disk_used_gb() == Approx(19.5));
  at_once->clear(stack);
  f->clear(stack);
  CHECK(h.disk_used_gb() == Approx(120).margin(1e-6));
  CHECK(stack.web(1).host().disk_used_gb() == Approx(14));
}

TEST_CASE_METHOD(testing::StackFixture,
                 "faults: fd exhaustion on a web server shows as 502s and 'Too many open files'",
                 "[faults][resource]") {
  auto f = inject(stack, "fd_exhaustion", {"web-1"}, {{"nofile", 66.0}});  // 64 in base use
  CHECK(stack.web(0).host().config().at("nofile") == "66");
  run_to(sim, 31);
  CHECK(rec.answered(Outcome::kBadGateway, FailureReason::kTooManyOpenFiles) > 0);
  CHECK(rec.failures_on("web-1", FailureReason::kTooManyOpenFiles) > 0);
  CHECK(rec.failures_on("web-2", FailureReason::kTooManyOpenFiles) == 0);
  CHECK(sum(stack, "lb", "status_502") > 0);
  CHECK(sum(stack, "web-1", "refused") > 0);
  f->clear(stack);
  CHECK(stack.web(0).host().fd_limit() == 65536);
  CHECK(stack.web(0).host().config().at("nofile") == "65536");
}

TEST_CASE_METHOD(
    testing::StackFixture,
    "faults: leaked descriptors exhaust the process until a restart frees them; a leak "
    "rate comes back",
    "[faults][resource]") {
  Host& h = stack.web(0).host();
  auto burst = inject(stack, "fd_exhaustion", {"web-1"}, {{"leak", 65536.0 - 64}});
  run_to(sim, 10);
  CHECK(h.fds_in_use() >= 65536);
  CHECK(rec.failures_on("web-1", FailureReason::kTooManyOpenFiles) > 0);
  h.restart();
  run_to(sim, 20);
  CHECK(h.leaked_fds() == 0);
  const int refused = rec.failures_on("web-1", FailureReason::kTooManyOpenFiles);
  run_to(sim, 30);
  CHECK(rec.failures_on("web-1", FailureReason::kTooManyOpenFiles) == refused);  // spent
  burst->clear(stack);

  auto rate = inject(stack, "fd_exhaustion", {"web-2"}, {{"rate", 60'000.0}});
  run_to(sim, 100);  // 65472 free descriptors at 1000/s: out in about 66 s
  CHECK(stack.web(1).host().leaked_fds() > 65000);
  CHECK(rec.failures_on("web-2", FailureReason::kTooManyOpenFiles) > 0);
  stack.web(1).host().restart();
  run_to(sim, 110);
  CHECK(stack.web(1).host().leaked_fds() > 0);       // the new process leaks again
  CHECK(stack.web(1).host().leaked_fds() < 20'000);  // from zero
  rate->clear(stack);
  CHECK(stack.web(1).host().leaked_fds() == 0);
}

TEST_CASE(
    "faults: leaked pool connections starve the app: pool timeouts and 500s until a "
    "restart returns them",
    "[faults][resource]") {
  StackConfig c = testing::small_stack();
  c.client.max_retries = 0;
  testing::StackFixture fx(c);
  auto& [sim, rec, stack] = fx;
  run_to(sim, 5);
  auto f = inject(stack, "pool_exhaustion", {"web-1"}, {});
  run_to(sim, 40);
  CHECK(testing::last(stack, "web-1", "db_pool_in_use") == 16);
  CHECK(stack.web(0).impairment().leaked_pool_conns == 16);
  CHECK(sum(stack, "web-1", "db_pool_timeouts") > 0);
  CHECK(rec.failures_on("web-1", FailureReason::kPoolTimeout) > 0);
  CHECK(sum(stack, "lb", "status_500", 10, 38) > 0);
  CHECK(mean(stack, "db", "utilization", 10, 38) < 0.1);  // the database is idle meanwhile
  stack.web(0).host().restart();
  run_to(sim, 70);
  CHECK(stack.web(0).impairment().leaked_pool_conns == 0);
  CHECK(sum(stack, "web-1", "db_pool_timeouts", 55, 68) == 0);
  f->clear(stack);
}

TEST_CASE_METHOD(testing::StackFixture,
                 "faults: clearing a pool leak hands the connections to the waiting requests",
                 "[faults][resource]") {
  auto f = inject(stack, "pool_exhaustion", {"web-2"}, {{"connections", 16.0}});
  run_to(sim, 2);
  CHECK(stack.web(1).pool_waiting() > 0);
  f->clear(stack);
  CHECK(stack.web(1).pool_waiting() == 0);
  CHECK(stack.web(1).impairment().leaked_pool_conns == 0);
}
