// Ordered iteration for the sandbox: `pairs` and `next` that visit a table's keys in one defined
// order, so a scenario that walks a table does the same thing in every run. Lua's own order
// depends on where keys hash, and the string hash is seeded per lua_State (luai_makeseed mixes
// addresses and the time), so two loads of one file could walk a string-keyed table
// differently and journal different things. The order: numbers ascending, then strings by
// their bytes, then false before true, then other keys (tables, functions...) by address —
// the one part that may differ between runs. A `__pairs` metamethod is honoured, as in Lua.
// pairs costs O(n log n) to start; next(t, k) O(n) a call: loops should use pairs.
// Internal to sim/script; the functions follow the longjmp rule of lua_sandbox.h.
#pragma once

#include <lua.hpp>

namespace firedrill::script {

// Replaces the globals pairs and next. REQUIRES: runs inside lua_pcall, after the standard
// library is open (it keeps the original table.sort where scripts cannot reach it).
void install_ordered_iteration(lua_State* L);

// Pushes a new sequence of the keys of the table at `index`, in the order above. May raise (a
// memory error). REQUIRES: install_ordered_iteration ran on this state.
void push_sorted_keys(lua_State* L, int index);

}  // namespace firedrill::script
