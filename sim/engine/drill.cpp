#include "sim/engine/drill.h"

#include <fmt/format.h>

namespace firedrill {

std::vector<AlertRuleSpec> standard_alert_rules() {
  std::vector<AlertRuleSpec> rules;
  auto rule = [&](const char* name, const char* expr, SimTime hold, AlertSeverity severity,
                  const char* summary, const char* runbook) {
    AlertRuleSpec r;
    r.name = name;
    r.expr = expr;
    r.hold = hold;
    r.severity = severity;
    r.summary = summary;
    r.runbook_url = runbook;
    rules.push_back(std::move(r));
  };
  rule("HighErrorRate", "avg_over(1m, lb.error_ratio) > 0.05", SimTime::minutes(2),
       AlertSeverity::page, "{{ $value }} of requests fail at the load balancer",
       "runbooks/high-error-rate");
  rule("HighLatency", "avg_over(2m, lb.p99_ms) > 1000", SimTime::minutes(2), AlertSeverity::ticket,
       "p99 latency at the load balancer is {{ $value }} ms", "runbooks/high-latency");
  rule("BackendDown", "web-*.healthy < 1", SimTime::minutes(1), AlertSeverity::ticket,
       "{{ $labels.component }} fails the load balancer's health checks", "runbooks/backend-down");
  rule("DiskAlmostFull", "web-*.disk_used_ratio > 0.9", SimTime::minutes(5), AlertSeverity::ticket,
       "{{ $labels.component }} disk is {{ $value }} full", "runbooks/disk-full");
  return rules;
}

std::unique_ptr<Drill> Drill::create(const DrillSpec& spec, JournalSink* journal,
                                     std::string* error) {
  ScenarioClockResult clock = ScenarioClock::create(spec.time_zone, spec.start_local);
  if (!clock.ok()) {
    *error = clock.error;
    return nullptr;
  }
  std::unique_ptr<Drill> drill(new Drill(spec, std::move(*clock.clock), journal));
  for (size_t i = 0; i < spec.alerts.size(); ++i) {
    AlertResult<AlertRule> rule = make_alert_rule(spec.alerts[i]);
    std::optional<AlertError> failed;
    if (!rule.ok()) {
      failed = rule.error();
    } else {
      failed = drill->alerts_.add_rule(std::move(rule.value()));
    }
    if (failed) {
      *error = fmt::format("alerts[{}] '{}': {}", i + 1, spec.alerts[i].name, failed->formatted());
      return nullptr;
    }
  }
  drill->journal_.write("engine", "run.header",
                        {{"scenario", spec.id},
                         {"title", spec.title},
                         {"seed", spec.seed},
                         {"time_zone", spec.time_zone},
                         {"start_local", spec.start_local},
                         {"length_s", spec.length.whole_seconds()},
                         {"web_servers", spec.stack.web.count},
                         {"version", FIREDRILL_VERSION}});
  drill->stack_.start();
  drill->alerts_.start();
  drill->logs_->start();
  drill->journal_.start();
  return drill;
}

ActionResult Drill::perform(const ActionRequest& request, const std::string& source,
                            const nlohmann::json& extra) {
  ActionResult result = perform_action(stack_, request);
  nlohmann::json params = nlohmann::json::object();
  for (const auto& [k, v] : request.params) params[k] = v;
  nlohmann::json fields = {{"action", request.action},
                           {"target", request.target},
                           {"params", std::move(params)},
                           {"ok", result.ok},
                           {"message", result.message}};
  if (extra.is_object()) fields.update(extra);
  journal_.write(source, source + ".action", std::move(fields));
  return result;
}

Drill::Drill(const DrillSpec& spec, ScenarioClock clock, JournalSink* sink)
    : spec_(spec),
      sim_(spec.seed),
      stack_(sim_, spec.stack),
      clock_(std::move(clock)),
      alerts_(sim_, stack_.metrics()),
      journal_(sim_, stack_, sink, spec.sample_every) {
  HostLogsConfig logs;
  // The stack's own host names, memory and services, and its pids: the logs name the same
  // hosts and processes as the console.
  logs.hosts = stack_log_hosts(spec.stack);
  logs.service_pid = [this](std::string_view name) -> uint32_t {
    const Host* host = stack_.host(name);
    return host != nullptr ? host->pid() : 0;
  };
  logs.app_pool_size = spec.stack.web.db_pool_size;
  logs.app_pool_timeout = spec.stack.web.pool_wait_timeout;
  logs.lb_worker_connections = spec.stack.lb.max_connections;
  logs_ = std::make_unique<HostLogs>(sim_, clock_, std::move(logs));
  fanout_.add(logs_.get());
  fanout_.add(&journal_);
  stack_.set_observer(&fanout_);
  alerts_.add_listener([this](const AlertTransition& t) { journal_.on_alert(t); });
}

}  // namespace firedrill
