// Drill replay: rebuilds a drill's state at an earlier moment from its journal, which is how a
// drill is rewound. A drill is a deterministic function of its spec, what is attached to it (a
// scenario) and its inputs; every other record is output. The inputs are the trainee's moves
// (not the autopilot's: the attached scenario makes those again), the clock's records
// (`sim.*`), the `drill.branch` points (their seq is kept), and whatever the owner's hook
// re-performs (an instructor's injections). replay_inputs performs the inputs written before
// `to` into a fresh drill, each at its time the way the live engine did (after the events
// before that instant, before those at it), and runs the drill to `to`; first_difference then
// tells whether the drill wrote exactly what the journal holds. Single-threaded: call from the
// new drill's owner.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>

#include "reporter/journal/journal_record.h"
#include "sim/engine/drill.h"

namespace firedrill {

class Console;

struct ReplayOptions {
  Console* console = nullptr;  // re-runs trainee.command (null: commands cannot be replayed)
  // Re-performs an input that is not the trainee's or the clock's, writing its record as the
  // live drill did; returns false when the record is not one it knows (it is then output).
  std::function<bool(Drill&, const JournalRecord&)> other;
};

struct ReplayResult {
  size_t inputs = 0;                 // records re-performed
  std::optional<std::string> error;  // a move the drill refused: "seq N (kind): why"
};

// REQUIRES: `drill` is fresh (made from the spec the records came from, with the same
// attachments), `records` are one branch's view in journal order, and `to` is not before the
// last input to replay.
ReplayResult replay_inputs(Drill& drill, std::span<const JournalRecord> records, SimTime to,
                           const ReplayOptions& options);

// "" when `got` equals `expected` record for record (same bytes on disk), else where they part:
// "seq 41 (alert.firing): expected {...}, re-simulated {...}" or a count mismatch.
std::string first_difference(std::span<const JournalRecord> expected,
                             std::span<const JournalRecord> got);

}  // namespace firedrill
