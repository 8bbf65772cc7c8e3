// `firedrill list [--dir DIR]`: the bundled scenarios, one line each — id, difficulty,
// simulated length and title — read by loading every *.lua of the scenario directory in its
// sandbox (nothing runs past the declarations). The directory is --dir, else ./scenarios, else
// the source tree's scenarios/ the binary was built from. A scenario that does not load prints
// its FILE:LINE: message on stderr and makes the exit code 1.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "sim/cli/commands.h"
#include "sim/cli/format.h"
#include "sim/script/scenario.h"

namespace firedrill::cli {

namespace {

struct ListOptions {
  std::string dir;
};

std::filesystem::path scenario_dir(const ListOptions& o) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!o.dir.empty()) {
    if (!fs::is_directory(o.dir, ec)) throw CommandError("list: no directory " + o.dir);
    return o.dir;
  }
  if (fs::is_directory("scenarios", ec)) return "scenarios";
#ifdef FIREDRILL_SCENARIO_DIR
  if (fs::is_directory(FIREDRILL_SCENARIO_DIR, ec)) return FIREDRILL_SCENARIO_DIR;
#endif
  throw CommandError("list: no scenarios/ directory here; pass --dir DIR");
}

void run_list(const ListOptions& o) {
  const std::filesystem::path dir = scenario_dir(o);
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::filesystem::path& p = entry.path();
    // firedrill.d.lua is the editor annotation file, not a scenario.
    if (p.extension() == ".lua" && p.filename() != "firedrill.d.lua") files.push_back(p);
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    fmt::print("no scenarios in {}\n", dir.string());
    return;
  }
  fmt::print("{:<28} {:<13} {:>8}  {}\n", "id", "difficulty", "length", "title");
  for (const std::filesystem::path& file : files) {
    script::ScriptError error;
    const std::unique_ptr<script::Scenario> scenario =
        script::Scenario::load_file(file, {}, &error);
    if (!scenario) {
      fmt::print(stderr, "{}\n", error.formatted());
      exit_code() = 1;
      continue;
    }
    const script::ScenarioDefinition& def = scenario->definition();
    fmt::print("{:<28} {:<13} {:>8}  {}\n", def.drill.id, def.meta.difficulty,
               fmt_elapsed(def.drill.length), def.drill.title);
  }
}

}  // namespace

void register_list_command(CLI::App& app) {
  auto options = std::make_shared<ListOptions>();
  CLI::App* cmd = app.add_subcommand(
      "list", "List the bundled scenarios with their id, difficulty, simulated length and title");
  cmd->add_option("--dir", options->dir, "Scenario directory (default: ./scenarios)");
  cmd->callback([options] { run_list(*options); });
}

}  // namespace firedrill::cli
