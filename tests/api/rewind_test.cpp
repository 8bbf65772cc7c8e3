// Rewind and branch through the routes: the drill goes back, carries on as a new branch, the
// journal keeps every branch readable, and a path taken again writes the same story.
#include <catch2/catch.hpp>

#include "api_test_util.h"
#include "reporter/journal/journal_branches.h"
#include "reporter/journal/journal_reader.h"

using namespace firedrill;
using namespace firedrill::api;
using test::check_error;
using test::json_of;

namespace {

std::string journal_text(Session& s, MemoryJournalSink& sink) {
  auto text = s.call([&sink](Drill&) { return sink.text(); });
  REQUIRE(text);
  return *text;
}

std::vector<JournalRecord> view(Session& s) {
  auto records = s.call([&s](Drill&) { return s.records(); });
  REQUIRE(records);
  return *records;
}

// A record without its seq: what a path "says", wherever in the journal it sits.
std::vector<std::string> story(const std::vector<JournalRecord>& records) {
  std::vector<std::string> out;
  for (JournalRecord r : records) {
    if (r.kind == kBranchKind) continue;
    r.seq = 0;
    out.push_back(to_journal_line(r));
  }
  return out;
}

void post_ok(ApiRoutes& routes, const std::string& path, const std::string& body) {
  const ApiResponse r = routes.handle("POST", path, {}, body);
  INFO(path << " " << r.body);
  REQUIRE(r.status / 100 == 2);
}

}  // namespace

TEST_CASE("POST /rewind goes back, pauses, and carries on as a new branch", "[api][rewind]") {
  MemoryJournalSink sink;
  auto s = test::paused_session({}, &sink);
  ApiRoutes routes(single_session(*s));
  test::step(*s, SimTime::minutes(4));
  post_ok(routes, "/api/v1/notes", R"({"text": "before the branch point"})");
  test::step(*s, SimTime::minutes(2));
  post_ok(routes, "/api/v1/actions", R"({"action": "restart_service", "target": "web-1"})");
  post_ok(routes, "/api/v1/notes", R"({"text": "after the branch point"})");
  test::step(*s, SimTime::minutes(4));
  const std::vector<JournalRecord> first = view(*s);

  const nlohmann::json done =
      json_of(routes.handle("POST", "/api/v1/rewind", {}, R"({"to_us": 300000000})"));
  CHECK(done["branch"] == 2);
  CHECK(done["parent"] == 1);
  CHECK(done["at_us"] == 300000000);
  CHECK(done["paused"] == true);
  CHECK(done["inputs_replayed"] == 1);  // the note at 4:00

  const nlohmann::json session = json_of(routes.handle("GET", "/api/v1/session"));
  CHECK(session["branch"] == 2);
  CHECK(session["clock"]["t_us"] == SimTime::minutes(5).us());
  CHECK(session["clock"]["paused"] == true);
  CHECK(s->pacing().paused);

  // The new branch's view: branch 1 before 5:00, then the drill.branch record.
  const std::vector<JournalRecord> second = view(*s);
  REQUIRE_FALSE(second.empty());
  CHECK(second.back().kind == kBranchKind);
  CHECK(second.back().seq == first.back().seq + 1);
  std::vector<JournalRecord> shared;
  for (const JournalRecord& r : first)
    if (r.t < SimTime::minutes(5)) shared.push_back(r);
  CHECK(std::vector<JournalRecord>(second.begin(), second.end() - 1) == shared);

  // A different move on branch 2; the file holds both branches and reads back whole.
  post_ok(routes, "/api/v1/notes", R"({"text": "a different path"})");
  test::step(*s, SimTime::minutes(1));
  const JournalReadResult read = JournalReader::read_string(journal_text(*s, sink), "journal");
  REQUIRE(read.ok());
  const JournalBranches split = split_journal_branches(read.records);
  CHECK(split.warnings.empty());
  REQUIRE(split.branches.size() == 2);
  CHECK(split.branches[0].records == first);
  CHECK(split.branches[1].records == view(*s));

  const nlohmann::json branches = json_of(routes.handle("GET", "/api/v1/branches"));
  CHECK(branches["current"] == 2);
  REQUIRE(branches["branches"].size() == 2);
  CHECK(branches["branches"][0]["current"] == false);
  CHECK(branches["branches"][0]["until_us"] == SimTime::minutes(10).us());
  CHECK(branches["branches"][1]["parent"] == 1);
  CHECK(branches["branches"][1]["by"] == "trainee");
  CHECK(branches["branches"][1]["until_us"] == SimTime::minutes(6).us());
  CHECK(branches["branches"][1]["current"] == true);
}

