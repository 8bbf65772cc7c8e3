// draw_dashboard: one frame of the whole window — lays the panels out in fixed windows over
// the display (top bar; topology and alerts on the left; charts and logs in the middle;
// actions, console, and notes/timeline tabs on the right) and calls each panel with the
// snapshot, the UI state and the client. Layout follows the display size every frame, so a
// resized window (or a HiDPI one) stays filled. With a workshop (`workshop` and its client
// not null): an instructor's token shows the instructor view over the whole window (the
// instructor has no drill of their own) or, once they chose to watch a trainee
// (dashboard/ui/watch.h), a banner over that trainee's drill panels, read-only apart from the
// clock and the scrubber; a trainee gets a Review tab once the review round is open.
// UI thread; between NewFrame() and Render().
#pragma once

#include "dashboard/client/dashboard_client.h"
#include "dashboard/ui/ui_state.h"
#include "dashboard/ui/workshop_view.h"

namespace firedrill::dash {

void draw_dashboard(const Snapshot& s, UiState& ui, DashboardClient& client,
                    WorkshopView* workshop = nullptr);

}  // namespace firedrill::dash
