// ScriptPlayer: plays a small script of UI commands through ImGui's own input (io.MousePos,
// io.MouseDown, io.KeysDown, io.AddInputCharactersUTF8), so a scripted click goes through the
// same widget code as a real one. Targets are the ids panels record in the UiDump
// ("actions/restart_service", "confirm/run", "topology/web-2"); a click moves the mouse to
// the centre of the item as drawn in the last frame, presses, then releases a frame later.
// Script lines (one command each; blank lines and '#' comments are skipped):
//   wait N              let N frames pass
//   wait_for TEXT [N]   until a panel text or item id contains TEXT (fails after N, 600)
//   click ID            click the item recorded as ID (fails if it is not on screen)
//   type TEXT           type TEXT into the focused widget (the rest of the line, verbatim)
//   key NAME            press and release Enter, Escape, Tab, Up, Down or Backspace
//   expect TEXT         fail unless a panel text or item id contains TEXT now
// Call before_frame() after the platform backend's NewFrame and before ImGui::NewFrame() —
// backends overwrite the mouse from the real cursor — and end_frame() after the dump closed
// the frame. UI thread only.
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

#include "dashboard/ui/ui_dump.h"

namespace firedrill::dash {

struct ScriptLine {
  int number = 0;  // 1-based, in the script file
  std::string op;
  std::string arg;
  int count = 0;  // wait: frames; wait_for: timeout frames
};

class ScriptPlayer {
 public:
  // Parses the script; errors ("line 3: unknown command 'clik'") go to `error`, and the
  // player is then empty.
  static ScriptPlayer parse(const std::string& text, std::string* error);

  void before_frame(ImGuiIO& io, const UiDump& dump);
  // Advances the script after a frame was drawn and recorded.
  void end_frame(const UiDump& dump);

  bool done() const { return next_ >= lines_.size(); }
  bool failed() const { return !failures_.empty(); }
  const std::vector<std::string>& failures() const { return failures_; }
  size_t size() const { return lines_.size(); }
  size_t position() const { return next_; }

 private:
  void fail(const ScriptLine& line, const std::string& why);

  std::vector<ScriptLine> lines_;
  size_t next_ = 0;
  int phase_ = 0;  // frames spent on the current line
  bool have_mouse_ = false;
  ImVec2 mouse_;
  std::vector<std::string> failures_;
};

}  // namespace firedrill::dash
