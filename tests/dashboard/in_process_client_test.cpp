// InProcessClient: a live engine behind the client interface. Tests wait on sync()'s future
// (the engine thread applied everything sent and published), never on the clock.
#include <catch2/catch.hpp>

#include <chrono>

#include "dashboard/client/builtin_drill.h"
#include "dashboard/client/in_process_client.h"

using namespace firedrill;
using namespace firedrill::dash;

namespace {
std::unique_ptr<InProcessClient> start(double speed, bool paused) {
  InProcessOptions o;
  BuiltinDrillOptions d;
  d.minutes = 5;
  d.rps = 100;
  o.spec = builtin_drill(d);
  o.speed = speed;
  o.start_paused = paused;
  o.prerun = SimTime::seconds(30);
  std::string error;
  auto c = InProcessClient::start(o, &error);
  REQUIRE(c);
  return c;
}

void sync(InProcessClient& c) {
  auto f = c.sync();
  REQUIRE(f.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
  f.get();
}
}  // namespace

TEST_CASE("in-process client: the first snapshot already shows the prerun", "[dashboard]") {
  auto c = start(1.0, true);
  const Snapshot& s = c->latest();
  CHECK(s.version >= 1);
  CHECK(s.session.now >= SimTime::seconds(30));
  CHECK(s.connection.state == ConnectionState::live);
  CHECK(s.metrics.end_second() >= 29);  // second 29 is committed at t = 30 s
  CHECK(s.hosts.size() == 6);
}

TEST_CASE("in-process client: an action sent from the UI thread comes back as a reply",
          "[dashboard]") {
  auto c = start(1.0, true);
  const RequestId id = c->act({"drain", "web-3", {}});
  sync(*c);
  const Snapshot& s = c->latest();
  const CommandReply* r = s.reply(id);
  REQUIRE(r != nullptr);
  CHECK(r->ok);
  CHECK_FALSE(s.host("web-3")->in_rotation);
  bool journalled = false;
  for (size_t i = 0; i < s.timeline.size(); ++i)
    journalled |= s.timeline[i].kind == "trainee.action";
  CHECK(journalled);
}

TEST_CASE("in-process client: clock commands pause and change the speed", "[dashboard]") {
  auto c = start(1.0, false);
  c->set_speed(10);
  c->pause();
  sync(*c);
  const Snapshot& s = c->latest();
  CHECK(s.session.paused);
  CHECK(s.session.speed == 10);
}
