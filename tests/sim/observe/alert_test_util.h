// Helpers for alert tests: a MetricFeed that commits hand-set values once per simulated second
// (as WebStack does: second s is committed at s + 1), a listener that records transitions as
// one-line strings, and a rule builder that fails the test on a bad spec.
#pragma once

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "sim/core/simulation.h"
#include "sim/observe/alert_engine.h"
#include "sim/observe/metric_series.h"

namespace firedrill::testing {

class MetricFeed : public EventHandler {
 public:
  // `series` are (component, metric) pairs; every value starts at 0 and holds until set again.
  MetricFeed(Simulation& sim, const std::vector<std::pair<std::string, std::string>>& series)
      : sim_(sim), id_(sim.add_handler(this, "feed")), registry(3600) {
    for (const auto& [component, metric] : series) registry.add(component, metric, "");
    values_.assign(series.size(), 0.0);
  }

  void set(const std::string& component, const std::string& metric, double value) {
    const auto id = registry.find(component, metric);
    REQUIRE(id);
    values_[*id] = value;
  }
  void start() { sim_.schedule_in(SimTime::seconds(1), id_, 0); }
  void on_event(const Event&) override {
    for (size_t i = 0; i < values_.size(); ++i) registry.set(static_cast<SeriesId>(i), values_[i]);
    registry.commit_second(next_second_++);
    sim_.schedule_in(SimTime::seconds(1), id_, 0);
  }

 private:
  Simulation& sim_;
  uint32_t id_;
  int64_t next_second_ = 0;
  std::vector<double> values_;

 public:
  MetricsRegistry registry;
};

// "130s Slow lb pending->firing 900" (whole seconds, rule, component, states, rendered value).
inline std::string describe(const AlertTransition& t) {
  return fmt::format("{}s {} {} {}->{} {}", t.at.whole_seconds(), t.rule, t.component,
                     to_string(t.from), to_string(t.to), format_alert_value(t.value));
}

struct TransitionLog {
  std::vector<AlertTransition> all;
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    for (const AlertTransition& t : all) out.push_back(describe(t));
    return out;
  }
};

inline void record(AlertEngine& engine, TransitionLog& log) {
  engine.add_listener([&log](const AlertTransition& t) { log.all.push_back(t); });
}

inline AlertRule rule(const AlertRuleSpec& spec) {
  auto r = make_alert_rule(spec);
  if (!r) FAIL(r.error().formatted());
  return r.value();
}

inline AlertRule rule(std::string name, std::string expr, SimTime hold = {},
                      SimTime keep_firing_for = {}) {
  AlertRuleSpec spec;
  spec.name = std::move(name);
  spec.expr = std::move(expr);
  spec.hold = hold;
  spec.keep_firing_for = keep_firing_for;
  spec.summary = "{{ $labels.component }} at {{ $value }}";
  return rule(spec);
}

inline void add(AlertEngine& engine, const AlertRule& r) {
  const auto error = engine.add_rule(r);
  if (error) FAIL(error->formatted());
}

}  // namespace firedrill::testing
