#include "sim/observe/alert_engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <utility>

namespace firedrill {

const char* to_string(AlertState state) {
  switch (state) {
    case AlertState::inactive:
      return "inactive";
    case AlertState::pending:
      return "pending";
    case AlertState::firing:
      return "firing";
    case AlertState::resolved:
      return "resolved";
  }
  return "?";
}

AlertEngine::AlertEngine(Simulation& sim, const MetricsRegistry& metrics, AlertEngineConfig cfg)
    : sim_(sim), metrics_(metrics), cfg_(cfg), id_(sim.add_handler(this, "alerts")) {
  assert(cfg_.interval > SimTime() && "the evaluation interval must be positive");
}

std::optional<AlertError> AlertEngine::add_rule(AlertRule rule) {
  if (rules_.contains(rule.name))
    return AlertError{fmt::format("rule '{}'", rule.name), 0, "a rule with this name exists"};
  auto bound = BoundAlertExpr::bind(rule.expr, metrics_);
  if (!bound) {
    AlertError e = bound.error();
    e.where = fmt::format("rule '{}': expr", rule.name);
    return e;
  }
  std::string name = rule.name;
  rules_.emplace(std::move(name), RuleEntry{std::move(rule), std::move(bound.value()), {}});
  return std::nullopt;
}

void AlertEngine::start() {
  sim_.schedule_in(cfg_.interval, id_, 0);
}

void AlertEngine::on_event(const Event&) {
  evaluate();
  sim_.schedule_in(cfg_.interval, id_, 0);
}

void AlertEngine::evaluate() {
  std::vector<AlertTransition> transitions;
  for (auto& [name, entry] : rules_) evaluate_rule(entry, transitions);
  // Only now, with every instance updated, so listeners see a consistent list.
  for (const AlertTransition& t : transitions)
    for (const Listener& listener : listeners_) listener(t);
}

// One Prometheus evaluation of one rule (rules/alerting.go Eval), at sim.now().
void AlertEngine::evaluate_rule(RuleEntry& entry, std::vector<AlertTransition>& out) {
  const AlertRule& rule = entry.rule;
  const SimTime now = sim_.now();
  const size_t first_new = out.size();
  const auto emit = [&](const AlertInstance& a, AlertState from) {
    out.push_back({now, rule.name, a.component, from, a.state, a.value, a.summary, a.description,
                   rule.severity, rule.runbook_url, rule.instance_labels(a.component)});
  };
  const auto render = [&](AlertInstance& a) {
    const auto labels = rule.instance_labels(a.component);
    a.summary = rule.summary.render(a.value, labels);
    a.description = rule.description.render(a.value, labels);
  };

  const std::vector<AlertSample> samples = entry.bound.evaluate(metrics_);
  for (const AlertSample& s : samples) {
    const auto it = entry.instances.find(s.component);
    if (it != entry.instances.end() &&
        (it->second.state == AlertState::pending || it->second.state == AlertState::firing)) {
      AlertInstance& a = it->second;
      a.value = s.value;
      a.keep_firing_since.reset();
      render(a);
      if (a.state == AlertState::pending && now - a.active_since >= rule.hold) {
        a.state = AlertState::firing;
        a.fired_at = now;
        emit(a, AlertState::pending);
      }
      continue;
    }
    // New, or resolved and matching again: a fresh incarnation starts over at pending.
    const AlertState from = it == entry.instances.end() ? AlertState::inactive : it->second.state;
    AlertInstance a;
    a.rule = rule.name;
    a.component = s.component;
    a.severity = rule.severity;
    a.value = s.value;
    a.active_since = now;
    a.runbook_url = rule.runbook_url;
    if (rule.hold <= SimTime()) {  // no `for`: firing on the first evaluation
      a.state = AlertState::firing;
      a.fired_at = now;
    }
    render(a);
    emit(a, from);
    entry.instances.insert_or_assign(s.component, std::move(a));
  }

  const auto matched = [&](const std::string& component) {
    return std::binary_search(
        samples.begin(), samples.end(), AlertSample{component, 0},
        [](const AlertSample& x, const AlertSample& y) { return x.component < y.component; });
  };
  for (auto it = entry.instances.begin(); it != entry.instances.end();) {
    AlertInstance& a = it->second;
    if (matched(a.component)) {
      ++it;
      continue;
    }
    if (a.state == AlertState::pending) {  // dropped without ever firing: no resolved
      a.state = AlertState::inactive;
      emit(a, AlertState::pending);
      it = entry.instances.erase(it);
      continue;
    }
    if (a.state == AlertState::firing) {
      if (!a.keep_firing_since) a.keep_firing_since = now;
      if (now - *a.keep_firing_since < rule.keep_firing_for) {
        ++it;
        continue;
      }
      a.state = AlertState::resolved;
      a.resolved_at = now;
      a.keep_firing_since.reset();
      emit(a, AlertState::firing);
    } else if (a.state == AlertState::resolved && now - *a.resolved_at > cfg_.resolved_retention) {
      it = entry.instances.erase(it);  // forgotten quietly, as Prometheus does
      continue;
    }
    ++it;
  }
  // Each component changes at most once per evaluation; list them in component order.
  std::stable_sort(
      out.begin() + static_cast<std::ptrdiff_t>(first_new), out.end(),
      [](const AlertTransition& x, const AlertTransition& y) { return x.component < y.component; });
}

const AlertRule* AlertEngine::rule(std::string_view name) const {
  const auto it = rules_.find(name);
  return it == rules_.end() ? nullptr : &it->second.rule;
}

std::vector<AlertInstance> AlertEngine::alerts() const {
  std::vector<AlertInstance> out;
  for (const auto& [name, entry] : rules_)
    for (const auto& [component, instance] : entry.instances) out.push_back(instance);
  return out;
}

const AlertInstance* AlertEngine::find(std::string_view rule, std::string_view component) const {
  const auto r = rules_.find(rule);
  if (r == rules_.end()) return nullptr;
  const auto it = r->second.instances.find(component);
  return it == r->second.instances.end() ? nullptr : &it->second;
}

bool AlertEngine::acknowledge(std::string_view rule, std::string_view component, std::string by) {
  const auto r = rules_.find(rule);
  if (r == rules_.end()) return false;
  const auto it = r->second.instances.find(component);
  if (it == r->second.instances.end()) return false;
  it->second.ack = AlertAck{std::move(by), sim_.now()};
  return true;
}

}  // namespace firedrill
