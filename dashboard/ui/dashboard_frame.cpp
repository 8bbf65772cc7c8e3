#include "dashboard/ui/dashboard_frame.h"

#include <fmt/format.h>

#include "dashboard/ui/panels.h"
#include "dashboard/ui/watch.h"
#include "dashboard/ui/widgets.h"

namespace firedrill::dash {

namespace {

using PanelFn = void (*)(const Snapshot&, UiState&, DashboardClient&);

constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                    ImGuiWindowFlags_NoBringToFrontOnFocus;

void window(const char* title, ImVec2 pos, ImVec2 size, PanelFn fn, const Snapshot& s, UiState& ui,
            DashboardClient& client, ImGuiWindowFlags extra = 0) {
  ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
  ImGui::SetNextWindowSize(size, ImGuiCond_Always);
  if (ImGui::Begin(title, nullptr, kFixed | extra)) {
    dump_text(ui, "windows", title);
    fn(s, ui, client);
  }
  ImGui::End();
}

// The same fixed window around any drawing function (the workshop panels take other
// arguments than the drill's).
template <class Fn>
void window_with(const char* title, ImVec2 pos, ImVec2 size, UiState& ui, Fn&& fn,
                 ImGuiWindowFlags extra = 0) {
  ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
  ImGui::SetNextWindowSize(size, ImGuiCond_Always);
  if (ImGui::Begin(title, nullptr, kFixed | extra)) {
    dump_text(ui, "windows", title);
    fn();
  }
  ImGui::End();
}

// `review`: the workshop view when its review round is open for this trainee, else null.
void notes_and_timeline(const Snapshot& s, UiState& ui, DashboardClient& client,
                        WorkshopView* review, const WorkshopSnapshot* w) {
  if (ImGui::BeginTabBar("incident")) {
    if (tracked_tab(ui, "tab/timeline", "Timeline")) {
      draw_timeline(s, ui, client);
      ImGui::EndTabItem();
    }
    if (tracked_tab(ui, "tab/comms", "Comms")) {
      draw_comms(s, ui, client);
      ImGui::EndTabItem();
    }
    if (!ui.read_only && tracked_tab(ui, "tab/notes", "Notes & declare")) {
      draw_notes(s, ui, client);
      ImGui::EndTabItem();
    }
    if (tracked_tab(ui, "tab/debrief", "Debrief")) {
      draw_debrief(s, ui, client);
      ImGui::EndTabItem();
    }
    if (review && tracked_tab(ui, "tab/review", "Review")) {
      draw_review_tab(*w, ui, *review);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
}

// The height of a one-line bar with the big font (the top bar, the watching banner).
float bar_height() {
  return ImGui::GetFontSize() * 1.45f + ImGui::GetStyle().WindowPadding.y * 2 + 8;
}

constexpr float kGap = 4;

// The drill's panels from `top` down. Read-only (ui.read_only: someone else's drill), the
// palette and console are left out and the incident tabs take the right column.
void drill_windows(const Snapshot& s, UiState& ui, DashboardClient& client, float top,
                   WorkshopView* review, const WorkshopSnapshot* w) {
  const ImVec2 d = ImGui::GetIO().DisplaySize;
  const float gap = kGap;
  const float top_h = bar_height();
  const float body_y = top + top_h + gap, body_h = d.y - body_y;
  const float left_w = std::floor(d.x * 0.27f), right_w = std::floor(d.x * 0.30f);
  const float mid_x = left_w + gap, mid_w = d.x - left_w - right_w - 2 * gap;
  const float right_x = mid_x + mid_w + gap;

  window("##topbar", ImVec2(0, top), ImVec2(d.x, top_h), draw_topbar, s, ui, client,
         ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);

  const float topo_h = std::floor(body_h * 0.42f);
  window("Topology", ImVec2(0, body_y), ImVec2(left_w, topo_h), draw_topology, s, ui, client);
  window("Alerts", ImVec2(0, body_y + topo_h + gap), ImVec2(left_w, body_h - topo_h - gap),
         draw_alerts, s, ui, client);

  if (review && review->review.wide) {
    // Every drill is paused during the round: the review takes the drill panels' place.
    window_with("Peer review", ImVec2(mid_x, body_y), ImVec2(d.x - mid_x, body_h), ui,
                [&] { draw_review(*w, ui, *review); });
    return;
  }

  const float charts_h = std::floor(body_h * 0.56f);
  window("Metrics", ImVec2(mid_x, body_y), ImVec2(mid_w, charts_h), draw_metrics, s, ui, client);
  window("Logs", ImVec2(mid_x, body_y + charts_h + gap), ImVec2(mid_w, body_h - charts_h - gap),
         draw_logs, s, ui, client);

  if (ui.read_only) {
    window_with("Incident", ImVec2(right_x, body_y), ImVec2(right_w, body_h), ui,
                [&] { notes_and_timeline(s, ui, client, nullptr, w); });
    return;
  }
  const float actions_h = std::floor(body_h * 0.30f), console_h = std::floor(body_h * 0.36f);
  window("Actions", ImVec2(right_x, body_y), ImVec2(right_w, actions_h), draw_actions, s, ui,
         client);
  window("Console", ImVec2(right_x, body_y + actions_h + gap), ImVec2(right_w, console_h),
         draw_console, s, ui, client);
  const float inc_y = body_y + actions_h + console_h + 2 * gap;
  window_with("Incident", ImVec2(right_x, inc_y), ImVec2(right_w, d.y - inc_y), ui,
              [&] { notes_and_timeline(s, ui, client, review, w); });
}

}  // namespace

void draw_dashboard(const Snapshot& s, UiState& ui, DashboardClient& client,
                    WorkshopView* workshop) {
  const ImVec2 d = ImGui::GetIO().DisplaySize;
  if (workshop) apply_watch_request(*workshop, ui);  // before any snapshot is taken
  const WorkshopSnapshot* w = workshop && workshop->client ? &workshop->client->latest() : nullptr;
  if (w && w->role == WorkshopRole::instructor) {
    if (DashboardClient* watched = workshop->watch.client.get()) {
      // A trainee's drill, as the instructor: the banner, then their panels, read-only.
      ui.read_only = true;
      const float banner_h = bar_height();
      window_with(
          "##watching", ImVec2(0, 0), ImVec2(d.x, banner_h), ui,
          [&] { draw_watch_banner(ui, *workshop); },
          ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);
      drill_windows(watched->latest(), ui, *watched, banner_h + kGap, nullptr, nullptr);
      return;
    }
    // The instructor has no drill of their own: the workshop is the whole window.
    window_with("Instructor", ImVec2(0, 0), d, ui, [&] { draw_instructor(*w, ui, *workshop); });
    return;
  }
  ui.read_only = false;  // one's own drill
  WorkshopView* review =
      w && w->role == WorkshopRole::trainee && w->review_open ? workshop : nullptr;
  if (workshop && !review) workshop->review.wide = false;
  drill_windows(s, ui, client, 0, review, w);
}

}  // namespace firedrill::dash
