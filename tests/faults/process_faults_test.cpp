// crash, hang and memory_leak: what a dying or stuck process looks like from the outside.
#include "fault_test_util.h"

using namespace firedrill;
using testing::inject;
using testing::mean;
using testing::run_to;
using testing::sum;

TEST_CASE(
    "faults: a crashed web process resets its requests (502), is marked down, and comes "
    "back after systemd restarts it",
    "[faults][process]") {
  StackConfig c = testing::small_stack();
  c.db.query_ms = 30;  // requests inside when it dies
  testing::StackFixture fx(c);
  auto& [sim, rec, stack] = fx;
  run_to(sim, 10);
  auto f = inject(stack, "crash", {"web-1"}, {});
  CHECK(stack.web(0).host().state() == ProcessState::kStopped);
  CHECK(rec.answered(Outcome::kBadGateway, FailureReason::kConnectionReset) > 0);
  run_to(sim, 40);
  REQUIRE(rec.process.size() == 3);
  CHECK(rec.process[0] == std::pair<std::string, ProcessChange>{"web-1", ProcessChange::kCrashed});
  CHECK(rec.process[1].second == ProcessChange::kStarting);
  CHECK(rec.process[2].second == ProcessChange::kRunning);
  REQUIRE(rec.health.size() == 2);  // 5 s restart + 3 s start: longer than 3 failed checks
  CHECK(rec.health[0] == std::pair<std::string, bool>{"web-1", false});
  CHECK(rec.health[1] == std::pair<std::string, bool>{"web-1", true});
  CHECK(stack.web(0).host().restarts() == 1);
}

TEST_CASE_METHOD(
    testing::StackFixture,
    "faults: a crash with restart=false leaves the process down until someone starts it",
    "[faults][process]") {
  auto f = inject(stack, "crash", {"db"}, {{"restart", false}});
  run_to(sim, 60);
  CHECK(stack.db().host().state() == ProcessState::kStopped);
  CHECK(testing::last(stack, "db", "up") == 0);
  CHECK(sum(stack, "lb", "status_500", 10, 58) > 0);
  f->clear(stack);  // clearing the cause does not raise the dead
  run_to(sim, 70);
  CHECK(stack.db().host().state() == ProcessState::kStopped);
  stack.db().host().start();
  run_to(sim, 80);
  CHECK(stack.db().host().serving());
}

TEST_CASE_METHOD(
    testing::StackFixture,
    "faults: a crash with reason=stopped is an operator's stop: no crash, no restart, down "
    "until someone starts it",
    "[faults][process]") {
  run_to(sim, 10);
  auto f = inject(stack, "crash", {"web-2"}, {{"reason", std::string("stopped")}});
  run_to(sim, 60);
  REQUIRE(rec.process.size() == 1);
  CHECK(rec.process[0] == std::pair<std::string, ProcessChange>{"web-2", ProcessChange::kStopped});
  CHECK(stack.web(1).host().state() == ProcessState::kStopped);
  CHECK(stack.web(1).host().restarts() == 0);
  REQUIRE(!rec.health.empty());
  CHECK(rec.health.back() == std::pair<std::string, bool>{"web-2", false});
  stack.web(1).host().start();
  run_to(sim, 80);
  CHECK(stack.web(1).host().serving());
  f->clear(stack);
}

TEST_CASE_METHOD(testing::StackFixture,
                 "faults: a crash with `every` repeats until cleared, faster at higher intensity",
                 "[faults][process]") {
  auto f = inject(stack, "crash", {"web-2"},
                  {{"every", std::string("1m")}, {"reason", std::string("oom_killed")}});
  run_to(sim, 185);
  CHECK(stack.web(1).host().restarts() == 4);  // at 0, 60, 120, 180 s
  f->set_intensity(0.5);                       // every two minutes from the next one
  run_to(sim, 400);
  CHECK(stack.web(1).host().restarts() == 6);  // 240, 360
  f->clear(stack);
  run_to(sim, 800);
  CHECK(stack.web(1).host().restarts() == 6);
}

TEST_CASE(
    "faults: a hung web server fills its backlog, fails health checks and times clients "
    "out; a restart ends it",
    "[faults][process]") {
  StackConfig c = testing::small_stack();
  c.client.timeout = SimTime::seconds(5);
  testing::StackFixture fx(c);
  auto& [sim, rec, stack] = fx;
  run_to(sim, 5);
  auto f = inject(stack, "hang", {"web-1"}, {});
  run_to(sim, 30);
  CHECK(stack.web(0).host().state() == ProcessState::kHung);
  CHECK(stack.web(0).backlog() > 0);
  CHECK(sum(stack, "users", "timeouts") > 0);
  REQUIRE_FALSE(rec.health.empty());
  CHECK(rec.health[0] == std::pair<std::string, bool>{"web-1", false});
  stack.web(0).host().restart();  // the trainee's fix
  run_to(sim, 50);
  CHECK(stack.web(0).host().state() == ProcessState::kRunning);
  CHECK(stack.lb().backends()[0].healthy);
  f->clear(stack);  // spent: nothing to undo
  CHECK(stack.web(0).host().state() == ProcessState::kRunning);
}

TEST_CASE("faults: clearing a hang unhangs the process and the stalled requests finish",
          "[faults][process]") {
  StackConfig c = testing::small_stack();
  c.lb.health_interval = SimTime{};
  testing::StackFixture fx(c);
  auto& [sim, rec, stack] = fx;
  auto f = inject(stack, "hang", {"web-2"}, {});
  run_to(sim, 10);
  CHECK(stack.web(1).backlog() > 0);
  f->clear(stack);
  CHECK(stack.web(1).host().state() == ProcessState::kRunning);
  run_to(sim, 12);
  CHECK(stack.web(1).backlog() == 0);
}

TEST_CASE_METHOD(
    testing::StackFixture,
    "faults: a memory leak ends in an OOM kill, a restart gap and a health-check flap, "
    "again and again",
    "[faults][process]") {
  Host& h = stack.web(0).host();
  // 8192 MB host, 2200 MB footprint: the leak fills the rest in a minute.
  auto f = inject(stack, "memory_leak", {"web-1"}, {{"mb_per_min", 5992.0}});
  run_to(sim, 59);
  CHECK(h.memory_used_mb() > 8000);
  CHECK(rec.process.empty());
  run_to(sim, 80);
  REQUIRE(rec.process.size() == 3);
  CHECK(rec.process[0] ==
        std::pair<std::string, ProcessChange>{"web-1", ProcessChange::kOomKilled});
  CHECK(rec.process[2].second == ProcessChange::kRunning);
  REQUIRE(rec.health.size() == 2);
  CHECK(rec.health[0] == std::pair<std::string, bool>{"web-1", false});
  CHECK(rec.health[1] == std::pair<std::string, bool>{"web-1", true});
  CHECK(sum(stack, "lb", "status_502") > 0);
  CHECK(testing::last(stack, "web-1", "memory_used_ratio") < 0.5);
  run_to(sim, 150);
  CHECK(h.restarts() == 2);  // the leak is in the code: it happens again
  f->clear(stack);
  CHECK(h.memory_leak_rate() == 0);
  run_to(sim, 400);
  CHECK(h.restarts() == 2);
}
