// Session: the drill on its engine as the API holds it — calls with a timeout, the pacing it
// mirrors, and what is attached to the drill.
#include <catch2/catch.hpp>

#include "api_test_util.h"

using namespace firedrill;
using namespace firedrill::api;

TEST_CASE("session: steps only while paused, and answers pacing at once", "[api]") {
  auto s = test::paused_session();
  CHECK(s->pacing().paused);
  CHECK(test::step(*s, SimTime::seconds(3)) == SimTime::seconds(3));
  s->set_speed(5);
  s->resume();
  CHECK_FALSE(s->pacing().paused);
  CHECK(s->pacing().speed == 5);
  CHECK_FALSE(s->step(SimTime::seconds(1)));
}

TEST_CASE("session: after stop, calls answer nullopt at once and the event hub is closed",
          "[api]") {
  auto s = test::paused_session();
  s->stop();
  const auto before = std::chrono::steady_clock::now();
  CHECK_FALSE(s->call([](Drill& d) { return d.now(); }));
  CHECK(std::chrono::steady_clock::now() - before < s->config().engine_timeout);
  CHECK(s->events().closed());
}

namespace {
struct Attached {
  explicit Attached(bool* alive) : alive_(alive) { *alive_ = true; }
  ~Attached() { *alive_ = false; }
  bool* alive_;
};
}  // namespace

TEST_CASE("session: what attach returns gets the new drill and its console, and lives as long",
          "[api]") {
  bool alive = false;
  bool fresh_drill = false;
  bool got_console = false;
  SessionConfig config;
  config.attach = [&](Drill& d, Console* console) -> std::shared_ptr<void> {
    fresh_drill = d.now() == SimTime{};
    got_console = console != nullptr;
    return std::make_shared<Attached>(&alive);
  };
  auto s = test::paused_session(config);
  CHECK(fresh_drill);
  CHECK(got_console == s->has_console());
  CHECK(alive);
  s->stop();
  CHECK(alive);  // until the session goes, after its engine stopped
  s.reset();
  CHECK_FALSE(alive);
}

TEST_CASE("session: an attach that throws fails the session with its message, no crash", "[api]") {
  SessionConfig config;
  config.attach = [](Drill&, Console*) -> std::shared_ptr<void> {
    throw std::runtime_error("scenarios/gone.lua: cannot read the file");
  };
  DrillSpec spec;
  std::string error;
  CHECK_FALSE(Session::create(spec, nullptr, std::move(config), &error));
  CHECK(error == "scenarios/gone.lua: cannot read the file");
}

TEST_CASE("session: a rewind whose attach throws says why and leaves the drill running",
          "[api][rewind]") {
  auto calls = std::make_shared<int>(0);
  SessionConfig config;
  config.attach = [calls](Drill&, Console*) -> std::shared_ptr<void> {
    if (++*calls > 1) throw std::runtime_error("scenarios/x.lua:3: syntax error");
    return nullptr;
  };
  auto s = test::paused_session(std::move(config));
  test::step(*s, SimTime::minutes(1));
  const std::optional<RewindOutcome> r = s->rewind(SimTime::seconds(30), "trainee");
  REQUIRE(r);
  CHECK_FALSE(r->ok);
  CHECK(r->status == 500);
  CHECK(r->error == "cannot attach the scenario again: scenarios/x.lua:3: syntax error");
  CHECK(s->branch() == 1);
  CHECK(test::step(*s, SimTime::seconds(5)) == SimTime::seconds(65));
}
