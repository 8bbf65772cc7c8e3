// The event hub and the SSE streams read from it, alone and fed by a served drill.
#include <catch2/catch.hpp>

#include <thread>

#include "api_test_util.h"
#include "sim/api/event_hub.h"

using namespace firedrill;
using namespace firedrill::api;
using namespace std::chrono_literals;

TEST_CASE("event hub: a reader gets the events after its cursor, oldest first", "[api]") {
  EventHub hub(8);
  hub.publish("clock", R"({"t":1})");
  hub.publish("alert", R"({"a":2})");
  hub.publish("clock", R"({"t":3})");
  const auto batch = hub.wait_after(1, 0ms);
  REQUIRE(batch.events.size() == 2);
  CHECK(batch.events[0].id == 2);
  CHECK(batch.events[0].type == "alert");
  CHECK(batch.events[1].id == 3);
  CHECK_FALSE(batch.gap);
  CHECK(hub.last_id() == 3);
  CHECK(hub.wait_after(3, 0ms).events.empty());
}

TEST_CASE("event hub: a reader that fell behind the ring is told about the gap", "[api]") {
  EventHub hub(3);
  for (int i = 0; i < 10; ++i) hub.publish("clock", "{}");
  const auto batch = hub.wait_after(2, 0ms);
  CHECK(batch.gap);
  REQUIRE(batch.events.size() == 3);
  CHECK(batch.events.front().id == 8);
}

TEST_CASE("event hub: closing wakes a waiting reader at once", "[api]") {
  EventHub hub;
  std::thread closer([&] { hub.close(); });
  const auto batch = hub.wait_after(0, 60s);  // returns on close, not after a minute
  closer.join();
  CHECK(batch.closed);
  CHECK(hub.closed());
}

TEST_CASE("event hub: admits at most max_subscribers streams and frees a place on release",
          "[api]") {
  EventHub hub(16, 2);
  auto a = hub.subscribe();
  auto b = hub.subscribe();
  CHECK(a);
  CHECK(b);
  CHECK_FALSE(hub.subscribe());
  a.reset();
  CHECK(hub.subscribers() == 1);
  CHECK(hub.subscribe());
}

TEST_CASE("event stream: preamble, then events as SSE text with id, event and data", "[api]") {
  EventHub hub;
  hub.publish("clock", R"({"t_us":0})");
  EventStream stream(hub, hub.subscribe(), 0, {});
  const auto preamble = stream.next_chunk();
  REQUIRE(preamble);
  CHECK(preamble->rfind(": firedrill events\nretry: ", 0) == 0);
  const auto events = stream.next_chunk();
  REQUIRE(events);
  CHECK(*events == "id: 1\nevent: clock\ndata: {\"t_us\":0}\n\n");
  CHECK(stream.cursor() == 1);
}

TEST_CASE("event stream: an idle stream sends a heartbeat comment", "[api]") {
  EventHub hub;
  EventStream stream(hub, hub.subscribe(), 0, {.heartbeat = 5ms});
  stream.next_chunk();  // preamble
  CHECK(stream.next_chunk() == ": ping\n\n");
}

TEST_CASE("event stream: ends after its maximum duration with a bye event", "[api]") {
  EventHub hub;
  EventStream stream(hub, hub.subscribe(), 0, {.heartbeat = 5ms, .max_duration = 0ms});
  stream.next_chunk();
  const auto bye = stream.next_chunk();
  REQUIRE(bye);
  CHECK(bye->find("event: bye") != std::string::npos);
  CHECK_FALSE(stream.next_chunk());
}

TEST_CASE("event stream: ends as soon as the hub closes", "[api]") {
  EventHub hub;
  EventStream stream(hub, hub.subscribe(), 0, {.heartbeat = 60s});
  stream.next_chunk();
  hub.close();
  CHECK_FALSE(stream.next_chunk());
}

namespace {
// Every event of the session's hub after `cursor` whose type is `type`.
std::vector<nlohmann::json> events_of(Session& s, uint64_t cursor, const std::string& type) {
  std::vector<nlohmann::json> out;
  for (const HubEvent& e : s.events().wait_after(cursor, 0ms, 100000).events)
    if (e.type == type) out.push_back(nlohmann::json::parse(e.data));
  return out;
}

// Waits (bounded) until the engine's publisher has run after the work done so far.
void settle(Session& s, uint64_t cursor, const std::string& type) {
  for (int i = 0; i < 500 && events_of(s, cursor, type).empty(); ++i)
    s.events().wait_after(s.events().last_id(), 20ms);
}
}  // namespace

TEST_CASE("session events: a step publishes a clock event with the new simulated time", "[api]") {
  auto s = test::paused_session();
  const uint64_t cursor = s->events().last_id();
  test::step(*s, SimTime::seconds(10));
  settle(*s, cursor, "clock");
  const auto clocks = events_of(*s, cursor, "clock");
  REQUIRE_FALSE(clocks.empty());
  CHECK(clocks.back()["t_us"] == SimTime::seconds(10).us());
  CHECK(clocks.back()["paused"] == true);
  CHECK(clocks.back()["clock_text"] == "14:00:10 EST");
}

TEST_CASE("session events: journal records and alert transitions reach the hub", "[api]") {
  auto s = test::paused_session();
  const uint64_t cursor = 0;
  // The run header was journalled while the drill was created.
  const auto journal = events_of(*s, cursor, "journal");
  REQUIRE_FALSE(journal.empty());
  CHECK(journal.front()["kind"] == "run.header");

  // A stopped backend fails its health checks: BackendDown goes pending, then fires.
  s->call([](Drill& d) { return d.perform({"stop_service", "web-1", {}}); });
  test::step(*s, SimTime::minutes(3));
  std::vector<std::string> states;
  for (const auto& a : events_of(*s, cursor, "alert"))
    if (a["rule"] == "BackendDown" && a["component"] == "web-1") states.push_back(a["to"]);
  CHECK(states == std::vector<std::string>{"pending", "firing"});
}
