// The anchor model "webstack-v1" (../shared/anchors/webstack_simpy.py) expressed as a
// StackConfig of the product's own stack: same parameters, same semantics (round-robin,
// FIFO waits, unbounded queues, no timeouts, retries or health checks), so the bench and
// the accuracy tests measure the code a drill runs, not a separate toy.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "sim/core/simulation.h"
#include "sim/stack/stack_config.h"
#include "sim/stack/web_stack.h"

namespace firedrill {

struct WebstackV1Params {
  double rps = 2000.0;
  double duration = 600.0;  // simulated seconds
  uint32_t web = 4;
  uint32_t workers = 8;
  double web_ms = 2.0;
  uint32_t queries = 1;
  uint32_t db_conns = 16;
  double db_ms = 1.0;
  uint64_t seed = 1;
  // seconds: from then on DB queries take fault_db_factor times as long (injected by the
  // caller through the fault library, see WebstackV1Run::run)
  std::optional<double> fault_at;
  double fault_db_factor = 1.0;
};

StackConfig webstack_v1_config(const WebstackV1Params& p);

// The anchor's output figures (same names and meanings as its JSON).
struct WebstackV1Summary {
  uint64_t requests_arrived = 0;
  uint64_t requests_completed = 0;
  double mean_latency_ms = 0, p50_ms = 0, p95_ms = 0, p99_ms = 0;  // nearest rank
  double web_utilization = 0, db_utilization = 0, throughput_rps = 0;
  uint64_t sim_events = 0;
  uint64_t digest = 0;
};

// One run of webstack-v1: construct, run() (time it from outside: the model reads no
// clock), then summary().
class WebstackV1Run {
 public:
  // The anchor's fault, injected into the stack at fault_at. This layer cannot depend on
  // sim/faults, so the caller supplies it: `slow_queries` on "db" with factor fault_db_factor
  // through make_fault(), exactly what a drill injects (cmd_bench.cpp, accuracy_test.cpp).
  using FaultInjector = std::function<void(WebStack&)>;

  explicit WebstackV1Run(const WebstackV1Params& p);
  // Runs to `duration`; with fault_at set, pauses at that moment (events before it done,
  // none at or after it) to call `inject_fault`, then runs on.
  // REQUIRES: inject_fault when params.fault_at is set.
  void run(const FaultInjector& inject_fault = {});
  WebstackV1Summary summary();
  WebStack& stack() { return stack_; }

 private:
  WebstackV1Params params_;
  Simulation sim_;
  WebStack stack_;
};

}  // namespace firedrill
