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

TEST_CASE("event queue: near, far and past events interleave in (time, seq) order", "[core]") {
  // Near events land in the calendar ring, far ones and those before its window in the
  // heap, and a bucket's overflow too: the pops must merge them exactly.
  EventQueue q;
  RandomStream rng(11);
  std::vector<std::pair<int64_t, uint64_t>> expected;
  uint64_t seq = 0;
  int64_t now = 0;
  for (int round = 0; round < 20000; ++round) {
    const int pushes = static_cast<int>(rng.below(3));
    for (int i = 0; i < pushes; ++i) {
      int64_t t = now;
      switch (rng.below(4)) {
        case 0:
          t += static_cast<int64_t>(rng.below(300));
          break;  // same bucket-ish
        case 1:
          t += static_cast<int64_t>(rng.below(20000));
          break;  // within the window
        case 2:
          t += static_cast<int64_t>(rng.below(2'000'000));
          break;  // far
        default:
          t += 0;
          break;  // now: same µs
      }
      q.push(SimTime::micros(t), 0, 0, seq);
      expected.emplace_back(t, seq++);
    }
    if (!q.empty() && rng.below(2) == 0) {
      const auto it = std::min_element(expected.begin(), expected.end());
      const Event e = q.pop();
      REQUIRE(e.time.us() == it->first);
      REQUIRE(e.arg == it->second);
      now = e.time.us();
      expected.erase(it);
    }
  }
  CHECK(q.size() == expected.size());
  std::sort(expected.begin(), expected.end());
  for (const auto& [t, s] : expected) {
    const Event e = q.pop();
    REQUIRE(e.time.us() == t);
    REQUIRE(e.arg == s);
  }
  CHECK(q.empty());
}

TEST_CASE("event queue: pop_before leaves events at or after the end queued", "[core]") {
  EventQueue q;
  q.push(SimTime::micros(10), 0, 0, 1);
  q.push(SimTime::micros(20), 0, 0, 2);
  Event e;
  REQUIRE(q.pop_before(SimTime::micros(15), e));
  CHECK(e.arg == 1);
  CHECK_FALSE(q.pop_before(SimTime::micros(20), e));
  CHECK(q.size() == 1);
  q.push(SimTime::micros(-3), 0, 0, 3);  // before the window: still first
  REQUIRE(q.pop_before(SimTime::micros(21), e));
  CHECK(e.arg == 3);
  REQUIRE(q.pop_before(SimTime::micros(21), e));
  CHECK(e.arg == 2);
  CHECK(q.empty());
}
