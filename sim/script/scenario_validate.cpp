// finish_scenario_definition (scenario.h): the checks that need the whole file and a stack.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "sim/engine/drill.h"
#include "sim/faults/fault_catalog.h"
#include "sim/faults/fault_targets.h"
#include "sim/observe/scenario_clock.h"
#include "sim/script/scenario.h"
#include "sim/script/scenario_schema.h"

namespace firedrill::script {

namespace {

// Collects the first problem, blamed on a declaration.
class Checker {
 public:
  explicit Checker(std::string file) : file_(std::move(file)) {}

  bool ok() const { return !error_.has_value(); }
  void fail(const SourceLocation& where, std::string message) {
    if (error_) return;
    error_ = ScriptError{where.file.empty() ? file_ : where.file,
                         where.line,
                         std::move(message),
                         {},
                         ScriptErrorKind::runtime};
  }
  std::optional<ScriptError> take() { return std::move(error_); }

 private:
  std::string file_;
  std::optional<ScriptError> error_;
};

std::vector<std::string> host_names(WebStack& stack) {
  std::vector<std::string> names;
  for (const auto& host : stack.hosts()) names.push_back(host->name());
  return names;
}

bool any_match(const std::string& pattern, const std::vector<std::string>& names) {
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& n) { return glob_match(pattern, n); });
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

const ActionInfo* find_action(std::string_view name) {
  for (const ActionInfo& a : action_catalog())
    if (a.name == name) return &a;
  return nullptr;
}

std::string action_names() {
  std::vector<std::string> names;
  for (const ActionInfo& a : action_catalog()) names.push_back(a.name);
  return joined(names);
}

void check_time(Checker& c, const ScenarioDefinition& def, const SourceLocation& where,
                const std::string& what, SimTime at) {
  if (at >= def.drill.length) {
    c.fail(where, fmt::format("{}: {} is not before the end of the drill (meta.length {})", what,
                              format_duration(at), format_duration(def.drill.length)));
  }
}

// The hosts an action may take, as action_catalog() says ("web", "db", "any"...).
bool action_takes(const ActionInfo& info, WebStack& stack, const std::string& host) {
  if (info.target == "none") return false;
  const Host* h = stack.host(host);
  return h != nullptr && (info.target == "any" || h->role() == info.target);
}

void check_action_target(Checker& c, WebStack& stack, const SourceLocation& where,
                         const std::string& what, const ActionInfo& info,
                         const std::string& pattern) {
  const std::vector<std::string> hosts = host_names(stack);
  for (const std::string& h : hosts)
    if (glob_match(pattern, h) && action_takes(info, stack, h)) return;
  std::vector<std::string> valid;
  for (const std::string& h : hosts)
    if (action_takes(info, stack, h)) valid.push_back(h);
  c.fail(where, fmt::format("{}: \"{}\" names no host {} acts on; valid: {}", what, pattern,
                            info.name, joined(valid)));
}

void check_faults(Checker& c, ScenarioDefinition& def, WebStack& stack) {
  for (const FaultDecl& f : def.faults) {
    const char* what = f.red_herring ? "red_herring" : "fault";
    auto made = make_fault(stack, f.kind, f.targets, f.params);
    if (!made.ok()) {
      c.fail(f.where, fmt::format("{} \"{}\": {}", what, f.id, made.error().formatted()));
      return;
    }
    if (f.at) check_time(c, def, f.where, fmt::format("{} \"{}\".at", what, f.id), *f.at);
  }
}

void check_fixes(Checker& c, const ScenarioDefinition& def, WebStack& stack) {
  for (const FixRule& fix : def.fixes) {
    const ActionInfo* info = find_action(fix.action);
    if (info == nullptr) {
      c.fail(fix.where, fmt::format("fix.action: unknown action \"{}\"; valid: {}", fix.action,
                                    action_names()));
      return;
    }
    for (size_t i = 0; i < fix.targets.size(); ++i) {
      check_action_target(c, stack, fix.where, fmt::format("fix.targets[{}]", i + 1), *info,
                          fix.targets[i]);
    }
    for (const auto* ids : {&fix.repairs, &fix.mitigates}) {
      for (const std::string& id : *ids) {
        if (def.fault(id) == nullptr) {
          std::vector<std::string> known;
          for (const FaultDecl& f : def.faults) known.push_back(f.id);
          c.fail(fix.where, fmt::format("fix.{}: no fault \"{}\" is declared; faults: {}",
                                        ids == &fix.repairs ? "repairs" : "mitigates", id,
                                        known.empty() ? std::string("none") : joined(known)));
        }
      }
    }
  }
}

void check_world(Checker& c, const ScenarioDefinition& def, WebStack& stack) {
  const std::vector<std::string> hosts = host_names(stack);
  for (const CommandDecl& cmd : def.commands) {
    if (!any_match(cmd.hosts, hosts)) {
      c.fail(cmd.where, fmt::format("command.host: \"{}\" names no host; hosts: {}", cmd.hosts,
                                    joined(hosts)));
    }
  }
  for (const FileDecl& file : def.files) {
    if (!any_match(file.hosts, hosts)) {
      c.fail(file.where,
             fmt::format("file.host: \"{}\" names no host; hosts: {}", file.hosts, joined(hosts)));
    }
  }
  for (const DeployDecl& d : def.deploys) {
    for (const std::string& h : d.hosts) {
      if (!any_match(h, hosts)) {
        c.fail(d.where,
               fmt::format("deploy.hosts: \"{}\" names no host; hosts: {}", h, joined(hosts)));
      }
    }
  }
  for (const RunbookDecl& r : def.runbooks) {
    if (def.alert_extras.count(r.alert) == 0) {
      c.fail(r.where, fmt::format("runbook.alert: no alert \"{}\" is declared", r.alert));
    }
  }
  for (const StakeholderDecl& s : def.stakeholders) {
    if (s.at) check_time(c, def, s.where, "stakeholder.at", *s.at);
  }
  for (const HintDecl& h : def.hints) check_time(c, def, h.where, "hint.after", h.after);
  for (const HookDecl& h : def.hooks) check_time(c, def, h.where, h.name, h.at);
}

void check_autopilot(Checker& c, const ScenarioDefinition& def, WebStack& stack) {
  const std::vector<std::string> hosts = host_names(stack);
  for (size_t i = 0; i < def.autopilot.size(); ++i) {
    const AutopilotStep& step = def.autopilot[i];
    const std::string what = fmt::format("autopilot[{}]", i + 1);
    check_time(c, def, step.where, what + ".at", step.at);
    switch (step.kind) {
      case AutopilotStep::Kind::inspect:
        if (std::find(hosts.begin(), hosts.end(), step.host) == hosts.end()) {
          c.fail(step.where,
                 fmt::format("{}.host: no host \"{}\"; hosts: {}", what, step.host, joined(hosts)));
        }
        break;
      case AutopilotStep::Kind::action: {
        const ActionInfo* info = find_action(step.action.action);
        if (info == nullptr) {
          c.fail(step.where, fmt::format("{}.action: unknown action \"{}\"; valid: {}", what,
                                         step.action.action, action_names()));
          break;
        }
        if (info->target != "none") {
          check_action_target(c, stack, step.where, what + ".target", *info, step.action.target);
        }
        for (const std::string& p : info->params) {
          if (step.action.params.count(p) == 0) {
            c.fail(step.where,
                   fmt::format("{}.params.{}: {} needs this parameter", what, p, info->name));
          }
        }
        break;
      }
      case AutopilotStep::Kind::escalate:
        if (def.team(step.team) == nullptr) {
          c.fail(step.where,
                 fmt::format("{}.escalate: no team \"{}\" is declared", what, step.team));
        }
        break;
      case AutopilotStep::Kind::ack:
        if (def.alert_extras.count(step.alert) == 0) {
          c.fail(step.where, fmt::format("{}.ack: no alert \"{}\" is declared", what, step.alert));
        }
        break;
      default:
        break;
    }
  }
}

// Seconds after local midnight at the drill's start, for the traffic's daily curve.
SimTime start_of_day(const DrillSpec& spec) {
  const ScenarioClockResult clock = ScenarioClock::create(spec.time_zone, spec.start_local);
  if (!clock.ok()) return spec.stack.traffic.start_of_day;
  const LocalDateTime local = clock.clock->local(SimTime());
  return SimTime::seconds(static_cast<int64_t>(local.hour) * 3600 + local.minute * 60 +
                          local.second);
}

}  // namespace

