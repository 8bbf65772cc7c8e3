// ProgressLine: the one-line status of a headless run on stderr — the simulated time in the
// scenario's zone, how far into the drill, the alerts firing, the users' error rate over the
// last 10 simulated seconds and the requests so far — rewritten in place with '\r', at most
// every 200 ms of wall time. Never journalled. Whoever prints a line of its own to the same
// terminal calls clear() first (the next update() redraws). Only the CLI reads the wall clock.
#pragma once

#include <chrono>
#include <cstdio>
#include <optional>

#include "sim/engine/drill.h"

namespace firedrill::cli {

// Whether to draw: forced on or off by --progress/--no-progress, else when `stream` is a TTY.
bool progress_wanted(std::optional<bool> forced, std::FILE* stream);

class ProgressLine {
 public:
  // Disabled: every call does nothing.
  ProgressLine(SimTime length, bool enabled, std::FILE* stream = stderr);
  ~ProgressLine();  // clear()s

  // Draws when enabled and 200 ms of wall time have passed since the last draw (or `force`);
  // a line erased by clear() stays away until then.
  void update(Drill& drill, bool force = false);
  // Erases the line (when one is drawn).
  void clear();
  bool enabled() const { return enabled_; }
  int draws() const { return draws_; }

 private:
  bool enabled_;
  std::FILE* stream_;
  SimTime length_;
  bool drawn_ = false;
  int draws_ = 0;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace firedrill::cli
