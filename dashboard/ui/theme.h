// Theme: the dashboard's dark look — colours that separate severity and health, always paired
// with a text label (PAGE / TICKET / INFO, OK / DEGRADED / DOWN) so nothing is told by colour
// alone — and its fonts: DejaVu Sans and Sans Mono when the system has them (ProggyClean,
// ImGui's built-in font, otherwise) at 15 px times the monitor's content scale.
// Call load_fonts() before the font atlas is built and apply_theme() once after
// ImGui::CreateContext(); both act on the current ImGui context.
#pragma once

#include <imgui.h>

#include "dashboard/client/snapshot.h"

namespace firedrill::dash {

struct Fonts {
  ImFont* ui = nullptr;    // body text
  ImFont* mono = nullptr;  // logs, console
  ImFont* big = nullptr;   // the top bar's clock
  bool dejavu = false;     // false: ImGui's built-in bitmap font
};

// `scale`: glfwGetWindowContentScale (1 on a standard-DPI screen, 2 on HiDPI).
Fonts load_fonts(ImGuiIO& io, float scale);
void apply_theme(float scale);

namespace colors {
inline const ImVec4 kText{0.86f, 0.88f, 0.91f, 1.0f};
inline const ImVec4 kDim{0.55f, 0.58f, 0.63f, 1.0f};
inline const ImVec4 kAccent{0.40f, 0.65f, 1.00f, 1.0f};  // the trainee's own moves
inline const ImVec4 kRed{0.93f, 0.33f, 0.33f, 1.0f};
inline const ImVec4 kAmber{0.96f, 0.70f, 0.22f, 1.0f};
inline const ImVec4 kGreen{0.34f, 0.78f, 0.45f, 1.0f};
inline const ImVec4 kBlue{0.38f, 0.62f, 0.96f, 1.0f};
inline const ImVec4 kGrey{0.50f, 0.52f, 0.56f, 1.0f};
inline const ImVec4 kPanel{0.11f, 0.12f, 0.14f, 1.0f};
inline const ImVec4 kCanvas{0.08f, 0.09f, 0.10f, 1.0f};
}  // namespace colors

ImVec4 severity_color(Severity s);
const char* severity_label(Severity s);  // "PAGE", "TICKET", "INFO"
ImVec4 health_color(Health h);
const char* health_label(Health h);  // "OK", "DEGRADED", "DOWN", "UNKNOWN"
ImVec4 phase_color(AlertPhase p);
const char* phase_label(AlertPhase p);  // "FIRING", "PENDING", "RESOLVED"
ImVec4 connection_color(ConnectionState c);

// `c` with its alpha multiplied (for fills under text).
ImVec4 with_alpha(ImVec4 c, float alpha);
ImU32 to_u32(ImVec4 c);

}  // namespace firedrill::dash
