// The helpers the scenario API is built from: callbacks held for later, and registration of
// libraries, functions and userdata types. Part of LuaSandbox (see lua_sandbox.h).
#include <cassert>
#include <new>
#include <string>

#include "sim/script/lua_sandbox.h"

// [SECTION] index
//   Callbacks          hold, release, is_held
//   Bindings           register_library / _function / _type

namespace firedrill::script {

struct LuaSandbox::RegisterRequest {
  enum class Kind { library, function, type };
  Kind kind = Kind::library;
  const char* name = nullptr;
  const luaL_Reg* functions = nullptr;
  lua_CFunction function = nullptr;
  void* context = nullptr;
};

// ---- [SECTION] Callbacks ----------------------------------------------------------------------

CallbackId LuaSandbox::hold_callback(lua_State* L, int index) {
  index = lua_absindex(L, index);
  luaL_checktype(L, index, LUA_TFUNCTION);
  const CallbackId id{++next_callback_id_};
  lua_rawgeti(L, LUA_REGISTRYINDEX, callbacks_ref_);
  lua_pushvalue(L, index);
  lua_rawseti(L, -2, id.value);
  lua_pop(L, 1);
  return id;
}

// Raw reads and clearing an existing key neither allocate nor raise: safe unprotected.
void LuaSandbox::release_callback(CallbackId function, lua_State* L) {
  lua_State* const state = L != nullptr ? L : L_;
  if (!function || lua_checkstack(state, 2) == 0) return;
  lua_rawgeti(state, LUA_REGISTRYINDEX, callbacks_ref_);
  if (lua_rawgeti(state, -1, function.value) != LUA_TNIL) {
    lua_pop(state, 1);
    lua_pushnil(state);
    lua_rawseti(state, -2, function.value);
  } else {
    lua_pop(state, 1);
  }
  lua_pop(state, 1);
}

bool LuaSandbox::is_held(CallbackId function, lua_State* L) const {
  lua_State* const state = L != nullptr ? L : L_;
  if (!function || lua_checkstack(state, 2) == 0) return false;
  lua_rawgeti(state, LUA_REGISTRYINDEX, callbacks_ref_);
  const bool held = lua_rawgeti(state, -1, function.value) != LUA_TNIL;
  lua_pop(state, 2);
  return held;
}

// ---- [SECTION] Bindings -----------------------------------------------------------------------

void LuaSandbox::register_library(const char* name, const luaL_Reg* functions, void* context) {
  RegisterRequest request;
  request.kind = RegisterRequest::Kind::library;
  request.name = name;
  request.functions = functions;
  request.context = context;
  register_entry_checked(request);
}

void LuaSandbox::register_function(const char* name, lua_CFunction function, void* context) {
  RegisterRequest request;
  request.kind = RegisterRequest::Kind::function;
  request.name = name;
  request.function = function;
  request.context = context;
  register_entry_checked(request);
}

void LuaSandbox::register_type(const char* type_name, const luaL_Reg* functions, void* context) {
  RegisterRequest request;
  request.kind = RegisterRequest::Kind::type;
  request.name = type_name;
  request.functions = functions;
  request.context = context;
  register_entry_checked(request);
}

void LuaSandbox::register_entry_checked(RegisterRequest& request) {
  assert(!in_call_ && "LuaSandbox: register bindings from host code, not during a call");
  std::string message;
  if (run_protected(&register_entry, &request, message) != LUA_OK) throw std::bad_alloc();
}

int LuaSandbox::register_entry(lua_State* L) noexcept {
  auto* request = static_cast<RegisterRequest*>(lua_touserdata(L, 1));
  lua_settop(L, 0);
  switch (request->kind) {
    case RegisterRequest::Kind::library:
      lua_newtable(L);
      lua_pushlightuserdata(L, request->context);
      luaL_setfuncs(L, request->functions, 1);
      lua_setglobal(L, request->name);
      break;
    case RegisterRequest::Kind::function:
      lua_pushlightuserdata(L, request->context);
      lua_pushcclosure(L, request->function, 1);
      lua_setglobal(L, request->name);
      break;
    case RegisterRequest::Kind::type: {
      luaL_newmetatable(L, request->name);  // 1: the metatable
      lua_newtable(L);                      // 2: the methods
      for (const luaL_Reg* entry = request->functions; entry->name != nullptr; ++entry) {
        if (entry->func == nullptr) continue;
        const bool metamethod = entry->name[0] == '_' && entry->name[1] == '_';
        lua_pushlightuserdata(L, request->context);
        lua_pushcclosure(L, entry->func, 1);
        lua_setfield(L, metamethod ? 1 : 2, entry->name);
      }
      if (lua_getfield(L, 1, "__index") == LUA_TNIL) {
        lua_pushvalue(L, 2);
        lua_setfield(L, 1, "__index");
      }
      lua_pushboolean(L, 0);
      lua_setfield(L, 1, "__metatable");
      break;
    }
  }
  return 0;
}

}  // namespace firedrill::script
