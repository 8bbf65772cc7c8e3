#include "sim/script/scenario.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <system_error>

#include "sim/core/random.h"
#include "sim/script/scenario_api.h"

namespace firedrill::script {

namespace {

// The chunk name for a scenario path: what the author should see in FILE:LINE, and nothing of
// the machine (journals must not carry absolute paths).
std::string chunk_name_for(const std::filesystem::path& path) {
  if (!path.is_absolute()) return path.lexically_normal().generic_string();
  std::error_code ec;
  const std::filesystem::path cwd = std::filesystem::current_path(ec);
  if (!ec) {
    const std::filesystem::path relative = path.lexically_normal().lexically_relative(cwd);
    if (!relative.empty() && *relative.begin() != "..") return relative.generic_string();
  }
  return path.filename().string();
}

}  // namespace

Scenario::Scenario(std::string file, const ScenarioLoadOptions& options)
    : file_(std::move(file)), context_(std::make_unique<ScenarioApiContext>()) {
  LuaSandbox::Options sandbox_options;
  sandbox_options.memory_cap = options.memory_cap;
  sandbox_options.instruction_budget = options.instruction_budget;
  // Until a drill is attached (which reseeds from the run seed), math.random draws from a
  // stream of the file name: loading is reproducible too.
  sandbox_options.random = RandomStream(fnv1a64(file_));
  sandbox_options.print_sink = options.print_sink;
  sandbox_ = std::make_unique<LuaSandbox>(std::move(sandbox_options));
  context_->sandbox = sandbox_.get();
  register_meta_api(*sandbox_, *context_);
  register_stack_api(*sandbox_, *context_);
  register_hooks_api(*sandbox_, *context_);
  register_faults_api(*sandbox_, *context_);
  register_world_api(*sandbox_, *context_);
  register_autopilot_api(*sandbox_, *context_);
  register_state_api(*sandbox_, *context_);
}

Scenario::~Scenario() = default;

const ScenarioDefinition& Scenario::definition() const {
  return context_->definition;
}

std::unique_ptr<Scenario> Scenario::load_string(std::string_view code, std::string_view name,
                                                const ScenarioLoadOptions& options,
                                                ScriptError* error) {
  std::unique_ptr<Scenario> scenario(new Scenario(std::string(name), options));
  if (std::optional<ScriptError> failed = scenario->run(code, options)) {
    *error = std::move(*failed);
    return nullptr;
  }
  return scenario;
}

std::unique_ptr<Scenario> Scenario::load_file(const std::filesystem::path& path,
                                              const ScenarioLoadOptions& options,
                                              ScriptError* error) {
  const std::string name = chunk_name_for(path);
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    *error = ScriptError{
        name, 0, "cannot read the scenario: it is a directory", {}, ScriptErrorKind::io};
    return nullptr;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = ScriptError{name,
                         0,
                         std::string("cannot open the scenario: ") + std::strerror(errno),
                         {},
                         ScriptErrorKind::io};
    return nullptr;
  }
  const std::string code((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    *error = ScriptError{name, 0, "cannot read the scenario", {}, ScriptErrorKind::io};
    return nullptr;
  }
  return load_string(code, name, options, error);
}

std::optional<ScriptError> Scenario::run(std::string_view code,
                                         const ScenarioLoadOptions& options) {
  context_->phase = ScenarioPhase::loading;
  std::optional<ScriptError> error = sandbox_->run_string(code, file_);
  context_->phase = ScenarioPhase::detached;
  if (error) return error;
  if (options.seed) context_->definition.drill.seed = *options.seed;
  return finish_scenario_definition(context_->definition, file_);
}

}  // namespace firedrill::script
