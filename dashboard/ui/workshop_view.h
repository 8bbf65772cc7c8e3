// WorkshopView: what the dashboard's workshop panels need besides the drill's UiState — the
// workshop client (null: no workshop, the panels stay hidden) and the UI-only state of the
// instructor view (selected trainee, the fault being prepared, a confirmation in progress,
// the export path) and of the review view (the verdicts and comments being written).
// Plain data, owned by the main loop; nothing in it is sent anywhere by itself.
// Single-threaded (the UI thread).
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

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

struct WorkshopView {
  WorkshopClient* client = nullptr;
  InstructorViewState instructor;
  ReviewViewState review;
};

}  // namespace firedrill::dash
