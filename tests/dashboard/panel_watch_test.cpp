// The instructor watching a trainee's drill, with fake clients in a headless ImGui context:
// "Watch" (or a double-click on the row) opens the selected trainee's drill — through the
// opener the app gives, here a FakeClient — in the drill panels under a banner, read-only but
// for the clock and the scrubber's rewind, which go to that drill's client; "Back to the
// workshop" closes it and shows the instructor view again. Clicks go through ImGui's input.
#include "dashboard/client/fake_workshop_client.h"
#include "workshop_harness.h"

using namespace firedrill;
using namespace firedrill::dash;
using firedrill::dash::testing::PanelHarness;
using firedrill::dash::testing::WorkshopPanelHarness;

namespace {

WorkshopSnapshot watched_workshop_snapshot() {
  WorkshopSnapshot w;
  w.role = WorkshopRole::instructor;
  w.scenario_title = "502s at the morning peak";
  w.trainees = {"alice", "bob"};
  w.max_trainees = 16;
  for (const char* name : {"alice", "bob"}) {
    TraineeProgress p;
    p.name = name;
    p.t = SimTime::seconds(754);
    w.progress.push_back(p);
  }
  w.connection = ConnectionState::live;
  return w;
}

// The canned drill with a reporter's timeline, as an HTTP client has it: the timeline's edit
// bar shows for the drill's trainee.
std::shared_ptr<const Snapshot> drill_over_http() {
  auto s = std::make_shared<Snapshot>(*canned_snapshot());
  s->reported_timeline = std::make_shared<const std::vector<ReportedEntry>>(
      std::vector<ReportedEntry>{{2, SimTime::minutes(20), "alert.firing", "detection", "web-3",
                                  "BackendDown fired on web-3", false, false}});
  return s;
}

// The instructor's window: their (empty) drill client, the workshop, and an opener that
// hands out FakeClients with the canned drill, remembering whose drill each one is.
struct WatchHarness : WorkshopPanelHarness {
  FakeWorkshopClient workshop{watched_workshop_snapshot()};
  std::vector<std::string> opened;
  FakeClient* watched = nullptr;  // the last drill opened (owned by view.watch)

  explicit WatchHarness(bool can_open = true) {
    client.serve(std::make_shared<const Snapshot>());  // the instructor has no drill
    view.client = &workshop;
    if (can_open)
      view.open_drill = [this](const std::string& trainee) {
        opened.push_back(trainee);
        auto c = std::make_unique<FakeClient>(drill_over_http());
        watched = c.get();
        return std::unique_ptr<DashboardClient>(std::move(c));
      };
    wframe();
    wframe();
  }

  template <class T>
  const T* last_watched() const {
    return watched && !watched->sent().empty() ? std::get_if<T>(&watched->sent().back().second)
                                               : nullptr;
  }
};

}  // namespace

