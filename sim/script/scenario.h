// Scenario: one scenario file loaded into its own LuaSandbox — the file's top level runs once,
// its declarations (meta, stack, alert, fault, at, team, autopilot...) fill a
// ScenarioDefinition, and the whole is checked against a throwaway stack built from it (alert
// selectors, fault targets and parameters, fix rules, autopilot moves). Any problem — syntax,
// runtime, a bad field — comes back as one ScriptError naming FILE:LINE. The Scenario owns the
// sandbox that holds the scenario's Lua functions; ScenarioRuntime (scenario_runtime.h)
// attaches it to a Drill. Single-threaded; not copyable or movable (bindings point into it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sim/script/lua_sandbox.h"
#include "sim/script/scenario_definition.h"
#include "sim/script/script_error.h"

namespace firedrill::script {

struct ScenarioApiContext;

struct ScenarioLoadOptions {
  size_t memory_cap = size_t{64} << 20;
  int64_t instruction_budget = 10'000'000;  // per call: the file's top level, each hook
  std::optional<uint64_t> seed;             // replaces meta.seed (`--seed`)
  std::function<void(std::string_view line)> print_sink;  // print(); null discards
};

class Scenario {
 public:
  // Loads and checks a scenario. On failure returns null and sets `*error`. The chunk name
  // (and so FILE in messages) is the path relative to the working directory when it lies
  // under it, the file name for other absolute paths, else the path as given.
  static std::unique_ptr<Scenario> load_file(const std::filesystem::path& path,
                                             const ScenarioLoadOptions& options,
                                             ScriptError* error);
  // The same for source text; `name` is the chunk name ("scenarios/x.lua").
  static std::unique_ptr<Scenario> load_string(std::string_view code, std::string_view name,
                                               const ScenarioLoadOptions& options,
                                               ScriptError* error);
  ~Scenario();
  Scenario(const Scenario&) = delete;
  Scenario& operator=(const Scenario&) = delete;

  const std::string& file() const { return file_; }
  const ScenarioDefinition& definition() const;
  // The DrillSpec to create the drill with (the seed override applied).
  const DrillSpec& drill_spec() const { return definition().drill; }

  // For ScenarioRuntime and tests.
  LuaSandbox& sandbox() { return *sandbox_; }
  ScenarioApiContext& context() { return *context_; }

 private:
  Scenario(std::string file, const ScenarioLoadOptions& options);
  std::optional<ScriptError> run(std::string_view code, const ScenarioLoadOptions& options);

  std::string file_;
  std::unique_ptr<ScenarioApiContext> context_;  // declared first: outlives the sandbox
  std::unique_ptr<LuaSandbox> sandbox_;
};

// The checks that need the whole file: required declarations, cross references (fix rules to
// faults, autopilot to teams and alerts, runbooks to alerts), and everything a stack built
// from the spec can tell (alert selectors, fault targets and parameters, hosts named by
// commands, files and actions). Fills in derived values (the traffic's time of day, the
// standard alerts when none are declared). Errors blame the declaration's FILE:LINE.
std::optional<ScriptError> finish_scenario_definition(ScenarioDefinition& definition,
                                                      const std::string& file);

}  // namespace firedrill::script
