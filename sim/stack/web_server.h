// WebServer: one application server (nginx + app workers) on its own host. A request takes
// a free worker or waits in the accept backlog (full backlog or a stopped process: the
// connection is refused). It holds the worker for its CPU time — stretched when more
// requests are on CPU than the host has cores — then for its DB queries one after another,
// each on a connection from the server's pool (waiting for one up to the pool timeout,
// after which the app answers 500).
#pragma once

#include <cstdint>
#include <string>

#include "sim/core/deadline_queue.h"
#include "sim/observe/metric_series.h"
#include "sim/stack/fifo.h"
#include "sim/stack/outcome.h"
#include "sim/stack/stack_config.h"
#include "sim/stack/stack_context.h"
#include "sim/stack/time_integral.h"

namespace firedrill {

class WebServer : public EventHandler {
 public:
  WebServer(StackContext& ctx, const WebServerConfig& cfg, uint32_t index, std::string name);

  void on_event(const Event& e) override;

  // The LB hands over a request; false means the connection was refused.
  bool accept(uint32_t index);
  // A DB (or cache) answer for the request's current query.
  void query_done(uint32_t index, bool ok);
  // Would a health check on this server be answered in time?
  bool health_probe(SimTime timeout) const;

  const std::string& name() const { return name_; }
  uint32_t index() const { return index_; }
  bool process_up() const { return up_; }
  // A stopped process refuses new connections and fails health checks; requests already
  // inside finish (a graceful stop). Crashes with connection resets are faults' business.
  void set_process_up(bool up);
  uint32_t busy_workers() const { return static_cast<uint32_t>(busy_.level()); }
  size_t backlog() const { return backlog_.size(); }
  uint32_t pool_in_use() const { return pool_in_use_; }
  uint32_t pool_open() const { return pool_open_; }
  size_t pool_waiting() const { return pool_waiting_; }
  const WebServerConfig& config() const { return cfg_; }
  WebServerConfig& mutable_config() { return cfg_; }
  // Worker-busy µs since the start (the anchor's web utilisation numerator).
  int64_t busy_worker_micros() { return busy_.total(ctx_.sim.now()); }

  void register_metrics(MetricsRegistry& m);
  void sample(MetricsRegistry& m);

 private:
  enum Kind : uint32_t { kCpuDone, kPoolTimeout };
  void start(uint32_t index);
  void next_query(uint32_t index);
  void issue_query(uint32_t index);
  void release_pool_connection();
  void finish(uint32_t index, Outcome outcome);

  StackContext& ctx_;
  WebServerConfig cfg_;
  uint32_t index_;
  std::string name_;
  uint32_t id_;
  DeadlineQueue pool_timeouts_;
  RandomStream cpu_rng_;
  RandomStream query_rng_;
  bool up_ = true;

  TimeIntegral busy_;        // workers held
  TimeIntegral on_cpu_;      // requests in their CPU phase
  Fifo backlog_;             // request indices waiting for a worker
  Fifo pool_queue_;          // packed RequestRefs waiting for a pool connection
  size_t pool_waiting_ = 0;  // live entries in pool_queue_ (timed-out ones are skipped lazily)
  uint32_t pool_in_use_ = 0;
  uint32_t pool_open_ = 0;
  double service_ewma_us_ = 0.0;  // recent request service time, for health probes

  uint64_t sec_accepted_ = 0, sec_refused_ = 0, sec_pool_timeouts_ = 0, sec_errors_ = 0;
  struct Series {
    SeriesId accepted, refused, busy, utilization, backlog, cpu, pool_in_use, pool_waiting,
        pool_timeouts, errors, up, healthy;
  } s_{};
};

}  // namespace firedrill
