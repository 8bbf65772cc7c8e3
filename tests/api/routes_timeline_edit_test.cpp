// POST /timeline/edits without a socket: an edit is appended as a timeline.edit record (the
// edited record stays), the reporter's timeline follows it, and bad bodies are 400s naming
// the field with nothing journalled.
#include <catch2/catch.hpp>

#include "api_test_util.h"
#include "reporter/journal/memory_journal_sink.h"

using namespace firedrill;
using namespace firedrill::api;
using test::check_error;
using test::json_of;

namespace {

size_t count_kind(Session& s, MemoryJournalSink& sink, const std::string& kind) {
  auto found = s.call([&sink, kind](Drill&) {
    size_t n = 0;
    for (const JournalRecord& r : sink.records()) n += r.kind == kind;
    return n;
  });
  REQUIRE(found);
  return *found;
}

}  // namespace

TEST_CASE("POST /timeline/edits rewords an entry and the timeline follows", "[api]") {
  MemoryJournalSink sink;
  auto s = test::paused_session({}, &sink);
  ApiRoutes routes(single_session(*s));
  const ApiResponse note = routes.handle(
      "POST", "/api/v1/notes", {}, R"({"text": "looking at teh database", "hypothesis": true})");
  REQUIRE(note.status == 201);
  const uint64_t note_seq = json_of(note)["seq"].get<uint64_t>();

  const ApiResponse edit =
      routes.handle("POST", "/api/v1/timeline/edits", {},
                    nlohmann::json{{"op", "reword"},
                                   {"target_seq", note_seq},
                                   {"text", "Suspected the database (a wrong trail)"}}
                        .dump());
  REQUIRE(edit.status == 201);
  CHECK(json_of(edit)["seq"].get<uint64_t>() > note_seq);
  CHECK(count_kind(*s, sink, "timeline.edit") == 1);
  CHECK(count_kind(*s, sink, "trainee.note") == 1);  // the original stays

  const ApiResponse timeline = routes.handle("GET", "/api/v1/timeline", {}, "");
  REQUIRE(timeline.status == 200);
  const nlohmann::json t = json_of(timeline);
  // The draft's bullet says what the trainee wrote last; the event keeps the original as a quote.
  REQUIRE(t["bullets"].size() == 1);
  CHECK(t["bullets"][0]["markdown"] == "Suspected the database (a wrong trail)");
  CHECK(t["bullets"][0]["edited"] == true);
  REQUIRE(t["events"].size() == 1);
  CHECK(t["events"][0]["text"] == "Suspected the database (a wrong trail)");
  CHECK(t["events"][0]["quote"] == "looking at teh database");
}

TEST_CASE("POST /timeline/edits: bad bodies name the field and journal nothing", "[api]") {
  MemoryJournalSink sink;
  auto s = test::paused_session({}, &sink);
  ApiRoutes routes(single_session(*s));
  const auto post = [&](const std::string& body) {
    return routes.handle("POST", "/api/v1/timeline/edits", {}, body);
  };
  check_error(post(R"({})"), 400, "op");
  check_error(post(R"({"op": "delete", "target_seq": 3})"), 400, "op");
  check_error(post(R"({"op": "reword", "text": "x"})"), 400, "target_seq");
  check_error(post(R"({"op": "reword", "target_seq": 3})"), 400, "text");
  check_error(post(R"({"op": "hide", "target_seq": 1.5})"), 400, "target_seq");
  check_error(post(R"({"op": "add", "text": "paged the DBA by phone"})"), 400, "at_us");
  check_error(post(R"({"op": "add", "at_us": 60000000, "text": "x", "category": "blame"})"), 400,
              "category");
  check_error(post(R"({"op": "hide", "target_seq": 3, "why": "noise"})"), 400, "why");
  CHECK(count_kind(*s, sink, "timeline.edit") == 0);

  // Every op the contract lists is accepted.
  CHECK(post(R"({"op": "hide", "target_seq": 1})").status == 201);
  CHECK(post(R"({"op": "show", "target_seq": 1})").status == 201);
  CHECK(post(R"({"op": "mark_misleading", "target_seq": 1})").status == 201);
  CHECK(post(R"({"op": "unmark_misleading", "target_seq": 1})").status == 201);
  CHECK(post(R"({"op": "add", "at_us": 60000000, "text": "paged the DBA by phone",
                  "category": "escalation"})")
            .status == 201);
  CHECK(count_kind(*s, sink, "timeline.edit") == 5);
}
