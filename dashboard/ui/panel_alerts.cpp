// Alerts: firing first (pages before tickets), then pending, then recently resolved; each row
// has its severity and state as labelled badges, how long it has been in that state, its
// summary, and an Ack button (or who acknowledged it and when). Clicking an alert selects its
// component.
#include <fmt/format.h>

#include <algorithm>

#include "dashboard/ui/panels.h"
#include "dashboard/ui/theme.h"
#include "dashboard/ui/widgets.h"

namespace firedrill::dash {

namespace {

int rank(const AlertInfo& a) {
  const int phase = a.phase == AlertPhase::firing ? 0 : a.phase == AlertPhase::pending ? 1 : 2;
  return phase * 10 + static_cast<int>(a.severity);
}

SimTime since(const AlertInfo& a) {
  if (a.phase == AlertPhase::resolved && a.resolved_at) return *a.resolved_at;
  if (a.phase == AlertPhase::firing && a.fired_at) return *a.fired_at;
  return a.active_since;
}

}  // namespace

void draw_alerts(const Snapshot& s, UiState& ui, DashboardClient& client) {
  std::vector<const AlertInfo*> rows;
  int firing = 0, pending = 0, resolved = 0;
  for (const AlertInfo& a : s.alerts) {
    rows.push_back(&a);
    (a.phase == AlertPhase::firing    ? firing
     : a.phase == AlertPhase::pending ? pending
                                      : resolved)++;
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const AlertInfo* a, const AlertInfo* b) { return rank(*a) < rank(*b); });
  colored_text(firing ? colors::kRed : colors::kDim, fmt::format("{} firing", firing));
  ImGui::SameLine();
  colored_text(pending ? colors::kAmber : colors::kDim, fmt::format("{} pending", pending));
  ImGui::SameLine();
  colored_text(colors::kDim, fmt::format("{} resolved", resolved));
  dump_text(ui, "alerts",
            fmt::format("{} firing, {} pending, {} resolved", firing, pending, resolved));
  if (rows.empty()) {
    ImGui::TextDisabled("No alerts. Rules are evaluated every 10 s of drill time.");
    return;
  }

  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("alerts", 4, flags)) return;
  const float badge_w = ImGui::CalcTextSize("RESOLVED").x + 12;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("State", ImGuiTableColumnFlags_WidthFixed, badge_w);
  ImGui::TableSetupColumn("Alert", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("For", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("00m00s").x);
  ImGui::TableSetupColumn("Ack", ImGuiTableColumnFlags_WidthFixed,
                          ImGui::CalcTextSize("acked 00:00").x);
  ImGui::TableHeadersRow();
  for (const AlertInfo* a : rows) {
    // Ids from the alert's identity, not its address: every snapshot is a new copy, and a
    // click spans frames.
    ImGui::PushID(a->rule.c_str());
    ImGui::PushID(a->component.c_str());
    ImGui::TableNextRow();
    // Severity over state: two labelled badges, the colours only repeat the labels.
    ImGui::TableNextColumn();
    badge(severity_label(a->severity), severity_color(a->severity), badge_w - 4);
    badge(phase_label(a->phase), phase_color(a->phase), badge_w - 4);
    ImGui::TableNextColumn();
    const std::string name = fmt::format("{} on {}", a->rule, a->component);
    if (ImGui::Selectable(name.c_str(), ui.selected_host == a->component) && s.host(a->component))
      ui.selected_host = a->component;
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s\nrunbook: %s", a->summary.c_str(),
                        a->runbook.empty() ? "-" : a->runbook.c_str());
    colored_text(colors::kDim, a->summary);
    ImGui::TableNextColumn();
    const std::string age = fmt_age(s.session.now - since(*a));
    ImGui::TextUnformatted(age.c_str());
    ImGui::TableNextColumn();
    std::string ack;
    if (a->acked_at) {
      ack = "acked " + fmt_clock(s.session, *a->acked_at, false);
      colored_text(colors::kDim, ack);
    } else if (a->phase != AlertPhase::resolved) {
      // Acknowledging is the trainee's move: someone watching their drill only sees it.
      if (ui.read_only)
        colored_text(colors::kDim, "unacked");
      else if (tracked_button(ui, fmt::format("alerts/ack/{}/{}", a->rule, a->component), "Ack"))
        client.acknowledge(a->rule, a->component);
      ack = "unacked";
    }
    dump_text(ui, "alerts",
              fmt::format("{} {} {} {} {} for {}", phase_label(a->phase),
                          severity_label(a->severity), a->rule, a->component, ack, age));
    ImGui::PopID();
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace firedrill::dash
