// ScenarioDrill: the one wiring of a scenario file to a drill — load the file (sandboxed), create
// the Drill from its spec, put a trainee Console on it, attach a ScenarioRuntime whose autopilot
// inspects through that console, put the scenario's commands and files on the console, start.
// `firedrill check`, `run` and `serve` all wire scenarios through here (serve through
// attach_scenario_runtime, since its Session owns the drill and the console).
// Owns scenario, drill, console and runtime, destroyed in the order their lifetimes need
// (runtime, console, drill, scenario). Single-threaded, like the drill.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "reporter/journal/journal_sink.h"
#include "sim/engine/drill.h"
#include "sim/script/scenario.h"
#include "sim/script/scenario_runtime.h"
#include "sim/trainee/console.h"

namespace firedrill::script {

// Attaches a started runtime for `scenario` to `drill`: with a console, the autopilot's
// inspections run through it (unless options.command_runner is already set) and the scenario's
// commands and files are installed on it. REQUIRES: what ScenarioRuntime requires, and the
// console (if any) is not used after the runtime is gone.
std::unique_ptr<ScenarioRuntime> attach_scenario_runtime(Scenario& scenario, Drill& drill,
                                                         Console* console,
                                                         ScenarioRuntimeOptions options);

// A served drill's attach (api::SessionConfig::attach) for the scenario file at `path`: every
// call loads the file anew, because a runtime owns its scenario's Lua state and a rewind
// attaches a fresh runtime to a fresh drill while the old one still runs. The attachment
// returned points at the ScenarioRuntime (and keeps its Scenario alive behind it). A file that
// no longer loads throws std::runtime_error saying why (FILE:LINE: message).
std::function<std::shared_ptr<void>(Drill&, Console*)> scenario_attacher(
    std::filesystem::path path, ScenarioLoadOptions options);

class ScenarioDrill {
 public:
  // Loads and checks the scenario file. Null with `*error` (FILE:LINE: message) on failure.
  static std::unique_ptr<ScenarioDrill> load(const std::filesystem::path& path,
                                             const ScenarioLoadOptions& options,
                                             ScriptError* error);
  ~ScenarioDrill();
  ScenarioDrill(const ScenarioDrill&) = delete;
  ScenarioDrill& operator=(const ScenarioDrill&) = delete;

  // Creates the drill (its journal goes to `journal`: may be null, not owned, must outlive
  // this), the console and the started runtime. False with `*error` when the drill cannot be
  // built. REQUIRES: once.
  bool start(JournalSink* journal, ScenarioRuntimeOptions options, std::string* error);

  Scenario& scenario() { return *scenario_; }
  const ScenarioDefinition& definition() const { return scenario_->definition(); }
  // REQUIRES: start() succeeded.
  Drill& drill() { return *drill_; }
  Console& console() { return *console_; }
  ScenarioRuntime& runtime() { return *runtime_; }

 private:
  explicit ScenarioDrill(std::unique_ptr<Scenario> scenario);

  // Declaration order is destruction order reversed: the runtime goes first (the console's
  // scenario commands point into it), the scenario last (the runtime holds its callbacks).
  std::unique_ptr<Scenario> scenario_;
  std::unique_ptr<Drill> drill_;
  std::unique_ptr<Console> console_;
  std::unique_ptr<ScenarioRuntime> runtime_;
};

}  // namespace firedrill::script
