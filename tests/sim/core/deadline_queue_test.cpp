#include <catch2/catch.hpp>
#include <vector>

#include "sim/core/deadline_queue.h"

using namespace firedrill;

namespace {
struct Target : EventHandler {
  Simulation* sim = nullptr;
  std::vector<std::pair<int64_t, uint64_t>> got;
  void on_event(const Event& e) override { got.emplace_back(sim->now().us(), e.arg); }
};
}  // namespace

TEST_CASE("deadline queue: delivers each entry at its deadline, in order", "[core]") {
  Simulation sim(1);
  Target t;
  t.sim = &sim;
  const uint32_t id = sim.add_handler(&t, "target");
  DeadlineQueue q(sim, id, 3, "timeouts");
  q.add(SimTime::micros(10), 1);
  q.add(SimTime::micros(10), 2);
  q.add(SimTime::micros(25), 3);
  sim.run_until(SimTime::micros(20));
  REQUIRE(t.got.size() == 2);
  CHECK(t.got[0] == std::pair<int64_t, uint64_t>{10, 1});
  CHECK(t.got[1] == std::pair<int64_t, uint64_t>{10, 2});
  CHECK(q.pending() == 1);
  sim.run_until(SimTime::micros(100));
  REQUIRE(t.got.size() == 3);
  CHECK(t.got[2] == std::pair<int64_t, uint64_t>{25, 3});
}

TEST_CASE("deadline queue: a deadline earlier than the last one still fires on time", "[core]") {
  Simulation sim(1);
  Target t;
  t.sim = &sim;
  const uint32_t id = sim.add_handler(&t, "target");
  DeadlineQueue q(sim, id, 0, "timeouts");
  q.add(SimTime::micros(50), 1);
  q.add(SimTime::micros(20), 2);  // the timeout was shortened live
  sim.run_until(SimTime::micros(100));
  REQUIRE(t.got.size() == 2);
  CHECK(t.got[0] == std::pair<int64_t, uint64_t>{20, 2});
  CHECK(t.got[1] == std::pair<int64_t, uint64_t>{50, 1});
}

TEST_CASE("deadline queue: deliveries count as events and enter the digest", "[core]") {
  auto digest_with = [](uint64_t arg) {
    Simulation sim(1);
    Target t;
    t.sim = &sim;
    DeadlineQueue q(sim, sim.add_handler(&t, "target"), 0, "timeouts");
    for (int i = 0; i < 1000; ++i) q.add(SimTime::micros(i), i == 500 ? arg : 0);
    sim.run_until(SimTime::seconds(1));
    return std::pair{sim.digest(), sim.events_processed()};
  };
  CHECK(digest_with(1) == digest_with(1));
  CHECK(digest_with(1).first != digest_with(2).first);
  CHECK(digest_with(1).second >= 1000);
}
