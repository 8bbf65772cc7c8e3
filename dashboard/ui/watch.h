// The instructor watching one trainee's drill: "Watch" on a row of the instructor view asks
// for a switch; at the next frame's start the window becomes that trainee's drill panels —
// fed by a drill client the view opens (WorkshopView::open_drill: in the app, an HttpClient
// under /api/v1/trainees/NAME with the instructor's token) — under a banner that says whose
// drill it is and leads back to the workshop. The panels are read-only there (UiState's
// read_only) apart from the clock and the scrubber's "Branch from here", which the server
// records as the instructor's. Each switch starts the drill panels' UI state afresh (no host,
// filter or view time carried from one trainee to another) and closes the previous client.
// UI thread only.
#pragma once

#include <string>

#include "dashboard/ui/ui_state.h"
#include "dashboard/ui/workshop_view.h"

namespace firedrill::dash {

// Asks to watch `trainee`'s drill ("": back to the workshop) from the next frame on. Nothing
// happens without an opener (WorkshopView::open_drill).
void request_watch(WorkshopView& view, std::string trainee);

// Makes the switch asked for, if any: opens (or closes) the drill client and resets the drill
// panels' UiState. Call at the start of a frame, before any panel takes a snapshot.
void apply_watch_request(WorkshopView& view, UiState& ui);

// The banner over the watched drill: "Watching NAME — instructor" and "Back to the workshop".
// Between NewFrame() and Render(), inside a window.
void draw_watch_banner(UiState& ui, WorkshopView& view);

}  // namespace firedrill::dash
