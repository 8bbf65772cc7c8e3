#include "dashboard/ui/theme.h"

#include <filesystem>

namespace firedrill::dash {

namespace {

constexpr float kBaseSize = 15.0f;

// Latin-1, general punctuation (— … •), arrows, geometric shapes (● ▲ ■) and box drawing:
// what logs, systemctl and the journal summaries print.
const ImWchar kGlyphs[] = {0x0020, 0x00FF, 0x2010, 0x205E, 0x2190, 0x21FF,
                           0x2500, 0x257F, 0x25A0, 0x25FF, 0};

const char* first_existing(std::initializer_list<const char*> paths) {
  std::error_code ec;
  for (const char* p : paths)
    if (std::filesystem::exists(p, ec)) return p;
  return nullptr;
}

}  // namespace

Fonts load_fonts(ImGuiIO& io, float scale) {
  Fonts f;
  const float size = kBaseSize * scale;
  const char* sans = first_existing({"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                                     "/usr/share/fonts/dejavu/DejaVuSans.ttf"});
  const char* mono = first_existing({"/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
                                     "/usr/share/fonts/dejavu/DejaVuSansMono.ttf"});
  io.Fonts->Clear();
  if (sans && mono) {
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    f.ui = io.Fonts->AddFontFromFileTTF(sans, size, &cfg, kGlyphs);
    f.mono = io.Fonts->AddFontFromFileTTF(mono, size - 1.0f * scale, &cfg, kGlyphs);
    f.big = io.Fonts->AddFontFromFileTTF(sans, size * 1.45f, &cfg, kGlyphs);
  }
  if (!f.ui || !f.mono || !f.big) {
    io.Fonts->Clear();
    ImFontConfig cfg;
    cfg.SizePixels = 13.0f * (scale >= 1.5f ? 2.0f : 1.0f);
    f.ui = io.Fonts->AddFontDefault(&cfg);
    f.mono = f.ui;
    f.big = f.ui;
    f.dejavu = false;
  } else {
    f.dejavu = true;
  }
  io.FontDefault = f.ui;
  return f;
}

void apply_theme(float scale) {
  ImGui::StyleColorsDark();
  ImGuiStyle& s = ImGui::GetStyle();
  s.WindowRounding = 4;
  s.ChildRounding = 3;
  s.FrameRounding = 3;
  s.PopupRounding = 3;
  s.GrabRounding = 3;
  s.TabRounding = 3;
  s.WindowBorderSize = 1;
  s.FrameBorderSize = 0;
  s.WindowPadding = ImVec2(8, 6);
  s.FramePadding = ImVec2(6, 3);
  s.ItemSpacing = ImVec2(7, 4);
  s.CellPadding = ImVec2(5, 2);
  s.ScrollbarSize = 12;
  s.WindowTitleAlign = ImVec2(0.0f, 0.5f);

  ImVec4* c = s.Colors;
  c[ImGuiCol_Text] = colors::kText;
  c[ImGuiCol_TextDisabled] = colors::kDim;
  c[ImGuiCol_WindowBg] = colors::kPanel;
  c[ImGuiCol_ChildBg] = colors::kCanvas;
  c[ImGuiCol_PopupBg] = ImVec4(0.13f, 0.14f, 0.17f, 0.98f);
  c[ImGuiCol_Border] = ImVec4(0.22f, 0.24f, 0.28f, 1.0f);
  c[ImGuiCol_FrameBg] = ImVec4(0.17f, 0.18f, 0.21f, 1.0f);
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.22f, 0.24f, 0.28f, 1.0f);
  c[ImGuiCol_FrameBgActive] = ImVec4(0.25f, 0.28f, 0.33f, 1.0f);
  c[ImGuiCol_TitleBg] = ImVec4(0.09f, 0.10f, 0.12f, 1.0f);
  c[ImGuiCol_TitleBgActive] = ImVec4(0.12f, 0.14f, 0.18f, 1.0f);
  c[ImGuiCol_Button] = ImVec4(0.20f, 0.25f, 0.33f, 1.0f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.27f, 0.35f, 0.48f, 1.0f);
  c[ImGuiCol_ButtonActive] = ImVec4(0.31f, 0.42f, 0.60f, 1.0f);
  c[ImGuiCol_Header] = ImVec4(0.20f, 0.25f, 0.33f, 0.8f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.26f, 0.33f, 0.45f, 0.8f);
  c[ImGuiCol_HeaderActive] = ImVec4(0.30f, 0.40f, 0.55f, 1.0f);
  c[ImGuiCol_Tab] = ImVec4(0.15f, 0.17f, 0.21f, 1.0f);
  c[ImGuiCol_TabHovered] = ImVec4(0.27f, 0.35f, 0.48f, 1.0f);
  c[ImGuiCol_TabActive] = ImVec4(0.23f, 0.30f, 0.42f, 1.0f);
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.14f, 0.15f, 0.18f, 1.0f);
  c[ImGuiCol_TableRowBgAlt] = ImVec4(1.0f, 1.0f, 1.0f, 0.025f);
  c[ImGuiCol_CheckMark] = colors::kAccent;
  c[ImGuiCol_PlotLines] = colors::kBlue;
  s.ScaleAllSizes(scale);
}

ImVec4 severity_color(Severity s) {
  switch (s) {
    case Severity::page:
      return colors::kRed;
    case Severity::ticket:
      return colors::kAmber;
    case Severity::info:
      return colors::kBlue;
  }
  return colors::kGrey;
}

const char* severity_label(Severity s) {
  switch (s) {
    case Severity::page:
      return "PAGE";
    case Severity::ticket:
      return "TICKET";
    case Severity::info:
      return "INFO";
  }
  return "?";
}

ImVec4 health_color(Health h) {
  switch (h) {
    case Health::ok:
      return colors::kGreen;
    case Health::degraded:
      return colors::kAmber;
    case Health::down:
      return colors::kRed;
    case Health::unknown:
      return colors::kGrey;
  }
  return colors::kGrey;
}

const char* health_label(Health h) {
  switch (h) {
    case Health::ok:
      return "OK";
    case Health::degraded:
      return "DEGRADED";
    case Health::down:
      return "DOWN";
    case Health::unknown:
      return "UNKNOWN";
  }
  return "?";
}

ImVec4 phase_color(AlertPhase p) {
  switch (p) {
    case AlertPhase::firing:
      return colors::kRed;
    case AlertPhase::pending:
      return colors::kAmber;
    case AlertPhase::resolved:
      return colors::kGreen;
  }
  return colors::kGrey;
}

const char* phase_label(AlertPhase p) {
  switch (p) {
    case AlertPhase::firing:
      return "FIRING";
    case AlertPhase::pending:
      return "PENDING";
    case AlertPhase::resolved:
      return "RESOLVED";
  }
  return "?";
}

ImVec4 connection_color(ConnectionState c) {
  switch (c) {
    case ConnectionState::live:
      return colors::kGreen;
    case ConnectionState::connecting:
    case ConnectionState::slow:
      return colors::kAmber;
    case ConnectionState::lost:
      return colors::kRed;
    case ConnectionState::closed:
      return colors::kGrey;
  }
  return colors::kGrey;
}

ImVec4 with_alpha(ImVec4 c, float alpha) {
  return ImVec4(c.x, c.y, c.z, c.w * alpha);
}

ImU32 to_u32(ImVec4 c) {
  return ImGui::ColorConvertFloat4ToU32(c);
}

}  // namespace firedrill::dash
