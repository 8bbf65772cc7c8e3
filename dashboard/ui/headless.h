// HeadlessImGui: an ImGui context with no platform or renderer backend (ImGui's example_null):
// a display size, the dashboard's fonts and theme, and a font atlas built in memory but never
// uploaded. Panels run in it exactly as in the window, so unit tests can drive them and read
// the UiDump, and the frame benchmark can time the CPU side of a frame without a GPU.
// Key indices are mapped 1:1 (io.KeyMap[k] = k) so ScriptPlayer can press keys.
// One per thread at a time: it is the current ImGui context while it lives.
#pragma once

#include <imgui.h>

#include "dashboard/ui/theme.h"

namespace firedrill::dash {

class HeadlessImGui {
 public:
  explicit HeadlessImGui(ImVec2 display = ImVec2(1600, 900), float scale = 1.0f);
  ~HeadlessImGui();
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;

  const Fonts& fonts() const { return fonts_; }
  void new_frame(float dt = 1.0f / 60.0f);
  // Ends the frame; returns the number of vertices ImGui produced (a sanity figure).
  int render();

 private:
  ImGuiContext* ctx_;
  Fonts fonts_;
};

}  // namespace firedrill::dash
