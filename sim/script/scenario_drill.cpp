#include "sim/script/scenario_drill.h"

#include <stdexcept>

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

std::function<std::shared_ptr<void>(Drill&, Console*)> scenario_attacher(
    std::filesystem::path path, ScenarioLoadOptions options) {
  return
      [path = std::move(path), options](Drill& drill, Console* console) -> std::shared_ptr<void> {
        // Declaration order: the runtime goes before the scenario whose callbacks it holds.
        struct Attached {
          std::unique_ptr<Scenario> scenario;
          std::unique_ptr<ScenarioRuntime> runtime;
        };
        auto attached = std::make_shared<Attached>();
        ScriptError failed;
        attached->scenario = Scenario::load_file(path, options, &failed);
        if (!attached->scenario) throw std::runtime_error(failed.formatted());
        attached->runtime = attach_scenario_runtime(*attached->scenario, drill, console, {});
        return std::shared_ptr<void>(attached, attached->runtime.get());
      };
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
