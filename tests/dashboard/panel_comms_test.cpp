// The Comms tab with the fake client: the "Ask for a hint" button and the runbook popup — which
// command each queues, and what the popup shows from the API's page or the alert's link alone.
#include "dashboard/client/snapshot_builder.h"
#include "panel_harness.h"

using namespace firedrill;
using namespace firedrill::dash;
using firedrill::dash::testing::PanelHarness;

namespace {

std::shared_ptr<Snapshot> canned_copy() {
  return std::make_shared<Snapshot>(*canned_snapshot());
}

}  // namespace

TEST_CASE("comms: Ask for a hint queues one hint request, and its answer is shown",
          "[dashboard][comms]") {
  PanelHarness h;
  auto quiet = canned_copy();
  quiet->replies.clear();  // the canned reply has the id the fake client gives first
  h.client.serve(quiet);
  h.play("click tab/comms\nwait 1");
  CHECK(h.client.sent().empty());  // opening the tab asks nothing
  h.play("click comms/hint\nwait 1");
  REQUIRE(h.client.sent().size() == 1);
  const auto* hint = h.last_sent<HintCommand>();
  REQUIRE(hint != nullptr);
  CHECK(hint->topic.empty());
  const RequestId id = h.client.sent().back().first;
  CHECK_FALSE(h.shows("comms", "reply SENT"));  // no answer yet

  auto answered = std::make_shared<Snapshot>(*quiet);
  answered->replies.push_back(
      {id, "ask for a hint", true, "asked the coach", SimTime::minutes(30)});
  answered->version += 1;
  h.client.serve(answered);
  h.frame();
  CHECK(h.shows("comms", "reply SENT asked the coach"));
}

TEST_CASE("comms: a runbook with a page opens in a popup and records that it was read",
          "[dashboard][comms]") {
  PanelHarness h;
  auto s = canned_copy();
  s->runbooks = std::make_shared<const std::vector<RunbookInfo>>(std::vector<RunbookInfo>{
      {"HighErrorRate", "runbooks/high-error-rate", "High error rate at the load balancer",
       "1. Which status codes? tail the LB's error log."},
      {"BackendDown", "", "A backend fails its checks", "Look at the host's service."}});
  h.client.serve(s);
  h.play("click tab/comms\nwait 1\nexpect HighErrorRate: High error rate at the load balancer");
  CHECK(h.shows("runbooks", "BackendDown: A backend fails its checks"));
  CHECK_FALSE(h.shows("runbook", "tail the LB's error log"));  // not open yet

  h.play("click comms/runbook_open\nwait 2");
  const auto* open = h.last_sent<RunbookOpenCommand>();
  REQUIRE(open != nullptr);
  CHECK(open->runbook == "runbooks/high-error-rate");
  CHECK(open->alert == "HighErrorRate");
  CHECK(h.shows("runbook", "HighErrorRate runbooks/high-error-rate 1. Which status codes?"));
  CHECK(h.client.sent().size() == 1);
}

TEST_CASE("comms: a runbook without a page is named by its title, and the popup says so",
          "[dashboard][comms]") {
  PanelHarness h;
  auto s = canned_copy();
  s->runbooks = std::make_shared<const std::vector<RunbookInfo>>(
      std::vector<RunbookInfo>{{"BackendDown", "", "A backend fails its checks", ""}});
  h.client.serve(s);
  h.play("click tab/comms\nwait 1\nclick comms/runbook_open\nwait 2");
  const auto* open = h.last_sent<RunbookOpenCommand>();
  REQUIRE(open != nullptr);
  CHECK(open->runbook == "A backend fails its checks");  // no link: the title is what was read
  CHECK(open->alert == "BackendDown");
}

TEST_CASE("comms: with no API behind the client the alerts' links are the runbooks",
          "[dashboard][comms]") {
  PanelHarness h;  // the canned snapshot has no runbook list
  h.play("click tab/comms\nwait 1\nexpect HighErrorRate: runbooks/high-error-rate");
  h.play("click comms/runbook_open\nwait 2");
  const auto* open = h.last_sent<RunbookOpenCommand>();
  REQUIRE(open != nullptr);
  CHECK(open->runbook == "runbooks/high-error-rate");
  CHECK(h.shows("runbook", "HighErrorRate runbooks/high-error-rate (no page: follow the link)"));
}

TEST_CASE("comms: after a rewind to a new branch the old conversation is gone",
          "[dashboard][comms][branch]") {
  SnapshotBuilder b;
  b.session() = canned_snapshot()->session;
  b.connection().state = ConnectionState::live;
  b.add_timeline({7, SimTime::minutes(12), "scenario", "stakeholder.message", "lena",
                  "Lena: what is the customer impact?"});
  PanelHarness h;
  h.client.serve(b.publish());
  h.play("click tab/comms\nwait 1");
  CHECK(h.shows("comms", "STAKEHOLDER Lena: what is the customer impact?"));

  b.clear_history();  // as HttpClient does when the branch changes
  b.session().branch = 2;
  b.session().now = SimTime::minutes(10);
  h.client.serve(b.publish());
  h.frame();
  CHECK_FALSE(h.shows("comms", "Lena: what is the customer impact?"));
  CHECK(h.shows("comms", "no messages yet"));

  // What the new branch says comes in as before.
  b.add_timeline({7, SimTime::minutes(11), "scenario", "stakeholder.message", "lena",
                  "Lena: any news?"});
  h.client.serve(b.publish());
  h.frame();
  CHECK(h.shows("comms", "STAKEHOLDER Lena: any news?"));
}
