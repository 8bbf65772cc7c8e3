// What every fault shares: inject / clear restore the healthy figures, contributions combine
// and come back out exactly, ramps scale over simulated time, durations clear by themselves.
#include "fault_test_util.h"

using namespace firedrill;
using testing::inject;
using testing::mean;
using testing::run_to;
using testing::sum;

TEST_CASE("faults: inject and clear bring every knob back to its healthy value exactly",
          "[faults][lifecycle]") {
  StackConfig c = testing::small_stack();
  c.db.replica = true;
  c.cache.enabled = true;
  testing::StackFixture fx(c);
  auto& [sim, rec, stack] = fx;
  run_to(sim, 5);
  std::vector<std::unique_ptr<Fault>> faults;
  faults.push_back(inject(stack, "latency", {"web-*", "db"}, {{"ms", 30.0}, {"factor", 3.0}}));
  faults.push_back(inject(stack, "error_rate", {"web-1", "db-replica"}, {{"rate", 0.1}}));
  faults.push_back(inject(stack, "error_rate", {"db"}, {{"rate", 0.1}, {"writes_only", true}}));
  faults.push_back(inject(stack, "cpu_hog", {"web-2"}, {{"cores", 1.5}}));
  faults.push_back(inject(stack, "memory_leak", {"web-1"}, {{"mb_per_min", 10.0}}));
  faults.push_back(inject(stack, "disk_fill", {"db"}, {{"gb_per_min", 1.0}}));
  faults.push_back(inject(stack, "packet_loss", {"lb", "web-2"}, {{"loss", 0.05}}));
  faults.push_back(inject(stack, "network_partition", {"web-1", "db"}, {}));
  faults.push_back(inject(stack, "traffic_spike", {}, {{"multiplier", 1.5}}));
  faults.push_back(inject(stack, "dns_failure", {}, {{"rate", 0.1}}));
  faults.push_back(inject(stack, "retry_storm", {}, {{"timeout", std::string("5s")}}));
  faults.push_back(inject(stack, "replication_lag", {}, {}));
  faults.push_back(inject(stack, "cache_flush", {}, {}));
  faults.push_back(inject(stack, "lock_contention", {}, {}));
  faults.push_back(inject(stack, "certificate_expiry", {}, {{"in", 3600.0}}));
  faults.push_back(
      inject(stack, "bad_config", {"lb"},
             {{"key", std::string("proxy_timeout_ms")}, {"value", std::string("500")}}));
  faults.push_back(inject(stack, "bad_deploy", {"web-2"}, {{"cpu_factor", 2.0}}));
  faults.push_back(inject(stack, "fd_exhaustion", {"web-2"}, {{"nofile", 4096.0}}));
  run_to(sim, 30);
  CHECK(stack.web(0).impairment().error_rate > 0);
  CHECK(stack.links().impaired());
  CHECK(stack.client().rate_multiplier() == 1.5);
  // Cleared in the order they came, not the reverse: still exact.
  for (auto& f : faults) f->clear(stack);
  for (size_t i = 0; i < stack.web_count(); ++i) {
    const WebServer::Impairment& imp = stack.web(i).impairment();
    CHECK(imp.error_rate == 0);
    CHECK(imp.cpu_factor == 1);
    CHECK(imp.extra_latency == SimTime{});
    CHECK(stack.web(i).host().cpu_hog_cores() == 0);
    CHECK(stack.web(i).host().memory_leak_rate() == 0);
  }
  CHECK(stack.web(1).host().fd_limit() == 65536);
  CHECK(stack.web(1).host().app_version() == "v1.0.0");
  CHECK(stack.db().query_time_factor() == 1);
  CHECK(stack.db().write_error_rate() == 0);
  CHECK(stack.db().host().disk_fill_rate() == 0);
  CHECK(stack.db().config().query_slots == 16);
  CHECK(stack.replica()->error_rate() == 0);
  CHECK(stack.replica()->replication_lag() == 0);
  CHECK(stack.cache()->hit_ratio() == 0.9);
  CHECK_FALSE(stack.links().impaired());
  CHECK(stack.client().rate_multiplier() == 1);
  CHECK(stack.client().dns_failure_rate() == 0);
  CHECK(stack.client().config().max_retries == 1);
  CHECK(stack.client().config().timeout == SimTime::seconds(30));
  CHECK(stack.lb().certificate_expiry() == SimTime::never());
  CHECK(stack.lb().host().config().at("proxy_timeout_ms") == "60000");
  // And the stack serves as before.
  run_to(sim, 60);
  CHECK(sum(stack, "lb", "status_5xx", 40, 58) == 0);
  CHECK(mean(stack, "lb", "p50_ms", 40, 58) < 20);
}

