// Notes: what the trainee writes down and tells others — notes and hypotheses, escalation to a
// team, status updates to stakeholders, and declaring the incident mitigated or resolved
// (after a confirmation). Everything sent lands in the journal; its reply is shown below.
#include <fmt/format.h>

#include "dashboard/ui/panels.h"
#include "dashboard/ui/theme.h"
#include "dashboard/ui/widgets.h"

namespace firedrill::dash {

namespace {

constexpr const char* kAudiences[] = {"internal", "customers"};
constexpr const char* kDeclarePopup = "Declare";

bool text_area(UiState& ui, const char* id, char* buf, size_t size, float lines) {
  const bool changed =
      ImGui::InputTextMultiline(id, buf, size, ImVec2(-1, ImGui::GetTextLineHeight() * lines + 8));
  dump_item(ui, std::string("notes/") + (id[0] == '#' ? id + 2 : id));
  return changed;
}

void note_tab(UiState& ui, DashboardClient& client) {
  NotesViewState& v = ui.notes;
  text_area(ui, "##note", v.note.data(), v.note.size(), 3);
  ImGui::Checkbox("hypothesis", &v.hypothesis);
  ImGui::SameLine();
  if (tracked_button(ui, "notes/add", v.hypothesis ? "Add hypothesis" : "Add note") &&
      v.note[0] != '\0') {
    v.sent.push_back(client.add_note(v.note.data(), v.hypothesis));
    v.note.fill('\0');
  }
}

void escalate_tab(const Snapshot& s, UiState& ui, DashboardClient& client) {
  NotesViewState& v = ui.notes;
  if (s.teams.empty()) {
    ImGui::TextDisabled("no teams to escalate to in this drill");
    return;
  }
  v.team = std::min(v.team, static_cast<int>(s.teams.size()) - 1);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
  if (ImGui::BeginCombo("team", s.teams[static_cast<size_t>(v.team)].c_str())) {
    for (size_t i = 0; i < s.teams.size(); ++i)
      if (ImGui::Selectable(s.teams[i].c_str(), static_cast<int>(i) == v.team))
        v.team = static_cast<int>(i);
    ImGui::EndCombo();
  }
  text_area(ui, "##escalation", v.escalation.data(), v.escalation.size(), 2);
  if (tracked_button(ui, "notes/escalate", "Page the team") && v.escalation[0] != '\0') {
    v.sent.push_back(
        client.send(EscalateCommand{s.teams[static_cast<size_t>(v.team)], v.escalation.data()}));
    v.escalation.fill('\0');
  }
}

void status_tab(UiState& ui, DashboardClient& client) {
  NotesViewState& v = ui.notes;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
  ImGui::Combo("audience", &v.audience, kAudiences, static_cast<int>(std::size(kAudiences)));
  text_area(ui, "##status", v.status.data(), v.status.size(), 3);
  if (tracked_button(ui, "notes/status", "Post status update") && v.status[0] != '\0') {
    v.sent.push_back(
        client.send(StatusCommand{kAudiences[static_cast<size_t>(v.audience)], v.status.data()}));
    v.status.fill('\0');
  }
}

void declare_tab(UiState& ui, DashboardClient& client) {
  NotesViewState& v = ui.notes;
  ImGui::TextWrapped(
      "Declare when the impact has stopped (mitigated) or the cause is fixed (resolved). "
      "The debrief measures your times from these.");
  for (const char* state : {"mitigated", "resolved"}) {
    if (tracked_button(ui, fmt::format("notes/declare_{}", state),
                       fmt::format("Declare {}", state).c_str())) {
      v.declaring = state;
      v.open_declare = true;
    }
    ImGui::SameLine();
  }
  ImGui::NewLine();
  if (v.open_declare) {
    ImGui::OpenPopup(kDeclarePopup);
    v.open_declare = false;
  }
  if (ImGui::BeginPopupModal(kDeclarePopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::Text("Declare the incident %s?", v.declaring.c_str());
    if (tracked_button(ui, "declare/yes", fmt::format("Declare {}", v.declaring).c_str())) {
      v.sent.push_back(client.send(DeclareCommand{v.declaring}));
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (tracked_button(ui, "declare/cancel", "Cancel")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

}  // namespace

void draw_notes(const Snapshot& s, UiState& ui, DashboardClient& client) {
  if (ImGui::BeginTabBar("notes")) {
    if (tracked_tab(ui, "tab/note", "Note")) {
      note_tab(ui, client);
      ImGui::EndTabItem();
    }
    if (tracked_tab(ui, "tab/escalate", "Escalate")) {
      escalate_tab(s, ui, client);
      ImGui::EndTabItem();
    }
    if (tracked_tab(ui, "tab/status", "Status update")) {
      status_tab(ui, client);
      ImGui::EndTabItem();
    }
    if (tracked_tab(ui, "tab/declare", "Declare")) {
      declare_tab(ui, client);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  int shown = 0;
  for (auto it = ui.notes.sent.rbegin(); it != ui.notes.sent.rend() && shown < 3; ++it, ++shown) {
    const CommandReply* r = s.reply(*it);
    if (!r) {
      ImGui::TextDisabled("sending...");
      continue;
    }
    colored_text(r->ok ? colors::kGreen : colors::kRed,
                 fmt::format("{} {}", r->ok ? "OK" : "REFUSED", r->message));
    dump_text(ui, "notes", fmt::format("reply {} {}", r->ok ? "OK" : "REFUSED", r->message));
  }
}

}  // namespace firedrill::dash
