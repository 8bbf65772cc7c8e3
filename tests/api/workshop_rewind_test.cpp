// Rewind in a workshop: a trainee's scenario drill (Lua runtime, instructor's injections and
// all) re-simulates exactly, and the instructor can rewind a trainee's drill too.
#include <catch2/catch.hpp>

#include "workshop_test_util.h"

using namespace firedrill;
using namespace firedrill::api;
using namespace firedrill::api::test;

namespace {

int count_kind(const nlohmann::json& timeline_or_records, const std::string& needle) {
  const std::string text = timeline_or_records.dump();
  int n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("workshop: a rewound scenario drill replays the instructor's injections exactly",
          "[api][workshop][rewind]") {
  WorkshopFixture w;
  const std::string alice = w.join("alice");
  const std::string t = w.instructor();
  step(w.session("alice"), SimTime::minutes(1));
  REQUIRE(
      w.post("/api/v1/workshop/inject", {{"trainee", "alice"}, {"fault", "nofile-64"}}, t).status ==
      200);
  REQUIRE(w.post("/api/v1/workshop/inject",
                 {{"trainee", "alice"},
                  {"kind", "slow_queries"},
                  {"targets", "db"},
                  {"params", {{"factor", 3}}}},
                 t)
              .status == 200);
  step(w.session("alice"), SimTime::minutes(1));
  REQUIRE(w.post("/api/v1/console", {{"host", "web-1"}, {"command", "uptime"}}, alice).status ==
          200);
  step(w.session("alice"), SimTime::minutes(4));

  // The trainee goes back to 3:00: the scenario's own moves, the two injections and the
  // command are re-performed, and the fresh drill must write exactly what the journal holds.
  ApiResponse r = w.post("/api/v1/rewind", {{"to_us", SimTime::minutes(3).us()}}, alice);
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(json_of(r)["branch"] == 2);
  CHECK(json_of(r)["inputs_replayed"].get<int>() >= 3);
  CHECK(count_kind(json_of(w.get("/api/v1/trainees/alice/timeline", t)), "fault.injected") >= 2);

  // The instructor scrubs Alice back to before the injections: they are gone from her drill.
  r = w.post("/api/v1/trainees/alice/rewind", {{"to_us", SimTime::seconds(30).us()}}, t);
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(json_of(r)["branch"] == 3);
  CHECK(count_kind(json_of(w.get("/api/v1/trainees/alice/timeline", t)), "fault.injected") == 0);
  const nlohmann::json branches = json_of(w.get("/api/v1/branches", alice));
  REQUIRE(branches["branches"].size() == 3);
  CHECK(branches["branches"][1]["by"] == "trainee");
  CHECK(branches["branches"][2]["by"] == "instructor");
  CHECK(branches["current"] == 3);
  // The scenario runs on in the rewound drill: its own fault comes at 5:00 as scripted, and
  // no hook failed on the way.
  step(w.session("alice"), SimTime::minutes(5));
  const nlohmann::json timeline = json_of(w.get("/api/v1/trainees/alice/timeline", t));
  CHECK(count_kind(timeline, "fault.injected") == 1);
  auto errors = w.session("alice").call([&w](Drill&) {
    int n = 0;
    for (const JournalRecord& record : w.session("alice").all_records())
      n += record.kind == "scenario.error";
    return n;
  });
  REQUIRE(errors);
  CHECK(*errors == 0);
  // The instructor's injection reaches the fresh runtime (the scenario's fault is in already).
  const ApiResponse again =
      w.post("/api/v1/workshop/inject", {{"trainee", "alice"}, {"fault", "nofile-64"}}, t);
  INFO(again.body);
  REQUIRE(again.status == 200);
  CHECK(json_of(again)["results"][0]["ok"] == true);
  CHECK(json_of(again)["results"][0]["changed"] == false);
}
