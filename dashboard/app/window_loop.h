// run_window: the dashboard's window — GLFW + OpenGL 3.3 core + Dear ImGui's GLFW and OpenGL3
// backends. Each frame draws the client's latest snapshot and never waits on the client; the
// loop sleeps only in the vsync of glfwSwapBuffers. With `frames` it stops after that many
// frames (and after its script), optionally saving a PNG of the last frame (read from the back
// buffer before the swap) and a JSON dump of what the panels showed (with the drill the
// instructor is watching, if any).
#pragma once

#include <string>

#include "dashboard/client/dashboard_client.h"
#include "dashboard/client/workshop_snapshot.h"
#include "dashboard/ui/workshop_view.h"

namespace firedrill::dash {

struct WindowOptions {
  int width = 1600;
  int height = 900;
  int frames = 0;                      // 0: until the window is closed
  std::string screenshot;              // PNG of the last frame
  std::string script;                  // ScriptPlayer text (already read), "" for none
  std::string dump_path;               // JSON of the last frame's panels and the snapshot
  WorkshopClient* workshop = nullptr;  // a workshop's client: instructor or review views
  DrillOpener open_trainee_drill;      // the instructor's: a trainee's drill to watch
};

// Returns the process exit status: 0, 1 when the screenshot failed, 3 when the script failed
// (its failures are printed and in the dump), kNoDisplay (4) when no window could be opened
// (scripts/start.sh then falls back to the headless drill).
inline constexpr int kNoDisplay = 4;
int run_window(const WindowOptions& options, DashboardClient& client);

}  // namespace firedrill::dash
