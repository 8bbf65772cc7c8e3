// push_value / push_values: put C++ values on a Lua stack as the matching Lua type (bool,
// integer, number, string, nil). Pushing a string allocates and may raise a Lua memory error,
// so call these only where Lua errors are caught: inside a C function run by Lua, or in a
// LuaSandbox::call_with pusher (never in bare host code).
#pragma once

#include <concepts>
#include <cstddef>
#include <string_view>

#include <lua.hpp>

namespace firedrill::script {

inline void push_value(lua_State* L, bool value) {
  lua_pushboolean(L, value ? 1 : 0);
}

template <std::integral T>
requires(!std::same_as<T, bool>) void push_value(lua_State* L, T value) {
  lua_pushinteger(L, static_cast<lua_Integer>(value));
}

template <std::floating_point T>
void push_value(lua_State* L, T value) {
  lua_pushnumber(L, static_cast<lua_Number>(value));
}

inline void push_value(lua_State* L, std::string_view value) {
  lua_pushlstring(L, value.data(), value.size());
}
inline void push_value(lua_State* L, const char* value) {
  lua_pushstring(L, value);
}
inline void push_value(lua_State* L, std::nullptr_t) {
  lua_pushnil(L);
}

// Pushes every value in order and returns how many, making room on the stack first.
template <class... Args>
int push_values(lua_State* L, const Args&... values) {
  luaL_checkstack(L, static_cast<int>(sizeof...(Args)), "too many arguments for a Lua call");
  (push_value(L, values), ...);
  return static_cast<int>(sizeof...(Args));
}

}  // namespace firedrill::script
