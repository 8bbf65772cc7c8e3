#include "sim/script/sandbox_stdlib.h"

#include <cstdint>
#include <cstring>

#include "sim/script/lua_sandbox.h"

// Every function here is a lua_CFunction: no C++ object with a destructor lives in these frames
// (see the longjmp rule in lua_sandbox.h).
namespace firedrill::script {

namespace {

// Calls the original library function kept as upvalue 1 with all arguments; returns its results.
int call_original(lua_State* L) {
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

// print(...): tostring of each argument, joined by tabs, as one line to the host's sink.
int sandbox_print(lua_State* L) noexcept {
  const int count = lua_gettop(L);
  luaL_Buffer line;
  luaL_buffinit(L, &line);
  for (int i = 1; i <= count; ++i) {
    if (i > 1) luaL_addchar(&line, '\t');
    luaL_tolstring(L, i, nullptr);
    luaL_addvalue(&line);
  }
  luaL_pushresult(&line);
  size_t length = 0;
  const char* text = lua_tolstring(L, -1, &length);
  if (!LuaSandbox::from(L).send_to_print_sink({text, length})) {
    return luaL_error(L, "print: the host could not take the output");
  }
  return 0;
}

// load(chunk [, chunkname [, mode [, env]]]): always text mode; env defaults to the sandbox
// globals and may only be replaced by another table.
int sandbox_load(lua_State* L) noexcept {
  const int env_type = lua_type(L, 4);
  luaL_argexpected(L, env_type == LUA_TNONE || env_type == LUA_TNIL || env_type == LUA_TTABLE, 4,
                   "table");
  lua_settop(L, 4);
  if (env_type != LUA_TTABLE) {
    lua_pushglobaltable(L);
    lua_replace(L, 4);
  }
  lua_pushliteral(L, "t");
  lua_replace(L, 3);
  return call_original(L);
}

// collectgarbage("count") only: the other options stop or retune the collector.
int sandbox_collectgarbage(lua_State* L) noexcept {
  const char* option = luaL_optstring(L, 1, "collect");
  if (std::strcmp(option, "count") != 0) {
    return luaL_error(L, "collectgarbage('%s') is not available in a scenario (only 'count' is)",
                      option);
  }
  const int kib = lua_gc(L, LUA_GCCOUNT);
  const int bytes = lua_gc(L, LUA_GCCOUNTB);
  lua_pushnumber(L, static_cast<lua_Number>(kib) + static_cast<lua_Number>(bytes) / 1024.0);
  return 1;
}

// setmetatable(t, mt) as in the base library, but refusing finalizers: __gc runs with hooks off
// (no instruction budget), at times the script does not control, and at lua_close.
int sandbox_setmetatable(lua_State* L) noexcept {
  const int mt_type = lua_type(L, 2);
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_argexpected(L, mt_type == LUA_TNIL || mt_type == LUA_TTABLE, 2, "nil or table");
  if (mt_type == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    if (lua_rawget(L, 2) != LUA_TNIL) {
      return luaL_error(L, "setmetatable: __gc (finalizers) is not allowed in a scenario");
    }
    lua_pop(L, 1);
  }
  if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL) {
    return luaL_error(L, "cannot change a protected metatable");
  }
  lua_settop(L, 2);
  lua_setmetatable(L, 1);
  return 1;
}

// xpcall's message handler runs before the stack unwinds; for an error raised by the budget
// hook it runs with hooks off, so a looping handler could never be stopped. Once the budget is
// spent, the script's handler is skipped and the error passes through unchanged.
int guarded_message_handler(lua_State* L) noexcept {
  if (LuaSandbox::from(L).budget_exceeded()) return 1;
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

int finish_xpcall(lua_State* L, int /*status*/, lua_KContext /*context*/) noexcept {
  return lua_gettop(L);
}

int sandbox_xpcall(lua_State* L) noexcept {
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, guarded_message_handler, 1);
  lua_replace(L, 2);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  // With a continuation, so coroutines may still yield inside xpcall.
  lua_callk(L, lua_gettop(L) - 1, LUA_MULTRET, 0, finish_xpcall);
  return finish_xpcall(L, LUA_OK, 0);
}

// math.random with Lua 5.4's contract, drawing from the sandbox's RandomStream:
// () -> float in [0,1); (m) -> integer in [1,m]; (m,n) -> integer in [m,n]; (0) -> any integer.
int sandbox_random(lua_State* L) noexcept {
  RandomStream& random = LuaSandbox::from(L).random();
  lua_Integer low = 1;
  lua_Integer up = 0;
  switch (lua_gettop(L)) {
    case 0:
      lua_pushnumber(L, random.uniform());
      return 1;
    case 1:
      up = luaL_checkinteger(L, 1);
      if (up == 0) {
        lua_pushinteger(L, static_cast<lua_Integer>(random.next_u64()));
        return 1;
      }
      break;
    case 2:
      low = luaL_checkinteger(L, 1);
      up = luaL_checkinteger(L, 2);
      break;
    default:
      return luaL_error(L, "wrong number of arguments");
  }
  luaL_argcheck(L, low <= up, 1, "interval is empty");
  const uint64_t span = static_cast<uint64_t>(up) - static_cast<uint64_t>(low);
  const uint64_t offset = span == UINT64_MAX ? random.next_u64() : random.below(span + 1);
  lua_pushinteger(L, static_cast<lua_Integer>(static_cast<uint64_t>(low) + offset));
  return 1;
}

int sandbox_randomseed(lua_State* L) noexcept {
  return luaL_error(L,
                    "math.randomseed is not available in a scenario: math.random is already "
                    "seeded from the run seed (--seed), so runs stay reproducible");
}

// string.rep of an empty string with an empty separator loops n times in C without allocating,
// where neither the budget nor the memory cap can stop it; the answer is "" anyway.
int sandbox_string_rep(lua_State* L) noexcept {
  size_t length = 0;
  size_t separator_length = 0;
  luaL_checklstring(L, 1, &length);
  const lua_Integer n = luaL_checkinteger(L, 2);
  luaL_optlstring(L, 3, "", &separator_length);
  if (n > 0 && length == 0 && separator_length == 0) {
    lua_pushliteral(L, "");
    return 1;
  }
  return call_original(L);
}

// table.move(a1, f, e, t [,a2]) loops e-f+1 times in C; with metamethods that neither allocate
// nor run Lua code, a huge range would spin forever. No range the memory cap could hold is refused.
int sandbox_table_move(lua_State* L) noexcept {
  const lua_Integer first = luaL_checkinteger(L, 2);
  const lua_Integer last = luaL_checkinteger(L, 3);
  if (last >= first) {
    const uint64_t count = static_cast<uint64_t>(last) - static_cast<uint64_t>(first) + 1;
    const uint64_t most = LuaSandbox::from(L).memory_cap() / (2 * sizeof(lua_Integer));
    if (count > most) {
      return luaL_error(L, "table.move: %I elements are more than a scenario can hold",
                        static_cast<LUAI_UACINT>(count));
    }
  }
  return call_original(L);
}

// ---- Coroutines stopped by the budget ----------------------------------------------------------
// The budget error is raised inside the count hook, where Lua has switched hooks off for that
// thread. When it kills a coroutine, the dead thread keeps hooks off, so closing its pending
// to-be-closed variables (coroutine.close, or wrap's own cleanup) would run __close handlers
// no budget can stop. Such coroutines are marked in a weak table (upvalue 1 of resume, wrap and
// close) and never closed: their __close handlers are skipped.

bool is_poisoned(lua_State* L, int thread) {
  lua_pushvalue(L, thread);
  const bool poisoned = lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL;
  lua_pop(L, 1);
  return poisoned;
}

void poison(lua_State* L, int thread) {
  lua_pushvalue(L, thread);
  lua_pushboolean(L, 1);
  lua_rawset(L, lua_upvalueindex(1));
}

lua_State* check_coroutine(lua_State* L, int index) {
  lua_State* co = lua_tothread(L, index);
  luaL_argexpected(L, co != nullptr, index, "coroutine");
  return co;
}

// coroutine.resume(co, ...): the original (upvalue 2), then marks co if the budget killed it.
int sandbox_resume(lua_State* L) noexcept {
  check_coroutine(L, 1);
  const int count = lua_gettop(L);
  luaL_checkstack(L, count + 1, "too many arguments to resume");
  lua_pushvalue(L, lua_upvalueindex(2));
  for (int i = 1; i <= count; ++i) lua_pushvalue(L, i);
  lua_call(L, count, LUA_MULTRET);
  if (lua_toboolean(L, count + 1) == 0 && LuaSandbox::from(L).budget_exceeded()) poison(L, 1);
  return lua_gettop(L) - count;
}

// coroutine.close(co): the original (upvalue 2), except for coroutines the budget killed.
int sandbox_close(lua_State* L) noexcept {
  check_coroutine(L, 1);
  if (is_poisoned(L, 1)) {
    lua_pushboolean(L, 0);
    lua_pushliteral(L, "the instruction budget stopped this coroutine; it cannot be closed");
    return 2;
  }
  lua_settop(L, 1);
  lua_pushvalue(L, lua_upvalueindex(2));
  lua_insert(L, 1);
  lua_call(L, 1, LUA_MULTRET);
  return lua_gettop(L);
}

// Why `co` cannot be resumed from L, or nullptr when it can.
const char* resume_refusal(lua_State* L, lua_State* co) {
  if (co == L) return "cannot resume non-suspended coroutine";
  switch (lua_status(co)) {
    case LUA_YIELD:
      return nullptr;
    case LUA_OK: {
      lua_Debug ar;
      if (lua_getstack(co, 0, &ar) != 0) return "cannot resume non-suspended coroutine";
      return lua_gettop(co) == 0 ? "cannot resume dead coroutine" : nullptr;
    }
    default:
      return "cannot resume dead coroutine";
  }
}

// The function coroutine.wrap returns. Upvalues: 1 the weak table, 2 the coroutine.
int wrapped_coroutine(lua_State* L) noexcept {
  lua_State* co = lua_tothread(L, lua_upvalueindex(2));
  const int count = lua_gettop(L);
  if (const char* refusal = resume_refusal(L, co); refusal != nullptr) {
    return luaL_error(L, "%s", refusal);
  }
  if (lua_checkstack(co, count) == 0) return luaL_error(L, "too many arguments to resume");
  lua_xmove(L, co, count);
  int result_count = 0;
  const int status = lua_resume(co, L, count, &result_count);
  if (status == LUA_OK || status == LUA_YIELD) {
    if (lua_checkstack(L, result_count + 1) == 0) {
      lua_pop(co, result_count);
      return luaL_error(L, "too many results to resume");
    }
    lua_xmove(co, L, result_count);
    return result_count;
  }
  if (LuaSandbox::from(L).budget_exceeded()) {
    lua_pushvalue(L, lua_upvalueindex(2));
    poison(L, lua_gettop(L));
    lua_pop(L, 1);
    lua_xmove(co, L, 1);  // the error; pending __close handlers are skipped
  } else {
    lua_resetthread(co);  // closes its to-be-closed variables, as Lua's wrap does
    lua_xmove(co, L, 1);  // the error (or the error of a failing __close)
  }
  if (status != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
    luaL_where(L, 1);  // like Lua's wrap: the error gets the caller's position too
    lua_insert(L, -2);
    lua_concat(L, 2);
  }
  return lua_error(L);
}

// coroutine.wrap(f). Upvalue 1: the weak table.
int sandbox_wrap(lua_State* L) noexcept {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_settop(L, 1);
  lua_State* co = lua_newthread(L);
  lua_pushvalue(L, 1);
  lua_xmove(L, co, 1);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, -2);
  lua_pushcclosure(L, wrapped_coroutine, 2);
  return 1;
}

void install_coroutine_guards(lua_State* L, int coroutine_table) {
  lua_newtable(L);  // coroutines stopped by the budget, weak keys
  const int poisoned = lua_gettop(L);
  lua_newtable(L);
  lua_pushliteral(L, "k");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, poisoned);
  const struct {
    const char* name;
    lua_CFunction replacement;
  } kGuarded[] = {{"resume", sandbox_resume}, {"close", sandbox_close}};
  for (const auto& guarded : kGuarded) {
    lua_pushvalue(L, poisoned);
    lua_getfield(L, coroutine_table, guarded.name);
    lua_pushcclosure(L, guarded.replacement, 2);
    lua_setfield(L, coroutine_table, guarded.name);
  }
  lua_pushvalue(L, poisoned);
  lua_pushcclosure(L, sandbox_wrap, 1);
  lua_setfield(L, coroutine_table, "wrap");
  lua_pop(L, 1);
}

