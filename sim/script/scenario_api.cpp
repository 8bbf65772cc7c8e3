// Helpers shared by the scenario API bindings (see scenario_api.h).
#include "sim/script/scenario_api.h"

#include <fmt/format.h>

#include <cstdio>

namespace firedrill::script {

ScenarioApiContext& api_context(lua_State* L) {
  return *LuaSandbox::upvalue_context<ScenarioApiContext>(L);
}

namespace {

// The first Lua frame above the running C function (skipping C frames such as pcall).
bool find_caller(lua_State* L, lua_Debug& ar) {
  for (int level = 1; lua_getstack(L, level, &ar) != 0; ++level) {
    if (lua_getinfo(L, "Sl", &ar) != 0 && ar.currentline > 0) return true;
  }
  return false;
}

const char* display_source(const lua_Debug& ar) {
  const char* source = ar.source;
  if (source != nullptr && (source[0] == '@' || source[0] == '=')) return source + 1;
  return ar.short_src;
}

}  // namespace

SourceLocation caller_location(lua_State* L) {
  lua_Debug ar;
  SourceLocation where;
  if (find_caller(L, ar)) {
    where.file = display_source(ar);
    where.line = ar.currentline;
  }
  return where;
}

int raise_api_error(lua_State* L, ScenarioApiContext& ctx) {
  lua_Debug ar;
  char where[512] = "";
  if (find_caller(L, ar)) {
    std::snprintf(where, sizeof where, "%s:%d: ", display_source(ar), ar.currentline);
  }
  lua_pushstring(L, where);
  lua_pushlstring(L, ctx.error.data(), ctx.error.size());
  lua_concat(L, 2);
  return lua_error(L);
}

bool snapshot_arguments(lua_State* L, ScenarioApiContext& ctx, int count, const char* usage) {
  const int given = lua_gettop(L);
  if (given > count) {
    ctx.error =
        fmt::format("{} takes {} argument{}, got {}", usage, count, count == 1 ? "" : "s", given);
    return false;
  }
  for (int i = 0; i < count; ++i) {
    ctx.scratch[i] = SchemaValue{};
    if (i + 1 > given) continue;  // nil
    if (!snapshot_lua_value(L, i + 1, ctx.scratch[i], ctx.error)) {
      ctx.error = fmt::format("{}: argument {}: {}", usage, i + 1, ctx.error);
      return false;
    }
  }
  return true;
}

bool require_loading(ScenarioApiContext& ctx, const char* name) {
  if (ctx.phase == ScenarioPhase::loading) return true;
  ctx.error = fmt::format(
      "{}() declares the scenario: call it at the top level of the file, not from a hook", name);
  return false;
}

bool require_running(ScenarioApiContext& ctx, const char* name) {
  if (ctx.phase == ScenarioPhase::running && ctx.runtime != nullptr) return true;
  ctx.error = fmt::format(
      "{}() works on the running drill: call it inside a hook, condition or command output, "
      "not while the file loads",
      name);
  return false;
}

bool take_status(ScenarioApiContext& ctx, const SchemaStatus& status) {
  if (status.ok()) return true;
  ctx.error = status.error()->formatted();
  return false;
}

bool refuse_redeclared(ScenarioApiContext& ctx, std::string_view field, std::string_view id,
                       const SourceLocation* first) {
  if (!first) return true;
  ctx.error = fmt::format("{}: \"{}\" is declared twice (first at {}:{})", field, id, first->file,
                          first->line);
  return false;
}

int run_declaration(lua_State* L, const char* name, const char* usage, int arguments,
                    DeclarationReader read) {
  ScenarioApiContext& ctx = api_context(L);
  if (!require_loading(ctx, name) || !snapshot_arguments(L, ctx, arguments, usage)) {
    return raise_api_error(L, ctx);
  }
  // `read` is plain C++ whose objects are all gone when it returns; only then may we raise.
  if (!guarded(ctx, [&] { return read(ctx, L); })) return raise_api_error(L, ctx);
  return 0;
}

void register_globals(LuaSandbox& sandbox, const luaL_Reg* functions, ScenarioApiContext& ctx) {
  for (const luaL_Reg* entry = functions; entry->name != nullptr; ++entry) {
    sandbox.register_function(entry->name, entry->func, &ctx);
  }
}

bool read_fault_params(SchemaStatus& status, const SchemaValue& value, const std::string& path,
                       FaultParams& out) {
  if (!status.ok()) return false;
  if (value.type != SchemaValue::Type::table || !value.items.empty() || !value.odd_keys.empty()) {
    status.fail(path, "expected a table of named parameters ({rate = 0.2}), got " +
                          (value.type == SchemaValue::Type::table ? std::string("a list")
                                                                  : describe_value(value)));
    return false;
  }
  FaultParams params;
  for (const auto& [key, v] : value.fields) {
    switch (v.type) {
      case SchemaValue::Type::boolean:
        params.emplace(key, v.boolean);
        break;
      case SchemaValue::Type::number:
        params.emplace(key, v.number);
        break;
      case SchemaValue::Type::string:
        params.emplace(key, v.text);
        break;
      default:
        status.fail(path + "." + key,
                    "expected a number, string or boolean, got " + describe_value(v));
        return false;
    }
  }
  out = std::move(params);
  return true;
}

const FaultDecl* ScenarioDefinition::fault(std::string_view id) const {
  for (const FaultDecl& f : faults)
    if (f.id == id) return &f;
  return nullptr;
}

const TeamDecl* ScenarioDefinition::team(std::string_view id) const {
  for (const TeamDecl& t : teams)
    if (t.id == id) return &t;
  return nullptr;
}

}  // namespace firedrill::script
