-- luacheck settings for the scenario files (scripts/lint-scenarios.sh runs it over scenarios/).
-- A scenario runs in firedrill's Lua 5.4 sandbox (sim/script/lua_sandbox.h): the standard
-- globals minus what the sandbox removes, plus the scenario API, whose reference is
-- scenarios/firedrill.d.lua and whose bindings are sim/script/scenario_api_*.cpp.
std = "lua54"

-- Removed by the sandbox: using one is an error at run time, so it is one here too.
not_globals = { "io", "os", "require", "package", "debug", "dofile", "loadfile", "warn" }

-- The scenario API (keep in step with the luaL_Reg tables of sim/script/scenario_api_*.cpp).
read_globals = {
  -- declarations (scenario_api_meta, _stack, _hooks, _faults, _world, _autopilot)
  "meta", "measure", "stack", "traffic", "alert",
  "at", "every", "when", "resolved_when",
  "fault", "red_herring", "fix", "inject", "clear", "ramp", "fault_state", "fault_active",
  "command", "file", "team", "stakeholder", "hint", "runbook", "deploy", "log",
  "autopilot",
  -- live state (scenario_api_state)
  "metric", "host", "hosts", "now", "clock", "alert_firing", "actions", "commands", "escalated",
  "idle",
}

-- Comments stay within 100 columns; code within 120, since scenarios quote log lines and
-- command output verbatim inside string.format calls; long strings are not limited.
max_code_line_length = 120
max_comment_line_length = 100
max_string_line_length = false

-- The API reference declares the functions above as globals (for editors): not a scenario.
exclude_files = { "scenarios/firedrill.d.lua" }
