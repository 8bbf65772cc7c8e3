// The workshop panels with a fake workshop client in a headless ImGui context: the
// instructor's table and what their clicks queue (clock at once; inject, reveal and the
// review round only once confirmed), and a trainee's review view (the rubric's checkboxes
// and comments become the saved review). Clicks go through ImGui's input (ScriptPlayer).
#include "dashboard/client/fake_workshop_client.h"
#include "workshop_harness.h"

using namespace firedrill;
using namespace firedrill::dash;
using firedrill::dash::testing::PanelHarness;
using firedrill::dash::testing::WorkshopPanelHarness;

namespace {

TraineeProgress row(const std::string& name, bool paused, bool detected) {
  TraineeProgress p;
  p.name = name;
  p.t = SimTime::seconds(754);
  p.paused = paused;
  p.speed = 10;
  p.detected = detected;
  p.escalated = detected;
  p.error_rate_now = detected ? 0.62 : 0.0;
  p.requests_total = 171234;
  p.requests_failed = detected ? 61210 : 0;
  p.time_to_detect_s = detected ? std::optional<int64_t>(150) : std::nullopt;
  return p;
}

WorkshopSnapshot instructor_snapshot() {
  WorkshopSnapshot w;
  w.role = WorkshopRole::instructor;
  w.scenario_id = "nginx-open-files";
  w.scenario_title = "502s at the morning peak";
  w.trainees = {"alice", "bob"};
  w.max_trainees = 16;
  w.scenario_faults = {"nofile-64", "nightly-rollup"};
  w.progress = {row("alice", false, true), row("bob", true, false)};
  w.connection = ConnectionState::live;
  w.connection_detail = "http://127.0.0.1:8470";
  return w;
}

WorkshopSnapshot trainee_snapshot() {
  WorkshopSnapshot w;
  w.role = WorkshopRole::trainee;
  w.name = "alice";
  w.review_open = true;
  w.connection = ConnectionState::live;
  PeerReviewInfo r;
  r.author = "bob";
  r.reviewer = "alice";
  r.draft = "# Postmortem\n\n## Issue Summary\n\nnginx ran out of descriptors.\n";
  r.rubric = {{"section-missing", "four sections", true, true, ""},
              {"root-cause-missing", "the cause is named", false, false, "line 3: no cause"}};
  r.met = 1;
  r.items = 2;
  w.my_review = r;
  PeerReviewInfo f = r;
  f.author = "alice";
  f.reviewer = "carol";
  f.comments = "Say when you detected it.";
  f.submitted = true;
  w.feedback = f;
  return w;
}

// PanelHarness with a workshop: the same frame, with the workshop view passed in.
struct WorkshopHarness : WorkshopPanelHarness {
  FakeWorkshopClient workshop;

  explicit WorkshopHarness(WorkshopSnapshot w) : workshop(std::move(w)) {
    view.client = &workshop;
    wframe();
    wframe();
  }

  template <class T>
  const T* last_sent() const {
    return workshop.sent().empty() ? nullptr : std::get_if<T>(&workshop.sent().back().second);
  }
};

}  // namespace

TEST_CASE("instructor panel: an instructor's token shows every trainee, not a drill",
          "[dashboard][workshop]") {
  WorkshopHarness h(instructor_snapshot());
  CHECK(h.shows("windows", "Instructor"));
  CHECK_FALSE(h.shows("windows", "Topology"));  // the instructor has no drill of their own
  CHECK(h.shows("instructor", "scenario 502s at the morning peak"));
  CHECK(h.shows("instructor", "2 of 16 trainees"));
  CHECK(h.shows("instructor", "NOT REVEALED"));
  CHECK(h.shows("instructor",
                "row alice T+12:34 RUNNING 10x detected YES escalated YES mitigated no "
                "resolved no error 62.0%"));
  CHECK(h.shows("instructor", "row bob T+12:34 PAUSED detected no"));
  CHECK(h.shows("instructor", "target all trainees"));
  CHECK(h.workshop.sent().empty());  // looking sends nothing
}

TEST_CASE("instructor panel: pause goes at once to the selected trainee, or to all",
          "[dashboard][workshop]") {
  WorkshopHarness h(instructor_snapshot());
  h.wplay("click instructor/row/bob\nwait 1\nexpect target bob\nclick instructor/pause\nwait 1");
  const auto* c = h.last_sent<WorkshopClockCommand>();
  REQUIRE(c);
  CHECK(c->trainee == "bob");
  CHECK(c->op == WorkshopClockCommand::Op::pause);

  h.wplay("click instructor/row/*\nwait 1\nclick instructor/speed/10\nwait 1");
  c = h.last_sent<WorkshopClockCommand>();
  REQUIRE(c);
  CHECK(c->trainee.empty());
  CHECK(c->op == WorkshopClockCommand::Op::set_speed);
  CHECK(c->speed == 10);
}

