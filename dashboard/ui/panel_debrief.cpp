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

namespace {

// The paths tried, side by side, once the drill was rewound: what a different move changed.
void draw_branch_comparison(const Snapshot& s, UiState& ui) {
  if (!s.branches || s.branches->size() < 2) return;
  ImGui::TextUnformatted("Branches: the paths tried, side by side");
  const ImGuiTableFlags flags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("branches", 7, flags)) return;
  for (const char* head :
       {"Branch", "From", "Mitigated", "Resolved", "Failed", "Users hit", "Fixes"})
    ImGui::TableSetupColumn(head);
  ImGui::TableHeadersRow();
  for (const BranchInfo& b : *s.branches) {
    const std::string from =
        b.parent ? fmt::format("{} at {}", *b.parent, fmt_clock(s.session, b.at)) : "start";
    const std::string mitigated = b.mitigated_at ? fmt_clock(s.session, *b.mitigated_at) : "-";
    const std::string resolved = b.resolved_at ? fmt_clock(s.session, *b.resolved_at) : "-";
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::Text("%u", b.branch);
    if (b.current) {
      ImGui::SameLine();
      badge("NOW", colors::kBlue);
    }
    if (b.best) {
      ImGui::SameLine();
      badge("BEST", colors::kGreen);
    }
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(from.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(mitigated.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(resolved.c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%.0f", b.requests_failed);
    ImGui::TableNextColumn();
    ImGui::Text("%.0f", b.users_affected);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(b.fixes.empty() ? "-" : b.fixes.c_str());
    dump_text(ui, "debrief",
              fmt::format(
                  "branch {}{}{} from {} mitigated {} resolved {} failed {:.0f} users {:.0f} "
                  "fixes {}",
                  b.branch, b.current ? " NOW" : "", b.best ? " BEST" : "", from, mitigated,
                  resolved, b.requests_failed, b.users_affected, b.fixes.empty() ? "-" : b.fixes));
  }
  ImGui::EndTable();
}

}  // namespace

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

  draw_branch_comparison(s, ui);
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
