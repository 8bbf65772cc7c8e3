// Top bar: what is running, the scenario's wall clock, how far the drill is, the speed
// control, and whether the data is live.
#include <fmt/format.h>

#include <cctype>

#include "dashboard/ui/panels.h"
#include "dashboard/ui/theme.h"
#include "dashboard/ui/widgets.h"

namespace firedrill::dash {

namespace {

constexpr SpeedChoice kTopbarSpeeds[] = {{"topbar/speed_1", "1x", 1},
                                         {"topbar/speed_2", "2x", 2},
                                         {"topbar/speed_10", "10x", 10},
                                         {"topbar/speed_60", "60x", 60},
                                         {"topbar/speed_max", "max", 0}};

// The client decides the state (an HTTP client marks itself slow or lost when updates stop
// coming); the bar shows it with its label and why.
void connection_badge(const Snapshot& s, UiState& ui) {
  const ConnectionState state = s.version == 0 ? ConnectionState::connecting : s.connection.state;
  const std::string detail =
      s.connection.detail.empty() ? s.connection.endpoint : s.connection.detail;
  std::string label = std::string(connection_name(state));
  for (char& c : label) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  badge(label.c_str(), connection_color(state), 70);
  ImGui::SameLine();
  colored_text(colors::kDim, detail);
  dump_text(ui, "topbar", fmt::format("connection {} {}", label, detail));
}

}  // namespace

void draw_topbar(const Snapshot& s, UiState& ui, DashboardClient& client) {
  const SessionInfo& session = s.session;
  ImGui::AlignTextToFramePadding();
  colored_text(colors::kAccent, "firedrill");
  ImGui::SameLine();
  ImGui::TextUnformatted(session.title.empty() ? "(no drill yet)" : session.title.c_str());
  dump_text(ui, "topbar", "scenario " + session.title);

  ImGui::SameLine(0, 24);
  {
    ScopedFont big(big_font(ui));
    const std::string clock = session.clock_text.empty() ? "--:--:--" : session.clock_text;
    ImGui::TextUnformatted(clock.c_str());
    dump_text(ui, "topbar", "clock " + clock);
  }
  ImGui::SameLine(0, 16);
  const double length = std::max(1.0, session.length.to_seconds());
  const std::string progress =
      fmt::format("T+{} / {}", fmt_elapsed(session.now), fmt_elapsed(session.length));
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, with_alpha(colors::kAccent, 0.6f));
  ImGui::ProgressBar(static_cast<float>(session.now.to_seconds() / length), ImVec2(170, 0),
                     progress.c_str());
  ImGui::PopStyleColor();
  dump_text(ui, "topbar", progress);
  if (session.finished) {
    ImGui::SameLine();
    badge("ENDED", colors::kGrey);
  }
  if (session.branch > 1) {  // rewound: this is not the drill's first past
    ImGui::SameLine();
    badge(fmt::format("BRANCH {}", session.branch).c_str(), colors::kAmber);
    dump_text(ui, "topbar", fmt::format("branch {}", session.branch));
  }

  ImGui::SameLine(0, 24);
  if (session.paused) {
    if (tracked_button(ui, "topbar/resume", "Resume")) client.resume();
  } else {
    if (tracked_button(ui, "topbar/pause", " Pause ")) client.pause();
  }
  for (const SpeedChoice& c : kTopbarSpeeds) {
    ImGui::SameLine();
    const bool current = session.speed == c.speed;
    if (current) ImGui::PushStyleColor(ImGuiCol_Button, with_alpha(colors::kAccent, 0.55f));
    if (tracked_button(ui, c.id, c.label) && !current) client.set_speed(c.speed);
    if (current) ImGui::PopStyleColor();
  }
  dump_text(
      ui, "topbar",
      fmt::format("speed {}{}",
                  session.speed == 0 ? std::string("max") : fmt::format("{:g}x", session.speed),
                  session.paused ? " paused" : ""));

  ImGui::SameLine(0, 24);
  connection_badge(s, ui);
}

}  // namespace firedrill::dash
