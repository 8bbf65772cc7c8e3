// Timeline: the journal as it happens — alerts, process changes, health verdicts and every move
// of the trainee — one row each with the scenario's local time, a label and a line of text;
// filterable, following the newest unless scrolled back. Rows are clipped (ImGuiListClipper);
// the filter's matches are recomputed only when what is listed changes.
// With an API behind the client it lists the reporter's timeline instead (GET /timeline: the
// journal classified, the trainee's edits applied, hidden entries greyed and labelled), and
// the trainee corrects it there: pick an entry to reword it, mark it misleading or not, hide or
// show it, or add a missed moment (POST /timeline/edits). Entries after the scrubber's view
// time are greyed.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "dashboard/ui/panels.h"
#include "dashboard/ui/scrubber.h"
#include "dashboard/ui/theme.h"
#include "dashboard/ui/time_input.h"
#include "dashboard/ui/widgets.h"

namespace firedrill::dash {

namespace {

constexpr const char* kCategories[] = {"detection",  "investigation", "misleading",   "escalation",
                                       "mitigation", "resolution",    "communication"};

ImVec4 source_color(const TimelineEntry& e) {
  if (e.source == "trainee") return colors::kAccent;
  if (e.kind == "alert.firing") return colors::kRed;
  if (e.kind == "alert.pending") return colors::kAmber;
  if (e.kind == "alert.resolved") return colors::kGreen;
  if (e.source == "stack") return colors::kGrey;
  return colors::kDim;
}

ImVec4 category_color(const std::string& c) {
  if (c == "detection") return colors::kRed;
  if (c == "misleading") return colors::kAmber;
  if (c == "mitigation" || c == "resolution") return colors::kGreen;
  if (c == "escalation" || c == "communication") return colors::kBlue;
  if (c == "investigation") return colors::kAccent;
  return colors::kDim;
}

bool is_stack(const TimelineEntry& e) {
  return e.source == "stack";
}

template <class T>
void copy_to(T& buf, const std::string& text) {
  buf.fill('\0');
  std::memcpy(buf.data(), text.data(), std::min(text.size(), buf.size() - 1));
}

void draw_header(TimelineViewState& v, UiState& ui) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("filter");
  ImGui::SameLine();
  v.filter.Draw("##timeline_filter", ImGui::GetFontSize() * 12);
  dump_item(ui, "timeline/filter");
  ImGui::SameLine();
  ImGui::Checkbox("stack events", &v.show_stack);
  ImGui::SameLine();
  ImGui::Checkbox("follow", &v.follow);
}

bool begin_table(const char* id, const char* kind_header, float kind_width, float height) {
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerV;
  if (!ImGui::BeginTable(id, 3, flags, ImVec2(0, height))) return false;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_WidthFixed,
                          ImGui::CalcTextSize("00:00:00").x);
  ImGui::TableSetupColumn(kind_header, ImGuiTableColumnFlags_WidthFixed, kind_width);
  ImGui::TableSetupColumn("What", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  return true;
}

void end_table(TimelineViewState& v) {
  if (ImGui::GetIO().MouseWheel > 0 && ImGui::IsWindowHovered()) v.follow = false;
  if (v.follow) ImGui::SetScrollHereY(1.0f);
  ImGui::EndTable();
}

// The journal as the client received it (no API behind it: nothing to edit).
void draw_journal(const Snapshot& s, UiState& ui) {
  TimelineViewState& v = ui.timeline;
  std::vector<uint32_t>& rows = v.rows;
  const bool all = !v.filter.IsActive() && v.show_stack;
  if (!all && (v.rows_version != s.version || v.rows_source || v.rows_filter != v.filter.InputBuf ||
               v.rows_show_stack != v.show_stack)) {
    v.rows_version = s.version;
    v.rows_source = nullptr;
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

  if (!begin_table("timeline", "Kind", ImGui::CalcTextSize("trainee.command").x, 0)) return;
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(count));
  while (clipper.Step()) {
    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
      const auto i = all ? static_cast<size_t>(r) : rows[static_cast<size_t>(r)];
      const TimelineEntry& e = s.timeline[i];
      const bool later = after_view_time(s, ui, e.t);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const std::string when = fmt_clock(s.session, e.t);
      colored_text(later ? colors::kGrey : colors::kText, when);
      ImGui::TableNextColumn();
      colored_text(later ? colors::kGrey : source_color(e), e.kind);
      ImGui::TableNextColumn();
      colored_text(later ? colors::kGrey : colors::kText, e.text);
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("#%llu %s", static_cast<unsigned long long>(e.seq), e.text.c_str());
      dump_text(ui, "timeline",
                fmt::format("{} {} {}{}", when, e.kind, e.text, later ? " (later)" : ""));
    }
  }
  end_table(v);
}

