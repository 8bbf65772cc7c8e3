// ActionScript: a recorded or hand-written sequence of responder moves, replayed into a
// drill at their simulated times (`firedrill run --actions FILE.jsonl`). Each line is either
// a journal record of a trainee move ({"t": µs, "kind": "trainee.action", "fields": {...}})
// — so a drill's own journal replays its trainee — or a compact hand-written move:
//   {"at": "12:30", "action": "restart_service", "target": "web-2", "params": {}}
// ("at" is mm:ss, h:mm:ss or seconds). Lines of other kinds are skipped. Errors name the
// file, the line and the field.
#pragma once

#include <string>
#include <vector>

#include "sim/engine/drill.h"

namespace firedrill {

struct ScriptedMove {
  SimTime at;
  ActionRequest request;
  int line = 0;  // in the source file, for messages
};

struct ActionScriptResult {
  std::vector<ScriptedMove> moves;  // in time order (stable for equal times)
  std::string error;                // "FILE:LINE: field: what is wrong" when not ok
  bool ok() const { return error.empty(); }
};

ActionScriptResult parse_action_script(std::string_view text, std::string_view name);
ActionScriptResult read_action_script(const std::string& path);

// Schedules every move into the drill's simulation; each is performed (and journalled) at
// its time. The player must outlive the drill's run.
class ActionScriptPlayer : public EventHandler {
 public:
  ActionScriptPlayer(Drill& drill, std::vector<ScriptedMove> moves);
  void on_event(const Event& e) override;
  size_t performed() const { return performed_; }

 private:
  Drill& drill_;
  std::vector<ScriptedMove> moves_;
  size_t performed_ = 0;
};

}  // namespace firedrill
