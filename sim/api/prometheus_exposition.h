// The drill as Prometheus metric families: the simulated clock and pacing, counters of the
// users' requests, simulation events and journal records, the alert list (like Prometheus's
// own ALERTS series), and every per-second series of the stack as a gauge with a
// `component` label — its latest whole simulated second, converted to base units (ms ->
// seconds) and named by promlint's rules (stack_family_name). Built on the engine thread
// (inside Session::call); rendered elsewhere with render_prometheus.
#pragma once

#include <string>
#include <vector>

#include "sim/api/prometheus_text.h"
#include "sim/engine/drill.h"

namespace firedrill::api {

struct StackFamilyName {
  std::string name;    // e.g. "firedrill_stack_p99_seconds"
  double scale = 1.0;  // multiply the series' values by this (ms -> s: 0.001)
};
// The family a stack series belongs to: unit "ms" -> "_seconds" (scaled), rates ("req/s",
// "q/s", "conn/s") -> "_per_second", "ratio" -> "_ratio", "s" -> "_seconds"; never a
// counter or histogram suffix (those get "_current").
StackFamilyName stack_family_name(const SeriesInfo& info);

std::vector<PromFamily> drill_prometheus_families(Drill& drill, double speed, bool paused);

}  // namespace firedrill::api
