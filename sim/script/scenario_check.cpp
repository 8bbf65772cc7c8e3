#include "sim/script/scenario_check.h"

#include <fmt/format.h>

#include <algorithm>

#include "reporter/journal/memory_journal_sink.h"
#include "sim/engine/drill.h"
#include "sim/script/scenario_drill.h"
#include "sim/script/scenario_schema.h"

namespace firedrill::script {

namespace {

std::string with_traceback(const ScriptError& error) {
  std::string text = error.formatted();
  if (!error.traceback.empty()) text += "\n" + error.traceback;
  return text;
}

std::string at(const SourceLocation& where, const std::string& file) {
  return where.line > 0 ? fmt::format("{}:{}", where.file, where.line) : file;
}

}  // namespace

ScenarioCheckReport check_scenario(const std::filesystem::path& path,
                                   const ScenarioCheckOptions& options) {
  ScenarioCheckReport report;
  report.file = path.string();
  ScenarioLoadOptions load;
  load.seed = options.seed;
  MemoryJournalSink journal;  // outlives the drill that writes to it
  ScriptError error;
  std::unique_ptr<ScenarioDrill> run = ScenarioDrill::load(path, load, &error);
  if (!run) {
    report.problems.push_back(with_traceback(error));
    return report;
  }
  report.file = run->scenario().file();
  const ScenarioDefinition& def = run->definition();
  report.loaded = true;
  report.id = def.drill.id;
  report.title = def.drill.title;
  report.difficulty = def.meta.difficulty;
  report.length = def.drill.length;
  report.seed = def.drill.seed;

  // The autopilot inspects through the trainee's console, with the scenario's commands on it.
  ScenarioRuntimeOptions runtime_options;
  runtime_options.autopilot = true;
  runtime_options.error_sink = [&report](const ScriptError& e, const std::string& what) {
    report.problems.push_back(with_traceback(e) + "\n  (" + what + " was disabled)");
  };
  std::string drill_error;
  if (!run->start(&journal, std::move(runtime_options), &drill_error)) {
    // finish_scenario_definition built the same drill, so this is a bug
    report.problems.push_back(fmt::format("{}: {}", report.file, drill_error));
    return report;
  }
  Drill* drill = &run->drill();
  {
    const ScenarioRuntime& runtime = run->runtime();
    drill->run_until(def.drill.length);

    for (const auto& [rule, extra] : def.alert_extras) {
      if (extra.expect_firing && runtime.alerts_fired().count(rule) == 0) {
        report.problems.push_back(fmt::format(
            "{}: alert \"{}\" never fired in {} (set expect_firing = false if that is intended)",
            at(extra.where, report.file), rule, format_duration(def.drill.length)));
      }
    }
    report.alerts_fired.assign(runtime.alerts_fired().begin(), runtime.alerts_fired().end());
    report.resolved_at = runtime.resolved_at();
    if (!runtime.resolved()) {
      std::string still;
      for (const FaultDecl& f : def.faults) {
        if (!f.red_herring && runtime.fault_state(f.id) != ScenarioRuntime::FaultState::cleared) {
          still += (still.empty() ? "" : ", ") + f.id;
        }
      }
      const SourceLocation& where = def.resolved ? def.resolved->where : def.meta.where;
      report.problems.push_back(fmt::format(
          "{}: the incident was not resolved by the end of the drill ({}) with the autopilot "
          "playing{}",
          at(where, report.file), format_duration(def.drill.length),
          still.empty() ? "" : "; faults still active: " + still));
    }
    if (!def.autopilot_declared) {
      report.problems.push_back(fmt::format(
          "{}: the scenario declares no autopilot {{...}}: check needs the model responder",
          at(def.meta.where, report.file)));
    }
  }  // the drill is not advanced again
  report.records = drill->journal().records_written();
  if (drill->journal().error()) {
    report.problems.push_back(report.file + ": journal: " + *drill->journal().error());
  }
  if (options.lint_draft) {
    for (const std::string& finding : options.lint_draft(journal.records())) {
      report.problems.push_back(
          fmt::format("{}: the postmortem draft fails lint: {}", report.file, finding));
    }
  }
  if (options.keep_journal) report.journal_text = journal.text();
  return report;
}

}  // namespace firedrill::script
