// open_sandbox_stdlib: builds a scenario's global environment in a fresh lua_State owned by a
// LuaSandbox: opens base, table, string, math, utf8 and coroutine only, removes what reaches
// outside the sandbox or defeats its limits, and installs the host-backed replacements listed
// in lua_sandbox.h (print, load, collectgarbage, setmetatable, xpcall, math.random...).
// Internal to sim/script. REQUIRES: runs inside lua_pcall (it allocates and may raise).
#pragma once

#include <lua.hpp>

namespace firedrill::script {

void open_sandbox_stdlib(lua_State* L);

}  // namespace firedrill::script
