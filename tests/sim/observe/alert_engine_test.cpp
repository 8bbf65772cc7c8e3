// The engine's lifecycle on hand-set metrics. The feed commits second s at s + 1; the engine
// evaluates every 10 s and, at the same instant, runs before the feed (it scheduled earlier),
// so the evaluation at T sees seconds up to T - 2. Values are set a few seconds before the
// evaluation that should notice them.
#include "sim/observe/alert_engine.h"

#include <catch2/catch.hpp>

#include "tests/sim/observe/alert_test_util.h"

namespace firedrill {
namespace {

using testing::add;
using testing::MetricFeed;
using testing::rule;
using testing::TransitionLog;
using Lines = std::vector<std::string>;

SimTime sec(int64_t s) {
  return SimTime::seconds(s);
}

// One simulation with a feed of lb.p99_ms and web-{1,2,3}.cpu, an engine, and its log.
struct Fixture {
  explicit Fixture(AlertEngineConfig cfg = {})
      : feed(sim, {{"lb", "p99_ms"}, {"web-1", "cpu"}, {"web-2", "cpu"}, {"web-3", "cpu"}}),
        engine(sim, feed.registry, cfg) {
    testing::record(engine, log);
    feed.start();
    engine.start();
  }
  // Runs every event up to and including time `s`, leaving the clock at `s`.
  void run_to(int64_t s) {
    sim.run_until(sec(s));
    while (sim.step(sec(s) + SimTime::micros(1))) {
    }
  }
  void set_at(int64_t s, const std::string& component, const std::string& metric, double v) {
    run_to(s);
    feed.set(component, metric, v);
  }

