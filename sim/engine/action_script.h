// ActionScript: a recorded or hand-written sequence of trainee moves, replayed into a drill at
// their simulated times (`firedrill run --actions FILE.jsonl`). Each line is one of
//  - a journal record ({"t": µs, "seq": N, "kind": "trainee.note", "fields": {...}}), so a
//    drill's own journal replays its trainee: every kind of trainee_move.h (commands re-run
//    through the console, actions, acks, escalations, notes, status updates, messages, hint
//    and runbook requests, declarations, timeline edits). Records of other kinds are skipped.
//    A recorded command's requested action (systemctl restart) is not carried out again: the
//    journal holds it as its own trainee.action record. A journal with branches (a rewound
//    drill, reporter/journal/journal_branches.h) replays the branch it ended on;
//  - the same shape written by hand, with "at" instead of "t" (and no "seq"); a command's
//    requested action is then carried out, as the console would have it;
//  - a compact action: {"at": "12:30", "action": "restart_service", "target": "web-2",
//    "params": {}}.
// "at" is mm:ss, h:mm:ss or seconds. Errors name the file, the line, the field and what would
// have been valid; nothing here throws or crashes on a bad line.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/engine/drill.h"
#include "sim/engine/trainee_move.h"

namespace firedrill {

struct ScriptedMove {
  SimTime at;
  TraineeMove move;
  int line = 0;               // in the source file, for messages
  bool from_journal = false;  // a journal record (it has a seq)
  bool autopilot = false;     // the record says "autopilot": true
  std::string field_prefix;   // how messages name its fields: "fields." or "" (compact)
};

struct ActionScriptResult {
  std::string name;                 // the file, for messages
  std::vector<ScriptedMove> moves;  // in time order (stable for equal times)
  std::string error;                // "FILE:LINE: field: what is wrong" when not ok
  bool ok() const { return error.empty(); }
};

ActionScriptResult parse_action_script(std::string_view text, std::string_view name);
ActionScriptResult read_action_script(const std::string& path);

// Checks every move against a stack built from the drill's spec (hosts, actions, parameters):
// "" when all are good, else "FILE:LINE: field: message" for the first bad one.
std::string check_action_script(const ActionScriptResult& script, const WebStack& stack);

// Performs the moves into a drill, each at its time the way the live engine performs a posted
// move: after the events before that instant, before the events at it. The owner advances the
// drill through the player's run_until instead of Drill::run_until.
class ActionScriptPlayer {
 public:
  // `console` runs the commands (null: commands are refused with a warning); `name` is the
  // file, for warnings.
  ActionScriptPlayer(Drill& drill, std::vector<ScriptedMove> moves, Console* console,
                     std::string name = "actions");
  // Advances the drill to `t`, performing the moves due before it.
  void run_until(SimTime t);
  // Performs the moves due at or before the drill's current time (at its end: moves made at
  // the last instant, after the clock stopped).
  void perform_due();

  size_t performed() const { return performed_; }
  size_t remaining() const { return moves_.size() - next_; }
  // Moves refused when due (an ack of an alert that is not listed...), "FILE:LINE: ...".
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  void perform(const ScriptedMove& move);

  Drill& drill_;
  std::vector<ScriptedMove> moves_;
  Console* console_;
  std::string name_;
  size_t next_ = 0;
  size_t performed_ = 0;
  std::vector<std::string> warnings_;
};

}  // namespace firedrill
