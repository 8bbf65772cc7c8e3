// AlertEngine: evaluates every AlertRule against a MetricsRegistry each `interval` of simulated
// time and runs each instance through the Prometheus lifecycle (pending -> firing -> resolved,
// with `for` and keep_firing_for), telling listeners about every state change. An EventHandler
// of one Simulation and single-threaded like it; the simulation and the registry must outlive
// the engine. Deterministic: rules in name order, instances in component order, no wall clock.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/simulation.h"
#include "sim/observe/alert_expr.h"
#include "sim/observe/alert_rules.h"
#include "sim/observe/metric_series.h"

namespace firedrill {

// `inactive` is never listed: it is the state before an instance exists and after a pending
// one is dropped. `resolved` (Prometheus: inactive with ResolvedAt) is listed for a while.
enum class AlertState : uint8_t { inactive, pending, firing, resolved };
const char* to_string(AlertState state);  // "inactive", "pending", "firing", "resolved"

struct AlertAck {
  std::string by;
  SimTime at;
};

// One row of the alert list, as dashboards show it.
struct AlertInstance {
  std::string rule;
  std::string component;
  AlertSeverity severity = AlertSeverity::ticket;
  AlertState state = AlertState::pending;
  double value = 0;      // the latest value the condition produced
  SimTime active_since;  // when this incarnation first matched
  std::optional<SimTime> fired_at;
  std::optional<SimTime> resolved_at;
  std::optional<SimTime> keep_firing_since;  // firing, condition clear, kept by keep_firing_for
  std::string summary;                       // rendered with `value`
  std::string description;
  std::string runbook_url;
  std::optional<AlertAck> ack;  // cleared when the instance starts over
};

// One state change, for the journal, the logs and notifications.
struct AlertTransition {
  SimTime at;
  std::string rule;
  std::string component;
  AlertState from = AlertState::inactive;
  AlertState to = AlertState::inactive;
  double value = 0;
  std::string summary;
  std::string description;
  AlertSeverity severity = AlertSeverity::ticket;
  std::string runbook_url;
  std::map<std::string, std::string> labels;  // the rule's, plus alertname/component/severity
};

struct AlertEngineConfig {
  SimTime interval = SimTime::seconds(10);            // Prometheus evaluation_interval
  SimTime resolved_retention = SimTime::minutes(15);  // how long resolved alerts stay listed
};

class AlertEngine : public EventHandler {
 public:
  using Listener = std::function<void(const AlertTransition&)>;

  AlertEngine(Simulation& sim, const MetricsRegistry& metrics, AlertEngineConfig cfg = {});
  AlertEngine(const AlertEngine&) = delete;
  AlertEngine& operator=(const AlertEngine&) = delete;

  // Binds the rule's selectors to the registry. Returns nullopt on success, or why not: a rule
  // of that name exists, or a selector matches no series (column within the expression).
  std::optional<AlertError> add_rule(AlertRule rule);
  // Listeners run after an evaluation has updated every instance, once per transition in
  // (rule, component) order; they may call alerts() and acknowledge().
  void add_listener(Listener listener) { listeners_.push_back(std::move(listener)); }

  // Schedules the first evaluation one interval from now, then one every interval. Call once.
  void start();
  void on_event(const Event& event) override;
  // Evaluates every rule at sim.now() against the latest committed second (tests, commands).
  void evaluate();

  const AlertEngineConfig& config() const { return cfg_; }
  size_t rule_count() const { return rules_.size(); }
  const AlertRule* rule(std::string_view name) const;
  // Every listed instance, sorted by rule name then component.
  std::vector<AlertInstance> alerts() const;
  const AlertInstance* find(std::string_view rule, std::string_view component) const;
  // Records who acknowledged the instance and when; state changes go on as before. Returns
  // false when there is no such instance.
  bool acknowledge(std::string_view rule, std::string_view component, std::string by);

 private:
  struct RuleEntry {
    AlertRule rule;
    BoundAlertExpr bound;
    std::map<std::string, AlertInstance, std::less<>> instances;
  };
  void evaluate_rule(RuleEntry& entry, std::vector<AlertTransition>& out);

  Simulation& sim_;
  const MetricsRegistry& metrics_;
  AlertEngineConfig cfg_;
  uint32_t id_;
  std::map<std::string, RuleEntry, std::less<>> rules_;
  std::vector<Listener> listeners_;
};

}  // namespace firedrill
