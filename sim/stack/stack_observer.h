// StackObserver: what happens inside the stack, told as it happens, for everything that
// watches without steering — host logs, the journal, the dashboard's event markers. The
// stack calls these synchronously at the simulated moment of the event; an observer must
// not change the stack from inside a callback. Default implementations ignore everything.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/sim_time.h"
#include "sim/stack/outcome.h"

namespace firedrill {

// Why a connection or request failed inside the stack (for error logs).
enum class FailureReason : uint8_t {
  kNone,
  kBacklogFull,           // web: accept queue full ("connection refused" at the proxy)
  kProcessDown,           // web/db: nothing listening (process stopped or crashed)
  kTooManyOpenFiles,      // fd limit reached: accept4() failed (24: Too many open files)
  kConnectionReset,       // the process died with the request inside
  kUpstreamTimeout,       // LB: upstream timed out (110: Connection timed out)
  kConnectTimeout,        // LB/web: network partition, connect() timed out
  kNoHealthyUpstream,     // LB: no live upstreams
  kLbConnectionLimit,     // LB: worker_connections are not enough
  kPoolTimeout,           // app: timed out waiting for a DB pool connection
  kDbTooManyConnections,  // DB: FATAL too many connections
  kDbError,               // DB: query failed (injected error, conflicting primary...)
  kDiskFull,              // write failed: No space left on device
  kAppError,              // the application raised (bad deploy, injected error rate)
  kPortMismatch,          // LB upstream port differs from the web server's listen port
};

std::string_view failure_reason_name(FailureReason r);

enum class ProcessChange : uint8_t {
  kCrashed,    // died unexpectedly (segfault, killed)
  kOomKilled,  // the kernel's OOM killer killed it
  kStopped,    // stopped by an operator
  kStarting,   // systemd (re)starting it
  kRunning,    // up and serving
  kHung,       // alive but making no progress
  kUnhung,     // making progress again
};

std::string_view process_change_name(ProcessChange c);

// One finished attempt as the load balancer saw it (one access-log line).
struct RequestRecord {
  SimTime started;
  SimTime finished;
  uint32_t user = 0;
  uint16_t backend = 0;  // web server index, when one was chosen
  bool had_backend = false;
  Outcome outcome = Outcome::kOk;
  FailureReason reason = FailureReason::kNone;
};

class StackObserver {
 public:
  virtual ~StackObserver() = default;
  // Every attempt the LB answered (or refused). Called often: keep it cheap.
  virtual void on_request(const RequestRecord&) {}
  // A failure inside one component (host = component name such as "web-2", "db", "lb").
  virtual void on_failure(std::string_view /*host*/, FailureReason, SimTime /*at*/) {}
  virtual void on_process(std::string_view /*host*/, std::string_view /*service*/, ProcessChange,
                          SimTime /*at*/) {}
  // The LB's health checks changed their verdict on a backend.
  virtual void on_backend_health(std::string_view /*backend*/, bool /*healthy*/, SimTime /*at*/) {}
  // A DB query slower than the database's slow-query threshold.
  virtual void on_slow_query(std::string_view /*db*/, SimTime /*duration*/, bool /*is_write*/,
                             SimTime /*at*/) {}
  // Host resource thresholds crossed (memory, disk) — value in % of the resource.
  virtual void on_resource(std::string_view /*host*/, std::string_view /*resource*/,
                           double /*percent*/, SimTime /*at*/) {}
};

}  // namespace firedrill
