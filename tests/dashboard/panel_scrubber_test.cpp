// The time scrubber with the fake client: a view time greys the timeline and cuts the logs
// there on the client's side (nothing is sent), "Branch from here" sends a RewindCommand only
// once its confirmation is accepted, and the branch shows once there are several.
#include "panel_harness.h"

using namespace firedrill;
using namespace firedrill::dash;
using firedrill::dash::testing::PanelHarness;

namespace {

BranchInfo branch_info(uint32_t id, std::optional<uint32_t> parent, SimTime at, SimTime until,
                       bool current) {
  BranchInfo b;
  b.branch = id;
  b.parent = parent;
  b.at = at;
  b.until = until;
  b.current = current;
  return b;
}

}  // namespace

TEST_CASE("scrubber: live by default, and Branch from here needs a moment picked",
          "[dashboard][scrub]") {
  PanelHarness h;
  CHECK(h.shows("scrub", "live"));
  CHECK(h.shows("timeline", "4 records"));
  CHECK_FALSE(h.shows("timeline", "(later)"));
  h.play("click scrub/branch\nwait 2");  // disabled while live
  CHECK_FALSE(h.dump.find_item("scrub/rewind"));
  CHECK(h.client.sent().empty());
}

TEST_CASE("scrubber: clicking the slider sets a view time at that point of the drill",
          "[dashboard][scrub]") {
  PanelHarness h;
  h.play("click scrub/slider\nwait 1");
  REQUIRE(h.ui.scrub.view);
  // The middle of a slider from 0 to 30:00 (the grab's width makes it approximate).
  CHECK(h.ui.scrub.view->whole_seconds() > 13 * 60);
  CHECK(h.ui.scrub.view->whole_seconds() < 17 * 60);
  CHECK(h.shows("scrub", "view 14:"));
  CHECK(h.client.sent().empty());  // looking back asks nothing of the drill
  h.play("click scrub/live\nwait 1");
  CHECK_FALSE(h.ui.scrub.view);
}

TEST_CASE("scrubber: the timeline greys and the logs leave out what came after the view time",
          "[dashboard][scrub]") {
  PanelHarness h;
  h.ui.scrub.view = SimTime::minutes(21);  // 14:11:00
  h.frame();
  h.frame();
  CHECK(h.shows("scrub", "view 14:11:00 (T+21:00)"));
  CHECK(h.shows("timeline", "14:10:00 alert.firing BackendDown firing on web-3 (ticket)"));
  CHECK_FALSE(h.shows("timeline", "BackendDown firing on web-3 (ticket) (later)"));
  CHECK(h.shows("timeline", "HighErrorRate firing on lb (page) (later)"));
  CHECK(h.shows("timeline", "web-3$ systemctl status nginx (later)"));
  // A log line every 0.9 s: 1,400 of them by 21:00.
  CHECK(h.shows("logs", "1400 of 2000 lines, up to 14:11:00"));
  // The filtered path cuts at the same moment: every tenth line is an error.
  h.ui.logs.errors_only = true;
  for (int i = 0; i < 3; ++i) h.frame();
  CHECK(h.shows("logs", "140 of 2000 lines, up to 14:11:00"));
  CHECK(h.client.sent().empty());
}

TEST_CASE("scrubber: a view time past the drill's now is taken as now", "[dashboard][scrub]") {
  PanelHarness h;
  h.ui.scrub.view = SimTime::minutes(90);
  h.frame();
  CHECK(h.shows("scrub", "view 14:20:00 (T+30:00)"));
  CHECK(h.shows("logs", "2000 of 2000 lines"));
}

