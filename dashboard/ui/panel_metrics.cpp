// Metrics: every series of one component (the selected host unless another is picked) as a
// grid of charts over the last 5, 15 or 60 minutes of drill time, with markers where its
// alerts fired or resolved and where the trainee acted, and values on hover. Above them, the
// time scrubber (scrubber.h); a view time shows as a cursor line and the window follows it.
#include <fmt/format.h>

#include <algorithm>

#include "dashboard/ui/chart.h"
#include "dashboard/ui/panels.h"
#include "dashboard/ui/scrubber.h"
#include "dashboard/ui/theme.h"
#include "dashboard/ui/widgets.h"

namespace firedrill::dash {

namespace {

// Series worth seeing first; the rest follow in the server's order.
constexpr const char* kPreferred[] = {
    "requests",          "error_ratio",     "errors",         "p99_ms",     "p95_ms",
    "cpu_utilization",   "utilization",     "busy_workers",   "backlog",    "db_pool_waiting",
    "memory_used_ratio", "disk_used_ratio", "open_fds",       "status_5xx", "healthy_backends",
    "connections",       "query_p99_ms",    "queued_queries", "hit_ratio"};

int preference(const std::string& metric) {
  for (size_t i = 0; i < std::size(kPreferred); ++i)
    if (metric == kPreferred[i]) return static_cast<int>(i);
  return static_cast<int>(std::size(kPreferred));
}

std::vector<std::string> components(const MetricWindow& m) {
  std::vector<std::string> out;
  for (size_t i = 0; i < m.series_count(); ++i)
    if (std::find(out.begin(), out.end(), m.meta(i).component) == out.end())
      out.push_back(m.meta(i).component);
  return out;
}

void refresh_markers(const Snapshot& s, MetricsViewState& v, const std::string& component) {
  if (v.markers_version == s.version && v.markers_component == component) return;
  v.markers_version = s.version;
  v.markers_component = component;
  v.markers.clear();
  const size_t n = s.timeline.size();
  const size_t from = n > 4000 ? n - 4000 : 0;
  for (size_t i = from; i < n; ++i) {
    const TimelineEntry& e = s.timeline[i];
    const std::string when = fmt_clock(s.session, e.t, false);
    if (e.kind == "alert.firing" && e.target == component) {
      v.markers.push_back({e.t, colors::kRed, when + " " + e.text});
    } else if (e.kind == "alert.resolved" && e.target == component) {
      v.markers.push_back({e.t, colors::kGreen, when + " " + e.text});
    } else if (e.source == "trainee" &&
               (e.kind == "trainee.action" || e.kind == "trainee.declare")) {
      v.markers.push_back({e.t, colors::kAccent, when + " " + e.text});
    }
  }
}

}  // namespace

void draw_metrics(const Snapshot& s, UiState& ui, DashboardClient& client) {
  draw_scrubber(s, ui, client);
  const MetricWindow& m = s.metrics;
  if (m.series_count() == 0) {
    ImGui::TextDisabled("no metrics yet");
    return;
  }
  MetricsViewState& v = ui.metrics;
  std::string component = v.component.empty() ? ui.selected_host : v.component;
  if (m.of_component(component).empty()) component = "lb";

  ImGui::SetNextItemWidth(ImGui::CalcTextSize("web-00 (selection)").x + 30);
  const std::string preview = v.component.empty() ? component + " (selection)" : component;
  if (ImGui::BeginCombo("##component", preview.c_str())) {
    if (ImGui::Selectable("follow the selection", v.component.empty())) v.component.clear();
    for (const std::string& c : components(m))
      if (ImGui::Selectable(c.c_str(), v.component == c)) v.component = c;
    ImGui::EndCombo();
  }
  dump_item(ui, "metrics/component");
  for (int minutes : {5, 15, 60}) {
    ImGui::SameLine();
    const bool current = v.window_minutes == minutes;
    if (current) ImGui::PushStyleColor(ImGuiCol_Button, with_alpha(colors::kAccent, 0.55f));
    if (tracked_button(ui, fmt::format("metrics/window_{}", minutes),
                       fmt::format("{}m", minutes).c_str()))
      v.window_minutes = minutes;
    if (current) ImGui::PopStyleColor();
  }
  ImGui::SameLine(0, 16);
  colored_text(colors::kRed, "| alert fired");
  ImGui::SameLine();
  colored_text(colors::kGreen, "| resolved");
  ImGui::SameLine();
  colored_text(colors::kAccent, "| your action");

  refresh_markers(s, v, component);
  std::vector<size_t> ids = m.of_component(component);
  std::stable_sort(ids.begin(), ids.end(), [&](size_t a, size_t b) {
    return preference(m.meta(a).metric) < preference(m.meta(b).metric);
  });
  // The last window of the drill; a drill younger than the window fills it from the left.
  // Scrubbed back: the window ends a quarter window after the view time, so it stays in sight.
  const int64_t window = int64_t{v.window_minutes} * 60;
  const std::optional<SimTime> view = view_time(s, ui);
  const int64_t end =
      view ? std::min(m.end_second(), view->whole_seconds() + window / 4) : m.end_second();
  const int64_t to = std::max<int64_t>(end, window);
  const int64_t from = to - window;
  dump_text(
      ui, "metrics",
      fmt::format("component {} window {}m, {} series", component, v.window_minutes, ids.size()));

  ImGui::BeginChild("charts", ImVec2(0, 0), false);
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float avail = ImGui::GetContentRegionAvail().x;
  const int cols = avail > 900 ? 3 : avail > 420 ? 2 : 1;
  const float chart_w = (avail - spacing * static_cast<float>(cols - 1)) / static_cast<float>(cols);
  const float chart_h = ImGui::GetTextLineHeight() * 7.5f;
  for (size_t i = 0; i < ids.size(); ++i) {
    const SeriesMeta& meta = m.meta(ids[i]);
    if (i % static_cast<size_t>(cols) != 0) ImGui::SameLine();
    ChartSpec c;
    c.title = meta.metric;
    std::replace(c.title.begin(), c.title.end(), '_', ' ');
    c.unit = meta.unit;
    c.metrics = &m;
    c.series = ids[i];
    c.from_second = from;
    c.to_second = to;
    c.session = &s.session;
    c.markers = &v.markers;
    c.cursor = view;
    c.size = ImVec2(chart_w, chart_h);
    const std::string latest = draw_time_chart(c);
    if (!latest.empty()) dump_text(ui, "metrics", fmt::format("{} {}", c.title, latest));
  }
  ImGui::EndChild();
}

}  // namespace firedrill::dash
