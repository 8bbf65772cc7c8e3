// Internal to sim/script: the context every scenario API binding receives as its upvalue, and
// the helpers the binding files (scenario_api_*.cpp, one per domain) share. A binding runs in
// three steps that keep the longjmp rule: snapshot its Lua arguments into `scratch` (only Lua
// calls, no C++ locals alive), read them in a C++ scope that ends, then raise — with the
// message kept in the context, never on the C stack — if that scope reported an error.
#pragma once

#include <exception>
#include <string>
#include <string_view>

#include <lua.hpp>

#include "sim/script/lua_sandbox.h"
#include "sim/script/scenario_definition.h"
#include "sim/script/scenario_schema.h"

namespace firedrill::script {

class ScenarioRuntime;

enum class ScenarioPhase : uint8_t {
  loading,   // the file's top level runs: declarations allowed, live state unavailable
  running,   // attached to a drill: hooks read and act on live state, declarations refused
  detached,  // loaded, no drill attached
};

struct ScenarioApiContext {
  LuaSandbox* sandbox = nullptr;
  ScenarioDefinition definition;
  ScenarioPhase phase = ScenarioPhase::loading;
  ScenarioRuntime* runtime = nullptr;  // set while attached
  std::string error;                   // the message of the error being raised
  std::string argument;                // scratch text (names built from arguments)
  SchemaValue scratch[3];              // snapshots of up to three arguments
  SimTime last_step_at;                // autopilot: where the next `after` counts from
};

// ---- helpers for the bindings (scenario_api.cpp) ---------------------------------------------

// The context of the running C function (upvalue 1).
ScenarioApiContext& api_context(lua_State* L);
// Where the calling Lua code is: the chunk name without '@' and the current line.
SourceLocation caller_location(lua_State* L);
// Raises "FILE:LINE: <ctx.error>" at the caller's position. Never returns.
int raise_api_error(lua_State* L, ScenarioApiContext& ctx);
// Snapshots the arguments 1..count into ctx.scratch; extra arguments beyond `count` are an
// error ("meta{...} takes 1 argument, got 2"). On failure ctx.error says why and it returns
// false. `usage` names the call in messages: "meta {...}".
bool snapshot_arguments(lua_State* L, ScenarioApiContext& ctx, int count, const char* usage);
// Checks that `name` may be called in this phase; false with ctx.error set if not.
bool require_loading(ScenarioApiContext& ctx, const char* name);
bool require_running(ScenarioApiContext& ctx, const char* name);
// Formats a SchemaStatus failure into ctx.error; returns whether the status is ok.
bool take_status(ScenarioApiContext& ctx, const SchemaStatus& status);
// Refuses a second declaration of an id: with `first` (the earlier one's location) set, ctx.error
// says `FIELD: "ID" is declared twice (first at FILE:LINE)` and it returns false.
bool refuse_redeclared(ScenarioApiContext& ctx, std::string_view field, std::string_view id,
                       const SourceLocation* first);

// Runs plain C++ `body` (returning bool) and turns an exception into false with ctx.error set,
// so no C++ exception ever reaches Lua (STYLE 14). Call it before raising, never around Lua
// calls.
template <class Body>
bool guarded(ScenarioApiContext& ctx, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::exception& e) {
    ctx.error = std::string("internal error: ") + e.what();
  } catch (...) {
    ctx.error = "internal error";
  }
  return false;
}

// The whole body of a declaring binding (meta, stack, fault...): checks the phase, snapshots
// `arguments` arguments into ctx.scratch, runs `read` (plain C++: it reads ctx.scratch into
// ctx.definition and returns false with ctx.error set on a problem), and raises after it.
using DeclarationReader = bool (*)(ScenarioApiContext& ctx, lua_State* L);
int run_declaration(lua_State* L, const char* name, const char* usage, int arguments,
                    DeclarationReader read);

// Registers each entry of `functions` as a global function with `ctx` as its upvalue.
void register_globals(LuaSandbox& sandbox, const luaL_Reg* functions, ScenarioApiContext& ctx);

// ---- the domains (one file each) -------------------------------------------------------------
void register_meta_api(LuaSandbox& sandbox, ScenarioApiContext& ctx);       // meta, measure
void register_stack_api(LuaSandbox& sandbox, ScenarioApiContext& ctx);      // stack, traffic, alert
void register_hooks_api(LuaSandbox& sandbox, ScenarioApiContext& ctx);      // at, every, when, ...
void register_faults_api(LuaSandbox& sandbox, ScenarioApiContext& ctx);     // fault, fix, inject...
void register_world_api(LuaSandbox& sandbox, ScenarioApiContext& ctx);      // command, team, log...
void register_autopilot_api(LuaSandbox& sandbox, ScenarioApiContext& ctx);  // autopilot
void register_state_api(LuaSandbox& sandbox, ScenarioApiContext& ctx);      // metric, host, now...

// Reads fault parameters ({rate = 0.2, duration = "5m", flag = true}) for a FaultDecl.
bool read_fault_params(SchemaStatus& status, const SchemaValue& value, const std::string& path,
                       FaultParams& out);

}  // namespace firedrill::script
