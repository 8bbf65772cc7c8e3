// Logs: every host's log lines, newest at the bottom, with an ImGuiTextFilter ("error,-health"
// includes and excludes), "selected host only" and "errors only" switches and follow. Only
// the visible rows are drawn (ImGuiListClipper); matches are cached in UiState and extended
// as lines arrive, and a changed filter is rescanned a bounded number of lines (and at most
// ~3 ms) per frame, with its progress shown. With the scrubber's view time set, lines after it
// are left out (the logs as they stood then).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "dashboard/ui/panels.h"
#include "dashboard/ui/scrubber.h"
#include "dashboard/ui/theme.h"
#include "dashboard/ui/widgets.h"

namespace firedrill::dash {

namespace {

bool contains(const std::string& text, const char* needle) {
  return text.find(needle) != std::string::npos;
}

// nginx/syslog/app/postgres error markers and 5xx access lines ("... HTTP/1.1\" 502 ").
bool is_error_line(const std::string& t) {
  for (const char* marker : {"[error]", "[crit]", "[alert]", "[emerg]", "ERROR", "FATAL", "PANIC",
                             "Out of memory", "Killed process", "segfault"})
    if (contains(t, marker)) return true;
  const size_t q = t.find("\" 5");
  return q != std::string::npos && q + 5 < t.size() &&
         std::isdigit(static_cast<unsigned char>(t[q + 3])) &&
         std::isdigit(static_cast<unsigned char>(t[q + 4])) && t[q + 5] == ' ';
}

bool matches(const Snapshot& s, LogViewState& v, const LogLineInfo& line) {
  if (!v.cached_host.empty() && s.log_file(line.file).host != v.cached_host) return false;
  if (v.cached_errors_only && !is_error_line(line.text)) return false;
  return v.filter.PassFilter(line.text.c_str(), line.text.c_str() + line.text.size());
}

// Brings the cached matches up to date as far as this frame's budget allows.
void update_matches(const Snapshot& s, UiState& ui) {
  LogViewState& v = ui.logs;
  const std::string host = v.selected_host_only ? ui.selected_host : std::string();
  const std::string filter = v.filter.InputBuf;
  if (filter != v.cached_filter || host != v.cached_host || v.errors_only != v.cached_errors_only) {
    v.cached_filter = filter;
    v.cached_host = host;
    v.cached_errors_only = v.errors_only;
    v.matches.clear();
    v.scan_next = s.logs.first_index();
  }
  v.cached_all = !v.filter.IsActive() && host.empty() && !v.errors_only;
  if (v.cached_all) return;
  // Lines the ring dropped since the last frame.
  const auto keep = std::lower_bound(v.matches.begin(), v.matches.end(), s.logs.first_index());
  if (keep != v.matches.begin()) v.matches.erase(v.matches.begin(), keep);
  v.scan_next = std::max(v.scan_next, s.logs.first_index());
  const uint64_t end = std::min<uint64_t>(s.logs.end_index(), v.scan_next + v.lines_per_frame);
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration<double, std::milli>(v.scan_budget_ms);
  for (uint64_t n = 1; v.scan_next < end; ++v.scan_next, ++n) {
    if (matches(s, v, s.logs.at_global(v.scan_next))) v.matches.push_back(v.scan_next);
    if (v.scan_budget_ms > 0 && n % 256 == 0 && std::chrono::steady_clock::now() > deadline) {
      ++v.scan_next;
      break;
    }
  }
}

std::string_view basename(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string_view(path)
                                    : std::string_view(path).substr(slash + 1);
}

// How many of the held lines (oldest first) came at or before `view`: lines arrive in time
// order, so a binary search finds the cut.
size_t lines_until(const ChunkedView<LogLineInfo>& logs, SimTime view) {
  size_t lo = 0, hi = logs.size();
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (logs[mid].t <= view)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

}  // namespace

void draw_logs(const Snapshot& s, UiState& ui, DashboardClient&) {
  LogViewState& v = ui.logs;
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("filter");
  ImGui::SameLine();
  v.filter.Draw("##filter", std::max(120.0f, ImGui::GetContentRegionAvail().x * 0.3f));
  dump_item(ui, "logs/filter");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("words separated by commas; -word excludes; case-insensitive");
  ImGui::SameLine();
  ImGui::Checkbox(fmt::format("{} only", ui.selected_host).c_str(), &v.selected_host_only);
  dump_item(ui, "logs/host_only");
  ImGui::SameLine();
  ImGui::Checkbox("errors only", &v.errors_only);
  dump_item(ui, "logs/errors_only");
  ImGui::SameLine();
  ImGui::Checkbox("follow", &v.follow);
  dump_item(ui, "logs/follow");

  update_matches(s, ui);
  size_t rows = v.cached_all ? s.logs.size() : v.matches.size();
  const std::optional<SimTime> view = view_time(s, ui);
  if (view) {
    const size_t cut = lines_until(s.logs, *view);
    rows = v.cached_all ? cut
                        : static_cast<size_t>(std::lower_bound(v.matches.begin(), v.matches.end(),
                                                               s.logs.first_index() + cut) -
                                              v.matches.begin());
  }
  const bool scanning = !v.cached_all && v.scan_next < s.logs.end_index();
  ImGui::SameLine();
  std::string status = fmt::format("{} of {} lines", rows, s.logs.size());
  if (scanning)
    status += fmt::format(" (filtering {:.0f}%)",
                          100.0 * static_cast<double>(v.scan_next - s.logs.first_index()) /
                              static_cast<double>(std::max<size_t>(1, s.logs.size())));
  if (s.log_lines_dropped) status += fmt::format(", {} not received", s.log_lines_dropped);
  if (view) status += fmt::format(", up to {}", fmt_clock(s.session, *view));
  ImGui::TextDisabled("%s", status.c_str());
  dump_text(ui, "logs", status);

  ImGui::BeginChild("lines", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  {
    ScopedFont mono(mono_font(ui));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(4, 1));
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows));
    int last_row = -1;
    while (clipper.Step()) {
      for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
        const auto i = static_cast<size_t>(r);
        const LogLineInfo& line = v.cached_all ? s.logs[i] : s.logs.at_global(v.matches[i]);
        const LogFile& file = s.log_file(line.file);
        const std::string where = fmt::format("{:<7} {:<12}", file.host, basename(file.path));
        colored_text(colors::kDim, where);
        ImGui::SameLine();
        if (is_error_line(line.text))
          colored_text(colors::kRed, line.text);
        else
          ImGui::TextUnformatted(line.text.c_str(), line.text.c_str() + line.text.size());
        last_row = r;
      }
    }
    clipper.End();
    if (last_row >= 0) {
      const auto i = static_cast<size_t>(last_row);
      const LogLineInfo& line = v.cached_all ? s.logs[i] : s.logs.at_global(v.matches[i]);
      dump_text(ui, "logs", s.log_file(line.file).host + " " + line.text);
    }
    ImGui::PopStyleVar();
  }
  if (ImGui::IsWindowHovered() && ImGui::GetIO().MouseWheel > 0) v.follow = false;
  if (v.follow) ImGui::SetScrollHereY(1.0f);
  ImGui::EndChild();
}

}  // namespace firedrill::dash
