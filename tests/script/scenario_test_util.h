// Helpers for the scenario tests: a small valid scenario to build on, loading that must succeed
// or fail, and a drill with the scenario attached whose journal is kept in memory and whose
// script errors are collected instead of printed.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "reporter/journal/memory_journal_sink.h"
#include "sim/engine/drill.h"
#include "sim/script/scenario.h"
#include "sim/script/scenario_console.h"
#include "sim/script/scenario_runtime.h"
#include "sim/trainee/console.h"

namespace firedrill::script::testing {

// Only the meta {...} declaration (4 lines).
inline std::string base_meta() {
  return R"(meta {
  id = "test-scenario", title = "A test", difficulty = "beginner", length = "20m",
  start = "2024-02-16 14:00:00", briefing = "b", root_cause = "r", learning_goals = {"g"},
}
)";
}
inline constexpr int kMetaLines = 4;

// The smallest scenario worth running: meta, a two-server stack at low traffic, one alert.
// Tests append their own declarations (on later lines: line numbers in messages count from 1).
inline std::string base_scenario() {
  return R"(meta {
  id = "test-scenario", title = "A test", difficulty = "beginner", length = "20m",
  start = "2024-02-16 14:00:00", briefing = "b", root_cause = "r", learning_goals = {"g"},
}
stack { web = { count = 2, workers = 8 } }
traffic { rps = 20, users = 500 }
alert { name = "Errors", expr = "lb.error_ratio > 0.5", summary = "errors", expect_firing = false }
)";
}
inline constexpr int kBaseLines = 7;  // lines of base_scenario(): appended code starts at 8
// base_scenario() with `extra` appended (from line kBaseLines + 1).
inline std::string base_scenario_with(const std::string& extra) {
  return base_scenario() + extra;
}

inline std::unique_ptr<Scenario> load_ok(const std::string& code,
                                         std::string_view name = "test.lua") {
  ScriptError error;
  std::unique_ptr<Scenario> scenario = Scenario::load_string(code, name, {}, &error);
  INFO(error.formatted() << "\n" << error.traceback);
  REQUIRE(scenario != nullptr);
  return scenario;
}

// The error a scenario that must not load gives.
inline ScriptError load_error(const std::string& code, std::string_view name = "test.lua") {
  ScriptError error;
  std::unique_ptr<Scenario> scenario = Scenario::load_string(code, name, {}, &error);
  REQUIRE(scenario == nullptr);
  return error;
}

// A scenario attached to a fresh drill; nothing has run yet (call start()).
struct ScenarioDrill {
  std::unique_ptr<Scenario> scenario;
  MemoryJournalSink journal;
  std::unique_ptr<Drill> drill;
  std::unique_ptr<Console> console;  // with_console: the scenario's commands on it
  std::unique_ptr<ScenarioRuntime> runtime;
  std::vector<ScriptError> errors;
  std::vector<std::string> disabled;

  explicit ScenarioDrill(const std::string& code, bool autopilot = false,
                         std::string_view name = "test.lua", bool with_console = false) {
    scenario = load_ok(code, name);
    std::string error;
    drill = Drill::create(scenario->drill_spec(), &journal, &error);
    INFO(error);
    REQUIRE(drill != nullptr);
    ScenarioRuntimeOptions options;
    options.autopilot = autopilot;
    options.error_sink = [this](const ScriptError& e, const std::string& what) {
      errors.push_back(e);
      disabled.push_back(what);
    };
    if (with_console) {
      console = std::make_unique<Console>(drill->stack(), drill->logs());
      options.command_runner = console_runner(*console);
    }
    runtime = std::make_unique<ScenarioRuntime>(*scenario, *drill, std::move(options));
    if (console) install_scenario_console(*runtime, *console);
    runtime->start();
  }
  ~ScenarioDrill() {
    runtime.reset();  // before the drill, as the runtime's contract asks
  }

  void run_to(SimTime t) { drill->run_until(t); }
  // The journal records of one kind, in order.
  std::vector<JournalRecord> records(std::string_view kind) const {
    std::vector<JournalRecord> out;
    for (const JournalRecord& r : journal.records())
      if (r.kind == kind) out.push_back(r);
    return out;
  }
  // The times (whole seconds) at which records of `kind` named `name` were written.
  std::vector<int64_t> seconds_of(std::string_view kind, std::string_view name) const {
    std::vector<int64_t> out;
    for (const JournalRecord& r : records(kind))
      if (r.fields.value("name", std::string()) == name) out.push_back(r.t.whole_seconds());
    return out;
  }
};

}  // namespace firedrill::script::testing
