#include <fmt/format.h>

#include <algorithm>

#include "dashboard/ui/scrubber.h"
#include "dashboard/ui/theme.h"
#include "dashboard/ui/widgets.h"

namespace firedrill::dash {

namespace {

constexpr const char* kBranchConfirmPopup = "Branch from here?";

std::string moment(const SessionInfo& s, SimTime t) {
  return fmt::format("{} ({})", fmt_clock(s, t), drill_time_text(t));
}

void draw_branches(const Snapshot& s, UiState& ui) {
  const size_t known = s.branches ? s.branches->size() : 0;
  if (s.session.branch <= 1 && known <= 1) return;
  ImGui::SameLine();
  badge(fmt::format("BRANCH {}", s.session.branch).c_str(), colors::kAmber);
  dump_text(ui, "scrub", fmt::format("branch {}", s.session.branch));
  if (!ImGui::IsItemHovered() || !s.branches) return;
  ImGui::BeginTooltip();
  for (const BranchInfo& b : *s.branches) {
    const std::string from =
        b.parent ? fmt::format("from branch {} at {}", *b.parent, moment(s.session, b.at))
                 : std::string("the drill as first run");
    ImGui::Text("%s branch %u: %s, until %s", b.current ? ">" : " ", b.branch, from.c_str(),
                drill_time_text(b.until).c_str());
  }
  ImGui::EndTooltip();
}

void draw_confirmation(const Snapshot& s, UiState& ui, DashboardClient& client) {
  ScrubState& v = ui.scrub;
  if (v.open_confirm) {
    ImGui::OpenPopup(kBranchConfirmPopup);
    v.open_confirm = false;
  }
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 30, 0), ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal(kBranchConfirmPopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize))
    return;
  const std::string when = moment(s.session, v.confirming);
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
  ImGui::TextUnformatted(
      fmt::format("The drill will be re-simulated from its seed and your recorded moves up to "
                  "{}, and left paused there. It then continues as a new branch; what happened "
                  "after that moment on branch {} is no longer the drill's past.",
                  when, s.session.branch)
          .c_str());
  ImGui::PopTextWrapPos();
  dump_text(ui, "confirm", fmt::format("confirm branch from {}", when));
  ImGui::Spacing();
  if (tracked_button(ui, "scrub/rewind", "Re-simulate and branch")) {
    v.sent.push_back(client.send(RewindCommand{v.confirming}));
    v.view.reset();  // the new branch's now is that moment: follow it
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (tracked_button(ui, "scrub/cancel", "Cancel") ||
      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
    ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace

std::optional<SimTime> view_time(const Snapshot& s, const UiState& ui) {
  if (!ui.scrub.view) return std::nullopt;
  return std::min(*ui.scrub.view, s.session.now);
}

bool after_view_time(const Snapshot& s, const UiState& ui, SimTime t) {
  const std::optional<SimTime> view = view_time(s, ui);
  return view && t > *view;
}

void draw_scrubber(const Snapshot& s, UiState& ui, DashboardClient& client) {
  ScrubState& v = ui.scrub;
  const SessionInfo& session = s.session;
  const std::optional<SimTime> view = view_time(s, ui);
  const int64_t lo = 0, hi = std::max<int64_t>(1, session.now.whole_seconds());
  int64_t second = view ? view->whole_seconds() : session.now.whole_seconds();
  // The slider's text is the moment itself (no printf field: ImGui prints it as is).
  std::string label =
      view ? "view " + moment(session, *view) : "live " + moment(session, session.now);
  std::replace(label.begin(), label.end(), '%', ' ');

  // Room on the right for the buttons, the branch badge and the last rewind's verdict.
  const ImGuiStyle& style = ImGui::GetStyle();
  const CommandReply* rewound = v.sent.empty() ? nullptr : s.reply(v.sent.back());
  const bool branched = session.branch > 1 || (s.branches && s.branches->size() > 1);
  const float buttons = ImGui::CalcTextSize("Live").x + ImGui::CalcTextSize("Branch from here").x +
                        4 * style.FramePadding.x + 4 * style.ItemSpacing.x +
                        (branched ? ImGui::CalcTextSize("BRANCH 00").x + 12 : 0) +
                        (rewound ? ImGui::CalcTextSize("REWIND FAILED").x : 0);
  ImGui::SetNextItemWidth(
      std::max(ImGui::GetFontSize() * 8, ImGui::GetContentRegionAvail().x - buttons));
  ImGui::PushStyleColor(ImGuiCol_SliderGrab,
                        view ? colors::kAmber : with_alpha(colors::kAccent, 0.8f));
  if (ImGui::SliderScalar("##scrub", ImGuiDataType_S64, &second, &lo, &hi, label.c_str()))
    v.view = SimTime::seconds(std::clamp(second, lo, hi));
  ImGui::PopStyleColor();
  dump_item(ui, "scrub/slider");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("drag to look back: charts, timeline and logs show the drill up to there");
  dump_text(ui, "scrub", view ? "view " + moment(session, *view) : std::string("live"));

  ImGui::SameLine();
  if (!view) ImGui::BeginDisabled();
  if (tracked_button(ui, "scrub/live", "Live")) v.view.reset();
  ImGui::SameLine();
  if (tracked_button(ui, "scrub/branch", "Branch from here") && view) {
    v.confirming = *view;
    v.open_confirm = true;
  }
  if (!view) ImGui::EndDisabled();
  draw_branches(s, ui);

  if (const CommandReply* r = rewound) {
    ImGui::SameLine();
    colored_text(r->ok ? colors::kGreen : colors::kRed, r->ok ? "BRANCHED" : "REWIND FAILED");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", r->message.c_str());
    dump_text(ui, "scrub", fmt::format("rewind {} {}", r->ok ? "OK" : "FAILED", r->message));
  }
  draw_confirmation(s, ui, client);
}

}  // namespace firedrill::dash