  Simulation sim{1};
  MetricFeed feed;
  AlertEngine engine;
  TransitionLog log;
};

TEST_CASE("alert engine: a rule with for=2m goes pending, then fires after two minutes of breach",
          "[alerts]") {
  Fixture f;
  add(f.engine, rule("Slow", "lb.p99_ms > 500", SimTime::minutes(2)));
  f.set_at(5, "lb", "p99_ms", 900);
  f.run_to(129);
  CHECK(f.log.lines() == Lines{"10s Slow lb inactive->pending 900"});
  const AlertInstance* a = f.engine.find("Slow", "lb");
  REQUIRE(a);
  CHECK(a->state == AlertState::pending);
  CHECK(a->active_since == sec(10));
  CHECK_FALSE(a->fired_at);

  f.run_to(130);
  CHECK(f.log.lines() ==
        Lines{"10s Slow lb inactive->pending 900", "130s Slow lb pending->firing 900"});
  CHECK(a->state == AlertState::firing);
  CHECK(a->fired_at == sec(130));
  CHECK(a->active_since == sec(10));
  CHECK(a->value == 900);
}

TEST_CASE("alert engine: a pending alert whose condition clears is dropped without a resolved",
          "[alerts]") {
  Fixture f;
  add(f.engine, rule("Slow", "lb.p99_ms > 500", SimTime::minutes(2)));
  f.set_at(5, "lb", "p99_ms", 900);
  f.set_at(65, "lb", "p99_ms", 100);
  f.run_to(1200);
  CHECK(f.log.lines() ==
        Lines{"10s Slow lb inactive->pending 900", "70s Slow lb pending->inactive 900"});
  CHECK(f.engine.alerts().empty());
}

TEST_CASE(
    "alert engine: a firing alert whose condition clears resolves, stays listed for 15 "
    "minutes, then is forgotten",
    "[alerts]") {
  Fixture f;
  add(f.engine, rule("Slow", "lb.p99_ms > 500", sec(30)));
  f.set_at(5, "lb", "p99_ms", 900);
  f.set_at(95, "lb", "p99_ms", 100);
  f.run_to(100);
  CHECK(f.log.lines() == Lines{"10s Slow lb inactive->pending 900",
                               "40s Slow lb pending->firing 900",
                               "100s Slow lb firing->resolved 900"});
  const AlertInstance* a = f.engine.find("Slow", "lb");
  REQUIRE(a);
  CHECK(a->state == AlertState::resolved);
  CHECK(a->fired_at == sec(40));
  CHECK(a->resolved_at == sec(100));

  f.run_to(1000);  // 900 s after resolving: still listed (Prometheus drops it only after that)
  CHECK(f.engine.alerts().size() == 1);
  f.run_to(1010);
  CHECK(f.engine.alerts().empty());
  CHECK(f.log.all.size() == 3);  // forgetting is not a transition
}

TEST_CASE("alert engine: a rule without for fires on the first evaluation that matches",
          "[alerts]") {
  Fixture f;
  add(f.engine, rule("Slow", "lb.p99_ms > 500"));
  f.set_at(5, "lb", "p99_ms", 900);
  f.set_at(15, "lb", "p99_ms", 100);
  f.run_to(20);
  CHECK(f.log.lines() ==
        Lines{"10s Slow lb inactive->firing 900", "20s Slow lb firing->resolved 900"});
}

TEST_CASE(
    "alert engine: keep_firing_for holds a firing alert through a short clear, then "
    "resolves",
    "[alerts]") {
  Fixture f;
  add(f.engine, rule("Slow", "lb.p99_ms > 500", {}, SimTime::minutes(1)));
  f.set_at(5, "lb", "p99_ms", 900);
  f.set_at(25, "lb", "p99_ms", 100);  // clear at the evaluations of 30 and 40...
  f.run_to(40);
  const AlertInstance* a = f.engine.find("Slow", "lb");
  REQUIRE(a);
  CHECK(a->state == AlertState::firing);
  CHECK(a->keep_firing_since == sec(30));
  f.set_at(45, "lb", "p99_ms", 950);  // ...back within the window: simply goes on firing
  f.run_to(50);
  CHECK(a->state == AlertState::firing);
  CHECK_FALSE(a->keep_firing_since);
  CHECK(a->value == 950);
  f.set_at(65, "lb", "p99_ms", 100);  // clear from the evaluation at 70 on
  f.run_to(120);
  CHECK(a->state == AlertState::firing);
  CHECK(a->keep_firing_since == sec(70));
  f.run_to(130);
  CHECK(f.log.lines() ==
        Lines{"10s Slow lb inactive->firing 900", "130s Slow lb firing->resolved 950"});
  CHECK(a->resolved_at == sec(130));
}

TEST_CASE("alert engine: a resolved alert that matches again starts over at pending", "[alerts]") {
  Fixture f;
  add(f.engine, rule("Slow", "lb.p99_ms > 500", sec(30)));
  f.set_at(5, "lb", "p99_ms", 900);
  f.set_at(45, "lb", "p99_ms", 800);
  REQUIRE(f.engine.acknowledge("Slow", "lb", "alice"));
  f.set_at(55, "lb", "p99_ms", 100);
  f.set_at(75, "lb", "p99_ms", 700);
  f.run_to(110);
  CHECK(f.log.lines() ==
        Lines{"10s Slow lb inactive->pending 900", "40s Slow lb pending->firing 900",
              "60s Slow lb firing->resolved 800", "80s Slow lb resolved->pending 700",
              "110s Slow lb pending->firing 700"});
  const AlertInstance* a = f.engine.find("Slow", "lb");
  REQUIRE(a);
  CHECK(a->active_since == sec(80));
  CHECK(a->fired_at == sec(110));
  CHECK_FALSE(a->resolved_at);
  CHECK_FALSE(a->ack);  // a new incarnation needs a new acknowledgement
}

TEST_CASE(
    "alert engine: a glob rule keeps one instance per component, listed by rule then "
    "component",
    "[alerts]") {
  Fixture f;
  add(f.engine, rule("CpuHigh", "web-*.cpu > 0.9", sec(20)));
  add(f.engine, rule("AnyCpu", "*.cpu > 0.5"));
  f.set_at(5, "web-3", "cpu", 0.99);
  f.set_at(15, "web-2", "cpu", 0.95);
  f.run_to(20);
  CHECK(f.log.lines() == Lines{"10s AnyCpu web-3 inactive->firing 0.99",
                               "10s CpuHigh web-3 inactive->pending 0.99",
                               "20s AnyCpu web-2 inactive->firing 0.95",
                               "20s CpuHigh web-2 inactive->pending 0.95"});
  // At one evaluation web-1 appears (matched pass) and web-3 is dropped (unmatched pass):
  // listeners still hear them in component order.
  f.feed.set("web-1", "cpu", 0.97);
  f.feed.set("web-3", "cpu", 0.2);
  f.run_to(30);
  const Lines lines = f.log.lines();
  const Lines at_30(lines.begin() + 4, lines.end());
  CHECK(at_30 == Lines{"30s AnyCpu web-1 inactive->firing 0.97",
                       "30s AnyCpu web-3 firing->resolved 0.99",
                       "30s CpuHigh web-1 inactive->pending 0.97",
                       "30s CpuHigh web-3 pending->inactive 0.99"});
  f.run_to(50);
  Lines listed;
  for (const AlertInstance& a : f.engine.alerts())
    listed.push_back(a.rule + " " + a.component + " " + to_string(a.state));
  CHECK(listed == Lines{"AnyCpu web-1 firing", "AnyCpu web-2 firing", "AnyCpu web-3 resolved",
                        "CpuHigh web-1 firing", "CpuHigh web-2 firing"});
}

TEST_CASE("alert engine: transitions carry the rendered summary, severity, runbook and labels",
          "[alerts]") {
  Fixture f;
  AlertRuleSpec spec;
  spec.name = "WebCpu";
  spec.expr = "web-*.cpu > 0.9";
  spec.severity = AlertSeverity::page;
  spec.summary = "{{ $labels.component }} CPU at {{ $value }}";
  spec.description = "{{ $labels.team }} owns {{ $labels.component }}";
  spec.runbook_url = "https://runbooks.example/web-cpu";
  spec.labels = {{"team", "web"}};
  add(f.engine, testing::rule(spec));
  f.set_at(5, "web-2", "cpu", 0.9512345);
  f.run_to(10);
  REQUIRE(f.log.all.size() == 1);
  const AlertTransition& t = f.log.all[0];
  CHECK(t.at == sec(10));
  CHECK(t.rule == "WebCpu");
  CHECK(t.component == "web-2");
  CHECK(t.from == AlertState::inactive);
  CHECK(t.to == AlertState::firing);
  CHECK(t.value == Approx(0.9512345));
  CHECK(t.summary == "web-2 CPU at 0.951");
  CHECK(t.description == "web owns web-2");
  CHECK(t.severity == AlertSeverity::page);
  CHECK(t.runbook_url == "https://runbooks.example/web-cpu");
  CHECK(t.labels == std::map<std::string, std::string>{{"alertname", "WebCpu"},
                                                       {"component", "web-2"},
                                                       {"severity", "page"},
                                                       {"team", "web"}});
  // The list re-renders with the latest value at each evaluation.
  f.set_at(15, "web-2", "cpu", 0.97);
  f.run_to(20);
  CHECK(f.engine.find("WebCpu", "web-2")->summary == "web-2 CPU at 0.97");
}

TEST_CASE("alert engine: acknowledge records who and when but does not silence state changes",
          "[alerts]") {
  Fixture f;
  add(f.engine, rule("Slow", "lb.p99_ms > 500", sec(30)));
  CHECK_FALSE(f.engine.acknowledge("Slow", "lb", "bob"));  // nothing to acknowledge yet
  f.set_at(5, "lb", "p99_ms", 900);
  f.run_to(15);
  REQUIRE(f.engine.acknowledge("Slow", "lb", "alice"));
  CHECK_FALSE(f.engine.acknowledge("Slow", "web-1", "alice"));
  CHECK_FALSE(f.engine.acknowledge("Nope", "lb", "alice"));
  f.run_to(40);
  const AlertInstance* a = f.engine.find("Slow", "lb");
  REQUIRE(a);
  CHECK(a->state == AlertState::firing);
  REQUIRE(a->ack);
  CHECK(a->ack->by == "alice");
  CHECK(a->ack->at == sec(15));
  CHECK(f.log.lines().back() == "40s Slow lb pending->firing 900");
}

TEST_CASE("alert engine: listeners run after the whole evaluation and see the updated list",
          "[alerts]") {
  Fixture f;
  add(f.engine, rule("CpuHigh", "web-*.cpu > 0.9"));
  int heard = 0;
  f.engine.add_listener([&](const AlertTransition& t) {
    ++heard;
    CHECK(f.engine.alerts().size() == 2);  // both instances exist before either is announced
    const AlertInstance* a = f.engine.find(t.rule, t.component);
    REQUIRE(a);
    CHECK(a->state == t.to);
    CHECK(f.engine.acknowledge(t.rule, t.component, "pager-bot"));
  });
  f.feed.set("web-1", "cpu", 0.95);
  f.feed.set("web-2", "cpu", 0.95);
  f.run_to(10);
  CHECK(heard == 2);
  CHECK(f.engine.find("CpuHigh", "web-2")->ack->by == "pager-bot");
}

TEST_CASE("alert engine: add_rule refuses a duplicate name and a selector with no series",
          "[alerts]") {
  Fixture f;
  add(f.engine, rule("Slow", "lb.p99_ms > 500"));
  const auto duplicate = f.engine.add_rule(rule("Slow", "lb.p99_ms > 900"));
  REQUIRE(duplicate);
  CHECK(duplicate->formatted() == "rule 'Slow': a rule with this name exists");
  const auto missing = f.engine.add_rule(rule("Typo", "lb.p99_ms > 1 and lb.p99 > 500"));
  REQUIRE(missing);
  CHECK(missing->formatted() ==
        "rule 'Typo': expr: column 19: 'lb' has no metric 'p99' (it has: p99_ms)");
  CHECK(f.engine.rule_count() == 1);
  REQUIRE(f.engine.rule("Slow"));
  CHECK(f.engine.rule("Slow")->expr.source() == "lb.p99_ms > 500");
  CHECK_FALSE(f.engine.rule("Typo"));
}

TEST_CASE("alert engine: the evaluation interval and the resolved retention are configurable",
          "[alerts]") {
  AlertEngineConfig cfg;
  cfg.interval = sec(30);
  cfg.resolved_retention = SimTime::minutes(1);
  Fixture f(cfg);
  add(f.engine, rule("Slow", "lb.p99_ms > 500"));
  f.set_at(5, "lb", "p99_ms", 900);
  f.set_at(35, "lb", "p99_ms", 100);
  f.run_to(120);
  CHECK(f.log.lines() ==
        Lines{"30s Slow lb inactive->firing 900", "60s Slow lb firing->resolved 900"});
  CHECK(f.engine.alerts().size() == 1);  // resolved 60 s ago: not yet more than the retention
  f.run_to(150);
  CHECK(f.engine.alerts().empty());
}

}  // namespace
}  // namespace firedrill