TEST_CASE("scrubber: Branch from here asks first, then sends a rewind to the view time",
          "[dashboard][scrub]") {
  PanelHarness h;
  h.ui.scrub.view = SimTime::minutes(21);
  h.frame();
  h.play(
      "click scrub/branch\nwait_for scrub/rewind 10\nexpect confirm branch from 14:11:00 "
      "(T+21:00)");
  CHECK(h.client.sent().empty());
  h.play("click scrub/cancel\nwait 2");
  CHECK(h.client.sent().empty());
  CHECK_FALSE(h.dump.find_item("scrub/rewind"));

  h.play("click scrub/branch\nwait_for scrub/rewind 10\nclick scrub/rewind\nwait 2");
  REQUIRE(h.client.sent().size() == 1);
  const auto* rewind = h.last_sent<RewindCommand>();
  REQUIRE(rewind != nullptr);
  CHECK(rewind->to == SimTime::minutes(21));
  CHECK_FALSE(h.ui.scrub.view);  // back to live: the new branch's now is that moment
  CHECK_FALSE(h.dump.find_item("scrub/rewind"));
}

TEST_CASE("scrubber: a refused rewind is shown as failed, with the server's reason",
          "[dashboard][scrub]") {
  PanelHarness h;
  h.ui.scrub.view = SimTime::minutes(10);
  h.frame();
  h.play("click scrub/branch\nwait_for scrub/rewind 10\nclick scrub/rewind\nwait 1");
  auto s = std::make_shared<Snapshot>(*canned_snapshot());
  s->replies.push_back({h.client.sent().back().first, "branch from T+10:00", false,
                        "HTTP 404: no such endpoint", SimTime::minutes(30)});
  h.client.serve(s);
  h.frame();
  CHECK(h.shows("scrub", "rewind FAILED HTTP 404: no such endpoint"));
}

TEST_CASE("scrubber: the branch shows in the top bar once the drill was rewound",
          "[dashboard][scrub]") {
  PanelHarness h;
  CHECK_FALSE(h.shows("topbar", "branch"));
  auto s = std::make_shared<Snapshot>(*canned_snapshot());
  s->session.branch = 2;
  s->branches = std::make_shared<const std::vector<BranchInfo>>(
      std::vector<BranchInfo>{branch_info(1, std::nullopt, SimTime{}, SimTime::minutes(40), false),
                              branch_info(2, 1, SimTime::minutes(12), SimTime::minutes(30), true)});
  h.client.serve(s);
  h.frame();
  CHECK(h.shows("topbar", "branch 2"));
  CHECK(h.shows("scrub", "branch 2"));
}

TEST_CASE("debrief: the paths tried are compared side by side once there are branches",
          "[dashboard][scrub]") {
  PanelHarness h;
  auto s = std::make_shared<Snapshot>(*canned_snapshot());
  auto debrief = std::make_shared<DebriefInfo>();
  debrief->postmortem = "# Postmortem\n";
  s->debrief = debrief;
  BranchInfo first = branch_info(1, std::nullopt, SimTime{}, SimTime::minutes(30), false);
  first.requests_failed = 6984;
  first.users_affected = 6393;
  BranchInfo second = branch_info(2, 1, SimTime::minutes(12), SimTime::minutes(25), true);
  second.mitigated_at = SimTime::minutes(18);
  second.requests_failed = 1813;
  second.users_affected = 1777;
  second.fixes = "restart_service web-2";
  second.best = true;
  s->branches =
      std::make_shared<const std::vector<BranchInfo>>(std::vector<BranchInfo>{first, second});
  h.client.serve(s);
  h.play("click tab/debrief\nwait 2");
  CHECK(h.shows("debrief", "branch 1 from start mitigated - resolved - failed 6984 users 6393"));
  CHECK(h.shows("debrief", "branch 2 NOW BEST from 1 at 14:02:00 mitigated 14:08:00"));
  CHECK(h.shows("debrief", "fixes restart_service web-2"));

  // One branch: nothing to compare, no table.
  auto single = std::make_shared<Snapshot>(*s);
  single->branches =
      std::make_shared<const std::vector<BranchInfo>>(std::vector<BranchInfo>{first});
  h.client.serve(single);
  h.play("wait 2");
  CHECK_FALSE(h.shows("debrief", "branch 1 from start"));
}
