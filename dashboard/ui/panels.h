// The dashboard's panels. Each is a function of (snapshot, UI state, command sink): it draws
// into the current ImGui window what the snapshot holds, keeps what is UI-only in UiState, and
// sends what the trainee does through the client — it never changes the snapshot. One .cpp per
// panel (panel_alerts.cpp...). dashboard_frame.h decides which window each one lives in.
// UI thread only; call between ImGui::NewFrame() and ImGui::Render().
#pragma once

#include "dashboard/client/dashboard_client.h"
#include "dashboard/client/workshop_snapshot.h"
#include "dashboard/ui/ui_state.h"

namespace firedrill::dash {

// Scenario, clock in the scenario's zone, drill time, speed control, connection state.
void draw_topbar(const Snapshot& s, UiState& ui, DashboardClient& client);
// LB, web servers and data tier as boxes coloured and labelled by health; click selects.
void draw_topology(const Snapshot& s, UiState& ui, DashboardClient& client);
// Firing, pending and resolved alerts with severity, age and acknowledge.
void draw_alerts(const Snapshot& s, UiState& ui, DashboardClient& client);
// Charts of the selected component's series over a window, with markers and hover values.
void draw_metrics(const Snapshot& s, UiState& ui, DashboardClient& client);
// Every host's log lines with a filter, the selected host only if asked, and follow.
void draw_logs(const Snapshot& s, UiState& ui, DashboardClient& client);
// A shell on the selected host: transcript, input, history.
void draw_console(const Snapshot& s, UiState& ui, DashboardClient& client);
// The action palette for the selected host; destructive actions ask first.
void draw_actions(const Snapshot& s, UiState& ui, DashboardClient& client);
// Notes and hypotheses, escalation, status updates, declare mitigated / resolved.
void draw_notes(const Snapshot& s, UiState& ui, DashboardClient& client);
// Stakeholders, customers, team replies and hints as a chat feed, with a reply box.
void draw_comms(const Snapshot& s, UiState& ui, DashboardClient& client);
// The debrief so far: figures, the postmortem draft with the linter's verdict, export.
void draw_debrief(const Snapshot& s, UiState& ui, DashboardClient& client);
// The journal as it happens, filterable.
void draw_timeline(const Snapshot& s, UiState& ui, DashboardClient& client);

// Workshop panels: functions of (workshop snapshot, UI state, workshop view); they send
// through view.client, which must not be null. dashboard/ui/workshop_view.h.
struct WorkshopView;
// The instructor's view: every trainee's progress, clock, inject, reveal, review round, export.
void draw_instructor(const WorkshopSnapshot& w, UiState& ui, WorkshopView& view);
// A trainee's Review tab: whose draft I review, my draft's feedback, the wide view's button.
void draw_review_tab(const WorkshopSnapshot& w, UiState& ui, WorkshopView& view);
// A trainee's wide review window: the peer's draft beside the rubric and comments; feedback.
void draw_review(const WorkshopSnapshot& w, UiState& ui, WorkshopView& view);

}  // namespace firedrill::dash
