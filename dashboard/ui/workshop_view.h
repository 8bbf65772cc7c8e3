// WorkshopView: what the dashboard's workshop panels need besides the drill's UiState — the
// workshop client (null: no workshop, the panels stay hidden) and the UI-only state of the
// instructor view (selected trainee, the fault being prepared, a confirmation in progress,
// the export path), of the review view (the verdicts and comments being written), and of the
// instructor watching one trainee's drill (dashboard/ui/watch.h): the drill client opened for
// it is owned here, and closed when the instructor goes back to the workshop.
// Owned by the main loop; nothing in it is sent anywhere by itself.
// Single-threaded (the UI thread).
#pragma once

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dashboard/client/dashboard_client.h"
#include "dashboard/client/workshop_snapshot.h"

namespace firedrill::dash {

struct InstructorViewState {
  std::string selected;  // a trainee's name; "" for every trainee
  bool library = false;  // inject a fault library kind rather than a scenario fault
  std::string fault;     // the scenario fault chosen
  std::string kind;      // the library kind chosen
  std::array<char, 256> targets{};
  std::array<char, 256> params{};  // "ms=250 factor=3"
  std::string params_error;
  // The command waiting for its confirmation (inject, reveal, review round).
  std::optional<WorkshopCommand> confirming;
  std::string confirm_text;
  bool open_popup = false;
  std::array<char, 512> export_path{"workshop.tar.gz"};
  std::vector<RequestId> sent;  // newest last
};

struct ReviewViewState {
  bool wide = false;                   // the review window is open over the drill's panels
  std::string loaded;                  // the author whose review the edits below belong to
  std::map<std::string, bool> rubric;  // rule id -> met, as being edited
  std::array<char, 16000> comments{};
  std::vector<RequestId> sent;
};

// The instructor watching a trainee's drill in the drill panels (dashboard/ui/watch.h).
struct WatchState {
  std::string trainee;                      // "": the workshop view
  std::unique_ptr<DashboardClient> client;  // that trainee's drill, as the instructor sees it
  // A switch asked for this frame, made at the next frame's start (a client in use by this
  // frame's panels is never destroyed under them): a trainee's name, or "" for the workshop.
  std::optional<std::string> requested;
};

// Opens a trainee's drill for the instructor: the app's is an HttpClient under
// /api/v1/trainees/NAME with the instructor's token; tests give a fake.
using DrillOpener = std::function<std::unique_ptr<DashboardClient>(const std::string& trainee)>;

struct WorkshopView {
  WorkshopClient* client = nullptr;
  DrillOpener open_drill;  // empty: the instructor cannot watch a drill (no Watch button)
  InstructorViewState instructor;
  ReviewViewState review;
  WatchState watch;
};

}  // namespace firedrill::dash
