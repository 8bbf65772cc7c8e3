#include "sim/script/lua_sandbox_pairs.h"

#include <cstring>

// Every function here is a lua_CFunction or called from one: no C++ object with a destructor
// lives in these frames (see the longjmp rule in lua_sandbox.h).
namespace firedrill::script {

namespace {

constexpr const char* kSortKey = "firedrill.table_sort";  // registry: the original table.sort

int type_rank(lua_State* L, int index) {
  switch (lua_type(L, index)) {
    case LUA_TNUMBER:
      return 0;
    case LUA_TSTRING:
      return 1;
    case LUA_TBOOLEAN:
      return 2;
    default:
      return 3 + lua_type(L, index);
  }
}

// The total order of keys. Never raises: no metamethods, no conversions.
bool key_less(lua_State* L, int a, int b) {
  const int ra = type_rank(L, a), rb = type_rank(L, b);
  if (ra != rb) return ra < rb;
  switch (lua_type(L, a)) {
    case LUA_TNUMBER:
      return lua_compare(L, a, b, LUA_OPLT) != 0;  // numbers: no metamethod, cannot raise
    case LUA_TSTRING: {
      // Bytes, not strcoll: the order must not depend on the locale.
      size_t la = 0, lb = 0;
      const char* sa = lua_tolstring(L, a, &la);
      const char* sb = lua_tolstring(L, b, &lb);
      const int c = std::memcmp(sa, sb, la < lb ? la : lb);
      return c != 0 ? c < 0 : la < lb;
    }
    case LUA_TBOOLEAN:
      return !lua_toboolean(L, a) && lua_toboolean(L, b);
    default:
      return lua_topointer(L, a) < lua_topointer(L, b);
  }
}

int sort_less(lua_State* L) noexcept {
  lua_pushboolean(L, key_less(L, 1, 2));
  return 1;
}

// The iterator pairs returns: upvalue 1 the sorted keys, upvalue 2 how many were visited. Keys
// whose value became nil during the loop are skipped (assigning nil to a field while
// traversing is allowed, as with next); keys added during the loop are not visited.
int ordered_pairs_step(lua_State* L) noexcept {
  lua_Integer i = lua_tointeger(L, lua_upvalueindex(2));
  for (;;) {
    ++i;
    if (lua_rawgeti(L, lua_upvalueindex(1), i) == LUA_TNIL) {
      lua_pushinteger(L, i - 1);
      lua_replace(L, lua_upvalueindex(2));
      return 1;  // nil: done
    }
    lua_pushvalue(L, -1);
    if (lua_rawget(L, 1) != LUA_TNIL) {
      lua_pushinteger(L, i);
      lua_replace(L, lua_upvalueindex(2));
      return 2;  // key, value
    }
    lua_pop(L, 2);
  }
}

int ordered_pairs(lua_State* L) noexcept {
  luaL_checkany(L, 1);
  if (luaL_getmetafield(L, 1, "__pairs") != LUA_TNIL) {  // as Lua's pairs does
    lua_pushvalue(L, 1);
    lua_call(L, 1, 3);
    return 3;
  }
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  push_sorted_keys(L, 1);
  lua_pushinteger(L, 0);
  lua_pushcclosure(L, ordered_pairs_step, 2);
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

// next(t [, k]): the least key greater than k (the first key without k) whose value is not
// nil, and its value; nil at the end. One pass over the table, no allocation.
int ordered_next(lua_State* L) noexcept {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 2);
  const bool from_start = lua_isnil(L, 2);
  lua_pushnil(L);  // 3: the best key so far
  lua_pushnil(L);  // 4: lua_next's cursor
  while (lua_next(L, 1) != 0) {
    lua_pop(L, 1);  // the value; the key stays as the cursor, at 4
    if ((from_start || key_less(L, 2, 4)) && (lua_isnil(L, 3) || key_less(L, 4, 3))) {
      lua_pushvalue(L, 4);
      lua_replace(L, 3);
    }
  }
  if (lua_isnil(L, 3)) {
    lua_pushnil(L);
    return 1;
  }
  lua_pushvalue(L, 3);
  lua_pushvalue(L, 3);
  lua_rawget(L, 1);
  return 2;
}

}  // namespace

void push_sorted_keys(lua_State* L, int index) {
  index = lua_absindex(L, index);
  luaL_checkstack(L, 6, "no room to sort a table's keys");
  lua_newtable(L);
  const int keys = lua_gettop(L);
  lua_Integer n = 0;
  lua_pushnil(L);
  while (lua_next(L, index) != 0) {
    lua_pop(L, 1);
    lua_pushvalue(L, -1);
    lua_rawseti(L, keys, ++n);
  }
  if (n < 2) return;
  lua_getfield(L, LUA_REGISTRYINDEX, kSortKey);
  lua_pushvalue(L, keys);
  lua_pushcfunction(L, sort_less);
  lua_call(L, 2, 0);
}

void install_ordered_iteration(lua_State* L) {
  lua_getglobal(L, LUA_TABLIBNAME);
  lua_getfield(L, -1, "sort");
  lua_setfield(L, LUA_REGISTRYINDEX, kSortKey);
  lua_pop(L, 1);
  lua_pushcfunction(L, ordered_pairs);
  lua_setglobal(L, "pairs");
  lua_pushcfunction(L, ordered_next);
  lua_setglobal(L, "next");
}

}  // namespace firedrill::script