// The reporter's timeline, each entry with a seq pickable for editing.
void draw_reported(const Snapshot& s, UiState& ui, float height) {
  TimelineViewState& v = ui.timeline;
  const std::vector<ReportedEntry>& list = *s.reported_timeline;
  std::vector<uint32_t>& rows = v.rows;
  // (The version too: a new list may be allocated where a freed one was.)
  if (v.rows_version != s.version || v.rows_source != &list || v.rows_filter != v.filter.InputBuf ||
      v.rows_show_stack != v.show_stack) {
    v.rows_version = s.version;
    v.rows_source = &list;
    v.rows_filter = v.filter.InputBuf;
    v.rows_show_stack = v.show_stack;
    rows.clear();
    for (size_t i = 0; i < list.size(); ++i) {
      const ReportedEntry& e = list[i];
      if (!v.show_stack && e.category == "context") continue;
      if (!v.filter.PassFilter(e.text.c_str()) && !v.filter.PassFilter(e.kind.c_str()) &&
          !v.filter.PassFilter(e.category.c_str()))
        continue;
      rows.push_back(static_cast<uint32_t>(i));
    }
  }
  size_t hidden = 0;
  for (const ReportedEntry& e : list) hidden += e.hidden ? 1 : 0;
  dump_text(ui, "timeline", fmt::format("{} entries, {} hidden", rows.size(), hidden));

  if (!begin_table("timeline_reported", "Category", ImGui::CalcTextSize("communication").x, height))
    return;
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows.size()));
  while (clipper.Step()) {
    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
      const ReportedEntry& e = list[rows[static_cast<size_t>(r)]];
      const bool grey = e.hidden || after_view_time(s, ui, e.t);
      const std::string when = fmt_clock(s.session, e.t);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (e.seq) {
        const std::string id = fmt::format("timeline/row/{}", *e.seq);
        ImGui::PushID(id.c_str());
        if (ImGui::Selectable(when.c_str(), v.selected == e.seq,
                              ImGuiSelectableFlags_SpanAllColumns)) {
          v.selected = e.seq;
          copy_to(v.edit_text, e.text);
        }
        ImGui::PopID();
        dump_item(ui, id);
      } else {
        colored_text(colors::kGrey, when);  // derived by the reporter: not a record to edit
      }
      ImGui::TableNextColumn();
      colored_text(grey ? colors::kGrey : category_color(e.category), e.category);
      ImGui::TableNextColumn();
      if (e.hidden) {
        badge("HIDDEN", colors::kGrey);
        ImGui::SameLine();
      }
      if (e.edited) {
        badge("EDITED", colors::kAccent);
        ImGui::SameLine();
      }
      colored_text(grey ? colors::kGrey : colors::kText, e.text);
      dump_text(
          ui, "timeline",
          fmt::format("{} {} {}{}{}{}", when, e.category, e.text, e.hidden ? " [hidden]" : "",
                      e.edited ? " [edited]" : "", after_view_time(s, ui, e.t) ? " (later)" : ""));
    }
  }
  end_table(v);
}

void send_edit(UiState& ui, DashboardClient& client, TimelineEditCommand edit) {
  ui.timeline.sent.push_back(client.send(std::move(edit)));
}

