// `firedrill check SCENARIO.lua...`: validates scenarios for their authors. Each file is loaded
// sandboxed and run headless at full speed with its autopilot to its length; the check requires
// that every declared alert fired, that the autopilot's fix resolved the incident, that no hook
// failed, and that the postmortem draft written from the journal lints clean. Problems print
// as "FILE:LINE: message" (with the Lua traceback when there is one) on stderr; one "ok" line
// per good scenario on stdout. Exit 1 when any scenario fails.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "reporter/debrief/debrief.h"
#include "reporter/writer/postmortem_draft.h"
#include "sim/cli/commands.h"
#include "sim/cli/format.h"
#include "sim/script/scenario_check.h"

namespace firedrill::cli {

namespace {

struct CheckOptions {
  std::vector<std::string> files;
  std::optional<uint64_t> seed;
  bool skip_draft = false;
};

// The draft `firedrill run --out` would write, linted; one line per finding.
std::vector<std::string> lint_draft(const std::vector<JournalRecord>& journal) {
  const PostmortemDraft draft = write_postmortem(build_debrief(journal));
  std::vector<std::string> findings;
  for (const lint::LintFinding& f : draft.lint.findings) {
    findings.push_back(lint::format_finding("postmortem.md", f));
  }
  return findings;
}

void run_check(const CheckOptions& o) {
  script::ScenarioCheckOptions options;
  options.seed = o.seed;
  if (!o.skip_draft) options.lint_draft = lint_draft;
  int failed = 0;
  for (const std::string& file : o.files) {
    const script::ScenarioCheckReport report = script::check_scenario(file, options);
    if (!report.ok()) {
      ++failed;
      for (const std::string& problem : report.problems) fmt::print(stderr, "{}\n", problem);
      continue;
    }
    std::string fired;
    for (const std::string& a : report.alerts_fired) fired += (fired.empty() ? "" : ", ") + a;
    fmt::print("ok: {} ({}, {}, {}): alerts fired: {}; resolved at +{}; {} journal records\n",
               report.file, report.id, report.difficulty, fmt_elapsed(report.length),
               fired.empty() ? "none" : fired, fmt_elapsed(*report.resolved_at), report.records);
  }
  if (failed > 0) {
    fmt::print(stderr, "check: {} of {} scenario{} failed\n", failed, o.files.size(),
               o.files.size() == 1 ? "" : "s");
    exit_code() = 1;
  }
}

}  // namespace

void register_check_command(CLI::App& app) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand(
      "check",
      "Validate scenarios: load each one sandboxed, run it with its autopilot at full speed, "
      "and verify that its alerts fire, its fix resolves the incident and the draft lints "
      "clean. Problems print as FILE:LINE: message; exit code 1 on any failure.");
  cmd->add_option("scenarios", options->files, "Scenario files (.lua)")->required();
  cmd->add_option("--seed", options->seed, "Run with this seed instead of the scenario's");
  cmd->add_flag("--no-draft", options->skip_draft, "Skip the postmortem draft's lint");
  cmd->callback([options] { run_check(*options); });
}

}  // namespace firedrill::cli
