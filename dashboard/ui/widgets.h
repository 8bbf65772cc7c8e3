// Small pieces every panel uses: buttons and texts that record themselves in the UiDump,
// coloured badges with a label, a scoped font, and the time formats of the dashboard
// (scenario wall clock "14:03:07", ages "4m12s", drill time "16:04").
// UI thread only; call between ImGui::NewFrame() and ImGui::Render().
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>

#include "dashboard/client/snapshot.h"
#include "dashboard/ui/ui_state.h"

namespace firedrill::dash {

// A clock speed button: its test id, its label, and the speed it asks for (0 = max).
struct SpeedChoice {
  const char* id;
  const char* label;
  double speed;
};

// Records `text` under `panel` in the dump, if one is recording.
void dump_text(UiState& ui, std::string_view panel, std::string text);
// Records the last item's rectangle under `id`, if a dump is recording.
void dump_item(UiState& ui, std::string id);

// ImGui::Button, recorded as `id` (also its ImGui id, so labels may repeat across panels).
bool tracked_button(UiState& ui, const std::string& id, const char* label,
                    ImVec2 size = ImVec2(0, 0));
// ImGui::BeginTabItem, with the tab recorded as `id` whether or not it is the open one.
bool tracked_tab(UiState& ui, const std::string& id, const char* label);
// A small filled badge with its label (the label carries the meaning, the colour repeats it).
void badge(const char* label, ImVec4 color, float min_width = 0);
void colored_text(ImVec4 color, std::string_view text);

class ScopedFont {
 public:
  explicit ScopedFont(ImFont* font) : pushed_(font != nullptr) {
    if (pushed_) ImGui::PushFont(font);
  }
  ~ScopedFont() {
    if (pushed_) ImGui::PopFont();
  }
  ScopedFont(const ScopedFont&) = delete;
  ScopedFont& operator=(const ScopedFont&) = delete;

 private:
  bool pushed_;
};
ImFont* mono_font(const UiState& ui);
ImFont* big_font(const UiState& ui);

// Seconds since local midnight on the scenario's clock at drill time t.
int64_t local_seconds_of_day(const SessionInfo& s, SimTime t);
std::string fmt_clock(const SessionInfo& s, SimTime t, bool with_seconds = true);
std::string fmt_age(SimTime d);      // "42s", "4m12s", "1h03m"
std::string fmt_elapsed(SimTime t);  // "16:04", "1:02:09"
// A value with its unit, compact: "412 req/s", "93%", "1.2 s".
std::string fmt_value(double v, std::string_view unit);

}  // namespace firedrill::dash
