// Alerts on a real WebStack: a slowed database drives the load balancer's p99 up, and an
// average-latency page goes pending, fires, and resolves once the database is healthy again.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "sim/observe/alert_engine.h"
#include "tests/sim/observe/alert_test_util.h"
#include "tests/sim/stack/stack_test_util.h"

namespace firedrill {
namespace {

using testing::TransitionLog;

struct Drill {
  TransitionLog log;
  double p99_slowed = 0;  // lb.p99_ms just before the database is restored
};

// Healthy for 3 minutes, the database 50x slower for 7, then healthy again until minute 20.
Drill run_drill(uint64_t seed) {
  Simulation sim(seed);
  WebStack stack(sim, testing::small_stack());
  AlertEngine engine(sim, stack.metrics());
  AlertRuleSpec latency;
  latency.name = "LbLatencyHigh";
  latency.expr = "avg_over(1m, lb.p99_ms) > 500";
  latency.hold = SimTime::minutes(1);
  latency.severity = AlertSeverity::page;
  latency.summary = "{{ $labels.component }} p99 averages {{ $value }} ms over 1m";
  latency.runbook_url = "https://runbooks.example/lb-latency";
  testing::add(engine, testing::rule(latency));
  testing::add(
      engine, testing::rule("WorkersBusy", "web-*.worker_utilization > 0.9", SimTime::seconds(30)));

  Drill drill;
  testing::record(engine, drill.log);
  stack.start();
  engine.start();
  sim.run_until(SimTime::minutes(3));
  stack.db().set_query_time_factor(50);
  sim.run_until(SimTime::minutes(10));
  drill.p99_slowed = testing::last(stack, "lb", "p99_ms");
  stack.db().set_query_time_factor(1);
  sim.run_until(SimTime::minutes(20));
  return drill;
}

std::vector<const AlertTransition*> of_rule(const TransitionLog& log, std::string_view rule) {
  std::vector<const AlertTransition*> out;
  for (const AlertTransition& t : log.all)
    if (t.rule == rule) out.push_back(&t);
  return out;
}

TEST_CASE(
    "alert engine on a web stack: a slowed database pages on p99 latency, which resolves "
    "after the database recovers",
    "[alerts][slow]") {
  const Drill drill = run_drill(42);
  INFO(fmt::format("{}", fmt::join(drill.log.lines(), "\n")));
  CHECK(drill.p99_slowed > 500);

  const auto latency = of_rule(drill.log, "LbLatencyHigh");
  REQUIRE(latency.size() == 3);
  const AlertTransition& pending = *latency[0];
  const AlertTransition& firing = *latency[1];
  const AlertTransition& resolved = *latency[2];
  CHECK(pending.from == AlertState::inactive);
  CHECK(pending.to == AlertState::pending);
  CHECK(firing.to == AlertState::firing);
  CHECK(resolved.from == AlertState::firing);
  CHECK(resolved.to == AlertState::resolved);

  // Nothing before the fault; the 1m average crosses 500 ms within two minutes of it.
  CHECK(pending.at > SimTime::minutes(3));
  CHECK(pending.at <= SimTime::minutes(5));
  CHECK(firing.at - pending.at == SimTime::minutes(1));
  CHECK(firing.value > 500);
  CHECK(resolved.at > SimTime::minutes(10));
  CHECK(resolved.at <= SimTime::minutes(14));
  CHECK(firing.component == "lb");
  CHECK(firing.severity == AlertSeverity::page);
  CHECK(firing.summary == "lb p99 averages " + format_alert_value(firing.value) + " ms over 1m");
  CHECK(firing.runbook_url == "https://runbooks.example/lb-latency");
  for (const AlertTransition& t : drill.log.all)  // evaluations every 10 s
    CHECK(t.at.us() % SimTime::seconds(10).us() == 0);

  // The glob rule has one instance per web server, each firing while the DB is slow and
  // resolved by the end.
  std::set<std::string> fired, resolved_webs;
  for (const AlertTransition* t : of_rule(drill.log, "WorkersBusy")) {
    CHECK(t->at > SimTime::minutes(3));
    if (t->to == AlertState::firing) fired.insert(t->component);
    if (t->to == AlertState::resolved) resolved_webs.insert(t->component);
  }
  CHECK(fired == std::set<std::string>{"web-1", "web-2"});
  CHECK(resolved_webs == fired);
}

TEST_CASE("alert engine on a web stack: the same seed gives the same transitions, to the text",
          "[alerts][slow]") {
  const Drill a = run_drill(7);
  const Drill b = run_drill(7);
  CHECK(a.log.lines() == b.log.lines());
  REQUIRE(a.log.all.size() == b.log.all.size());
  for (size_t i = 0; i < a.log.all.size(); ++i) CHECK(a.log.all[i].summary == b.log.all[i].summary);
}

}  // namespace
}  // namespace firedrill