std::optional<ScriptError> finish_scenario_definition(ScenarioDefinition& def,
                                                      const std::string& file) {
  Checker c(file);
  if (!def.meta_declared) {
    c.fail({file, 0},
           "the scenario declares no meta {...} (id, title, difficulty, length, start, "
           "briefing, root_cause, learning_goals)");
    return c.take();
  }
  def.drill.stack.traffic.start_of_day = start_of_day(def.drill);
  if (def.drill.alerts.empty()) {
    def.drill.alerts = standard_alert_rules();
    for (const AlertRuleSpec& rule : def.drill.alerts) {
      def.alert_extras[rule.name] = AlertExtra{false, def.meta.where};
    }
  }
  for (const TrafficSpike& spike : def.drill.stack.traffic.spikes) {
    check_time(c, def, def.meta.where, "traffic.spikes.at", spike.start);
  }
  // A drill built from the spec and never run: what only a stack can tell.
  std::string error;
  std::unique_ptr<Drill> drill = Drill::create(def.drill, nullptr, &error);
  if (!drill) {
    SourceLocation where = def.meta.where;
    for (const auto& [name, extra] : def.alert_extras) {
      if (error.find("'" + name + "'") != std::string::npos) where = extra.where;
    }
    c.fail(where, error);
    return c.take();
  }
  WebStack& stack = drill->stack();
  check_faults(c, def, stack);
  check_fixes(c, def, stack);
  check_world(c, def, stack);
  check_autopilot(c, def, stack);
  if (def.resolved && !def.resolved->condition && def.faults.empty()) {
    c.fail(def.resolved->where,
           "resolved_when needs a condition when the scenario declares no fault");
  }
  return c.take();
}

}  // namespace firedrill::script