TEST_CASE_METHOD(
    testing::StackFixture,
    "faults: shares on one knob combine, and clearing in any order restores it exactly",
    "[faults][lifecycle]") {
  auto a = inject(stack, "error_rate", {"web-1"}, {{"rate", 0.2}});
  auto b = inject(stack, "error_rate", {"web-1"}, {{"rate", 0.5}});
  CHECK(stack.web(0).impairment().error_rate == Approx(0.6));  // independent: 1 - 0.8 * 0.5
  auto slow1 = inject(stack, "latency", {"web-1", "db"}, {{"ms", 100.0}, {"factor", 2.0}});
  auto slow2 = inject(stack, "latency", {"web-1", "db"}, {{"ms", 200.0}, {"factor", 5.0}});
  CHECK(stack.web(0).impairment().extra_latency == SimTime::millis(300));  // latencies add
  CHECK(stack.db().query_time_factor() == 10);                             // factors multiply
  auto deploy = inject(stack, "bad_deploy", {"web-1"}, {{"error_rate", 0.5}});
  CHECK(stack.web(0).impairment().error_rate == Approx(0.8));
  a->clear(stack);  // first in, first out: by the inverse
  CHECK(stack.web(0).impairment().error_rate == Approx(0.75));
  slow1->clear(stack);
  CHECK(stack.web(0).impairment().extra_latency == SimTime::millis(200));
  CHECK(stack.db().query_time_factor() == Approx(5));
  deploy->clear(stack);
  b->clear(stack);
  slow2->clear(stack);
  CHECK(stack.web(0).impairment().error_rate == 0);
  CHECK(stack.web(0).impairment().extra_latency == SimTime{});
  CHECK(stack.db().query_time_factor() == 1);
}

TEST_CASE_METHOD(testing::StackFixture,
                 "faults: an assignment by someone else wins over a fault's share",
                 "[faults][lifecycle]") {
  Host& h = stack.web(0).host();
  auto a = inject(stack, "cpu_hog", {"web-1"}, {{"cores", 2.0}});
  auto b = inject(stack, "cpu_hog", {"web-1"}, {{"cores", 3.0}});
  CHECK(h.cpu_hog_cores() == 5);
  a->clear(stack);
  CHECK(h.cpu_hog_cores() == 3);
  h.reboot(SimTime::seconds(1));  // the hog is gone with the machine
  CHECK(h.cpu_hog_cores() == 0);
  b->set_intensity(0.5);  // the retired share does not come back
  CHECK(h.cpu_hog_cores() == 0);
  b->clear(stack);
  CHECK(h.cpu_hog_cores() == 0);
}

TEST_CASE_METHOD(testing::StackFixture,
                 "faults: a ramp scales the fault linearly, updated every simulated second",
                 "[faults][lifecycle]") {
  run_to(sim, 5);
  auto f = inject(stack, "latency", {"web-1"}, {{"ms", 40.0}, {"ramp", std::string("10s")}});
  const SimTime& extra = stack.web(0).impairment().extra_latency;
  CHECK(f->intensity() == 0);
  CHECK(extra == SimTime{});
  sim.run_until(SimTime::millis(10'500));
  CHECK(f->intensity() == Approx(0.5));
  CHECK(extra == SimTime::millis(20));
  sim.run_until(SimTime::millis(15'500));
  CHECK(f->intensity() == 1);
  CHECK_FALSE(f->ramping());
  CHECK(extra == SimTime::millis(40));
  run_to(sim, 30);
  CHECK(mean(stack, "web-1", "busy_workers", 20, 28) >
        2 * mean(stack, "web-2", "busy_workers", 20, 28));
  f->ramp(0, SimTime::seconds(4));  // and it fades
  sim.run_until(SimTime::millis(32'100));
  CHECK(extra == SimTime::millis(20));
  run_to(sim, 35);
  CHECK(extra == SimTime{});
  CHECK(f->injected());
}

TEST_CASE_METHOD(testing::StackFixture,
                 "faults: a duration clears the fault by itself; a cleared fault can come back",
                 "[faults][lifecycle]") {
  auto f = inject(stack, "traffic_spike", {}, {{"multiplier", 2.0}, {"duration", 20.0}});
  const auto again = f->inject(stack);
  REQUIRE(again);
  CHECK_THAT(again->message, Catch::Matchers::Contains("already injected"));
  run_to(sim, 19);
  CHECK(stack.client().rate_multiplier() == 2);
  run_to(sim, 21);
  CHECK_FALSE(f->injected());
  CHECK(stack.client().rate_multiplier() == 1);
  REQUIRE_FALSE(f->inject(stack));
  CHECK(stack.client().rate_multiplier() == 2);
  CHECK(f->summary() == "traffic_spike on users (duration=\"20s\", multiplier=2)");
  run_to(sim, 45);
  CHECK_FALSE(f->injected());
}

TEST_CASE("faults: the same faults at the same moments give the same run, event for event",
          "[faults][lifecycle]") {
  auto run = [] {
    StackConfig c = testing::small_stack();
    c.db.replica = true;
    Simulation sim(7);
    WebStack stack(sim, c);
    stack.start();
    run_to(sim, 5);
    auto loss = inject(stack, "packet_loss", {"lb", "web-*"}, {{"loss", 0.1}});
    auto leak = inject(stack, "memory_leak", {"web-2"}, {{"mb_per_min", 3000.0}});
    auto split = inject(stack, "db_failover_split_brain", {},
                        {{"promote_after", 5.0}, {"return_after", 10.0}});
    run_to(sim, 40);
    loss->ramp(0, SimTime::seconds(10));
    run_to(sim, 150);
    return std::pair{sim.digest(), sim.events_processed()};
  };
  CHECK(run() == run());
}