TEST_CASE("a rewound drill that takes the same path again writes the same story", "[api][rewind]") {
  MemoryJournalSink sink;
  auto s = test::paused_session({}, &sink);
  ApiRoutes routes(single_session(*s));
  test::step(*s, SimTime::minutes(3));
  post_ok(routes, "/api/v1/actions", R"({"action": "restart_service", "target": "web-2"})");
  test::step(*s, SimTime::minutes(5));
  const std::vector<JournalRecord> first = view(*s);

  // Back to 3:00, the same action again at the same moment, on to 8:00.
  post_ok(routes, "/api/v1/rewind", R"({"to_us": 180000000})");
  post_ok(routes, "/api/v1/actions", R"({"action": "restart_service", "target": "web-2"})");
  test::step(*s, SimTime::minutes(5));
  CHECK(story(view(*s)) == story(first));

  // And branch 3 from branch 2, before branch 2's own start: the view chains both rewinds.
  post_ok(routes, "/api/v1/rewind", R"({"to_us": 60000000})");
  const nlohmann::json branches = json_of(routes.handle("GET", "/api/v1/branches"));
  REQUIRE(branches["branches"].size() == 3);
  CHECK(branches["branches"][2]["parent"] == 2);
  CHECK(branches["branches"][2]["at_us"] == 60000000);
  std::vector<JournalRecord> shared;
  for (const JournalRecord& r : first)
    if (r.t < SimTime::minutes(1)) shared.push_back(r);
  const std::vector<JournalRecord> third = view(*s);
  CHECK(std::vector<JournalRecord>(third.begin(), third.end() - 1) == shared);
}

TEST_CASE("POST /rewind to 0 starts the drill over, keeping what it was made with",
          "[api][rewind]") {
  MemoryJournalSink sink;
  auto s = test::paused_session({}, &sink);
  ApiRoutes routes(single_session(*s));
  test::step(*s, SimTime::minutes(1));
  post_ok(routes, "/api/v1/notes", R"({"text": "gone after the rewind"})");
  const std::vector<JournalRecord> first = view(*s);
  const nlohmann::json done =
      json_of(routes.handle("POST", "/api/v1/rewind", {}, R"({"to_us": 0})"));
  CHECK(done["branch"] == 2);
  const std::vector<JournalRecord> second = view(*s);
  REQUIRE(second.size() >= 2);
  CHECK(second.front() == first.front());  // run.header, written as the drill was made
  CHECK(second.back().kind == kBranchKind);
  for (const JournalRecord& r : second) CHECK(r.kind != "trainee.note");
  const JournalReadResult read = JournalReader::read_string(journal_text(*s, sink), "journal");
  REQUIRE(read.ok());
  const JournalBranches split = split_journal_branches(read.records);
  REQUIRE(split.branches.size() == 2);
  CHECK(split.branches[1].records == second);
}

TEST_CASE("POST /rewind refuses a moment it cannot go back to, naming to_us", "[api][rewind]") {
  auto s = test::paused_session();
  ApiRoutes routes(single_session(*s));
  test::step(*s, SimTime::minutes(2));
  check_error(routes.handle("POST", "/api/v1/rewind", {}, R"({"to_us": 180000000})"), 400,
              "to_us");  // after now
  check_error(routes.handle("POST", "/api/v1/rewind", {}, R"({})"), 400, "to_us");
  check_error(routes.handle("POST", "/api/v1/rewind", {}, R"({"to_us": -1})"), 400, "to_us");
  check_error(routes.handle("POST", "/api/v1/rewind", {}, R"({"to_us": 1.5})"), 400, "to_us");
  check_error(routes.handle("POST", "/api/v1/rewind", {}, R"({"to_us": "1:00"})"), 400, "to_us");
  check_error(routes.handle("POST", "/api/v1/rewind", {}, R"({"to_us": 1, "x": 1})"), 400, "x");
  CHECK(s->branch() == 1);
  const nlohmann::json branches = json_of(routes.handle("GET", "/api/v1/branches"));
  CHECK(branches["branches"].size() == 1);
  CHECK(branches["best_branch"].is_null());
}
