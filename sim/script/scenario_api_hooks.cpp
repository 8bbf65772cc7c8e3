// Scenario API, hooks domain: at(time, fn [, options]), every(interval, fn [, options]),
// when(condition, fn [, options]) — scripted events on the simulated clock — and
// resolved_when(condition [, options]), the ground truth of "the incident is over".
#include <fmt/format.h>

#include "sim/script/scenario_api.h"

namespace firedrill::script {

namespace {

// Reads the optional options table (argument 3) of a hook.
void read_hook_options(SchemaStatus& status, const SchemaValue& value, const char* call,
                       HookDecl& hook) {
  if (value.is_nil()) return;
  RecordReader r(status, value, fmt::format("{}(options)", call));
  r.text("name", hook.name);
  r.boolean("quiet", hook.quiet);
  switch (hook.kind) {
    case HookDecl::Kind::at:
      break;
    case HookDecl::Kind::every:
      r.duration("start", hook.at);
      r.duration("stop", hook.stop);
      break;
    case HookDecl::Kind::when:
      r.boolean("once", hook.once);
      r.duration("after", hook.at);
      r.duration("stop", hook.stop);
      break;
  }
  r.finish();
}

bool read_hook(ScenarioApiContext& ctx, lua_State* L, HookDecl::Kind kind) {
  static constexpr const char* kCalls[] = {"at", "every", "when"};
  const char* call = kCalls[static_cast<int>(kind)];
  SchemaStatus status;
  HookDecl hook;
  hook.kind = kind;
  hook.where = caller_location(L);
  const SchemaValue& first = ctx.scratch[0];
  switch (kind) {
    case HookDecl::Kind::at:
      read_duration(status, first, "at(time)", hook.at);
      break;
    case HookDecl::Kind::every:
      if (read_duration(status, first, "every(interval)", hook.interval, SimTime::seconds(1))) {
        hook.at = hook.interval;
      }
      break;
    case HookDecl::Kind::when:
      read_function(status, first, "when(condition)", hook.condition);
      break;
  }
  read_function(status, ctx.scratch[1], fmt::format("{}(fn)", call), hook.run);
  read_hook_options(status, ctx.scratch[2], call, hook);
  if (!take_status(ctx, status)) return false;
  if (hook.name.empty()) {
    switch (kind) {
      case HookDecl::Kind::at:
        hook.name = "at " + format_duration(hook.at);
        break;
      case HookDecl::Kind::every:
        hook.name = "every " + format_duration(hook.interval);
        break;
      case HookDecl::Kind::when:
        hook.name = fmt::format("when (line {})", hook.where.line);
        break;
    }
  }
  ctx.definition.hooks.push_back(std::move(hook));
  return true;
}

bool read_at(ScenarioApiContext& ctx, lua_State* L) {
  return read_hook(ctx, L, HookDecl::Kind::at);
}
bool read_every(ScenarioApiContext& ctx, lua_State* L) {
  return read_hook(ctx, L, HookDecl::Kind::every);
}
bool read_when(ScenarioApiContext& ctx, lua_State* L) {
  return read_hook(ctx, L, HookDecl::Kind::when);
}

int api_at(lua_State* L) noexcept {
  return run_declaration(L, "at", "at(time, fn [, options])", 3, read_at);
}
int api_every(lua_State* L) noexcept {
  return run_declaration(L, "every", "every(interval, fn [, options])", 3, read_every);
}
int api_when(lua_State* L) noexcept {
  return run_declaration(L, "when", "when(condition, fn [, options])", 3, read_when);
}

bool read_resolved_when(ScenarioApiContext& ctx, lua_State* L) {
  ScenarioDefinition& def = ctx.definition;
  if (def.resolved) {
    ctx.error = fmt::format("resolved_when is declared twice (first at {}:{})",
                            def.resolved->where.file, def.resolved->where.line);
    return false;
  }
  SchemaStatus status;
  ResolvedWhen resolved;
  read_function(status, ctx.scratch[0], "resolved_when(condition)", resolved.condition);
  if (!ctx.scratch[1].is_nil()) {
    RecordReader r(status, ctx.scratch[1], "resolved_when(options)");
    r.duration("hold", resolved.hold);
    r.finish();
  }
  if (!take_status(ctx, status)) return false;
  resolved.where = caller_location(L);
  def.resolved = std::move(resolved);
  return true;
}

int api_resolved_when(lua_State* L) noexcept {
  return run_declaration(L, "resolved_when", "resolved_when(condition [, options])", 2,
                         read_resolved_when);
}

const luaL_Reg kHooksApi[] = {
    {"at", api_at},     {"every", api_every},
    {"when", api_when}, {"resolved_when", api_resolved_when},
    {nullptr, nullptr},
};

}  // namespace

void register_hooks_api(LuaSandbox& sandbox, ScenarioApiContext& ctx) {
  register_globals(sandbox, kHooksApi, ctx);
}

}  // namespace firedrill::script
