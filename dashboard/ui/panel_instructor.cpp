// Instructor: the workshop as its instructor runs it — every trainee's drill in one table
// (clock, whether they detected, escalated, mitigated and resolved, the error figures), a
// row or "all trainees" chosen as the target of the clock controls (sent at once) and of a
// fault injection (a scenario fault or a fault library kind, sent only once confirmed), the
// root cause reveal and the review round (each confirmed: neither can be undone), the export
// of every draft and review to a .tar.gz, the replies, and the reviews once the round is open.
// "Watch" (or a double-click on the row) opens the selected trainee's drill in the drill
// panels (dashboard/ui/watch.h).
// States are labelled words (PAUSED, YES, REVEALED); colour only repeats them.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "dashboard/ui/panels.h"
#include "dashboard/ui/theme.h"
#include "dashboard/ui/ui_dump.h"
#include "dashboard/ui/watch.h"
#include "dashboard/ui/widgets.h"
#include "dashboard/ui/workshop_view.h"
#include "sim/faults/fault_catalog.h"

namespace firedrill::dash {

namespace {

constexpr const char* kWorkshopConfirmPopup = "Confirm##workshop";

constexpr SpeedChoice kInstructorSpeeds[] = {{"instructor/speed/1", "1x", 1},
                                             {"instructor/speed/2", "2x", 2},
                                             {"instructor/speed/10", "10x", 10},
                                             {"instructor/speed/60", "60x", 60}};

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string target_name(const InstructorViewState& v) {
  return v.selected.empty() ? std::string("all trainees") : v.selected;
}

std::string clock_label(const TraineeProgress& p) {
  if (p.finished) return "FINISHED";
  if (p.paused) return "PAUSED";
  return p.speed == 0 ? std::string("RUNNING max") : fmt::format("RUNNING {:g}x", p.speed);
}

std::string seconds_text(const std::optional<int64_t>& s) {
  return s ? fmt_age(SimTime::seconds(*s)) : std::string("-");
}

std::string share_text(const std::optional<double>& v) {
  return v ? fmt::format("{:.1f}%", 100 * *v) : std::string("-");
}

// SeparatorText arrived after 1.86.
void section(const char* title) {
  ImGui::Spacing();
  ImGui::TextDisabled("%s", title);
  ImGui::Separator();
}

void yes_no(bool yes) {
  if (yes)
    colored_text(colors::kGreen, "YES");
  else
    colored_text(colors::kDim, "no");
}

void header(const WorkshopSnapshot& w, UiState& ui) {
  badge("INSTRUCTOR", colors::kAccent);
  ImGui::SameLine();
  ImGui::TextUnformatted(w.scenario_title.empty() ? "(workshop)" : w.scenario_title.c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("%zu of %d trainees", w.trainees.size(), w.max_trainees);
  ImGui::SameLine();
  badge(w.revealed ? "REVEALED" : "NOT REVEALED", w.revealed ? colors::kAmber : colors::kGrey);
  ImGui::SameLine();
  badge(w.review_open ? "REVIEW ROUND OPEN" : "NO REVIEW ROUND",
        w.review_open ? colors::kBlue : colors::kGrey);
  ImGui::SameLine();
  const std::string conn = upper(std::string(connection_name(w.connection)));
  badge(conn.c_str(), connection_color(w.connection), 70);
  ImGui::SameLine();
  colored_text(colors::kDim, w.connection_detail);
  dump_text(ui, "instructor", fmt::format("scenario {}", w.scenario_title));
  dump_text(ui, "instructor", fmt::format("{} of {} trainees", w.trainees.size(), w.max_trainees));
  dump_text(ui, "instructor", w.revealed ? "REVEALED" : "NOT REVEALED");
  dump_text(ui, "instructor", w.review_open ? "REVIEW ROUND OPEN" : "NO REVIEW ROUND");
  dump_text(ui, "instructor", fmt::format("connection {} {}", conn, w.connection_detail));
}

void trainee_table(const WorkshopSnapshot& w, UiState& ui, WorkshopView& view, float height) {
  InstructorViewState& v = view.instructor;
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                     ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("trainees", 13, kFlags, ImVec2(0, height))) return;
  const char* heads[] = {"Trainee",   "Sim time",   "Clock",    "Detected",  "Acked",
                         "Escalated", "Mitigated",  "Resolved", "Error now", "Failed / total",
                         "Users hit", "Misleading", "TTD / TTM"};
  ImGui::TableSetupScrollFreeze(0, 1);
  for (const char* h : heads) ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();

  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  if (ImGui::Selectable("All trainees##row", v.selected.empty(),
                        ImGuiSelectableFlags_SpanAllColumns))
    v.selected.clear();
  dump_item(ui, "instructor/row/*");
  ImGui::TableNextColumn();
  ImGui::TextDisabled("%zu", w.progress.size());

  for (const TraineeProgress& p : w.progress) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::PushID(p.name.c_str());
    if (ImGui::Selectable(
            p.name.c_str(), v.selected == p.name,
            ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick)) {
      v.selected = p.name;
      if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) request_watch(view, p.name);
    }
    ImGui::PopID();
    dump_item(ui, "instructor/row/" + p.name);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(fmt_elapsed(p.t).c_str());
    ImGui::TableNextColumn();
    const std::string clock = clock_label(p);
    colored_text(p.paused || p.finished ? colors::kAmber : colors::kText, clock);
    for (bool b : {p.detected, p.acknowledged, p.escalated, p.mitigated, p.resolved}) {
      ImGui::TableNextColumn();
      yes_no(b);
    }
    ImGui::TableNextColumn();
    const std::string err = share_text(p.error_rate_now);
    colored_text(p.error_rate_now && *p.error_rate_now >= 0.05 ? colors::kRed : colors::kText, err);
    ImGui::TableNextColumn();
    ImGui::Text("%s / %s", fmt_value(p.requests_failed, "").c_str(),
                fmt_value(p.requests_total, "").c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(share_text(p.users_affected_share).c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%d", p.misleading_paths);
    if (!p.misleading_targets.empty() && ImGui::IsItemHovered()) {
      std::string targets;
      for (const std::string& t : p.misleading_targets)
        targets += (targets.empty() ? "" : ", ") + t;
      ImGui::SetTooltip("%s", targets.c_str());
    }
    ImGui::TableNextColumn();
    ImGui::Text("%s / %s", seconds_text(p.time_to_detect_s).c_str(),
                seconds_text(p.time_to_mitigate_s).c_str());
    dump_text(ui, "instructor",
              fmt::format("row {} T+{} {} detected {} escalated {} mitigated {} resolved {} "
                          "error {} failed {}",
                          p.name, fmt_elapsed(p.t), clock, p.detected ? "YES" : "no",
                          p.escalated ? "YES" : "no", p.mitigated ? "YES" : "no",
                          p.resolved ? "YES" : "no", err, fmt_value(p.requests_failed, "")));
  }
  ImGui::EndTable();
}

void ask(InstructorViewState& v, WorkshopCommand c, std::string text) {
  v.confirming = std::move(c);
  v.confirm_text = std::move(text);
  v.open_popup = true;
}

// Opening the selected trainee's drill in the drill panels, to scrub through it.
void watch_control(UiState& ui, WorkshopView& view) {
  const InstructorViewState& v = view.instructor;
  const bool can = !v.selected.empty() && view.open_drill;
  if (!can) ImGui::BeginDisabled();
  const std::string label =
      v.selected.empty() ? std::string("Watch") : fmt::format("Watch {}'s drill", v.selected);
  if (tracked_button(ui, "instructor/watch", label.c_str())) request_watch(view, v.selected);
  if (!can) ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextDisabled("%s", !view.open_drill ? "(no drill can be opened from here)"
                            : v.selected.empty()
                                ? "pick a trainee (or double-click a row) to see their drill"
                                : "their panels, the scrubber and Branch from here; read-only");
}

void clock_controls(UiState& ui, InstructorViewState& v, WorkshopClient& client) {
  ImGui::TextDisabled("Clock of %s", target_name(v).c_str());
  if (tracked_button(ui, "instructor/pause", "Pause"))
    v.sent.push_back(
        client.send(WorkshopClockCommand{v.selected, WorkshopClockCommand::Op::pause}));
  ImGui::SameLine();
  if (tracked_button(ui, "instructor/resume", "Resume"))
    v.sent.push_back(
        client.send(WorkshopClockCommand{v.selected, WorkshopClockCommand::Op::resume}));
  for (const SpeedChoice& c : kInstructorSpeeds) {
    ImGui::SameLine();
    if (tracked_button(ui, c.id, c.label))
      v.sent.push_back(client.send(
          WorkshopClockCommand{v.selected, WorkshopClockCommand::Op::set_speed, c.speed}));
  }
}

void inject_controls(const WorkshopSnapshot& w, UiState& ui, InstructorViewState& v) {
  ImGui::TextDisabled("Inject a fault into %s", target_name(v).c_str());
  if (ImGui::RadioButton("Scenario fault", !v.library)) v.library = false;
  dump_item(ui, "instructor/source/scenario");
  ImGui::SameLine();
  if (ImGui::RadioButton("Fault library", v.library)) v.library = true;
  dump_item(ui, "instructor/source/library");

  if (!v.library) {
    if (w.scenario_faults.empty()) ImGui::TextDisabled("the scenario declares no faults");
    for (const std::string& f : w.scenario_faults) {
      ImGui::PushID(f.c_str());
      if (ImGui::RadioButton(f.c_str(), v.fault == f)) v.fault = f;
      ImGui::PopID();
      dump_item(ui, "instructor/fault/" + f);
      ImGui::SameLine();
    }
    ImGui::NewLine();
  } else {
    const FaultKindInfo* info = find_fault_kind(v.kind);
    // The combo's own rectangle, taken before it opens: an open combo's popup is the last
    // item ImGui knows afterwards.
    const float combo_w = ImGui::GetFontSize() * 14;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    if (ui.dump)
      ui.dump->item("instructor/kind", at.x, at.y, at.x + combo_w, at.y + ImGui::GetFrameHeight());
    ImGui::SetNextItemWidth(combo_w);
    if (ImGui::BeginCombo("kind", v.kind.empty() ? "(choose)" : v.kind.c_str())) {
      for (const FaultKindInfo& k : fault_kinds()) {
        if (ImGui::Selectable(k.kind.c_str(), v.kind == k.kind)) v.kind = k.kind;
        dump_item(ui, "instructor/kind/" + k.kind);
      }
      ImGui::EndCombo();
    }
    if (info) {
      ImGui::SameLine();
      colored_text(colors::kDim, info->summary);
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
    ImGui::InputTextWithHint("targets", "web-2 or web-* (empty: the kind's)", v.targets.data(),
                             v.targets.size());
    dump_item(ui, "instructor/targets");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
    ImGui::InputTextWithHint("params", "ms=250 intensity=0.5", v.params.data(), v.params.size());
    dump_item(ui, "instructor/params");
    if (info && !info->params.empty()) {
      std::string names;
      for (const FaultParamSpec& p : info->params)
        names += fmt::format("{}{} ({})", names.empty() ? "" : ", ", p.name, p.unit);
      ImGui::SameLine();
      ImGui::TextDisabled("%s", names.c_str());
    }
  }
  const bool ready = v.library ? !v.kind.empty() : !v.fault.empty();
  if (!ready) ImGui::BeginDisabled();
  if (tracked_button(ui, "instructor/inject", "Inject...")) {
    InjectCommand c;
    c.trainee = v.selected;
    if (v.library) {
      c.kind = v.kind;
      std::string t(v.targets.data());
      for (size_t at = 0; at < t.size();) {
        const size_t end = std::min(t.find_first_of(", ", at), t.size());
        if (end > at) c.targets.push_back(t.substr(at, end - at));
        at = end + 1;
      }
      v.params_error = parse_params_text(v.params.data(), &c.params);
    } else {
      c.fault = v.fault;
    }
    const std::string what = describe(WorkshopCommand(c));  // "inject X into Y"
    if (v.params_error.empty()) ask(v, c, fmt::format("{}? It starts at once.", what));
  }
  if (!ready) ImGui::EndDisabled();
  if (!v.params_error.empty()) {
    colored_text(colors::kRed, v.params_error);
    dump_text(ui, "instructor", "error " + v.params_error);
  }
}

void round_controls(const WorkshopSnapshot& w, UiState& ui, InstructorViewState& v,
                    WorkshopClient& client) {
  if (w.revealed) ImGui::BeginDisabled();
  if (tracked_button(ui, "instructor/reveal", "Reveal root cause..."))
    ask(v, RevealCommand{},
        "Reveal the root cause to every trainee? Their timelines, debriefs and drafts will "
        "show the scenario's ground truth from now on. This cannot be undone.");
  if (w.revealed) ImGui::EndDisabled();
  ImGui::SameLine();
  const bool can_open = !w.review_open && w.trainees.size() >= 2;
  if (!can_open) ImGui::BeginDisabled();
  if (tracked_button(ui, "instructor/review-round", "Open review round..."))
    ask(v, ReviewRoundCommand{},
        "Open the peer-review round? Every drill pauses, every draft is frozen and goes to "
        "another trainee for review. Once only.");
  if (!can_open) ImGui::EndDisabled();
  if (!w.review_open && w.trainees.size() < 2) {
    ImGui::SameLine();
    ImGui::TextDisabled("(needs two trainees)");
  }

  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18);
  ImGui::InputText("##export_path", v.export_path.data(), v.export_path.size());
  dump_item(ui, "instructor/export-path");
  ImGui::SameLine();
  if (tracked_button(ui, "instructor/export", "Export archive") && v.export_path[0] != '\0')
    v.sent.push_back(client.send(ExportCommand{v.export_path.data()}));
}

void confirmation(UiState& ui, InstructorViewState& v, WorkshopClient& client) {
  if (v.open_popup) {
    ImGui::OpenPopup(kWorkshopConfirmPopup);
    v.open_popup = false;
  }
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 30, 0), ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal(kWorkshopConfirmPopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize))
    return;
  if (!v.confirming) {
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 29);
  ImGui::TextUnformatted(v.confirm_text.c_str());
  ImGui::PopTextWrapPos();
  dump_text(ui, "confirm", "confirm " + describe(*v.confirming));
  if (tracked_button(ui, "instructor/confirm", "Confirm")) {
    v.sent.push_back(client.send(*v.confirming));
    v.confirming.reset();
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (tracked_button(ui, "instructor/cancel", "Cancel") ||
      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
    v.confirming.reset();
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void replies(const WorkshopSnapshot& w, UiState& ui, const InstructorViewState& v) {
  int shown = 0;
  for (auto it = v.sent.rbegin(); it != v.sent.rend() && shown < 8; ++it, ++shown) {
    const WorkshopReply* r = w.reply(*it);
    if (!r) {
      colored_text(colors::kDim, "SENT ...");
      dump_text(ui, "instructor", "reply SENT");
      continue;
    }
    badge(r->ok ? "OK" : "FAILED", r->ok ? colors::kGreen : colors::kRed, 56);
    ImGui::SameLine();
    ImGui::TextWrapped("%s: %s", r->what.c_str(), r->message.c_str());
    dump_text(ui, "instructor",
              fmt::format("reply {} {}: {}", r->ok ? "OK" : "FAILED", r->what, r->message));
  }
}

void reviews(const WorkshopSnapshot& w, UiState& ui) {
  if (!w.review_open) return;
  section("Reviews");
  for (const PeerReviewInfo& r : w.reviews) {
    badge(r.submitted ? "SAVED" : "NOT SAVED", r.submitted ? colors::kGreen : colors::kGrey, 80);
    ImGui::SameLine();
    ImGui::Text("%s's draft, reviewed by %s: %d of %d met", r.author.c_str(), r.reviewer.c_str(),
                r.met, r.items);
    if (!r.comments.empty()) colored_text(colors::kDim, r.comments.substr(0, 200));
    dump_text(ui, "instructor",
              fmt::format("review {} by {} {} of {} {}", r.author, r.reviewer, r.met, r.items,
                          r.submitted ? "SAVED" : "NOT SAVED"));
  }
}

}  // namespace

void draw_instructor(const WorkshopSnapshot& w, UiState& ui, WorkshopView& view) {
  InstructorViewState& v = view.instructor;
  WorkshopClient& client = *view.client;
  header(w, ui);
  if (!v.selected.empty() && !w.trainee(v.selected) && !w.progress.empty()) v.selected.clear();
  dump_text(ui, "instructor", "target " + target_name(v));

  const float table_h =
      std::max(ImGui::GetFontSize() * 6, ImGui::GetContentRegionAvail().y * 0.42f);
  trainee_table(w, ui, view, table_h);
  watch_control(ui, view);
  if (w.progress.empty()) {
    ImGui::TextDisabled("No trainee has joined yet: POST /api/v1/workshop/join {\"name\": ...}");
    dump_text(ui, "instructor", "no trainees yet");
  }

  const float half = ImGui::GetContentRegionAvail().x * 0.55f;
  if (ImGui::BeginChild("instructor_controls", ImVec2(half, 0), true)) {
    clock_controls(ui, v, client);
    ImGui::Separator();
    inject_controls(w, ui, v);
    ImGui::Separator();
    round_controls(w, ui, v, client);
  }
  ImGui::EndChild();
  ImGui::SameLine();
  if (ImGui::BeginChild("instructor_results", ImVec2(0, 0), true)) {
    replies(w, ui, v);
    if (w.revealed && !w.root_cause.empty()) {
      section("Root cause");
      ImGui::TextWrapped("%s", w.root_cause.c_str());
      if (!w.resolution.empty()) colored_text(colors::kDim, w.resolution);
      dump_text(ui, "instructor", "root cause " + w.root_cause.substr(0, 80));
    }
    reviews(w, ui);
  }
  ImGui::EndChild();
  confirmation(ui, v, client);
}

}  // namespace firedrill::dash
