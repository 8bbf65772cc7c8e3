#include <algorithm>
#include <catch2/catch.hpp>
#include <vector>

#include "sim/core/event_queue.h"
#include "sim/core/random.h"

using namespace firedrill;

TEST_CASE("event queue: pops events in time order", "[core]") {
  EventQueue q;
  RandomStream rng(7);
  std::vector<int64_t> times;
  for (int i = 0; i < 5000; ++i) {
    const auto t = static_cast<int64_t>(rng.below(100000));
    times.push_back(t);
    q.push(SimTime::micros(t), 0, 0, static_cast<uint64_t>(i));
  }
  std::sort(times.begin(), times.end());
  for (int64_t expected : times) REQUIRE(q.pop().time.us() == expected);
  CHECK(q.empty());
}

TEST_CASE("event queue: events at the same microsecond keep the order they were scheduled in",
          "[core]") {
  EventQueue q;
  for (uint64_t i = 0; i < 100; ++i) q.push(SimTime::millis(5), 0, 0, i);
  q.push(SimTime::millis(1), 0, 0, 999);
  CHECK(q.pop().arg == 999);
  for (uint64_t i = 0; i < 100; ++i) REQUIRE(q.pop().arg == i);
}

TEST_CASE("event queue: negative times sort before zero", "[core]") {
  EventQueue q;
  q.push(SimTime::micros(0), 0, 0, 0);
  q.push(SimTime::micros(-5), 0, 0, 1);
  CHECK(q.pop().arg == 1);
  CHECK(q.pop().arg == 0);
}

TEST_CASE("event queue: a taken top is replaced by the next push or removed by settle", "[core]") {
  EventQueue q;
  q.push(SimTime::micros(10), 0, 0, 1);
  q.push(SimTime::micros(20), 0, 0, 2);
  Event first = q.take_top();
  CHECK(first.arg == 1);
  CHECK(q.size() == 1);
  q.push(SimTime::micros(15), 0, 0, 3);  // reuses the slot
  CHECK(q.size() == 2);
  CHECK(q.pop().arg == 3);
  Event second = q.take_top();
  CHECK(second.arg == 2);
  q.settle();
  CHECK(q.empty());
}
