// Timeline: the journal as it happens — alerts, process changes, health verdicts and every move
// of the trainee — one row each with the scenario's local time, the source as a label and a
// line of text; filterable, following the newest unless scrolled back. Rows are clipped
// (ImGuiListClipper); the filter's matches are recomputed only when the snapshot changes.
#include <fmt/format.h>

#include "dashboard/ui/panels.h"
#include "dashboard/ui/theme.h"
#include "dashboard/ui/widgets.h"

namespace firedrill::dash {

namespace {

ImVec4 source_color(const TimelineEntry& e) {
  if (e.source == "trainee") return colors::kAccent;
  if (e.kind == "alert.firing") return colors::kRed;
  if (e.kind == "alert.pending") return colors::kAmber;
  if (e.kind == "alert.resolved") return colors::kGreen;
  if (e.source == "stack") return colors::kGrey;
  return colors::kDim;
}

bool is_stack(const TimelineEntry& e) {
  return e.source == "stack";
}

}  // namespace

void draw_timeline(const Snapshot& s, UiState& ui, DashboardClient&) {
  TimelineViewState& v = ui.timeline;
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("filter");
  ImGui::SameLine();
  v.filter.Draw("##timeline_filter", ImGui::GetFontSize() * 12);
  dump_item(ui, "timeline/filter");
  ImGui::SameLine();
  ImGui::Checkbox("stack events", &v.show_stack);
  ImGui::SameLine();
  ImGui::Checkbox("follow", &v.follow);

  // The rows to show (indices into the view), rebuilt when the snapshot or the filter changes
  // and only when something filters.
  std::vector<uint32_t>& rows = v.rows;
  const bool all = !v.filter.IsActive() && v.show_stack;
  if (!all && (v.rows_version != s.version || v.rows_filter != v.filter.InputBuf ||
               v.rows_show_stack != v.show_stack)) {
    v.rows_version = s.version;
    v.rows_filter = v.filter.InputBuf;
    v.rows_show_stack = v.show_stack;
    rows.clear();
    for (size_t i = 0; i < s.timeline.size(); ++i) {
      const TimelineEntry& e = s.timeline[i];
      if (!v.show_stack && is_stack(e)) continue;
      if (!v.filter.PassFilter(e.text.c_str()) && !v.filter.PassFilter(e.kind.c_str())) continue;
      rows.push_back(static_cast<uint32_t>(i));
    }
  }
  const size_t count = all ? s.timeline.size() : rows.size();
  dump_text(ui, "timeline", fmt::format("{} records", count));

  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerV;
  if (!ImGui::BeginTable("timeline", 3, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_WidthFixed,
                          ImGui::CalcTextSize("00:00:00").x);
  ImGui::TableSetupColumn("Kind", ImGuiTableColumnFlags_WidthFixed,
                          ImGui::CalcTextSize("trainee.command").x);
  ImGui::TableSetupColumn("What", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(count));
  while (clipper.Step()) {
    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
      const auto i = all ? static_cast<size_t>(r) : rows[static_cast<size_t>(r)];
      const TimelineEntry& e = s.timeline[i];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const std::string when = fmt_clock(s.session, e.t);
      ImGui::TextUnformatted(when.c_str());
      ImGui::TableNextColumn();
      colored_text(source_color(e), e.kind);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(e.text.c_str());
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("#%llu %s", static_cast<unsigned long long>(e.seq), e.text.c_str());
      dump_text(ui, "timeline", fmt::format("{} {} {}", when, e.kind, e.text));
    }
  }
  if (ImGui::GetIO().MouseWheel > 0 && ImGui::IsWindowHovered()) v.follow = false;
  if (v.follow) ImGui::SetScrollHereY(1.0f);
  ImGui::EndTable();
}

}  // namespace firedrill::dash
