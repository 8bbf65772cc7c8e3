// A time-series chart drawn with ImDrawList: one series of a MetricWindow over a window of
// drill seconds, with a y axis from zero to a round maximum, an x axis in the scenario's local
// time, the min..max band and mean line when there are more seconds than pixels, vertical
// markers (alerts, the trainee's actions), the scrubber's view time as a cursor line, and a
// hover read-out (time, value, nearby markers).
// UI thread only; draws at the cursor and advances it by `size`.
#pragma once

#include <imgui.h>

#include <optional>
#include <string>
#include <vector>

#include "dashboard/client/snapshot.h"
#include "dashboard/ui/ui_state.h"  // ChartMarker

namespace firedrill::dash {

struct ChartSpec {
  std::string title;
  std::string unit;
  const MetricWindow* metrics = nullptr;
  size_t series = 0;
  int64_t from_second = 0;  // [from, to) drill seconds on the x axis
  int64_t to_second = 0;
  const SessionInfo* session = nullptr;
  const std::vector<ChartMarker>* markers = nullptr;
  std::optional<SimTime> cursor;  // the scrubber's view time: a vertical line, later values dimmed
  ImVec4 color{0.38f, 0.62f, 0.96f, 1.0f};
  ImVec2 size{300, 120};
};

// Rounds up to 1, 2 or 5 times a power of ten (0 -> 1).
double nice_ceiling(double v);

// Returns the text the chart shows as its latest value ("412 req/s"), for the dump.
std::string draw_time_chart(const ChartSpec& spec);

}  // namespace firedrill::dash
