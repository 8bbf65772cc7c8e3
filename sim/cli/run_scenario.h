// `firedrill run SCENARIO.lua`: one scenario, headless at full speed — with its autopilot
// (--autopilot), a recorded trainee (--actions), both, or nobody — printing what happens as it
// happens with a progress line on stderr, and with --out the journal and the postmortem draft.
#pragma once

#include "sim/cli/run_support.h"

namespace firedrill::cli {

// A scenario that does not load prints "FILE:LINE: message" and sets exit code 1; other
// problems throw CommandError.
void run_scenario(const RunOptions& options);

}  // namespace firedrill::cli
