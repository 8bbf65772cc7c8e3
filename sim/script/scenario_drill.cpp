#include "sim/script/scenario_drill.h"

#include <cassert>

#include "sim/script/scenario_console.h"

namespace firedrill::script {

std::unique_ptr<ScenarioRuntime> attach_scenario_runtime(Scenario& scenario, Drill& drill,
                                                         Console* console,
                                                         ScenarioRuntimeOptions options) {
  if (console && !options.command_runner) options.command_runner = console_runner(*console);
  auto runtime = std::make_unique<ScenarioRuntime>(scenario, drill, std::move(options));
  if (console) install_scenario_console(*runtime, *console);
  runtime->start();
  return runtime;
}

ScenarioDrill::ScenarioDrill(std::unique_ptr<Scenario> scenario) : scenario_(std::move(scenario)) {}

ScenarioDrill::~ScenarioDrill() = default;

std::unique_ptr<ScenarioDrill> ScenarioDrill::load(const std::filesystem::path& path,
                                                   const ScenarioLoadOptions& options,
                                                   ScriptError* error) {
  std::unique_ptr<Scenario> scenario = Scenario::load_file(path, options, error);
  if (!scenario) return nullptr;
  return std::unique_ptr<ScenarioDrill>(new ScenarioDrill(std::move(scenario)));
}

bool ScenarioDrill::start(JournalSink* journal, ScenarioRuntimeOptions options,
                          std::string* error) {
  assert(!drill_ && "ScenarioDrill::start() twice");
  drill_ = Drill::create(scenario_->drill_spec(), journal, error);
  if (!drill_) return false;  // finish_scenario_definition built the same drill: a bug
  console_ = std::make_unique<Console>(drill_->stack(), drill_->logs());
  runtime_ = attach_scenario_runtime(*scenario_, *drill_, console_.get(), std::move(options));
  return true;
}

}  // namespace firedrill::script
