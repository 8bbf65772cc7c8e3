// UiState: everything the dashboard remembers that is not the drill's — the selected host, the
// chart window, filters and their cached matches, text being typed, command ids awaiting a
// reply, a confirmation in progress. Plain data, owned by the main loop, passed to every panel
// with the snapshot and the client; nothing in it is ever sent anywhere by itself.
// Single-threaded (the UI thread).
#pragma once

#include <imgui.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dashboard/client/dashboard_client.h"

namespace firedrill::dash {

class UiDump;
struct Fonts;

// The log panel's filter and the matches it found so far. Matching is incremental: new lines
// are scanned as they arrive, and a changed filter is rescanned a bounded number of lines per
// frame, so 100k lines never stall a frame.
struct LogViewState {
  ImGuiTextFilter filter;
  bool follow = true;
  bool selected_host_only = false;
  bool errors_only = false;
  // Cache, keyed by what it was computed for.
  std::string cached_filter;
  std::string cached_host;
  bool cached_errors_only = false;
  bool cached_all = true;          // no filter at all: every line matches, nothing cached
  uint64_t scan_next = 0;          // next global line index to look at
  std::vector<uint64_t> matches;   // global indices of matching lines, ascending
  size_t lines_per_frame = 30000;  // scan budget per frame: lines, and
  double scan_budget_ms = 3.0;     // wall time (0: no time limit)
};

struct ConsoleViewState {
  std::array<char, 512> input{};
  std::vector<std::string> history;  // oldest first
  int history_pos = -1;              // -1: not browsing
  bool focus_input = false;
  std::vector<RequestId> pending;  // sent, reply not seen yet
  uint64_t seen_end = 0;           // console entries already scrolled to
};

struct ActionViewState {
  // The action waiting for the confirmation popup (destructive, or with parameters).
  std::optional<ActionCommand> confirming;
  bool open_popup = false;
  std::map<std::string, std::array<char, 128>> params;  // by parameter name
  std::vector<RequestId> sent;                          // newest last
};

struct NotesViewState {
  std::array<char, 1024> note{};
  bool hypothesis = false;
  int team = 0;
  std::array<char, 512> escalation{};
  int audience = 0;
  std::array<char, 1024> status{};
  std::string declaring;  // "mitigated"/"resolved" while its confirmation is open
  bool open_declare = false;
  std::vector<RequestId> sent;
};

// The comms feed: the timeline's conversation records, scanned incrementally.
struct CommsViewState {
  uint32_t branch = 0;              // the drill's branch the feed was gathered on
  uint64_t scanned_to = 0;          // global timeline index scanned up to
  std::vector<TimelineEntry> feed;  // oldest first
  std::array<char, 1024> reply{};
  int to = 0;  // index into the people who wrote, for the reply
  std::vector<RequestId> sent;
  int runbook = 0;           // index into the runbook list
  RunbookInfo open_runbook;  // the one shown in the runbook popup
};

struct DebriefViewState {
  std::array<char, 512> path{"postmortem-draft.md"};
  std::string exported;  // what the last export did
  bool export_ok = false;
};

struct TimelineViewState {
  ImGuiTextFilter filter;
  bool follow = true;
  bool show_stack = true;  // process changes, health flaps, resource thresholds
  // Rows that pass, cached per (snapshot version, filter, show_stack).
  uint64_t rows_version = 0;
  const void* rows_source = nullptr;  // the reporter's timeline they were picked from, if any
  std::string rows_filter;
  bool rows_show_stack = true;
  std::vector<uint32_t> rows;
  // Editing the reporter's timeline (an HTTP client's): the entry picked, by its seq.
  std::optional<uint64_t> selected;
  std::array<char, 1024> edit_text{};  // the rewording, filled from the entry when picked
  std::array<char, 16> add_time{};     // "14:05" or "14:05:30" on the scenario's clock
  std::array<char, 1024> add_text{};
  int add_category = 1;   // index into the categories an added entry can have
  std::string add_error;  // why the last "Add" was not sent
  std::vector<RequestId> sent;
};

// The time scrubber: a moment the panels show the drill at — charts draw a cursor there, the
// timeline greys out and the logs leave out what came after. It changes nothing in the drill
// (an instructor scrubs through a trainee's drill with it) unless "Branch from here" is
// confirmed, which asks to rewind the drill to that moment as a new branch.
struct ScrubState {
  std::optional<SimTime> view;  // none: live, the drill's now
  bool open_confirm = false;    // open the "Branch from here" confirmation next frame
  SimTime confirming;           // the moment the confirmation asks about
  std::vector<RequestId> sent;  // rewinds sent, newest last
};

struct ChartMarker {
  SimTime t;
  ImVec4 color;
  std::string label;
};

struct MetricsViewState {
  std::string component;  // "" follows the selected host
  int window_minutes = 15;
  // Markers cached per snapshot version and component.
  uint64_t markers_version = 0;
  std::string markers_component;
  std::vector<ChartMarker> markers;
};

struct UiState {
  std::string selected_host = "lb";
  MetricsViewState metrics;
  LogViewState logs;
  ConsoleViewState console;
  ActionViewState actions;
  NotesViewState notes;
  CommsViewState comms;
  DebriefViewState debrief;
  TimelineViewState timeline;
  ScrubState scrub;
  // Watching someone else's drill (an instructor, dashboard/ui/watch.h): the panels offer no
  // trainee move (ack, replies, hints, runbooks, timeline edits; the palette, console and
  // notes are not laid out) — only looking, the clock and a rewind.
  bool read_only = false;

  uint64_t frame = 0;
  UiDump* dump = nullptr;        // null: nothing records
  const Fonts* fonts = nullptr;  // null: the default font everywhere
};

}  // namespace firedrill::dash
