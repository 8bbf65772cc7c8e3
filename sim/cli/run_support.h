// What `firedrill run`'s two modes share: the options, the journal file under --out, the
// recorded trainee to replay (--actions, checked before anything is written), the terminal
// echo of what happens (one line per journal record worth seeing), and the end of a run with
// --out (the reporter's files and figures, as `firedrill report` writes them).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "reporter/journal/journal_file_writer.h"
#include "reporter/journal/journal_record.h"
#include "sim/engine/action_script.h"
#include "sim/observe/scenario_clock.h"

namespace firedrill::cli {

struct RunOptions {
  std::string scenario;          // empty: the built-in drill
  std::optional<uint64_t> seed;  // default: the scenario's, or 1
  int64_t minutes = 30;          // the built-in drill only
  double rps = 400.0;            // the built-in drill only
  double spike = 12.0;           // the built-in drill only
  bool autopilot = false;        // a scenario only
  std::string out;
  std::string actions;
  std::optional<bool> progress;  // --progress / --no-progress; default: when stderr is a TTY
};

// DIR/journal.jsonl opened for a new drill (DIR created; an earlier drill's journal there is
// renamed to journal.N.jsonl, never appended to or lost), or null without --out.
std::unique_ptr<JournalFileWriter> open_run_journal(const std::string& out);

struct LoadedMoves {
  std::vector<ScriptedMove> moves;
  size_t autopilot_skipped = 0;  // recorded autopilot moves left to the playing autopilot
};
// Reads and checks --actions against a drill built from `spec` (hosts, actions). With the
// autopilot playing, the recorded autopilot's moves are left out: it makes them again.
// Throws CommandError naming FILE:LINE, the field and what would have been valid.
LoadedMoves load_moves(const std::string& path, const DrillSpec& spec, bool autopilot);

// The terminal line for a journal record worth seeing as it happens (alerts firing and
// resolving, faults, the incident's state, the responder's moves, the scenario's messages,
// process changes, script errors), or nullopt.
std::optional<std::string> echo_line(const JournalRecord& record, const ScenarioClock& clock);

// Closes the journal (after run.end) and, with --out, writes the reporter's files next to it
// and prints where they are and the debrief figures.
void finish_run_journal(JournalFileWriter* writer, DrillJournal& journal, const std::string& out);

}  // namespace firedrill::cli
