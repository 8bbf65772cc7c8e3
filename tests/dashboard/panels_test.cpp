// The panels with the fake client, in a headless ImGui context: what they show, and which
// commands the trainee's clicks and keys send (through ImGui's input, as a real click would).
#include "panel_harness.h"

using namespace firedrill::dash;
using firedrill::dash::testing::PanelHarness;

TEST_CASE("panels: every panel shows its key text for the canned snapshot", "[dashboard]") {
  PanelHarness h;
  CHECK(h.shows("topbar", "clock 14:20:00 EST"));
  CHECK(h.shows("topbar", "T+30:00 / 1:00:00"));
  CHECK(h.shows("topbar", "connection LIVE fake"));
  CHECK(h.shows("topology", "web-3 DOWN nginx stopped"));
  CHECK(h.shows("topology", "web-4 DEGRADED cpu 94%"));
  CHECK(h.shows("alerts", "2 firing, 1 pending, 1 resolved"));
  CHECK(h.shows("alerts", "FIRING PAGE HighErrorRate lb unacked"));
  CHECK(h.shows("alerts", "FIRING TICKET BackendDown web-3 acked 14:14"));
  CHECK(h.shows("metrics", "component lb window 15m, 4 series"));
  CHECK(h.shows("logs", "2000 of 2000 lines"));
  CHECK(h.shows("console", "web-3$ systemctl status nginx -> exit 3"));
  CHECK(h.shows("actions", "restart_service (destructive)"));
  CHECK(h.shows("timeline", "4 records"));
  CHECK(h.client.sent().empty());  // looking sends nothing
}

TEST_CASE("panels: clicking a host on the map selects it for charts, console and actions",
          "[dashboard]") {
  PanelHarness h;
  h.play("click topology/web-2\nwait 1\nexpect target web-2\nexpect component web-2");
  CHECK(h.ui.selected_host == "web-2");
  CHECK(h.client.sent().empty());
}

TEST_CASE("panels: a destructive action is sent only once its confirmation is accepted",
          "[dashboard]") {
  PanelHarness h;
  h.play(
      "click topology/web-1\nclick actions/restart_service\nwait_for confirm/run 10\n"
      "expect confirm restart_service on web-1");
  CHECK(h.client.sent().empty());
  h.play("click confirm/run\nwait 1");
  REQUIRE(h.client.sent().size() == 1);
  const auto* a = h.last_sent<ActionCommand>();
  REQUIRE(a != nullptr);
  CHECK(a->action == "restart_service");
  CHECK(a->target == "web-1");
  CHECK_FALSE(h.dump.find_item("confirm/run"));  // the popup closed
}

TEST_CASE("panels: cancelling a confirmation sends nothing", "[dashboard]") {
  PanelHarness h;
  h.play(
      "click topology/web-1\nclick actions/restart_service\nwait_for confirm/cancel 10\n"
      "click confirm/cancel\nwait 2");
  CHECK(h.client.sent().empty());
  CHECK_FALSE(h.dump.find_item("confirm/run"));
}

TEST_CASE("panels: a safe action is sent at once", "[dashboard]") {
  PanelHarness h;
  h.play("click topology/web-3\nclick actions/start_service\nwait 1");
  const auto* a = h.last_sent<ActionCommand>();
  REQUIRE(a != nullptr);
  CHECK(a->action == "start_service");
  CHECK(a->target == "web-3");
}

TEST_CASE("panels: an action's parameters are asked for in its confirmation", "[dashboard]") {
  PanelHarness h;
  h.play(
      "click topology/web-1\nclick actions/set_config\nwait_for confirm/param/key 10\n"
      "click confirm/param/key\ntype workers\nclick confirm/param/value\ntype 32\n"
      "click confirm/run\nwait 1");
  const auto* a = h.last_sent<ActionCommand>();
  REQUIRE(a != nullptr);
  CHECK(a->params.at("key") == "workers");
  CHECK(a->params.at("value") == "32");
}

TEST_CASE("panels: the palette offers only what fits the selected host's role", "[dashboard]") {
  PanelHarness h;
  h.play("click topology/db\nwait 1");
  CHECK(h.dump.find_item("actions/kill_queries"));
  CHECK_FALSE(h.dump.find_item("actions/drain"));
  h.play("click topology/web-2\nwait 1");
  CHECK(h.dump.find_item("actions/drain"));
  CHECK_FALSE(h.dump.find_item("actions/kill_queries"));
}

TEST_CASE("panels: Ack acknowledges that alert", "[dashboard]") {
  PanelHarness h;
  CHECK_FALSE(h.dump.find_item("alerts/ack/BackendDown/web-3"));  // already acknowledged
  h.play("click alerts/ack/HighErrorRate/lb\nwait 1");
  const auto* a = h.last_sent<AckCommand>();
  REQUIRE(a != nullptr);
  CHECK(a->rule == "HighErrorRate");
  CHECK(a->component == "lb");
}

TEST_CASE("panels: the console sends the typed line on Enter and keeps a history", "[dashboard]") {
  PanelHarness h;
  h.play("click topology/web-3\nclick console/input\ntype df -h\nkey Enter\nwait 1");
  const auto* c = h.last_sent<ConsoleCommand>();
  REQUIRE(c != nullptr);
  CHECK(c->host == "web-3");
  CHECK(c->line == "df -h");
  CHECK(h.ui.console.history == std::vector<std::string>{"df -h"});
  CHECK(std::string(h.ui.console.input.data()).empty());
  // Up brings the last line back; Enter sends it again.
  h.play("key Up\nkey Enter\nwait 1");
  CHECK(h.client.sent().size() == 2);
  CHECK(h.last_sent<ConsoleCommand>()->line == "df -h");
}

TEST_CASE("panels: notes, status updates and declarations go out from the notes tab",
          "[dashboard]") {
  PanelHarness h;
  h.play(
      "click tab/notes\nwait 1\nclick notes/note\ntype the pool is exhausted\n"
      "click notes/add\nwait 1");
  const auto* n = h.last_sent<NoteCommand>();
  REQUIRE(n != nullptr);
  CHECK(n->text == "the pool is exhausted");
  CHECK_FALSE(n->hypothesis);
  h.play(
      "click tab/declare\nwait 1\nclick notes/declare_resolved\nwait_for declare/yes 10\n"
      "click declare/yes\nwait 1");
  const auto* d = h.last_sent<DeclareCommand>();
  REQUIRE(d != nullptr);
  CHECK(d->state == "resolved");
}

TEST_CASE("panels: the top bar's buttons send clock commands", "[dashboard]") {
  PanelHarness h;
  h.play("click topbar/speed_10\nclick topbar/pause\nwait 1");
  REQUIRE(h.client.sent().size() == 2);
  const auto* speed = std::get_if<ClockCommand>(&h.client.sent()[0].second);
  REQUIRE(speed != nullptr);
  CHECK(speed->op == ClockCommand::Op::set_speed);
  CHECK(speed->speed == 10);
  CHECK(h.last_sent<ClockCommand>()->op == ClockCommand::Op::pause);
}

TEST_CASE("panels: nothing received yet draws without data and says it is connecting",
          "[dashboard]") {
  PanelHarness h;
  h.client.serve(std::make_shared<const Snapshot>());
  h.frame();
  h.frame();
  CHECK(h.shows("topbar", "connection CONNECTING"));
  CHECK(h.shows("logs", "0 of 0 lines"));
}
