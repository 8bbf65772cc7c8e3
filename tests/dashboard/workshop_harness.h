// PanelHarness with a workshop: the same headless frame, with a WorkshopView (the workshop
// client, an instructor's opener of trainees' drills) passed to draw_dashboard, and scripted
// clicks played through ImGui's input.
#pragma once

#include "dashboard/ui/workshop_view.h"
#include "panel_harness.h"

namespace firedrill::dash::testing {

struct WorkshopPanelHarness : PanelHarness {
  WorkshopView view;

  void wframe(ScriptPlayer* script = nullptr) {
    if (script) script->before_frame(ImGui::GetIO(), dump);
    dump.begin_frame(frames);
    ui.frame = frames++;
    imgui.new_frame();
    draw_dashboard(client.latest(), ui, client, &view);
    imgui.render();
    dump.end_frame();
    if (script) script->end_frame(dump);
  }

  void wplay(const std::string& text, int max_frames = 300) {
    std::string error;
    ScriptPlayer p = ScriptPlayer::parse(text, &error);
    REQUIRE(error.empty());
    for (int i = 0; i < max_frames && !p.done(); ++i) wframe(&p);
    for (const std::string& f : p.failures()) FAIL(f);
    REQUIRE(p.done());
  }
};

}  // namespace firedrill::dash::testing
