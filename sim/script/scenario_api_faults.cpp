// Scenario API, faults domain. Declarations: fault {...} (a fault of the C++ fault library, its
// targets and parameters, checked by make_fault as it is declared), red_herring {...} (the
// same, for a misleading signal that is not the cause) and fix {...} (which responder actions
// repair or mitigate which faults). While the drill runs: inject(id), clear(id),
// ramp(id, intensity, over), fault_state(id), fault_active(id).
#include <fmt/format.h>

#include "sim/faults/fault_catalog.h"
#include "sim/script/scenario_api.h"
#include "sim/script/scenario_runtime.h"

namespace firedrill::script {

namespace {

bool read_fault_decl(ScenarioApiContext& ctx, lua_State* L, bool red_herring) {
  const char* call = red_herring ? "red_herring" : "fault";
  SchemaStatus status;
  RecordReader r(status, ctx.scratch[0], call);
  FaultDecl f;
  f.red_herring = red_herring;
  r.text("id", f.id, true);
  r.text("kind", f.kind, true);
  r.text_list("targets", f.targets);
  if (const SchemaValue* params = r.get("params")) {
    read_fault_params(status, *params, r.path_of("params"), f.params);
  }
  SimTime at;
  if (r.duration("at", at)) f.at = at;
  r.text("explanation", f.explanation, red_herring);
  r.finish();
  if (!take_status(ctx, status)) return false;
  const FaultDecl* other = ctx.definition.fault(f.id);
  if (!refuse_redeclared(ctx, fmt::format("{}.id", call), f.id, other ? &other->where : nullptr))
    return false;
  // Everything the library can check without a stack: kind, parameters, target patterns.
  const auto made = make_fault(f.kind, f.targets, f.params);
  if (!made.ok()) {
    ctx.error = fmt::format("{}.{}", call, made.error().formatted());
    return false;
  }
  f.targets = made.value()->targets();  // the kind's default targets when none were given
  f.where = caller_location(L);
  ctx.definition.faults.push_back(std::move(f));
  return true;
}

bool read_fault(ScenarioApiContext& ctx, lua_State* L) {
  return read_fault_decl(ctx, L, false);
}
bool read_red_herring(ScenarioApiContext& ctx, lua_State* L) {
  return read_fault_decl(ctx, L, true);
}

int api_fault(lua_State* L) noexcept {
  return run_declaration(L, "fault", "fault {...}", 1, read_fault);
}
int api_red_herring(lua_State* L) noexcept {
  return run_declaration(L, "red_herring", "red_herring {...}", 1, read_red_herring);
}

bool read_fix(ScenarioApiContext& ctx, lua_State* L) {
  SchemaStatus status;
  RecordReader r(status, ctx.scratch[0], "fix");
  FixRule fix;
  r.text("action", fix.action, true);
  r.text_list("targets", fix.targets);
  r.text_map("params", fix.params);
  r.function("check", fix.check);
  r.text_list("repairs", fix.repairs);
  r.text_list("mitigates", fix.mitigates);
  r.function("run", fix.run);
  r.text("note", fix.note);
  r.finish();
  if (status.ok() && fix.repairs.empty() && fix.mitigates.empty() && !fix.run) {
    status.fail("fix",
                "a fix needs repairs, mitigates or run (what the action does to the "
                "incident)");
  }
  if (!take_status(ctx, status)) return false;
  fix.where = caller_location(L);
  ctx.definition.fixes.push_back(std::move(fix));
  return true;
}

int api_fix(lua_State* L) noexcept {
  return run_declaration(L, "fix", "fix {...}", 1, read_fix);
}

// ---- while the drill runs ---------------------------------------------------------------------

enum class FaultOp { inject, clear, state };

// Runs `op` on the fault named by the id argument. Plain C++: its std::string is gone before
// the caller raises or pushes anything.
bool fault_operation(ScenarioApiContext& ctx, FaultOp op, const char* id, size_t length,
                     bool& changed) {
  const std::string name(id, length);
  switch (op) {
    case FaultOp::inject:
      return ctx.runtime->inject(name, ctx.error, changed);
    case FaultOp::clear:
      return ctx.runtime->clear(name, ctx.error, changed);
    case FaultOp::state:
      if (ctx.definition.fault(name) == nullptr) {
        ctx.error = fmt::format("no fault \"{}\" is declared", name);
        return false;
      }
      changed = ctx.runtime->fault_state(name) == ScenarioRuntime::FaultState::active;
      return true;
  }
  return false;
}

int run_fault_operation(lua_State* L, const char* name, FaultOp op) {
  ScenarioApiContext& ctx = api_context(L);
  size_t length = 0;
  const char* id = luaL_checklstring(L, 1, &length);
  if (!require_running(ctx, name)) return raise_api_error(L, ctx);
  bool changed = false;
  if (!guarded(ctx, [&] { return fault_operation(ctx, op, id, length, changed); })) {
    return raise_api_error(L, ctx);
  }
  lua_pushboolean(L, changed ? 1 : 0);
  return 1;
}

int api_inject(lua_State* L) noexcept {
  return run_fault_operation(L, "inject", FaultOp::inject);
}
int api_clear(lua_State* L) noexcept {
  return run_fault_operation(L, "clear", FaultOp::clear);
}
int api_fault_active(lua_State* L) noexcept {
  return run_fault_operation(L, "fault_active", FaultOp::state);
}

bool ramp_operation(ScenarioApiContext& ctx, const char* id, size_t length, double intensity,
                    SimTime over) {
  return ctx.runtime->ramp(std::string(id, length), intensity, over, ctx.error);
}

int api_ramp(lua_State* L) noexcept {
  ScenarioApiContext& ctx = api_context(L);
  size_t length = 0;
  const char* id = luaL_checklstring(L, 1, &length);
  const double intensity = static_cast<double>(luaL_checknumber(L, 2));
  const double seconds = static_cast<double>(luaL_optnumber(L, 3, 0));
  luaL_argcheck(L, intensity >= 0 && intensity <= 1, 2, "intensity must be from 0 to 1");
  luaL_argcheck(L, seconds >= 0 && seconds < 1e7, 3, "over must be a number of seconds >= 0");
  if (!require_running(ctx, "ramp")) return raise_api_error(L, ctx);
  if (!guarded(ctx, [&] {
        return ramp_operation(ctx, id, length, intensity, SimTime::from_seconds(seconds));
      })) {
    return raise_api_error(L, ctx);
  }
  return 0;
}

int api_fault_state(lua_State* L) noexcept {
  ScenarioApiContext& ctx = api_context(L);
  size_t length = 0;
  const char* id = luaL_checklstring(L, 1, &length);
  if (!require_running(ctx, "fault_state")) return raise_api_error(L, ctx);
  bool active = false;
  if (!guarded(ctx, [&] { return fault_operation(ctx, FaultOp::state, id, length, active); })) {
    return raise_api_error(L, ctx);
  }
  const ScenarioRuntime::FaultState state = ctx.runtime->fault_state(std::string_view(id, length));
  lua_pushstring(L, state == ScenarioRuntime::FaultState::pending  ? "pending"
                    : state == ScenarioRuntime::FaultState::active ? "active"
                                                                   : "cleared");
  return 1;
}

const luaL_Reg kFaultsApi[] = {
    {"fault", api_fault},
    {"red_herring", api_red_herring},
    {"fix", api_fix},
    {"inject", api_inject},
    {"clear", api_clear},
    {"ramp", api_ramp},
    {"fault_active", api_fault_active},
    {"fault_state", api_fault_state},
    {nullptr, nullptr},
};

}  // namespace

void register_faults_api(LuaSandbox& sandbox, ScenarioApiContext& ctx) {
  register_globals(sandbox, kFaultsApi, ctx);
}

}  // namespace firedrill::script
