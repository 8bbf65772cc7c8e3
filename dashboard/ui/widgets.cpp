#include "dashboard/ui/widgets.h"

#include <fmt/format.h>

#include <cmath>

#include "dashboard/ui/theme.h"
#include "dashboard/ui/ui_dump.h"

namespace firedrill::dash {

void dump_text(UiState& ui, std::string_view panel, std::string text) {
  if (ui.dump) ui.dump->text(panel, std::move(text));
}

void dump_item(UiState& ui, std::string id) {
  if (!ui.dump) return;
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  ui.dump->item(std::move(id), a.x, a.y, b.x, b.y);
}

bool tracked_button(UiState& ui, const std::string& id, const char* label, ImVec2 size) {
  ImGui::PushID(id.c_str());
  const bool clicked = ImGui::Button(label, size);
  ImGui::PopID();
  dump_item(ui, id);
  return clicked;
}

bool tracked_tab(UiState& ui, const std::string& id, const char* label) {
  const bool open = ImGui::BeginTabItem(label);
  dump_item(ui, id);
  return open;
}

void badge(const char* label, ImVec4 color, float min_width) {
  const ImVec2 text = ImGui::CalcTextSize(label);
  const float pad = 5.0f;
  const ImVec2 size(std::max(min_width, text.x + 2 * pad), ImGui::GetTextLineHeight() + 2);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), to_u32(with_alpha(color, 0.25f)), 3);
  dl->AddRect(p, ImVec2(p.x + size.x, p.y + size.y), to_u32(with_alpha(color, 0.8f)), 3);
  dl->AddText(ImVec2(p.x + (size.x - text.x) / 2, p.y + 1), to_u32(color), label);
  ImGui::Dummy(size);
}

void colored_text(ImVec4 color, std::string_view text) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopStyleColor();
}

ImFont* mono_font(const UiState& ui) {
  return ui.fonts ? ui.fonts->mono : nullptr;
}
ImFont* big_font(const UiState& ui) {
  return ui.fonts ? ui.fonts->big : nullptr;
}

int64_t local_seconds_of_day(const SessionInfo& s, SimTime t) {
  const int64_t local = s.start_unix_s + t.whole_seconds() + s.utc_offset_s;
  return ((local % 86400) + 86400) % 86400;
}

std::string fmt_clock(const SessionInfo& s, SimTime t, bool with_seconds) {
  const int64_t sod = local_seconds_of_day(s, t);
  if (!with_seconds) return fmt::format("{:02}:{:02}", sod / 3600, sod / 60 % 60);
  return fmt::format("{:02}:{:02}:{:02}", sod / 3600, sod / 60 % 60, sod % 60);
}

std::string fmt_age(SimTime d) {
  const int64_t s = std::max<int64_t>(0, d.whole_seconds());
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}h{:02}m", s / 3600, s / 60 % 60);
}

std::string fmt_elapsed(SimTime t) {
  const int64_t s = std::max<int64_t>(0, t.whole_seconds());
  if (s < 3600) return fmt::format("{:02}:{:02}", s / 60, s % 60);
  return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
}

std::string fmt_value(double v, std::string_view unit) {
  if (std::isnan(v)) return "-";
  if (unit == "ratio") return fmt::format("{:.1f}%", 100 * v);
  if (unit == "bool") return v >= 0.5 ? "yes" : "no";
  if (unit == "ms" && v >= 1000) return fmt::format("{:.2f} s", v / 1000);
  const double a = std::fabs(v);
  std::string num = a >= 10000 ? fmt::format("{:.1f}k", v / 1000)
                    : a >= 100 ? fmt::format("{:.0f}", v)
                    : a >= 10  ? fmt::format("{:.1f}", v)
                    : a == 0   ? std::string("0")
                               : fmt::format("{:.2f}", v);
  return unit.empty() ? num : fmt::format("{} {}", num, unit);
}

}  // namespace firedrill::dash
