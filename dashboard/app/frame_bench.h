// run_frame_bench: times the CPU side of dashboard frames — picking up the latest snapshot,
// every panel's ImGui calls, and ImGui's render to draw lists — in a headless ImGui context
// (no GPU, no display), while the client's engine keeps running. Between frames it does what
// a trainee does: cycles the selected host, widens the charts to an hour, filters the logs,
// restricts them to one host. Prints per-frame CPU time (thread CPU clock) p50 / p90 / p99 /
// max and the wall time, with what the snapshot held. FIREDRILL_BENCH_TRACE=1 in the environment
// also names every frame over 4 ms.
#pragma once

#include "dashboard/client/dashboard_client.h"

namespace firedrill::dash {

// Returns 0 (the figures are printed; the 8 ms p99 target is reported, not enforced).
int run_frame_bench(DashboardClient& client, int frames);

}  // namespace firedrill::dash
