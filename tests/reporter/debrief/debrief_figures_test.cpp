#include "reporter/debrief/debrief_figures.h"

#include <catch2/catch.hpp>

#include "reporter/debrief/debrief.h"
#include "reporter/journal/journal_reader.h"
#include "tests/reporter/support/journal_builder.h"

namespace firedrill {
namespace {

using testing::at_min;
using testing::JournalBuilder;
using testing::standard_drill;

Debrief debrief_of(const JournalBuilder& b) {
  const auto records = b.records();
  return build_debrief(records);
}

TEST_CASE("debrief figures: the standard drill's figures are exact", "[figures]") {
  const Debrief d = debrief_of(standard_drill());
  const DebriefFigures& f = d.figures;
  REQUIRE(f.outage);
  CHECK(f.outage->start == at_min(10));
  CHECK(f.outage->end == at_min(20));
  CHECK(f.outage->breached_minutes == 10);
  CHECK(f.impact_start == at_min(10));
  CHECK(f.time_to_detect == SimTime::minutes(2));
  CHECK(f.acknowledged_at == at_min(13));
  CHECK(f.time_to_acknowledge == SimTime::minutes(1));
  CHECK(f.mitigated_at == at_min(20));  // the outage's end: no incident.state
  CHECK(f.time_to_mitigate == SimTime::minutes(10));
  CHECK(f.resolved_at == at_min(20));  // the fix at 13:59, effective when the breach ended
  CHECK(f.time_to_resolve == SimTime::minutes(10));
  CHECK(f.declared_resolved_at == at_min(20, 30));
  CHECK(f.requests_total == 180000);
  CHECK(f.requests_failed == 12000);
  CHECK(f.outage_requests == 60000);
  CHECK(f.outage_failed == 12000);
  CHECK(f.users_affected == 600);
  CHECK(f.users_seen == 1000);
  REQUIRE(f.users_affected_share);
  CHECK(*f.users_affected_share == Approx(0.6));
  CHECK(f.error_budget_requests == Approx(0.01 * 100 * 30 * 86400));
  REQUIRE(f.error_budget_burned);
  CHECK(*f.error_budget_burned == Approx(12000.0 / 2592000.0));
  CHECK(f.misleading_targets == std::vector<std::string>{"web-1"});
  CHECK(f.misleading_events == 3);
  CHECK(f.escalations == 1);
  CHECK(f.escalation_teams == std::vector<std::string>{"web platform"});
  CHECK(f.first_escalation_at == at_min(15));
  REQUIRE(f.fixes_applied.size() == 1);
  CHECK(f.fixes_applied[0].at == at_min(19));
}

TEST_CASE("debrief figures: the engine's incident.state wins over derived times", "[figures]") {
  JournalBuilder b = standard_drill();
  b.add(at_min(19, 30), "engine", "incident.state", {{"state", "mitigated"}});
  b.add(at_min(19, 45), "engine", "incident.state", {{"state", "resolved"}});
  const DebriefFigures f = debrief_of(b).figures;
  CHECK(f.mitigated_at == at_min(19, 30));
  CHECK(f.resolved_at == at_min(19, 45));
  CHECK(f.time_to_resolve == SimTime::seconds(585));
}

TEST_CASE("debrief figures: users affected before the outage do not count", "[figures]") {
  JournalBuilder b;
  b.header().meta();
  b.traffic(0, 300, 0, 100, 2).traffic(300, 600, 100, 100, 5).traffic(600, 900, 0, 100);
  const DebriefFigures f = debrief_of(b).figures;
  CHECK(f.users_affected == 150);  // 30 samples x 5, not the 60 affected earlier
  REQUIRE(f.users_affected_share);
  CHECK(*f.users_affected_share == Approx(0.15));
}

TEST_CASE("debrief figures: an ongoing outage is neither mitigated nor resolved", "[figures]") {
  JournalBuilder b;
  b.header().meta().traffic(0, 300, 0, 100).traffic(300, 600, 400, 100, 3);
  b.alert(at_min(6), "HighErrorRate");
  b.action(at_min(9), "raise_fd_limit", "web-2");
  const DebriefFigures f = debrief_of(b).figures;
  REQUIRE(f.outage);
  CHECK(f.outage->ongoing);
  CHECK_FALSE(f.mitigated_at);
  CHECK_FALSE(f.resolved_at);
  CHECK_FALSE(f.time_to_resolve);
  CHECK(f.time_to_detect == SimTime::minutes(1));
  CHECK_FALSE(f.time_to_acknowledge);
}

TEST_CASE("debrief figures: detection before the first breached minute counts as 0", "[figures]") {
  JournalBuilder b = standard_drill();
  b.alert(at_min(9, 58), "BackendDown", "firing", "web-2");
  const DebriefFigures f = debrief_of(b).figures;
  REQUIRE(f.detection);
  CHECK(f.detection->by == "BackendDown");
  CHECK(f.time_to_detect == SimTime{});
}

TEST_CASE("debrief figures: a wrong hypothesis is a misleading event but not a path", "[figures]") {
  JournalBuilder b = standard_drill();
  b.add(at_min(17), "trainee", "trainee.note",
        {{"text", "It is the database"}, {"hypothesis", true}, {"misleading", true}});
  const DebriefFigures f = debrief_of(b).figures;
  CHECK(f.misleading_events == 4);
  CHECK(f.misleading_targets == std::vector<std::string>{"web-1"});
}

TEST_CASE("debrief figures: the scenario autopilot's journal gives the expected figures",
          "[figures]") {
  const JournalReadResult read = JournalReader::read_file(
      FIREDRILL_SOURCE_DIR "/tests/reporter/data/nginx_open_files_autopilot.jsonl");
  REQUIRE(read.ok());
  const Debrief d = build_debrief(read.records);
  const DebriefFigures& f = d.figures;
  CHECK(d.warnings.empty());
  REQUIRE(f.detection);
  CHECK(f.detection->by == "HighErrorRate");  // not the red herring that fired earlier
  CHECK(f.time_to_detect == SimTime::seconds(150));
  CHECK(f.time_to_acknowledge == SimTime::seconds(30));
  CHECK(f.resolved_at == at_min(17, 1));  // the scenario's incident.state
  CHECK(f.misleading_targets == std::vector<std::string>{"db", "lb"});
  CHECK(f.escalation_teams == std::vector<std::string>{"dba", "platform"});
  CHECK(f.fixes_applied.size() == 4);
}

TEST_CASE("debrief figures: timeline edits do not change the figures", "[figures]") {
  JournalBuilder b = standard_drill();
  for (const JournalRecord& r : b.records()) {
    if (r.kind == "trainee.command") {
      b.edit(at_min(25), {{"op", "unmark_misleading"}, {"target_seq", r.seq}});
    }
  }
  CHECK(debrief_of(b).figures.misleading_events == 3);
}

TEST_CASE("debrief figures: a journal with no samples has no outage and no user share",
          "[figures]") {
  JournalBuilder b;
  b.header().meta();
  b.alert(at_min(3), "HighErrorRate");
  const Debrief d = debrief_of(b);
  CHECK_FALSE(d.figures.outage);
  CHECK_FALSE(d.figures.users_affected_share);
  CHECK_FALSE(d.figures.error_budget_burned);
  CHECK(d.figures.impact_start == at_min(3));  // the first alert starts the incident
  CHECK(d.figures.time_to_detect == SimTime{});
}

}  // namespace
}  // namespace firedrill