// Below the table: what can be done to the picked entry, and adding one.
void draw_edit_bar(const Snapshot& s, UiState& ui, DashboardClient& client) {
  TimelineViewState& v = ui.timeline;
  const ReportedEntry* picked = nullptr;
  if (v.selected)
    for (const ReportedEntry& e : *s.reported_timeline)
      if (e.seq == v.selected) picked = &e;
  using Op = TimelineEditCommand::Op;
  ImGui::AlignTextToFramePadding();
  if (!picked) {
    ImGui::TextDisabled("Pick an entry to reword it, mark it misleading or hide it.");
  } else {
    ImGui::TextDisabled("#%llu", static_cast<unsigned long long>(*picked->seq));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 5);
    ImGui::InputText("##timeline_edit_text", v.edit_text.data(), v.edit_text.size());
    dump_item(ui, "timeline/edit_text");
    ImGui::SameLine();
    if (tracked_button(ui, "timeline/reword", "Reword") && v.edit_text[0] != '\0')
      send_edit(ui, client, {Op::reword, *picked->seq, v.edit_text.data(), {}, {}});
    const bool misleading = picked->category == "misleading";
    if (tracked_button(ui, "timeline/misleading",
                       misleading ? "Not misleading" : "Mark misleading"))
      send_edit(
          ui, client,
          {misleading ? Op::unmark_misleading : Op::mark_misleading, *picked->seq, {}, {}, {}});
    ImGui::SameLine();
    if (tracked_button(ui, "timeline/hide", picked->hidden ? "Show" : "Hide"))
      send_edit(ui, client, {picked->hidden ? Op::show : Op::hide, *picked->seq, {}, {}, {}});
    dump_text(ui, "timeline", fmt::format("picked #{} {}", *picked->seq, picked->text));
  }
  if (const CommandReply* r = v.sent.empty() ? nullptr : s.reply(v.sent.back())) {
    if (picked) ImGui::SameLine();
    colored_text(r->ok ? colors::kGreen : colors::kRed,
                 fmt::format("{} {}", r->ok ? "EDIT OK" : "EDIT REFUSED", r->message));
    dump_text(ui, "timeline", fmt::format("edit {} {}", r->ok ? "OK" : "REFUSED", r->message));
  }

  // A missed moment: when (the view time or now unless typed), what, and its category.
  const SimTime fallback = view_time(s, ui).value_or(s.session.now);
  ImGui::SetNextItemWidth(ImGui::CalcTextSize("00:00:00").x + 12);
  ImGui::InputTextWithHint("##timeline_add_time", fmt_clock(s.session, fallback).c_str(),
                           v.add_time.data(), v.add_time.size());
  dump_item(ui, "timeline/add_time");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::CalcTextSize("communication").x + 28);
  v.add_category = std::clamp(v.add_category, 0, static_cast<int>(std::size(kCategories)) - 1);
  if (ImGui::BeginCombo("##timeline_add_category", kCategories[v.add_category])) {
    for (int i = 0; i < static_cast<int>(std::size(kCategories)); ++i)
      if (ImGui::Selectable(kCategories[i], i == v.add_category)) v.add_category = i;
    ImGui::EndCombo();
  }
  dump_item(ui, "timeline/add_category");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 3.5f);
  ImGui::InputTextWithHint("##timeline_add_text", "a missed moment", v.add_text.data(),
                           v.add_text.size());
  dump_item(ui, "timeline/add_text");
  ImGui::SameLine();
  if (tracked_button(ui, "timeline/add", "Add") && v.add_text[0] != '\0') {
    std::optional<SimTime> at = fallback;
    v.add_error.clear();
    if (v.add_time[0] != '\0') at = parse_clock_time(s.session, v.add_time.data(), &v.add_error);
    if (at) {
      send_edit(ui, client, {Op::add, 0, v.add_text.data(), *at, kCategories[v.add_category]});
      v.add_text.fill('\0');
      v.add_time.fill('\0');
    }
  }
  if (!v.add_error.empty()) {
    colored_text(colors::kRed, v.add_error);
    dump_text(ui, "timeline", "add refused: " + v.add_error);
  }
}

}  // namespace

void draw_timeline(const Snapshot& s, UiState& ui, DashboardClient& client) {
  TimelineViewState& v = ui.timeline;
  draw_header(v, ui);
  if (!s.reported_timeline) {
    draw_journal(s, ui);
    return;
  }
  if (ui.read_only) {  // the trainee's timeline is theirs to correct: someone watching reads it
    draw_reported(s, ui, 0);
    return;
  }
  const float bar_h = ImGui::GetFrameHeightWithSpacing() * 3 + ImGui::GetTextLineHeight();
  draw_reported(s, ui, -bar_h);
  draw_edit_bar(s, ui, client);
}

}  // namespace firedrill::dash
