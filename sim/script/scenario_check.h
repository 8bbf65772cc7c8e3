// check_scenario: what `firedrill check` verifies for one scenario file — it loads (sandboxed),
// runs headless at full speed to the scenario's length with the autopilot playing, and then
// requires that every declared alert expected to fire did fire, that the incident was resolved
// (resolved-when held) by the end, that no hook failed, and — when the caller passes a linter —
// that the postmortem draft built from the journal lints clean. Every problem is one
// "FILE:LINE: message" line. Deterministic for a given file and seed; touches no file but the
// scenario it reads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "reporter/journal/journal_record.h"
#include "sim/core/sim_time.h"

namespace firedrill::script {

struct ScenarioCheckOptions {
  std::optional<uint64_t> seed;  // replaces the scenario's seed
  // Builds the postmortem draft from the journal and lints it: one line per finding, none when
  // clean. Null: the draft is not checked (the reporter is not linked).
  std::function<std::vector<std::string>(const std::vector<JournalRecord>& journal)> lint_draft;
  bool keep_journal = false;  // fill ScenarioCheckReport::journal_text
};

struct ScenarioCheckReport {
  std::string file;                   // as given (display name)
  std::vector<std::string> problems;  // "FILE:LINE: message", in the order found
  // What the run showed (empty when the scenario did not load).
  bool loaded = false;
  std::string id, title, difficulty;
  SimTime length;
  uint64_t seed = 0;
  std::vector<std::string> alerts_fired;  // rule names, sorted
  std::optional<SimTime> resolved_at;
  uint64_t records = 0;
  std::string journal_text;  // JSON Lines, with keep_journal

  bool ok() const { return problems.empty(); }
};

ScenarioCheckReport check_scenario(const std::filesystem::path& path,
                                   const ScenarioCheckOptions& options = {});

}  // namespace firedrill::script
