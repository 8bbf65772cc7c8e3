#include <catch2/catch.hpp>
#include <vector>

#include "sim/core/simulation.h"

using namespace firedrill;

namespace {
// Records every event it receives and optionally reschedules itself.
struct Recorder : EventHandler {
  Simulation* sim = nullptr;
  uint32_t id = 0;
  SimTime period;
  std::vector<std::pair<int64_t, uint64_t>> seen;
  void on_event(const Event& e) override {
    seen.emplace_back(e.time.us(), e.arg);
    if (period.us() > 0) sim->schedule_in(period, id, 0, e.arg + 1);
  }
};
}  // namespace

TEST_CASE("simulation: the clock advances only through events and run_until", "[core]") {
  Simulation sim(1);
  Recorder r;
  r.sim = &sim;
  r.id = sim.add_handler(&r, "recorder");
  sim.schedule_at(SimTime::millis(3), r.id, 0, 42);
  CHECK(sim.now() == SimTime{});
  sim.run_until(SimTime::millis(2));
  CHECK(r.seen.empty());
  CHECK(sim.now() == SimTime::millis(2));
  sim.run_until(SimTime::millis(10));
  REQUIRE(r.seen.size() == 1);
  CHECK(r.seen[0].first == 3000);
  CHECK(sim.now() == SimTime::millis(10));
}

TEST_CASE("simulation: run_until stops before events at the end time and resumes them later",
          "[core]") {
  Simulation sim(1);
  Recorder r;
  r.sim = &sim;
  r.id = sim.add_handler(&r, "recorder");
  r.period = SimTime::seconds(1);
  sim.schedule_at(SimTime::seconds(0), r.id, 0, 0);
  sim.run_until(SimTime::seconds(3));
  CHECK(r.seen.size() == 3);  // t = 0, 1, 2; the one at t = 3 waits
  sim.run_until(SimTime::seconds(5));
  CHECK(r.seen.size() == 5);
  CHECK(sim.events_pending() == 1);
}

TEST_CASE("simulation: step processes one event at a time up to a limit", "[core]") {
  Simulation sim(1);
  Recorder r;
  r.sim = &sim;
  r.id = sim.add_handler(&r, "recorder");
  sim.schedule_at(SimTime::millis(1), r.id, 0, 1);
  sim.schedule_at(SimTime::millis(2), r.id, 0, 2);
  CHECK(sim.step());
  CHECK(sim.now() == SimTime::millis(1));
  CHECK_FALSE(sim.step(SimTime::millis(2)));
  CHECK(sim.step());
  CHECK_FALSE(sim.step());
  CHECK(sim.events_processed() == 2);
}

TEST_CASE("simulation: the digest changes when events differ or come in another order", "[core]") {
  auto digest_of = [](std::vector<std::pair<int64_t, uint64_t>> events) {
    Simulation sim(1);
    Recorder r;
    r.sim = &sim;
    r.id = sim.add_handler(&r, "recorder");
    for (auto [t, arg] : events) sim.schedule_at(SimTime::micros(t), r.id, 0, arg);
    sim.run_until(SimTime::seconds(1));
    return sim.digest();
  };
  const uint64_t base = digest_of({{1, 1}, {2, 2}});
  CHECK(digest_of({{1, 1}, {2, 2}}) == base);
  CHECK(digest_of({{1, 1}, {2, 3}}) != base);
  CHECK(digest_of({{1, 2}, {2, 1}}) != base);
  CHECK(digest_of({{1, 1}, {3, 2}}) != base);
}
