// Journal branches: a drill that was rewound keeps every line of history in one journal. A
// `drill.branch` record (source "engine", fields `branch`, `parent`, `at_us`, `shared_records`,
// `left_at_us`) starts a new branch: it shares the first `shared_records` records of its
// parent's view (those before `at_us`, and those written as the drill was made) and owns every
// record after it until the next `drill.branch`. split_journal_branches rebuilds each branch's own
// view, the journal as a drill that had only ever taken that path would have written it, so the
// debrief, the draft and a replay work on a view exactly as on an unbranched journal. Pure.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "reporter/journal/journal_record.h"

namespace firedrill {

inline constexpr std::string_view kBranchKind = "drill.branch";

struct JournalBranch {
  int id = 1;                     // 1: the drill as first run
  std::optional<int> parent;      // unset for branch 1
  SimTime at;                     // where it left its parent (0 for branch 1)
  std::optional<std::string> by;  // who rewound: "trainee", "instructor"
  // The branch's view: the parent's records before `at`, then its own (the drill.branch first).
  std::vector<JournalRecord> records;
  // The last simulated time it reached: its last record's, or where the drill was when it
  // was rewound away from it (a later drill.branch's `left_at_us`).
  SimTime until;
};

struct JournalBranches {
  std::vector<JournalBranch> branches;  // by id, 1..n; the last one is where the drill ended
  std::vector<std::string> warnings;    // `record seq N: ...` for a drill.branch that is broken
};

// REQUIRES: records in journal order. A journal without drill.branch records gives one branch
// holding every record. A broken drill.branch (unknown parent, id not the next number) is
// skipped with a warning and its records stay on the branch before it.
JournalBranches split_journal_branches(std::span<const JournalRecord> records);

// Whether the journal holds a drill.branch record at all.
bool has_branches(std::span<const JournalRecord> records);

// The view of the branch the journal ended on (all records when there is no branch).
std::vector<JournalRecord> final_branch_view(std::span<const JournalRecord> records);

}  // namespace firedrill
