// DrillFeed: the in-process client's engine side, driven single-threaded on a real drill.
#include <catch2/catch.hpp>

#include <algorithm>

#include "dashboard/client/drill_feed.h"
#include "reporter/journal/memory_journal_sink.h"
#include "sim/engine/drill.h"

using namespace firedrill;
using namespace firedrill::dash;

namespace {

struct FedDrill {
  SnapshotBuilder builder;
  MemoryJournalSink journal;
  DrillFeed feed{builder, &journal};
  std::unique_ptr<Drill> drill;

  FedDrill() {
    DrillSpec spec;
    spec.stack.traffic.base_rps = 100;
    spec.length = SimTime::minutes(10);
    spec.alerts = standard_alert_rules();
    std::string error;
    drill = Drill::create(spec, &feed, &error);
    REQUIRE(drill);
    feed.attach(*drill);
  }
  std::shared_ptr<const Snapshot> run_to(SimTime t) {
    while (drill->now() < t) {
      drill->run_until(std::min(drill->now() + SimTime::seconds(1), t));
      feed.ingest(*drill);
    }
    feed.refresh(*drill);
    return builder.publish();
  }
  std::shared_ptr<const Snapshot> apply(Command c, RequestId id = 1) {
    feed.apply(*drill, id, c);
    feed.refresh(*drill);
    return builder.publish();
  }
  bool journalled(const std::string& kind) const {
    return std::any_of(journal.records().begin(), journal.records().end(),
                       [&](const JournalRecord& r) { return r.kind == kind; });
  }
};

}  // namespace

TEST_CASE("drill feed: hosts come load balancer first, metrics follow the drill's seconds",
          "[dashboard]") {
  FedDrill f;
  const auto s = f.run_to(SimTime::seconds(30));
  REQUIRE(s->hosts.size() == 6);  // lb, 4 web servers, db
  CHECK(s->hosts.front().name == "lb");
  CHECK(s->host("web-3") != nullptr);
  CHECK(s->host("web-3")->health == Health::ok);
  CHECK(s->metrics.end_second() == f.drill->stack().metrics().end_second());
  CHECK(s->metrics.find("lb", "requests"));
  CHECK(s->session.now == SimTime::seconds(30));
  CHECK(s->session.clock_text.size() >= 8);
  CHECK_FALSE(s->actions.empty());
  CHECK(s->timeline.size() >= 1);
  CHECK(s->timeline[0].kind == "run.header");
}

TEST_CASE("drill feed: every log line the drill writes reaches the snapshot", "[dashboard]") {
  FedDrill f;
  const auto s = f.run_to(SimTime::minutes(2));
  CHECK(s->logs.size() > 0);
  CHECK(s->logs.back().seq == f.drill->logs().store().last_seq());
  CHECK(s->log_lines_dropped == 0);
}

TEST_CASE("drill feed: an action is carried out, replied to and journalled as the trainee's",
          "[dashboard]") {
  FedDrill f;
  f.run_to(SimTime::seconds(20));
  const auto s = f.apply(ActionCommand{"restart_service", "web-2", {}}, 42);
  const CommandReply* r = s->reply(42);
  REQUIRE(r != nullptr);
  CHECK(r->ok);
  CHECK(r->what == "restart_service web-2");
  CHECK(f.journalled("trainee.action"));
  CHECK(s->host("web-2")->process != "running");
  CHECK(s->host("web-2")->health == Health::down);
}

TEST_CASE("drill feed: refused commands come back as replies that say why", "[dashboard]") {
  FedDrill f;
  f.run_to(SimTime::seconds(5));
  auto s = f.apply(AckCommand{"NoSuchAlert", "lb"}, 1);
  CHECK_FALSE(s->reply(1)->ok);
  s = f.apply(NoteCommand{"", false}, 2);
  CHECK_FALSE(s->reply(2)->ok);
  CHECK(s->reply(2)->message == "the note is empty");
  s = f.apply(ActionCommand{"teleport", "web-1", {}}, 3);
  CHECK_FALSE(s->reply(3)->ok);
  CHECK(s->reply(3)->message.find("valid actions") != std::string::npos);
  CHECK_FALSE(f.journalled("trainee.ack"));
  CHECK_FALSE(f.journalled("trainee.note"));
}

TEST_CASE("drill feed: a console line is answered, listed and journalled", "[dashboard]") {
  FedDrill f;
  f.run_to(SimTime::seconds(5));
  const auto s = f.apply(ConsoleCommand{"web-1", "hostname"}, 9);
  REQUIRE(s->console.size() == 1);
  CHECK(s->console[0].id == 9);
  CHECK(s->console[0].host == "web-1");
  CHECK(s->console[0].output.find("web-1") != std::string::npos);
  CHECK(s->console[0].exit_code == 0);
  CHECK(f.journalled("trainee.command"));
}

TEST_CASE("drill feed: notes, escalations, status updates and declarations are journalled",
          "[dashboard]") {
  FedDrill f;
  f.run_to(SimTime::seconds(5));
  f.apply(NoteCommand{"db pool looks exhausted", true}, 1);
  f.apply(EscalateCommand{"database", "please look at the pool"}, 2);
  f.apply(StatusCommand{"customers", "we are investigating errors"}, 3);
  const auto s = f.apply(DeclareCommand{"mitigated"}, 4);
  for (RequestId id = 1; id <= 4; ++id) CHECK(s->reply(id)->ok);
  CHECK(f.journalled("trainee.note"));
  CHECK(f.journalled("trainee.escalate"));
  CHECK(f.journalled("trainee.status"));
  CHECK(f.journalled("trainee.declare"));
  CHECK(s->timeline.back().kind == "trainee.declare");
}
