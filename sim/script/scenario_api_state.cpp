// Scenario API, live state (read-only, while the drill runs): metric(component, name), host(name),
// hosts([pattern]), now(), clock([format]), alert_firing(rule), and the responder's activity
// for hint conditions: actions([host]), commands([host]), escalated([team]), idle().
// Each call is cheap: a lookup in the stack or the runtime, no copies of series.
#include <fmt/format.h>

#include "sim/faults/fault_targets.h"
#include "sim/script/scenario_api.h"
#include "sim/script/scenario_runtime.h"

namespace firedrill::script {

namespace {

// Checks the phase; raises (never returns) if the drill is not running.
ScenarioApiContext& running_context(lua_State* L, const char* name) {
  ScenarioApiContext& ctx = api_context(L);
  if (!require_running(ctx, name)) raise_api_error(L, ctx);
  return ctx;
}

std::string_view optional_text(lua_State* L, int index) {
  size_t length = 0;
  const char* text = luaL_optlstring(L, index, "", &length);
  return {text, length};
}

bool find_metric(ScenarioApiContext& ctx, std::string_view component, std::string_view name,
                 double& value) {
  const MetricsRegistry& m = ctx.runtime->drill().stack().metrics();
  const std::optional<SeriesId> id = m.find(component, name);
  if (!id) {
    std::vector<std::string> metrics;
    for (size_t i = 0; i < m.series_count(); ++i) {
      const SeriesInfo& info = m.info(static_cast<SeriesId>(i));
      if (info.component == component) metrics.push_back(info.metric);
    }
    std::string list;
    for (const std::string& s : metrics) list += (list.empty() ? "" : ", ") + s;
    ctx.error = metrics.empty() ? fmt::format("metric: no component \"{}\"", component)
                                : fmt::format("metric: {} has no metric \"{}\"; metrics: {}",
                                              component, name, list);
    return false;
  }
  value = m.latest(*id);
  return true;
}

int api_metric(lua_State* L) noexcept {
  size_t component_length = 0, name_length = 0;
  const char* component = luaL_checklstring(L, 1, &component_length);
  const char* name = luaL_checklstring(L, 2, &name_length);
  ScenarioApiContext& ctx = running_context(L, "metric");
  double value = 0;
  if (!guarded(ctx, [&] {
        return find_metric(ctx, {component, component_length}, {name, name_length}, value);
      })) {
    return raise_api_error(L, ctx);
  }
  lua_pushnumber(L, static_cast<lua_Number>(value));
  return 1;
}

void set_number(lua_State* L, const char* key, double value) {
  lua_pushnumber(L, static_cast<lua_Number>(value));
  lua_setfield(L, -2, key);
}

void set_text(lua_State* L, const char* key, std::string_view value) {
  lua_pushlstring(L, value.data(), value.size());
  lua_setfield(L, -2, key);
}

void set_flag(lua_State* L, const char* key, bool value) {
  lua_pushboolean(L, value ? 1 : 0);
  lua_setfield(L, -2, key);
}

bool find_host(ScenarioApiContext& ctx, std::string_view name, Host*& host) {
  host = ctx.runtime->drill().stack().host(name);
  if (host != nullptr) return true;
  std::string names;
  for (const auto& h : ctx.runtime->drill().stack().hosts()) {
    names += (names.empty() ? "" : ", ") + h->name();
  }
  ctx.error = fmt::format("host: no host \"{}\"; hosts: {}", name, names);
  return false;
}

// A fresh table of the host's state: nothing the script does to it reaches the stack.
int api_host(lua_State* L) noexcept {
  size_t length = 0;
  const char* name = luaL_checklstring(L, 1, &length);
  ScenarioApiContext& ctx = running_context(L, "host");
  Host* host = nullptr;
  if (!guarded(ctx, [&] { return find_host(ctx, {name, length}, host); })) {
    return raise_api_error(L, ctx);
  }
  lua_createtable(L, 0, 24);
  set_text(L, "name", host->name());
  set_text(L, "role", host->role());
  set_text(L, "state", process_state_name(host->state()));
  set_flag(L, "serving", host->serving());
  set_text(L, "service", host->spec().service);
  set_text(L, "version", host->app_version());
  set_text(L, "previous_version", host->previous_version());
  set_number(L, "pid", host->pid());
  set_number(L, "restarts", host->restarts());
  set_number(L, "state_since", host->state_since().to_seconds());
  set_number(L, "cpu_cores", host->cpu_cores());
  set_number(L, "cpu_hog_cores", host->cpu_hog_cores());
  set_number(L, "memory_used_mb", host->memory_used_mb());
  set_number(L, "memory_total_mb", host->memory_total_mb());
  set_number(L, "memory_used_ratio", host->memory_used_mb() / host->memory_total_mb());
  set_number(L, "disk_used_gb", host->disk_used_gb());
  set_number(L, "disk_total_gb", host->disk_total_gb());
  set_number(L, "disk_used_ratio", host->disk_used_gb() / host->disk_total_gb());
  set_flag(L, "disk_full", host->disk_full());
  set_number(L, "fds_in_use", host->fds_in_use());
  set_number(L, "fd_limit", host->fd_limit());
  lua_createtable(L, 0, static_cast<int>(host->config().size()));
  for (const auto& [key, value] : host->config()) {
    lua_pushlstring(L, value.data(), value.size());
    lua_setfield(L, -2, key.c_str());
  }
  lua_setfield(L, -2, "config");
  return 1;
}

int api_hosts(lua_State* L) noexcept {
  const std::string_view pattern = optional_text(L, 1);
  ScenarioApiContext& ctx = running_context(L, "hosts");
  lua_newtable(L);
  lua_Integer n = 0;
  for (const auto& host : ctx.runtime->drill().stack().hosts()) {
    if (!pattern.empty() && !glob_match(pattern, host->name())) continue;
    lua_pushlstring(L, host->name().data(), host->name().size());
    lua_rawseti(L, -2, ++n);
  }
  return 1;
}

int api_now(lua_State* L) noexcept {
  ScenarioApiContext& ctx = running_context(L, "now");
  lua_pushnumber(L, static_cast<lua_Number>(ctx.runtime->drill().now().to_seconds()));
  return 1;
}

// Formats the simulated wall clock into ctx.argument; false with ctx.error for a bad format.
bool format_clock(ScenarioApiContext& ctx, std::string_view format) {
  const ScenarioClock& clock = ctx.runtime->drill().clock();
  const SimTime t = ctx.runtime->drill().now();
  if (format.empty() || format == "time" || format == "date" || format == "datetime") {
    const LocalDateTime l = clock.local(t);
    const std::string date = fmt::format("{:04}-{:02}-{:02}", l.year, l.month, l.day);
    const std::string time = fmt::format("{:02}:{:02}:{:02}", l.hour, l.minute, l.second);
    ctx.argument = format == "date" ? date : format == "datetime" ? date + " " + time : time;
  } else if (format == "nginx_access") {
    ctx.argument = clock.nginx_access_time(t);
  } else if (format == "nginx_error") {
    ctx.argument = clock.nginx_error_time(t);
  } else if (format == "syslog") {
    ctx.argument = clock.syslog_time(t);
  } else if (format == "journalctl") {
    ctx.argument = clock.journalctl_time(t);
  } else if (format == "iso8601") {
    ctx.argument = clock.iso8601_time(t);
  } else if (format == "sql") {
    ctx.argument = clock.sql_log_time(t);
  } else if (format == "postmortem") {
    ctx.argument = clock.postmortem_time(t);
  } else {
    ctx.error = fmt::format(
        "clock: unknown format \"{}\"; formats: time, date, datetime, nginx_access, "
        "nginx_error, syslog, journalctl, iso8601, sql, postmortem",
        format);
    return false;
  }
  return true;
}

int api_clock(lua_State* L) noexcept {
  const std::string_view format = optional_text(L, 1);
  ScenarioApiContext& ctx = running_context(L, "clock");
  if (!guarded(ctx, [&] { return format_clock(ctx, format); })) return raise_api_error(L, ctx);
  lua_pushlstring(L, ctx.argument.data(), ctx.argument.size());
  return 1;
}

bool any_firing(ScenarioApiContext& ctx, std::string_view rule) {
  for (const AlertInstance& a : ctx.runtime->drill().alerts().alerts()) {
    if (a.rule == rule && a.state == AlertState::firing) return true;
  }
  return false;
}

int api_alert_firing(lua_State* L) noexcept {
  size_t length = 0;
  const char* rule = luaL_checklstring(L, 1, &length);
  ScenarioApiContext& ctx = running_context(L, "alert_firing");
  bool firing = false;
  if (!guarded(ctx, [&] { return (firing = any_firing(ctx, {rule, length})), true; })) {
    return raise_api_error(L, ctx);
  }
  lua_pushboolean(L, firing ? 1 : 0);
  return 1;
}

int api_actions(lua_State* L) noexcept {
  const std::string_view pattern = optional_text(L, 1);
  ScenarioApiContext& ctx = running_context(L, "actions");
  lua_pushinteger(L, ctx.runtime->actions_on(pattern));
  return 1;
}

int api_commands(lua_State* L) noexcept {
  const std::string_view pattern = optional_text(L, 1);
  ScenarioApiContext& ctx = running_context(L, "commands");
  lua_pushinteger(L, ctx.runtime->commands_on(pattern));
  return 1;
}

int api_escalated(lua_State* L) noexcept {
  const std::string_view team = optional_text(L, 1);
  ScenarioApiContext& ctx = running_context(L, "escalated");
  lua_pushboolean(L, ctx.runtime->escalated_to(team) ? 1 : 0);
  return 1;
}

int api_idle(lua_State* L) noexcept {
  ScenarioApiContext& ctx = running_context(L, "idle");
  lua_pushnumber(L, static_cast<lua_Number>(ctx.runtime->idle_for().to_seconds()));
  return 1;
}

const luaL_Reg kStateApi[] = {
    {"metric", api_metric},   {"host", api_host},         {"hosts", api_hosts},
    {"now", api_now},         {"clock", api_clock},       {"alert_firing", api_alert_firing},
    {"actions", api_actions}, {"commands", api_commands}, {"escalated", api_escalated},
    {"idle", api_idle},       {nullptr, nullptr},
};

}  // namespace

void register_state_api(LuaSandbox& sandbox, ScenarioApiContext& ctx) {
  register_globals(sandbox, kStateApi, ctx);
}

}  // namespace firedrill::script