void replace_with_closure(lua_State* L, int table, const char* name, lua_CFunction replacement) {
  lua_getfield(L, table, name);
  lua_pushcclosure(L, replacement, 1);
  lua_setfield(L, table, name);
}

void set_field(lua_State* L, int table, const char* name, lua_CFunction function) {
  if (function != nullptr) {
    lua_pushcfunction(L, function);
  } else {
    lua_pushnil(L);
  }
  lua_setfield(L, table, name);
}

}  // namespace

void open_sandbox_stdlib(lua_State* L) {
  // The trimmed linit.c: luaL_requiref each allowed library, never luaL_openlibs.
  static const luaL_Reg kLibraries[] = {
      {LUA_GNAME, luaopen_base},        {LUA_TABLIBNAME, luaopen_table},
      {LUA_STRLIBNAME, luaopen_string}, {LUA_MATHLIBNAME, luaopen_math},
      {LUA_UTF8LIBNAME, luaopen_utf8},  {LUA_COLIBNAME, luaopen_coroutine},
  };
  for (const luaL_Reg& library : kLibraries) {
    luaL_requiref(L, library.name, library.func, 1);
    lua_pop(L, 1);
  }

  lua_pushglobaltable(L);
  const int globals = lua_gettop(L);
  set_field(L, globals, "dofile", nullptr);
  set_field(L, globals, "loadfile", nullptr);
  set_field(L, globals, "warn", nullptr);  // the state has no warning function: it would be mute
  set_field(L, globals, "print", sandbox_print);
  set_field(L, globals, "collectgarbage", sandbox_collectgarbage);
  set_field(L, globals, "setmetatable", sandbox_setmetatable);
  replace_with_closure(L, globals, "load", sandbox_load);
  replace_with_closure(L, globals, "xpcall", sandbox_xpcall);

  lua_getfield(L, globals, LUA_STRLIBNAME);
  const int string_table = lua_gettop(L);
  set_field(L, string_table, "dump", nullptr);
  replace_with_closure(L, string_table, "rep", sandbox_string_rep);
  lua_pop(L, 1);

  lua_getfield(L, globals, LUA_TABLIBNAME);
  replace_with_closure(L, lua_gettop(L), "move", sandbox_table_move);
  lua_pop(L, 1);

  lua_getfield(L, globals, LUA_COLIBNAME);
  install_coroutine_guards(L, lua_gettop(L));
  lua_pop(L, 1);

  lua_getfield(L, globals, LUA_MATHLIBNAME);
  set_field(L, lua_gettop(L), "random", sandbox_random);
  set_field(L, lua_gettop(L), "randomseed", sandbox_randomseed);
  lua_pop(L, 1);

  // The string metatable is shared by every string; getmetatable("") now answers false and
  // setmetatable cannot reach it.
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1);
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 2);

  lua_pop(L, 1);  // globals
}

}  // namespace firedrill::script
