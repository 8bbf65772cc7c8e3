// Branch comparison: the debrief of a rewound drill. Each branch of the journal
// (reporter/journal/journal_branches.h) gets its own debrief, and the figures that say how
// well a path went sit side by side: when users were fine again, how many requests failed,
// how many users were hurt, which fixes were applied. What the trainee learns from trying a
// different move. Pure.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reporter/debrief/debrief.h"
#include "reporter/journal/journal_branches.h"

namespace firedrill {

struct BranchDebrief {
  JournalBranch branch;  // its view in branch.records
  Debrief debrief;
};

// One debrief per branch, by id.
std::vector<BranchDebrief> debrief_branches(std::span<const JournalRecord> records);

// {"branches": [{"branch", "parent", "at_us", "until_us", "by", "detected_at_us",
// "mitigated_at_us", "resolved_at_us", "time_to_mitigate_s", "requests_failed",
// "users_affected", "users_affected_share", "error_budget_burned", "fixes", "misleading_events"},
// ...], "best_branch"}: the branch that mitigated soonest (then fewest failed requests), null
// when none mitigated. Keys sorted, numbers rounded: stable to diff.
nlohmann::json branch_comparison_json(const std::vector<BranchDebrief>& branches);

// The comparison as a plain-text table for the terminal, one line per branch.
std::string branch_comparison_text(const std::vector<BranchDebrief>& branches);

}  // namespace firedrill
