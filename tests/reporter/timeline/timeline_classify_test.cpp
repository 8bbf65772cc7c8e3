#include "reporter/timeline/timeline_classify.h"

#include <catch2/catch.hpp>

#include "tests/reporter/timeline/timeline_test_support.h"

namespace firedrill {
namespace {

using testing::at_min;
using testing::classify;
using testing::event_at;
using testing::JournalBuilder;
using testing::standard_drill;

TEST_CASE("timeline: the first alert after the incident starts is the detection", "[timeline]") {
  const auto c = classify(standard_drill());
  REQUIRE(c.timeline.incident_start);
  CHECK(*c.timeline.incident_start == at_min(9, 55));  // the fault, before the first breach
  REQUIRE(c.timeline.detection);
  CHECK(c.timeline.detection->how == DetectionHow::alert);
  CHECK(c.timeline.detection->by == "HighErrorRate");
  CHECK(c.timeline.detection->at == at_min(12));
  const TimelineEvent& alert = event_at(c.timeline, "alert.firing", at_min(12));
  CHECK(alert.category == Category::detection);
  CHECK(alert.text.starts_with("Monitoring alert HighErrorRate fired on lb (page)"));
}

TEST_CASE("timeline: commands on unrelated hosts are misleading, on the root cause investigation",
          "[timeline]") {
  const auto c = classify(standard_drill());
  CHECK(event_at(c.timeline, "trainee.command", at_min(13, 20)).category == Category::misleading);
  const TimelineEvent& curl = event_at(c.timeline, "trainee.command", at_min(14, 20));
  CHECK(curl.category == Category::investigation);
  CHECK(curl.target == "web-2");  // touched.component wins over the host it ran on
  CHECK(curl.command == "curl -I http://web-2/");
  CHECK(curl.topic == "http");
}

TEST_CASE("timeline: a fix action is resolution, an unrelated action a misleading path",
          "[timeline]") {
  const auto c = classify(standard_drill());
  CHECK(event_at(c.timeline, "trainee.action", at_min(14)).category == Category::misleading);
  const TimelineEvent& fix = event_at(c.timeline, "trainee.action", at_min(19));
  CHECK(fix.category == Category::resolution);
  CHECK(fix.text == "Action raise fd limit on web-2 succeeded: done.");
}

TEST_CASE("timeline: another ok action on the failing component is a mitigation", "[timeline]") {
  JournalBuilder b = standard_drill();
  b.action(at_min(17), "drain_host", "web-2");
  b.action(at_min(17, 30), "restart_service", "web-2", false);
  const auto c = classify(b);
  CHECK(event_at(c.timeline, "trainee.action", at_min(17)).category == Category::mitigation);
  CHECK(event_at(c.timeline, "trainee.action", at_min(17, 30)).category == Category::investigation);
}

TEST_CASE("timeline: a fix action whose effect is mitigate is a mitigation, not the fix",
          "[timeline]") {
  JournalBuilder b;
  b.header()
      .meta({{"fix_actions",
              {{{"action", "raise_fd_limit"}, {"target", "web-2"}},
               {{"action", "drain_host"}, {"target", "web-2"}, {"effect", "mitigate"}}}}})
      .traffic(0, 600, 0, 100)
      .traffic(600, 900, 300, 100);
  b.alert(at_min(10, 30), "HighErrorRate");
  b.action(at_min(12), "drain_host", "web-2");
  b.action(at_min(13), "raise_fd_limit", "web-2");
  const auto c = classify(b);
  CHECK(event_at(c.timeline, "trainee.action", at_min(12)).category == Category::mitigation);
  CHECK(event_at(c.timeline, "trainee.action", at_min(13)).category == Category::resolution);
}

TEST_CASE("timeline: a move's own misleading flag overrides the target rule", "[timeline]") {
  JournalBuilder b = standard_drill();
  b.add(at_min(17), "trainee", "trainee.command",
        {{"host", "web-2"},
         {"command", "cat /etc/motd"},
         {"touched", {{"host", "web-2"}}},
         {"autopilot", true},
         {"misleading", true}});
  const auto c = classify(b);
  const TimelineEvent& e = event_at(c.timeline, "trainee.command", at_min(17));
  CHECK(e.category == Category::misleading);
  CHECK(e.autopilot);
}

TEST_CASE("timeline: the scenario's outage_began state starts the incident", "[timeline]") {
  JournalBuilder b;
  b.header().meta().traffic(0, 600, 0, 100).traffic(600, 900, 300, 100);
  b.add(at_min(8), "scenario", "incident.state", {{"state", "outage_began"}});
  b.command(at_min(9), "web-1", "top", "", "cpu");
  const auto c = classify(b);
  CHECK(c.timeline.incident_start == at_min(8));
  CHECK(event_at(c.timeline, "trainee.command", at_min(9)).category == Category::misleading);
}

TEST_CASE("timeline: a team's reply shows the team's display name", "[timeline]") {
  JournalBuilder b = standard_drill();
  b.add(at_min(17), "scenario", "team.reply",
        {{"team", "dba"}, {"name", "Database team"}, {"text", "Looks fine"}, {"request_seq", 3}});
  const auto c = classify(b);
  CHECK(event_at(c.timeline, "team.reply", at_min(17)).text ==
        "The Database team replied: \u201cLooks fine\u201d.");
}

TEST_CASE("timeline: escalations, hypotheses, status updates and declarations are classified",
          "[timeline]") {
  const auto c = classify(standard_drill());
  const TimelineEvent& note = event_at(c.timeline, "trainee.note", at_min(13, 50));
  CHECK(note.category == Category::investigation);
  CHECK(note.hypothesis);
  CHECK(note.quote == "A traffic spike is overloading web-1");
  CHECK(note.text == "Hypothesis: \u201cA traffic spike is overloading web-1\u201d.");
  const TimelineEvent& escalate = event_at(c.timeline, "trainee.escalate", at_min(15));
  CHECK(escalate.category == Category::escalation);
  CHECK(escalate.label == "web platform");
  CHECK(event_at(c.timeline, "team.reply", at_min(16)).category == Category::escalation);
  CHECK(event_at(c.timeline, "trainee.status", at_min(16, 40)).category == Category::communication);
  CHECK(event_at(c.timeline, "trainee.declare", at_min(20, 30)).category == Category::resolution);
  CHECK(event_at(c.timeline, "trainee.ack", at_min(13)).category == Category::detection);
}

TEST_CASE("timeline: hints, runbooks and messages to stakeholders have their categories",
          "[timeline]") {
  JournalBuilder b = standard_drill();
  b.add(at_min(16, 50), "scenario", "stakeholder.message",
        {{"from", "Tom (manager)"}, {"role", "manager"}, {"text", "ETA?"}});
  b.add(at_min(17), "trainee", "trainee.message",
        {{"to", "Tom"}, {"text", "About 5 minutes"}, {"reply_to_seq", 30}});
  b.add(at_min(17, 10), "trainee", "trainee.hint", {{"topic", "nginx"}});
  b.add(at_min(17, 20), "scenario", "hint.given", {{"id", "h1"}, {"text", "Look at ulimit"}});
  b.add(at_min(17, 30), "trainee", "trainee.runbook",
        {{"runbook", "runbooks/high-error-rate"}, {"alert", "HighErrorRate"}});
  const auto c = classify(b);
  CHECK(event_at(c.timeline, "stakeholder.message", at_min(16, 50)).text ==
        "Tom (manager) wrote: \u201cETA?\u201d.");
  CHECK(event_at(c.timeline, "trainee.message", at_min(17)).category == Category::communication);
  CHECK(event_at(c.timeline, "trainee.hint", at_min(17, 10)).text ==
        "Asked for a hint about nginx.");
  CHECK(event_at(c.timeline, "hint.given", at_min(17, 20)).category == Category::investigation);
  CHECK(event_at(c.timeline, "trainee.runbook", at_min(17, 30)).text ==
        "Read the runbook runbooks/high-error-rate for alert HighErrorRate.");
}

TEST_CASE("timeline: the SLO breach's start and end are derived entries", "[timeline]") {
  const auto c = classify(standard_drill());
  const TimelineEvent& began = event_at(c.timeline, "outage.began", at_min(10));
  CHECK(began.derived);
  CHECK(began.category == Category::impact);
  CHECK(event_at(c.timeline, "outage.ended", at_min(20)).category == Category::impact);
}

TEST_CASE("timeline: a customer report before any alert is the detection", "[timeline]") {
  JournalBuilder b;
  b.header().meta().traffic(0, 600, 0, 100).traffic(600, 900, 300, 100);
  b.add(at_min(11), "scenario", "customer.report",
        {{"from", "a customer"}, {"channel", "Twitter"}, {"text", "checkout is broken"}});
  b.alert(at_min(13), "HighErrorRate");
  const auto c = classify(b);
  REQUIRE(c.timeline.detection);
  CHECK(c.timeline.detection->how == DetectionHow::report);
  CHECK(c.timeline.detection->by == "a customer");
  CHECK(event_at(c.timeline, "customer.report", at_min(11)).category == Category::detection);
  CHECK(event_at(c.timeline, "alert.firing", at_min(13)).category == Category::context);
}

TEST_CASE("timeline: a responder who acts before any alert noticed it", "[timeline]") {
  JournalBuilder b;
  b.header().meta().traffic(0, 600, 0, 100).traffic(600, 900, 300, 100);
  b.command(at_min(10, 30), "web-2", "uptime", "", "cpu");
  b.alert(at_min(13), "HighErrorRate");
  const auto c = classify(b);
  REQUIRE(c.timeline.detection);
  CHECK(c.timeline.detection->how == DetectionHow::engineer);
  const TimelineEvent& noticed = event_at(c.timeline, "detection.engineer", at_min(10, 30));
  CHECK(noticed.derived);
  CHECK(noticed.category == Category::detection);
}

TEST_CASE("timeline: activity before the incident starts is context, not misleading",
          "[timeline]") {
  JournalBuilder b = standard_drill();
  b.command(at_min(2), "web-3", "top", "", "cpu");
  const auto c = classify(b);
  CHECK(event_at(c.timeline, "trainee.command", at_min(2)).category == Category::context);
}

TEST_CASE("timeline: without ground truth nothing is called misleading", "[timeline]") {
  JournalBuilder b;
  b.header().traffic(0, 600, 0, 100).traffic(600, 900, 300, 100);
  b.alert(at_min(11), "HighErrorRate");
  b.command(at_min(12), "web-3", "top", "", "cpu");
  const auto c = classify(b);
  CHECK(event_at(c.timeline, "trainee.command", at_min(12)).category == Category::investigation);
}

TEST_CASE("timeline: process crashes are context; a restart after one says it runs again",
          "[timeline]") {
  JournalBuilder b = standard_drill();
  b.add(at_min(11), "stack", "host.process",
        {{"host", "web-2"}, {"service", "nginx"}, {"change", "crashed"}});
  b.add(at_min(11, 5), "stack", "host.process",
        {{"host", "web-2"}, {"service", "nginx"}, {"change", "starting"}});
  b.add(at_min(11, 10), "stack", "host.process",
        {{"host", "web-2"}, {"service", "nginx"}, {"change", "running"}});
  const auto c = classify(b);
  CHECK(event_at(c.timeline, "host.process", at_min(11)).text == "nginx on web-2 crashed.");
  CHECK(event_at(c.timeline, "host.process", at_min(11, 10)).text ==
        "nginx on web-2 was running again.");
}

TEST_CASE("timeline: kinds the reporter does not know are skipped", "[timeline]") {
  JournalBuilder b = standard_drill();
  b.add(at_min(12), "engine", "future.kind", {{"x", 1}});
  const auto c = classify(b);
  for (const TimelineEvent& e : c.timeline.events) CHECK(e.kind != "future.kind");
}

}  // namespace
}  // namespace firedrill
