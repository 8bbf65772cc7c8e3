// The drill the dashboard runs until Lua scenarios can be loaded: the built-in stack with its
// standard alerts and a traffic spike half-way (as `firedrill run` does, sim/cli/cmd_run.cpp),
// sized by the command line — and the long, busy one the frame benchmark loads.
#pragma once

#include <cstdint>

#include "sim/engine/drill.h"

namespace firedrill::dash {

struct BuiltinDrillOptions {
  uint64_t seed = 1;
  int64_t minutes = 30;
  uint32_t web_servers = 4;
  double rps = 400.0;
  double spike = 12.0;           // traffic multiplier of the spike
  int64_t spike_at_minute = -1;  // -1: half-way
  int64_t spike_minutes = 5;
};

DrillSpec builtin_drill(const BuiltinDrillOptions& options);

}  // namespace firedrill::dash
