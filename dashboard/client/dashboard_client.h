// DashboardClient: the one narrow interface between the dashboard's panels and a drill. The
// UI thread reads the newest Snapshot with latest() and sends commands; neither ever waits
// for the network or the engine — commands are queued and their outcome comes back later
// as a CommandReply (and a journal record in the timeline) carrying the id send() returned.
// Implementations: InProcessClient (a LiveEngine in this process, the solo mode), FakeClient
// (canned snapshots for tests), and an HTTP client for workshops (sim/api). Panels cannot
// tell them apart. Thread rules: latest() and send() are called from the UI thread only.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>

#include "dashboard/client/snapshot.h"

namespace firedrill::dash {

struct ActionCommand {  // an entry of the action palette
  std::string action;   // ActionSpec::name
  std::string target;   // host name, or "" for actions that take none
  std::map<std::string, std::string> params;
};
struct AckCommand {
  std::string rule;
  std::string component;
};
struct ConsoleCommand {
  std::string host;
  std::string line;
};
struct NoteCommand {
  std::string text;
  bool hypothesis = false;
};
struct EscalateCommand {
  std::string team;
  std::string message;
};
struct StatusCommand {   // a status update to stakeholders
  std::string audience;  // "internal", "customers"
  std::string text;
};
struct DeclareCommand {
  std::string state;  // "mitigated", "resolved"
};
struct ClockCommand {
  enum class Op : uint8_t { pause, resume, set_speed, step };
  Op op = Op::pause;
  double speed = 1.0;  // set_speed; 0: as fast as possible
  SimTime step;        // step (only while paused)
};

struct MessageCommand {  // a message to one stakeholder, or a reply to what they wrote
  std::string to;
  std::string text;
  std::optional<uint64_t> reply_to_seq;  // the stakeholder.message record answered
};
struct HintCommand {  // ask the coach for a hint
  std::string topic;  // "" for none
};
struct RunbookOpenCommand {  // record that a runbook was read
  std::string runbook;       // its link (or title)
  std::string alert;         // the rule it belongs to, or ""
};

// A correction of the derived timeline (POST /timeline/edits; docs/journal.md "Timeline
// edits"). The records edited stay as they are; the edit is a record of its own.
struct TimelineEditCommand {
  enum class Op : uint8_t { reword, mark_misleading, unmark_misleading, hide, show, add };
  Op op = Op::reword;
  uint64_t target_seq = 0;  // the record edited (every op but add)
  std::string text;         // reword, add
  SimTime at;               // add: when it happened
  std::string category;     // add: "detection"...; "" for the server's default
};
// "reword", "mark_misleading", "unmark_misleading", "hide", "show", "add".
const char* timeline_edit_op_name(TimelineEditCommand::Op op);

// Re-simulate the drill from its seed and the recorded moves up to `to`, and go on from there,
// paused, as a new branch (POST /rewind). Only a drill served over the HTTP API can.
struct RewindCommand {
  SimTime to;  // since the drill started; 0 <= to <= now
};

using Command =
    std::variant<ActionCommand, AckCommand, ConsoleCommand, NoteCommand, EscalateCommand,
                 StatusCommand, DeclareCommand, ClockCommand, MessageCommand, HintCommand,
                 RunbookOpenCommand, TimelineEditCommand, RewindCommand>;

// "action", "ack", "console", "note", "escalate", "status", "declare", "clock", "message",
// "hint", "runbook", "timeline_edit", "rewind".
const char* command_kind(const Command& c);
// Drill time with no wall clock: "T+12:05", "T+1:02:09".
std::string drill_time_text(SimTime t);
// One line for reply lists: "restart_service web-2", "ack HighErrorRate/lb".
std::string describe(const Command& c);

class DashboardClient {
 public:
  virtual ~DashboardClient() = default;

  // The newest snapshot received. Never blocks on the network or the engine (at most a short
  // lock to pick up a newer copy). The reference stays valid until the next latest() call.
  virtual const Snapshot& latest() = 0;

  // Queues one command and returns at once with its id (never 0). Its CommandReply appears in
  // a later snapshot; a lost connection answers with ok = false and says so.
  virtual RequestId send(Command command) = 0;

  // Conveniences over send().
  RequestId act(ActionCommand a) { return send(std::move(a)); }
  RequestId acknowledge(std::string rule, std::string component) {
    return send(AckCommand{std::move(rule), std::move(component)});
  }
  RequestId run_console(std::string host, std::string line) {
    return send(ConsoleCommand{std::move(host), std::move(line)});
  }
  RequestId add_note(std::string text, bool hypothesis) {
    return send(NoteCommand{std::move(text), hypothesis});
  }
  RequestId pause() { return send(ClockCommand{ClockCommand::Op::pause, 0, {}}); }
  RequestId resume() { return send(ClockCommand{ClockCommand::Op::resume, 0, {}}); }
  RequestId set_speed(double speed) {
    return send(ClockCommand{ClockCommand::Op::set_speed, speed, {}});
  }
};

}  // namespace firedrill::dash
