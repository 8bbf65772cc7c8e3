#include "reporter/timeline/timeline_edits.h"

#include <catch2/catch.hpp>

#include "tests/reporter/timeline/timeline_test_support.h"

namespace firedrill {
namespace {

using testing::at_min;
using testing::classify;
using testing::JournalBuilder;
using testing::standard_drill;

// The seq the standard drill gives the record of `kind` at `t`.
uint64_t seq_of(const JournalBuilder& b, std::string_view kind, SimTime t) {
  for (const JournalRecord& r : b.records()) {
    if (r.kind == kind && r.t == t) return r.seq;
  }
  FAIL("no record");
  return 0;
}

const TimelineEvent* find_seq(const Timeline& tl, uint64_t seq) {
  for (const TimelineEvent& e : tl.events) {
    if (!e.derived && e.seq == seq) return &e;
  }
  return nullptr;
}

TEST_CASE("timeline edits: reword replaces the text and keeps the original classification",
          "[edits]") {
  JournalBuilder b = standard_drill();
  const uint64_t top = seq_of(b, "trainee.command", at_min(13, 20));
  b.edit(at_min(25), {{"op", "reword"}, {"target_seq", top}, {"text", "Checked web-1's CPU."}});
  const auto c = classify(b);
  const TimelineEvent* e = find_seq(c.timeline, top);
  REQUIRE(e);
  CHECK(e->text == "Checked web-1's CPU.");
  CHECK(e->edited);
  CHECK(e->category == Category::misleading);
  CHECK(c.timeline.warnings.empty());
}

TEST_CASE("timeline edits: marking and unmarking misleading changes the shown category only",
          "[edits]") {
  JournalBuilder b = standard_drill();
  const uint64_t curl = seq_of(b, "trainee.command", at_min(14, 20));
  const uint64_t top = seq_of(b, "trainee.command", at_min(13, 20));
  b.edit(at_min(25), {{"op", "mark_misleading"}, {"target_seq", curl}});
  b.edit(at_min(26), {{"op", "unmark_misleading"}, {"target_seq", top}});
  const auto c = classify(b);
  CHECK(find_seq(c.timeline, curl)->category == Category::misleading);
  CHECK(find_seq(c.timeline, curl)->classified == Category::investigation);
  CHECK(find_seq(c.timeline, top)->category == Category::investigation);
  CHECK(find_seq(c.timeline, top)->classified == Category::misleading);
}

TEST_CASE("timeline edits: hide and show toggle visibility; later edits win", "[edits]") {
  JournalBuilder b = standard_drill();
  const uint64_t status = seq_of(b, "trainee.status", at_min(16, 40));
  b.edit(at_min(25), {{"op", "hide"}, {"target_seq", status}});
  CHECK(find_seq(classify(b).timeline, status)->hidden);
  b.edit(at_min(26), {{"op", "show"}, {"target_seq", status}});
  CHECK_FALSE(find_seq(classify(b).timeline, status)->hidden);
}

TEST_CASE("timeline edits: add inserts an entry at its time, with the edit's seq", "[edits]") {
  JournalBuilder b = standard_drill();
  b.edit(at_min(25), {{"op", "add"},
                      {"at_us", at_min(11).us()},
                      {"text", "Support forwarded two tickets about failed payments."},
                      {"category", "communication"}});
  const auto c = classify(b);
  const uint64_t seq = seq_of(b, "timeline.edit", at_min(25));
  const TimelineEvent* e = find_seq(c.timeline, seq);
  REQUIRE(e);
  CHECK(e->t == at_min(11));
  CHECK(e->category == Category::communication);
  CHECK(e->edited);
  // In time order among the others.
  for (std::size_t i = 1; i < c.timeline.events.size(); ++i) {
    CHECK(c.timeline.events[i - 1].t <= c.timeline.events[i].t);
  }
}

TEST_CASE("timeline edits: an edit that cannot apply is skipped with a warning", "[edits]") {
  JournalBuilder b = standard_drill();
  b.edit(at_min(25), {{"op", "reword"}, {"target_seq", 9999}, {"text", "x"}});
  b.edit(at_min(26), {{"op", "paint"}, {"target_seq", 1}});
  b.edit(at_min(27), {{"op", "add"}, {"text", "  "}});
  const auto c = classify(b);
  REQUIRE(c.timeline.warnings.size() == 3);
  CHECK(c.timeline.warnings[0].find("no timeline event has seq 9999") != std::string::npos);
  CHECK(c.timeline.warnings[2].find("non-empty text") != std::string::npos);
}

}  // namespace
}  // namespace firedrill