TEST_CASE("instructor panel: a scenario fault is injected only once confirmed",
          "[dashboard][workshop]") {
  WorkshopHarness h(instructor_snapshot());
  h.wplay(
      "click instructor/row/alice\nclick instructor/fault/nofile-64\nwait 1\n"
      "click instructor/inject\nwait_for instructor/confirm 10\n"
      "expect confirm inject nofile-64 into alice");
  CHECK(h.workshop.sent().empty());
  h.wplay("click instructor/confirm\nwait 2");
  REQUIRE(h.workshop.sent().size() == 1);
  const auto* i = h.last_sent<InjectCommand>();
  REQUIRE(i);
  CHECK(i->trainee == "alice");
  CHECK(i->fault == "nofile-64");
  CHECK(i->kind.empty());
  CHECK_FALSE(h.dump.find_item("instructor/confirm"));  // the popup closed

  // Cancelled: nothing more is sent.
  h.wplay(
      "click instructor/inject\nwait_for instructor/cancel 10\nclick instructor/cancel\nwait 2");
  CHECK(h.workshop.sent().size() == 1);
}

TEST_CASE("instructor panel: a library fault takes its kind, targets and typed params",
          "[dashboard][workshop]") {
  WorkshopHarness h(instructor_snapshot());
  h.wplay(
      "click instructor/source/library\nwait 1\nclick instructor/kind\n"
      "wait_for instructor/kind/latency 10\nclick instructor/kind/latency\nwait 1\n"
      "click instructor/targets\ntype web-2\nclick instructor/params\ntype ms=250\n"
      "click instructor/inject\nwait_for instructor/confirm 10\nclick instructor/confirm\nwait 2");
  const auto* i = h.last_sent<InjectCommand>();
  REQUIRE(i);
  CHECK(i->trainee.empty());  // all trainees
  CHECK(i->kind == "latency");
  CHECK(i->targets == std::vector<std::string>{"web-2"});
  CHECK(i->params == std::map<std::string, std::string>{{"ms", "250"}});
}

TEST_CASE("instructor panel: reveal asks first, then shows what the server answered",
          "[dashboard][workshop]") {
  WorkshopHarness h(instructor_snapshot());
  h.wplay("click instructor/reveal\nwait_for instructor/confirm 10\nexpect confirm reveal");
  CHECK(h.workshop.sent().empty());
  h.wplay("click instructor/confirm\nwait 2");
  REQUIRE(h.workshop.sent().size() == 1);
  CHECK(std::holds_alternative<RevealCommand>(h.workshop.sent().back().second));
  CHECK(h.shows("instructor", "reply SENT"));

  WorkshopSnapshot w = instructor_snapshot();
  w.revealed = true;
  w.root_cause = "LimitNOFILE 64 from a test VM's group_vars";
  w.replies.push_back({h.workshop.sent().back().first, "reveal the root cause", true,
                       "root cause revealed to every trainee"});
  h.workshop.serve(w);
  h.wframe();
  CHECK(h.shows("instructor", "REVEALED"));
  CHECK(h.shows("instructor", "reply OK reveal the root cause"));
  CHECK(h.shows("instructor", "root cause LimitNOFILE 64"));
}

TEST_CASE("instructor panel: the export goes to the typed path and says where it went",
          "[dashboard][workshop]") {
  WorkshopHarness h(instructor_snapshot());
  h.wplay("click instructor/export\nwait 1");
  const auto* e = h.last_sent<ExportCommand>();
  REQUIRE(e);
  CHECK(e->path == "workshop.tar.gz");
  WorkshopSnapshot w = instructor_snapshot();
  w.replies.push_back({h.workshop.sent().back().first, "export to workshop.tar.gz", true,
                       "saved /tmp/x/workshop.tar.gz (4250 bytes)"});
  h.workshop.serve(w);
  h.wframe();
  CHECK(h.shows("instructor", "saved /tmp/x/workshop.tar.gz (4250 bytes)"));
}

TEST_CASE("review panel: a trainee ticks the rubric, comments and submits",
          "[dashboard][workshop]") {
  WorkshopHarness h(trainee_snapshot());
  CHECK(h.shows("windows", "Topology"));  // a trainee keeps their drill
  h.wplay(
      "click tab/review\nwait_for you review bob's draft 10\n"
      "expect feedback by carol 1 of 2 met SAVED\nclick review/open\n"
      "wait_for review/rubric/root-cause-missing 10\nexpect rubric 1 of 2 met\n"
      "click review/rubric/root-cause-missing\nwait 1\nexpect rubric 2 of 2 met\n"
      "click review/comments\ntype Clear timeline.\nclick review/submit\nwait 1");
  const auto* s = h.last_sent<SaveReviewCommand>();
  REQUIRE(s);
  CHECK(s->rubric ==
        std::map<std::string, bool>{{"root-cause-missing", true}, {"section-missing", true}});
  CHECK(s->comments == "Clear timeline.");
  CHECK(h.shows("windows", "Peer review"));
  CHECK_FALSE(h.shows("windows", "Metrics"));  // the review takes the drill panels' place

  h.wplay("click review/tab/feedback\nwait 1\nexpect feedback comments Say when");
  h.wplay("click review/back\nwait 1");
  CHECK(h.shows("windows", "Metrics"));
}

TEST_CASE("review panel: no Review tab before the round opens", "[dashboard][workshop]") {
  WorkshopSnapshot w = trainee_snapshot();
  w.review_open = false;
  WorkshopHarness h(w);
  CHECK_FALSE(h.dump.find_item("tab/review"));
  CHECK(h.dump.find_item("tab/debrief"));
}
