// The live engine: work posted from other threads runs on the engine thread; pausing and
// stepping move simulated time exactly. (Wall-clock pacing itself is measured by the
// benchmarks, not asserted here: tests do not depend on timing.)
#include <catch2/catch.hpp>
#include <chrono>

#include "sim/engine/live_engine.h"

using namespace firedrill;

namespace {
std::unique_ptr<Drill> short_drill(SimTime length) {
  DrillSpec spec;
  spec.stack.traffic.base_rps = 100;
  spec.length = length;
  std::string error;
  auto d = Drill::create(spec, nullptr, &error);
  REQUIRE(d);
  return d;
}

template <class T>
T get(std::future<T> f) {
  REQUIRE(f.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
  return f.get();
}
}  // namespace

TEST_CASE("live engine: at maximum speed a drill runs to its length and stops there", "[engine]") {
  LiveEngine engine(short_drill(SimTime::minutes(2)), 0.0);
  engine.start();
  SimTime now;
  for (int i = 0; i < 10000 && now < SimTime::minutes(2); ++i)
    now = get(engine.post([](Drill& d) { return d.now(); }));
  CHECK(now == SimTime::minutes(2));
  CHECK(get(engine.post([](Drill& d) { return d.stack().client().user_requests(); })) > 10000);
  // A few more slices: it stays at the end.
  get(engine.post([](Drill&) { return 0; }));
  CHECK(engine.status().finished);
  CHECK(engine.status().now == SimTime::minutes(2));
}

TEST_CASE("live engine: while paused, step advances exactly the asked simulated time", "[engine]") {
  LiveEngine engine(short_drill(SimTime::minutes(10)), 1.0);
  engine.pause();
  engine.start();
  const SimTime before = get(engine.post([](Drill& d) { return d.now(); }));
  engine.step(SimTime::seconds(30));
  const SimTime after = get(engine.post([](Drill& d) { return d.now(); }));
  CHECK(after == before + SimTime::seconds(30));
  engine.step(SimTime::seconds(30));
  CHECK(get(engine.post([](Drill& d) { return d.now(); })) == before + SimTime::seconds(60));
}

TEST_CASE("live engine: posted actions run on the engine thread and return their result",
          "[engine]") {
  LiveEngine engine(short_drill(SimTime::minutes(10)), 0.0);
  engine.pause();
  engine.start();
  const ActionResult r = get(engine.post([](Drill& d) {
    return d.perform({"drain", "web-1", {}});
  }));
  CHECK(r.ok);
  CHECK_FALSE(get(engine.post([](Drill& d) { return d.stack().lb().backends()[0].in_rotation; })));
}

TEST_CASE("live engine: stopping breaks the promise of work not yet run", "[engine]") {
  auto engine = std::make_unique<LiveEngine>(short_drill(SimTime::minutes(10)), 1.0);
  engine->start();
  engine->stop();
  auto late = engine->post([](Drill& d) { return d.now(); });
  engine.reset();  // destroys the io_context with the task still queued
  CHECK_THROWS_AS(late.get(), std::future_error);
}
