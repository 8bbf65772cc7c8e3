// The anchor model "webstack-v1" (../shared/anchors/webstack_simpy.py) expressed as a
// StackConfig of the product's own stack: same parameters, same semantics (round-robin,
// FIFO waits, unbounded queues, no timeouts, retries or health checks), so the bench and
// the accuracy tests measure the code a drill runs, not a separate toy.
#pragma once

#include <cstdint>
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
  std::optional<double> fault_at;  // seconds; DB mean time x fault_db_factor from then on
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
  explicit WebstackV1Run(const WebstackV1Params& p);
  void run();
  WebstackV1Summary summary();
  WebStack& stack() { return stack_; }

 private:
  class DbFault : public EventHandler {
   public:
    explicit DbFault(WebStack& s, double f) : stack_(s), factor_(f) {}
    void on_event(const Event&) override { stack_.db().set_query_time_factor(factor_); }

   private:
    WebStack& stack_;
    double factor_;
  };
  WebstackV1Params params_;
  Simulation sim_;
  WebStack stack_;
  DbFault fault_;
};

}  // namespace firedrill
