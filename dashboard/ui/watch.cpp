#include "dashboard/ui/watch.h"

#include <fmt/format.h>

#include <memory>
#include <utility>

#include "dashboard/ui/theme.h"
#include "dashboard/ui/widgets.h"

namespace firedrill::dash {

namespace {

// The drill panels' state for a new drill: nothing of the last one's selection, filters, view
// time or pending replies (their ids were another client's), but the same frame, dump, fonts
// and scan budgets.
void start_afresh(UiState& ui, bool read_only) {
  const uint64_t frame = ui.frame;
  UiDump* dump = ui.dump;
  const Fonts* fonts = ui.fonts;
  const size_t lines_per_frame = ui.logs.lines_per_frame;
  const auto scan_budget_ms = ui.logs.scan_budget_ms;
  // Rebuilt in place rather than assigned: ImGuiTextFilter's assignment (1.86) memcpy's from a
  // null vector, and its ranges would point into the source's buffer.
  std::destroy_at(&ui);
  std::construct_at(&ui);
  ui.frame = frame;
  ui.dump = dump;
  ui.fonts = fonts;
  ui.logs.lines_per_frame = lines_per_frame;
  ui.logs.scan_budget_ms = scan_budget_ms;
  ui.read_only = read_only;
}

}  // namespace

void request_watch(WorkshopView& view, std::string trainee) {
  if (!view.open_drill && !trainee.empty()) return;
  view.watch.requested = std::move(trainee);
}

void apply_watch_request(WorkshopView& view, UiState& ui) {
  WatchState& w = view.watch;
  if (!w.requested) return;
  std::string trainee = std::move(*w.requested);
  w.requested.reset();
  if (trainee == w.trainee && (w.client || trainee.empty())) return;
  w.client.reset();  // the old drill's threads end before the new one's start
  w.trainee.clear();
  if (!trainee.empty() && view.open_drill) {
    w.client = view.open_drill(trainee);
    if (w.client) w.trainee = std::move(trainee);
  }
  start_afresh(ui, w.client != nullptr);
}

void draw_watch_banner(UiState& ui, WorkshopView& view) {
  ImGui::AlignTextToFramePadding();
  badge("WATCHING", colors::kAccent);
  ImGui::SameLine();
  const std::string title = fmt::format("Watching {} \u2014 instructor", view.watch.trainee);
  {
    ScopedFont big(big_font(ui));
    ImGui::TextUnformatted(title.c_str());
  }
  dump_text(ui, "watch", title);
  ImGui::SameLine(0, 24);
  colored_text(colors::kDim,
               "read-only: the clock and Branch from here act on the drill, as the instructor");
  ImGui::SameLine(0, 24);
  if (tracked_button(ui, "watch/back", "Back to the workshop")) request_watch(view, "");
}

}  // namespace firedrill::dash
