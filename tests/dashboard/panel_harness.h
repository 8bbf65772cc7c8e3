// The panels' test bench: a headless ImGui context, the fake client with the canned snapshot,
// a UiState recording into a UiDump, and ScriptPlayer to click and type through ImGui's input.
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "dashboard/client/fake_client.h"
#include "dashboard/ui/dashboard_frame.h"
#include "dashboard/ui/headless.h"
#include "dashboard/ui/script_player.h"
#include "dashboard/ui/ui_dump.h"

namespace firedrill::dash::testing {

struct PanelHarness {
  HeadlessImGui imgui{ImVec2(1600, 900)};
  FakeClient client;
  UiState ui;
  UiDump dump;
  uint64_t frames = 0;

  PanelHarness() {
    ui.dump = &dump;
    ui.fonts = &imgui.fonts();
    ui.logs.scan_budget_ms = 0;  // deterministic: only the line budget limits a frame's scan
    frame();
    frame();  // windows are laid out on the first frame
  }

  void frame(ScriptPlayer* script = nullptr) {
    if (script) script->before_frame(ImGui::GetIO(), dump);
    dump.begin_frame(frames);
    ui.frame = frames++;
    imgui.new_frame();
    draw_dashboard(client.latest(), ui, client);
    imgui.render();
    dump.end_frame();
    if (script) script->end_frame(dump);
  }

  // Plays a script to its end; every failure fails the test.
  void play(const std::string& text, int max_frames = 300) {
    std::string error;
    ScriptPlayer p = ScriptPlayer::parse(text, &error);
    REQUIRE(error.empty());
    for (int i = 0; i < max_frames && !p.done(); ++i) frame(&p);
    for (const std::string& f : p.failures()) FAIL(f);
    REQUIRE(p.done());
  }

  // Whether the last frame's texts of `panel` include one containing `needle`.
  bool shows(const std::string& panel, const std::string& needle) const {
    const auto* texts = dump.panel_texts(panel);
    if (!texts) return false;
    for (const std::string& t : *texts)
      if (t.find(needle) != std::string::npos) return true;
    return false;
  }

  template <class T>
  const T* last_sent() const {
    return client.sent().empty() ? nullptr : std::get_if<T>(&client.sent().back().second);
  }
};

}  // namespace firedrill::dash::testing
