#include "dashboard/app/frame_bench.h"

#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "dashboard/ui/dashboard_frame.h"
#include "dashboard/ui/headless.h"

namespace firedrill::dash {

namespace {

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<size_t>(p / 100.0 * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

void set_filter(ImGuiTextFilter& f, const char* text) {
  std::snprintf(f.InputBuf, sizeof(f.InputBuf), "%s", text);
  f.Build();
}

}  // namespace

int run_frame_bench(DashboardClient& client, int frames) {
  HeadlessImGui imgui(ImVec2(1600, 900));
  UiState ui;
  ui.fonts = &imgui.fonts();
  ui.metrics.window_minutes = 60;

  std::vector<std::string> hosts;
  for (const HostInfo& h : client.latest().hosts) hosts.push_back(h.name);
  std::vector<double> cpu, wall;
  cpu.reserve(static_cast<size_t>(frames));
  wall.reserve(static_cast<size_t>(frames));
  const int warmup = 5;
  for (int f = 0; f < frames + warmup; ++f) {
    // What a trainee does now and then.
    if (!hosts.empty() && f % 40 == 0)
      ui.selected_host = hosts[static_cast<size_t>(f / 40) % hosts.size()];
    if (f == frames / 3) set_filter(ui.logs.filter, "error,-health");
    if (f == frames / 2) ui.logs.selected_host_only = true;
    if (f == 2 * frames / 3) set_filter(ui.timeline.filter, "web");
    ImGui::GetIO().MousePos =
        ImVec2(700.0f + static_cast<float>(f % 300), 200.0f);  // hover a chart

    const double c0 = thread_cpu_ms();
    const auto w0 = std::chrono::steady_clock::now();
    ui.frame = static_cast<uint64_t>(f);
    const Snapshot& s = client.latest();
    imgui.new_frame();
    draw_dashboard(s, ui, client);
    imgui.render();
    const double c1 = thread_cpu_ms();
    const auto w1 = std::chrono::steady_clock::now();
    if (std::getenv("FIREDRILL_BENCH_TRACE") && c1 - c0 > 4.0)
      fmt::print(stderr, "frame {}: {:.2f} ms cpu\n", f, c1 - c0);
    if (f >= warmup) {
      cpu.push_back(c1 - c0);
      wall.push_back(std::chrono::duration<double, std::milli>(w1 - w0).count());
    }
  }

  const Snapshot& s = client.latest();
  fmt::print(
      "dashboard frame bench: {} frames at 1600x900 (headless ImGui, CPU side), drill at {} "
      "of {}: {} hosts, {} series x {} s of metrics, {} log lines, {} timeline records, "
      "{} alerts\n",
      cpu.size(), s.session.clock_text, s.session.title, s.hosts.size(), s.metrics.series_count(),
      s.metrics.end_second() - s.metrics.first_second(), s.logs.size(), s.timeline.size(),
      s.alerts.size());
  const double p99 = percentile(cpu, 99);
  fmt::print("  cpu ms/frame: p50 {:.2f}  p90 {:.2f}  p99 {:.2f}  max {:.2f}\n",
             percentile(cpu, 50), percentile(cpu, 90), p99,
             cpu.empty() ? 0.0 : *std::max_element(cpu.begin(), cpu.end()));
  fmt::print("  wall ms/frame: p50 {:.2f}  p99 {:.2f}\n", percentile(wall, 50),
             percentile(wall, 99));
  fmt::print("  target p99 < 8 ms: {}\n", p99 < 8.0 ? "met" : "NOT met");
  return 0;
}

}  // namespace firedrill::dash