TEST_CASE("watch: Watch opens the selected trainee's drill under a banner, and Back returns",
          "[dashboard][workshop][watch]") {
  WatchHarness h;
  CHECK(h.shows("windows", "Instructor"));
  h.wplay("click instructor/watch\nwait 2");  // no trainee picked: nothing to watch
  CHECK(h.opened.empty());
  CHECK(h.shows("windows", "Instructor"));

  h.wplay("click instructor/row/alice\nwait 1\nclick instructor/watch\nwait 2");
  CHECK(h.opened == std::vector<std::string>{"alice"});
  CHECK(h.view.watch.trainee == "alice");
  CHECK(h.shows("watch", "Watching alice \u2014 instructor"));
  CHECK_FALSE(h.shows("windows", "Instructor"));
  for (const char* panel : {"Topology", "Alerts", "Metrics", "Logs", "Incident"}) {
    INFO(panel);
    CHECK(h.shows("windows", panel));
  }
  CHECK(h.shows("topbar", "scenario Canned drill"));  // the watched drill's, not the instructor's
  CHECK(h.ui.read_only);
  // No trainee moves offered: no palette, console, notes, acks or timeline edits.
  CHECK_FALSE(h.shows("windows", "Actions"));
  CHECK_FALSE(h.shows("windows", "Console"));
  CHECK_FALSE(h.dump.find_item("tab/notes"));
  CHECK(h.dump.find_item("tab/timeline"));
  CHECK_FALSE(h.dump.contains("alerts/ack/"));
  CHECK(h.shows("timeline", "BackendDown fired on web-3"));
  CHECK_FALSE(h.dump.find_item("timeline/add"));
  h.wplay("click tab/comms\nwait 2");
  CHECK_FALSE(h.dump.find_item("comms/send"));
  CHECK_FALSE(h.dump.find_item("comms/hint"));

  // The scrubber looks back without asking anything, and Branch from here (confirmed) is a
  // rewind of alice's drill.
  h.wplay("click scrub/slider\nwait 1\nexpect view 14:");
  REQUIRE(h.ui.scrub.view);
  CHECK(h.watched->sent().empty());
  h.wplay(
      "click scrub/branch\nwait_for scrub/rewind 10\nexpect confirm branch from 14:\n"
      "click scrub/rewind\nwait 2");
  const auto* rewind = h.last_watched<RewindCommand>();
  REQUIRE(rewind);
  CHECK(rewind->to.whole_seconds() > 13 * 60);
  CHECK(rewind->to.whole_seconds() < 17 * 60);
  // The clock is the other thing the instructor may touch.
  h.wplay("click topbar/speed_10\nwait 1");
  const auto* clock = h.last_watched<ClockCommand>();
  REQUIRE(clock);
  CHECK(clock->op == ClockCommand::Op::set_speed);
  CHECK(clock->speed == 10);
  CHECK(h.watched->sent().size() == 2);
  CHECK(h.client.sent().empty());    // the instructor's own (empty) drill client: nothing
  CHECK(h.workshop.sent().empty());  // nor the workshop

  h.wplay("click watch/back\nwait 2");
  CHECK(h.shows("windows", "Instructor"));
  CHECK_FALSE(h.shows("windows", "Topology"));
  CHECK_FALSE(h.view.watch.client);  // closed
  CHECK(h.view.watch.trainee.empty());
  CHECK_FALSE(h.ui.read_only);
  CHECK_FALSE(h.ui.scrub.view);                  // the next drill watched starts live
  CHECK(h.shows("instructor", "target alice"));  // the workshop view as it was left
}

TEST_CASE("watch: a double-click on a trainee's row opens their drill",
          "[dashboard][workshop][watch]") {
  WatchHarness h;
  h.wplay("click instructor/row/bob\nclick instructor/row/bob\nwait 2");
  CHECK(h.opened == std::vector<std::string>{"bob"});
  CHECK(h.shows("watch", "Watching bob"));
}

TEST_CASE("watch: without a way to open a drill, Watch stays disabled",
          "[dashboard][workshop][watch]") {
  WatchHarness h(false);
  h.wplay("click instructor/row/alice\nwait 1\nclick instructor/watch\nwait 2");
  CHECK(h.shows("windows", "Instructor"));
  CHECK_FALSE(h.view.watch.client);
  CHECK(h.dump.contains("instructor/watch"));
}

TEST_CASE("watch: a trainee's own drill offers every move", "[dashboard][workshop][watch]") {
  PanelHarness h;
  h.client.serve(drill_over_http());
  h.frame();
  h.frame();
  CHECK_FALSE(h.ui.read_only);
  CHECK(h.shows("windows", "Actions"));
  CHECK(h.shows("windows", "Console"));
  CHECK(h.dump.find_item("tab/notes"));
  CHECK(h.dump.contains("alerts/ack/"));
  CHECK(h.dump.find_item("timeline/add"));
  h.play("click tab/comms\nwait 2");
  CHECK(h.dump.find_item("comms/send"));
}
