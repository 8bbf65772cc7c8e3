// Actions: the palette of what can be done to the selected host (the catalog entries whose
// target fits its role). A safe action without parameters runs on click; a destructive one,
// or one that needs parameters, opens a confirmation that names the action, the host and what
// it does, and takes the parameters. The replies to what was sent are listed below, newest
// first, with OK / REFUSED labels.
#include <fmt/format.h>

#include <algorithm>

#include "dashboard/ui/panels.h"
#include "dashboard/ui/theme.h"
#include "dashboard/ui/widgets.h"

namespace firedrill::dash {

namespace {

constexpr const char* kActionConfirmPopup = "Confirm action";

bool applies(const ActionSpec& a, const HostInfo* host) {
  if (a.target == "none") return true;
  if (!host) return false;
  return a.target == "any" || a.target == host->role;
}

const ActionSpec* find_action(const Snapshot& s, const std::string& name) {
  for (const ActionSpec& a : s.actions)
    if (a.name == name) return &a;
  return nullptr;
}

void draw_confirmation(const Snapshot& s, UiState& ui, DashboardClient& client) {
  ActionViewState& v = ui.actions;
  if (v.open_popup) {
    ImGui::OpenPopup(kActionConfirmPopup);
    v.open_popup = false;
  }
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 28, 0), ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal(kActionConfirmPopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize))
    return;
  if (!v.confirming) {
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  ActionCommand& cmd = *v.confirming;
  const ActionSpec* spec = find_action(s, cmd.action);
  const bool destructive = spec && spec->destructive;
  if (destructive) {
    badge("DESTRUCTIVE", colors::kAmber);
    ImGui::SameLine();
  }
  ImGui::Text("%s on %s?", cmd.action.c_str(),
              cmd.target.empty() ? "(no host)" : cmd.target.c_str());
  if (spec) colored_text(colors::kDim, spec->what);
  dump_text(ui, "confirm", fmt::format("confirm {} on {}", cmd.action, cmd.target));
  bool ready = true;
  if (spec)
    for (const std::string& p : spec->params) {
      auto& buf = v.params[p];
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
      ImGui::InputText(p.c_str(), buf.data(), buf.size());
      dump_item(ui, "confirm/param/" + p);
      if (buf[0] == '\0') ready = false;
    }
  ImGui::Spacing();
  if (!ready) ImGui::BeginDisabled();
  if (tracked_button(ui, "confirm/run", fmt::format("Run {}", cmd.action).c_str())) {
    if (spec)
      for (const std::string& p : spec->params) cmd.params[p] = v.params[p].data();
    v.sent.push_back(client.act(cmd));
    v.confirming.reset();
    ImGui::CloseCurrentPopup();
  }
  if (!ready) ImGui::EndDisabled();
  ImGui::SameLine();
  if (tracked_button(ui, "confirm/cancel", "Cancel") ||
      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
    v.confirming.reset();
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace

void draw_actions(const Snapshot& s, UiState& ui, DashboardClient& client) {
  ActionViewState& v = ui.actions;
  const HostInfo* host = s.host(ui.selected_host);
  ImGui::TextUnformatted("on");
  ImGui::SameLine();
  colored_text(colors::kAccent, ui.selected_host);
  if (host) {
    ImGui::SameLine();
    badge(health_label(host->health), health_color(host->health));
    ImGui::SameLine();
    ImGui::TextDisabled("%s, %s %s", host->role.c_str(), host->service.c_str(),
                        host->process.c_str());
  }
  dump_text(ui, "actions", "target " + ui.selected_host);

  // The palette takes what the replies (at most three lines) leave.
  const int reply_lines = static_cast<int>(std::min<size_t>(3, v.sent.size()));
  const float replies_h =
      reply_lines ? static_cast<float>(reply_lines) * ImGui::GetFrameHeightWithSpacing() + 6 : 0;
  ImGui::BeginChild("palette", ImVec2(0, -replies_h), false);
  const float button_w =
      ImGui::CalcTextSize("restart_service").x + 2 * ImGui::GetStyle().FramePadding.x + 8;
  for (const ActionSpec& a : s.actions) {
    if (!applies(a, host)) continue;
    if (tracked_button(ui, "actions/" + a.name, a.name.c_str(), ImVec2(button_w, 0))) {
      ActionCommand cmd{a.name, a.target == "none" ? std::string() : ui.selected_host, {}};
      if (a.destructive || !a.params.empty()) {
        v.confirming = cmd;
        v.open_popup = true;
        for (const std::string& p : a.params) v.params[p].fill('\0');
      } else {
        v.sent.push_back(client.act(cmd));
      }
    }
    ImGui::SameLine();
    if (a.destructive) {
      colored_text(colors::kAmber, "!");
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("destructive: asks for confirmation");
      ImGui::SameLine();
    }
    colored_text(colors::kDim, a.what);
    dump_text(ui, "actions", a.name + (a.destructive ? " (destructive)" : ""));
  }
  ImGui::EndChild();
  draw_confirmation(s, ui, client);

  if (reply_lines) ImGui::Separator();
  int shown = 0;
  for (auto it = v.sent.rbegin(); it != v.sent.rend() && shown < reply_lines; ++it, ++shown) {
    const CommandReply* r = s.reply(*it);
    if (!r) {
      ImGui::TextDisabled("sent, waiting for the reply...");
      continue;
    }
    badge(r->ok ? "OK" : "REFUSED", r->ok ? colors::kGreen : colors::kRed, 64);
    ImGui::SameLine();
    ImGui::Text("%s: %s", r->what.c_str(), r->message.c_str());
    dump_text(ui, "actions",
              fmt::format("reply {} {}: {}", r->ok ? "OK" : "REFUSED", r->what, r->message));
  }
}

}  // namespace firedrill::dash
