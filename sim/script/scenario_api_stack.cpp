// Scenario API, stack domain: stack {...} (the components and the machines under them, every
// field of StackConfig an author may set), traffic {...} (rate, users, daily curve, spikes) and
// alert {...} (one alerting rule, checked by make_alert_rule as it is declared).
#include <fmt/format.h>

#include "sim/observe/alert_rules.h"
#include "sim/script/scenario_api.h"

namespace firedrill::script {

namespace {

void read_host_spec(SchemaStatus& status, const SchemaValue& value, const std::string& path,
                    HostSpec& host, bool cores) {
  RecordReader r(status, value, path);
  if (cores) r.whole("cpu_cores", host.cpu_cores, 1, 1024);
  r.number("memory_mb", host.memory_mb, 64, 1e8);
  r.number("base_memory_mb", host.base_memory_mb, 0, 1e8);
  r.number("disk_gb", host.disk_gb, 1, 1e6);
  r.number("base_disk_gb", host.base_disk_gb, 0, 1e6);
  r.whole("fd_limit", host.fd_limit, 16, 1u << 24);
  r.whole("base_fds", host.base_fds, 0, 1u << 20);
  r.duration("restart_delay", host.restart_delay);
  r.duration("startup_time", host.startup_time);
  r.text("service", host.service);
  r.text("app_version", host.app_version);
  r.finish();
  if (status.ok() && host.base_memory_mb >= host.memory_mb) {
    status.fail(path + ".base_memory_mb", "must be below memory_mb");
  }
  if (status.ok() && host.base_disk_gb >= host.disk_gb) {
    status.fail(path + ".base_disk_gb", "must be below disk_gb");
  }
}

bool read_stack(ScenarioApiContext& ctx, lua_State*) {
  ScenarioDefinition& def = ctx.definition;
  if (def.stack_declared) {
    ctx.error = "stack {...} is declared twice (put every component in one stack {...})";
    return false;
  }
  SchemaStatus status;
  RecordReader r(status, ctx.scratch[0], "stack");
  StackConfig& cfg = def.drill.stack;
  if (const SchemaValue* v = r.get("web")) {
    RecordReader w(status, *v, "stack.web");
    w.whole("count", cfg.web.count, 1, 64);
    w.whole("workers", cfg.web.workers, 1, 100'000);
    w.whole("backlog", cfg.web.backlog, 0, 1'000'000);
    w.whole("cpu_cores", cfg.web.cpu_cores, 1, 1024);
    w.number("cpu_ms", cfg.web.cpu_ms, 0, 60'000);
    w.whole("queries", cfg.web.queries, 0, 1000);
    w.whole("db_pool_size", cfg.web.db_pool_size, 1, 100'000);
    w.duration("pool_wait_timeout", cfg.web.pool_wait_timeout);
    w.finish();
  }
  if (const SchemaValue* v = r.get("db")) {
    RecordReader d(status, *v, "stack.db");
    d.whole("max_connections", cfg.db.max_connections, 1, 1'000'000);
    d.whole("query_slots", cfg.db.query_slots, 1, 100'000);
    d.number("query_ms", cfg.db.query_ms, 0, 600'000);
    d.boolean("replica", cfg.db.replica);
    d.number("read_fraction", cfg.db.read_fraction, 0, 1);
    d.duration("max_replica_lag", cfg.db.max_replica_lag);
    d.finish();
  }
  if (const SchemaValue* v = r.get("lb")) {
    RecordReader l(status, *v, "stack.lb");
    std::string policy;
    if (l.choice("policy", policy, {"round_robin", "least_connections"})) {
      cfg.lb.policy = policy == "round_robin" ? LbPolicy::kRoundRobin : LbPolicy::kLeastConnections;
    }
    l.whole("max_connections", cfg.lb.max_connections, 1, 10'000'000);
    l.duration("proxy_timeout", cfg.lb.proxy_timeout);
    l.duration("health_interval", cfg.lb.health_interval);
    l.duration("health_timeout", cfg.lb.health_timeout);
    l.whole("health_fall", cfg.lb.health_fall, 1, 100);
    l.whole("health_rise", cfg.lb.health_rise, 1, 100);
    l.finish();
  }
  if (const SchemaValue* v = r.get("cache")) {
    RecordReader c(status, *v, "stack.cache");
    c.boolean("enabled", cfg.cache.enabled);
    c.number("hit_ratio", cfg.cache.hit_ratio, 0, 1);
    c.number("lookup_ms", cfg.cache.lookup_ms, 0, 60'000);
    c.finish();
  }
  if (const SchemaValue* v = r.get("client")) {
    RecordReader c(status, *v, "stack.client");
    c.duration("timeout", cfg.client.timeout);
    c.whole("max_retries", cfg.client.max_retries, 0, 10);
    c.duration("retry_backoff", cfg.client.retry_backoff);
    c.duration("slow_threshold", cfg.client.slow_threshold);
    c.finish();
  }
  if (const SchemaValue* v = r.get("hosts")) {
    RecordReader h(status, *v, "stack.hosts");
    if (const SchemaValue* w = h.get("web"))
      read_host_spec(status, *w, "stack.hosts.web", cfg.web_host, false);
    if (const SchemaValue* d = h.get("db"))
      read_host_spec(status, *d, "stack.hosts.db", cfg.db_host, true);
    if (const SchemaValue* l = h.get("lb"))
      read_host_spec(status, *l, "stack.hosts.lb", cfg.lb_host, true);
    if (const SchemaValue* c = h.get("cache")) {
      read_host_spec(status, *c, "stack.hosts.cache", cfg.cache_host, true);
    }
    h.finish();
  }
  r.finish();
  if (!take_status(ctx, status)) return false;
  def.stack_declared = true;
  return true;
}

int api_stack(lua_State* L) noexcept {
  return run_declaration(L, "stack", "stack {...}", 1, read_stack);
}

bool read_traffic(ScenarioApiContext& ctx, lua_State*) {
  ScenarioDefinition& def = ctx.definition;
  if (def.traffic_declared) {
    ctx.error = "traffic {...} is declared twice";
    return false;
  }
  SchemaStatus status;
  RecordReader r(status, ctx.scratch[0], "traffic");
  TrafficConfig& t = def.drill.stack.traffic;
  r.number("rps", t.base_rps, 0.001, 1e6);
  r.whole("users", t.users, 1, 100'000'000);
  if (const SchemaValue* v = r.get("daily_curve")) {
    if (const auto* items = read_list(status, *v, "traffic.daily_curve")) {
      if (items->size() != 24) {
        status.fail(
            "traffic.daily_curve",
            fmt::format("expected 24 values (one per hour from midnight), got {}", items->size()));
      }
      std::vector<double> curve(items->size());
      for (size_t i = 0; i < items->size(); ++i) {
        read_number(status, (*items)[i], fmt::format("traffic.daily_curve[{}]", i + 1), curve[i], 0,
                    1000);
      }
      t.daily_curve = std::move(curve);
    }
  }
  if (const SchemaValue* v = r.get("spikes")) {
    if (const auto* items = read_list(status, *v, "traffic.spikes")) {
      for (size_t i = 0; i < items->size(); ++i) {
        RecordReader s(status, (*items)[i], fmt::format("traffic.spikes[{}]", i + 1));
        TrafficSpike spike;
        s.duration("at", spike.start, true);
        s.duration("duration", spike.duration, true, SimTime::seconds(1));
        s.number("multiplier", spike.multiplier, 0, 1000);
        s.finish();
        t.spikes.push_back(spike);
      }
    }
  }
  r.finish();
  if (!take_status(ctx, status)) return false;
  def.traffic_declared = true;
  return true;
}

int api_traffic(lua_State* L) noexcept {
  return run_declaration(L, "traffic", "traffic {...}", 1, read_traffic);
}

bool read_alert(ScenarioApiContext& ctx, lua_State* L) {
  ScenarioDefinition& def = ctx.definition;
  SchemaStatus status;
  RecordReader r(status, ctx.scratch[0], "alert");
  AlertRuleSpec spec;
  AlertExtra extra;
  std::string severity = "ticket";
  r.text("name", spec.name, true);
  r.text("expr", spec.expr, true);
  r.duration("hold", spec.hold);
  r.duration("keep_firing_for", spec.keep_firing_for);
  r.choice("severity", severity, {"page", "ticket", "info", "critical", "warning"});
  r.text("summary", spec.summary, true);
  r.text("description", spec.description);
  r.text("runbook", spec.runbook_url);
  r.text_map("labels", spec.labels);
  r.boolean("expect_firing", extra.expect_firing);
  r.finish();
  if (!take_status(ctx, status)) return false;
  spec.severity = *parse_severity(severity);
  if (const auto first = def.alert_extras.find(spec.name); first != def.alert_extras.end()) {
    return refuse_redeclared(ctx, "alert.name", spec.name, &first->second.where);
  }
  const AlertResult<AlertRule> rule = make_alert_rule(spec);
  if (!rule.ok()) {
    ctx.error = fmt::format("alert \"{}\": {}", spec.name, rule.error().formatted());
    return false;
  }
  extra.where = caller_location(L);
  def.alert_extras[spec.name] = extra;
  def.drill.alerts.push_back(std::move(spec));
  return true;
}

int api_alert(lua_State* L) noexcept {
  return run_declaration(L, "alert", "alert {...}", 1, read_alert);
}

const luaL_Reg kStackApi[] = {
    {"stack", api_stack},
    {"traffic", api_traffic},
    {"alert", api_alert},
    {nullptr, nullptr},
};

}  // namespace

void register_stack_api(LuaSandbox& sandbox, ScenarioApiContext& ctx) {
  register_globals(sandbox, kStackApi, ctx);
}

}  // namespace firedrill::script
