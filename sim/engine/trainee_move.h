// TraineeMove: one move of the trainee — a journal kind of docs/journal.md's "The trainee" table
// (trainee.command, .action, .ack, .escalate, .note, .status, .message, .hint, .runbook,
// .declare, and timeline.edit) with its fields. check_trainee_move validates one against the
// contract and the drill's stack; perform_trainee_move carries it out now and writes its record.
// The HTTP API's POST routes and the replay of a recorded trainee (`firedrill run --actions`)
// both go through perform_trainee_move, so a replayed move writes exactly the record the live
// one wrote, and the scenario runtime (which reads the journal) reacts to it the same way: a
// team answers an escalation again, a hint request gets its hint. Single-threaded: call from
// the drill's owner, between events.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/engine/drill.h"
#include "sim/trainee/console.h"

namespace firedrill {

struct TraineeMove {
  std::string kind;  // "trainee.note", ..., "timeline.edit"
  // The record's fields as docs/journal.md lists them. What perform computes itself
  // (trainee.command's exit_code and touched, trainee.action's ok and message) is ignored;
  // other extra keys ("autopilot", "misleading", "why") are carried into the record.
  nlohmann::json fields = nlohmann::json::object();
};

// Every kind a trainee move can have, in the order of docs/journal.md.
const std::vector<std::string_view>& trainee_move_kinds();
bool is_trainee_move_kind(std::string_view kind);

struct MoveProblem {
  std::string field;    // "target", "params.key", "text" ("" for the move as a whole)
  std::string message;  // says what would have been valid
};

// Checks the fields: types, required ones, allowed values (a declare's state, a timeline
// edit's op). Enough for perform_trainee_move to act on the move.
std::optional<MoveProblem> check_move_fields(const TraineeMove& move);
// check_move_fields, and the names the stack and the catalog know: hosts, actions and their
// parameters — what a replay checks before the drill runs. A move whose record shows it failed
// on a name when it was recorded (an action with `ok: false`, a command with exit code 255,
// ssh's "could not resolve") is only checked for shape: it replays to fail the same way.
std::optional<MoveProblem> check_trainee_move(const TraineeMove& move, const WebStack& stack);

struct MoveOptions {
  Console* console = nullptr;  // runs trainee.command; without one a command is refused
  // trainee.command: carry out the action the command requests (systemctl restart...) as its
  // own trainee.action record, as the API does. A journal holds that record itself, so its
  // replay passes false.
  bool perform_requested_action = true;
  std::string ack_by = "trainee";  // who the alert engine records as acknowledging
};

struct MoveOutcome {
  bool done = false;    // false: refused, nothing journalled (problem says why)
  MoveProblem problem;  // when !done
  uint64_t seq = 0;     // the move's own record
  SimTime t;            // when it was written
  // trainee.command
  std::string prompt;  // "root@web-1:~# ", before the command ran
  std::string output;
  int exit_code = 0;
  // trainee.action, or the action a command asked for (when performed)
  std::optional<ActionRequest> request;
  std::optional<ActionResult> action;
};

// Carries out the move now and journals it (source "trainee"), as the live drill would: an
// action on an unknown host is refused by the stack and journalled so, a command on one answers
// as ssh would. Refuses, journalling nothing, a move check_move_fields refuses, a command
// without a console, and an ack of an alert the engine does not list.
MoveOutcome perform_trainee_move(Drill& drill, const TraineeMove& move,
                                 const MoveOptions& options = {});

}  // namespace firedrill
