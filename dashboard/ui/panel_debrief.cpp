// Debrief: the figures of the journal so far (GET /debrief: times to detect, acknowledge,
// mitigate and resolve, requests failed, users affected...), the postmortem draft the reporter
// writes from it with the linter's verdict (GET /postmortem), and an export of the draft to a
// Markdown file the trainee can edit and hand in. All of it is what the client last received;
// the export writes that text and nothing else.
#include <fmt/format.h>

#include <fstream>

#include "dashboard/ui/panels.h"
#include "dashboard/ui/theme.h"
#include "dashboard/ui/widgets.h"

namespace firedrill::dash {

void draw_debrief(const Snapshot& s, UiState& ui, DashboardClient&) {
  DebriefViewState& v = ui.debrief;
  if (!s.debrief) {
    ImGui::TextWrapped(
        "No debrief from this drill yet. It comes from the HTTP API: open a scenario "
        "(firedrill-dashboard SCENARIO.lua) or --connect to firedrill serve.");
    dump_text(ui, "debrief", "no debrief yet");
    return;
  }
  const DebriefInfo& d = *s.debrief;
  ImGui::TextDisabled("as of %s", fmt_clock(s.session, d.as_of).c_str());
  ImGui::SameLine();
  badge(d.lint_clean ? "LINT CLEAN" : "LINT FINDINGS",
        d.lint_clean ? colors::kGreen : colors::kAmber);
  ImGui::SameLine();
  ImGui::TextDisabled("%d words, %zu findings", d.words, d.lint.size());
  dump_text(ui, "debrief",
            fmt::format("draft {} words lint {}", d.words, d.lint_clean ? "clean" : "findings"));

  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 6);
  ImGui::InputText("##debrief_path", v.path.data(), v.path.size());
  dump_item(ui, "debrief/path");
  ImGui::SameLine();
  if (tracked_button(ui, "debrief/export", "Export") && v.path[0] != '\0') {
    std::ofstream out(v.path.data(), std::ios::binary | std::ios::trunc);
    out << d.postmortem;
    out.close();
    v.export_ok = static_cast<bool>(out);
    v.exported = v.export_ok
                     ? fmt::format("wrote {} ({} bytes)", v.path.data(), d.postmortem.size())
                     : fmt::format("cannot write {}", v.path.data());
  }
  if (!v.exported.empty()) {
    colored_text(v.export_ok ? colors::kGreen : colors::kRed, v.exported);
    dump_text(ui, "debrief", "export " + v.exported);
  }

  const float half = ImGui::GetContentRegionAvail().y * 0.45f;
  if (ImGui::BeginChild("debrief_figures", ImVec2(0, half), true)) {
    if (ImGui::BeginTable("figures", 2,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
      for (const auto& [name, value] : d.figures) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", name.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(value.c_str());
        if (name.rfind("time_to_", 0) == 0) dump_text(ui, "debrief", name + " " + value);
      }
      ImGui::EndTable();
    }
  }
  ImGui::EndChild();
  if (ImGui::BeginChild("debrief_draft", ImVec2(0, 0), true)) {
    for (const std::string& finding : d.lint) colored_text(colors::kAmber, finding);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(d.postmortem.c_str(), d.postmortem.c_str() + d.postmortem.size());
    ImGui::PopTextWrapPos();
  }
  ImGui::EndChild();
}

}  // namespace firedrill::dash
