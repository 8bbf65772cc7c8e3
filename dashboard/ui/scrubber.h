// The time scrubber: one compact row (over the metric charts) with a slider from the drill's
// start to its now. Dragging it sets UiState's view time, which the panels honour on their own
// side — charts draw a cursor there, the timeline greys out and the logs leave out what came
// after — so nothing is asked of the drill, and an instructor can scrub through a trainee's
// drill the same way. "Branch from here" asks (in a confirmation) to rewind the drill to that
// moment: it is re-simulated from its seed and recorded moves, and goes on, paused, as a new
// branch (RewindCommand). The current branch and the branch list are shown when there are
// several. UI thread only; call between ImGui::NewFrame() and ImGui::Render().
#pragma once

#include <optional>

#include "dashboard/client/dashboard_client.h"
#include "dashboard/ui/ui_state.h"

namespace firedrill::dash {

// The moment the panels show: the scrubber's view time (never past the drill's now), or none
// when live.
std::optional<SimTime> view_time(const Snapshot& s, const UiState& ui);
// Whether something at `t` happened after the view time (never, when live).
bool after_view_time(const Snapshot& s, const UiState& ui, SimTime t);

void draw_scrubber(const Snapshot& s, UiState& ui, DashboardClient& client);

}  // namespace firedrill::dash
