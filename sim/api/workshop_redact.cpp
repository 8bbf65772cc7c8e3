#include "sim/api/workshop_redact.h"

#include <array>
#include <string_view>

#include "reporter/incident/journal_kinds.h"

namespace firedrill::api {

namespace {

// scenario.meta fields that give the answer away (docs/journal.md lists them all); the
// corrective measures and the tags name the fix and the red herring as plainly.
constexpr std::array<std::string_view, 10> kGroundTruth = {
    "root_cause", "resolution",   "learning_goals", "root_cause_components",
    "faults",     "red_herrings", "fix_actions",    "corrective_measures",
    "measures",   "tags"};

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

bool redact_for_trainee(JournalRecord& record, bool root_cause_revealed) {
  // The scenario's source (file, line, traceback) and the model responder's moves: never.
  if (record.kind == "scenario.error") return false;
  if (!record.fields.is_object()) return true;
  if (record.kind == kinds::scenario_meta) {
    record.fields.erase("autopilot");  // whether the model responder plays
  } else if (record.fields.value("autopilot", false) == true) {
    return false;
  }
  if (root_cause_revealed) return true;
  if (starts_with(record.kind, "fault.") || starts_with(record.kind, "red_herring.")) return false;
  if (record.kind == kinds::scenario_meta) {
    for (std::string_view field : kGroundTruth) record.fields.erase(std::string(field));
  }
  return true;
}

}  // namespace firedrill::api
