// WebServer: one application server (nginx + app workers) on its own Host. A request takes
// a free worker or waits in the accept backlog; it is refused when the backlog is full, the
// process is not running, or the host is out of file descriptors. It holds the worker for
// its CPU time — stretched when requests on CPU plus any CPU hog exceed the host's cores —
// then for its DB queries one after another on a connection from the server's pool (waiting
// up to the pool timeout, after which the app answers 500). A crash resets every request
// inside (the proxy sees 502s); a hung process accepts but makes no progress.
#pragma once

#include <cstdint>
#include <string>

#include "sim/core/deadline_queue.h"
#include "sim/observe/metric_series.h"
#include "sim/stack/fifo.h"
#include "sim/stack/host.h"
#include "sim/stack/outcome.h"
#include "sim/stack/stack_config.h"
#include "sim/stack/stack_context.h"
#include "sim/stack/time_integral.h"

namespace firedrill {

class WebServer final : public EventHandler, public ProcessListener {
 public:
  WebServer(StackContext& ctx, const WebServerConfig& cfg, uint32_t index, Host& host);

  void on_event(const Event& e) override;
  void on_process_change(ProcessState from, ProcessState to) override;

  // The LB hands over a request; on refusal returns the reason (the proxy answers 502).
  FailureReason accept(uint32_t index);
  // A DB (or cache) answer for the request's current query; stale references are ignored.
  void query_done(RequestRef ref, bool ok, FailureReason reason = FailureReason::kNone);
  // Would a health check for `path` on `port` be answered 200 within the timeout?
  bool health_probe(SimTime timeout, const std::string& path, uint32_t port) const;

  const std::string& name() const { return host_.name(); }
  Host& host() { return host_; }
  const Host& host() const { return host_; }
  uint32_t index() const { return index_; }
  uint32_t listen_port() const { return listen_port_; }
  const std::string& health_path() const { return health_path_; }
  uint32_t busy_workers() const { return static_cast<uint32_t>(busy_.level()); }
  size_t backlog() const { return backlog_.size(); }
  uint32_t pool_in_use() const { return pool_in_use_; }
  uint32_t pool_open() const { return pool_open_; }
  size_t pool_waiting() const { return pool_waiting_; }
  // Connections the process holds open: clients in workers and backlog, pooled DB links.
  uint32_t open_connections() const {
    return static_cast<uint32_t>(busy_.level()) + static_cast<uint32_t>(backlog_.size()) +
           pool_open_;
  }
  const WebServerConfig& config() const { return cfg_; }
  WebServerConfig& mutable_config() { return cfg_; }
  // Worker-busy µs since the start (the anchor's web utilisation numerator).
  int64_t busy_worker_micros() { return busy_.total(ctx_.sim.now()); }

  // Impairments set by faults and by the deployed release (combined by the stack).
  struct Impairment {
    double error_rate = 0;           // share of requests the app fails with a 500
    double cpu_factor = 1;           // CPU time multiplier
    SimTime extra_latency;           // added to every request's CPU phase
    uint32_t leaked_pool_conns = 0;  // pool connections checked out and never returned
    uint32_t owed_pool_leaks = 0;    // leaks waiting for a connection to come back
  };
  Impairment& impairment() { return impairment_; }
  const Impairment& impairment() const { return impairment_; }
  // Connections the app leaked out of its pool: they stay busy until the process restarts.
  // With every connection busy, the leak queues for the next ones like a request.
  void leak_pool_connections(uint32_t n);
  // Gives back up to `n` leaked (or owed) connections: waiters get them first.
  void return_leaked_pool_connections(uint32_t n);
  // Where this server sends its writes instead of the primary (a split brain's promoted
  // replica); null, the default, for the primary. Reads are routed as usual.
  void set_write_target(Database* db) { write_target_ = db; }
  Database* write_target() const { return write_target_; }

  void register_metrics(MetricsRegistry& m);
  void sample(MetricsRegistry& m);

 private:
  enum Kind : uint32_t { kCpuDone, kPoolTimeout, kDbUnreachable, kQueryRetransmitted };
  void start(uint32_t index);
  void after_cpu(uint32_t index);
  void next_query(uint32_t index);
  void issue_query(uint32_t index);
  void send_query(uint32_t index);
  // [[gnu::noinline]]: rare paths kept out of the flattened hot ones (see the .cpp), where
  // they cost registers saved on every request (~2% of instructions together, callgrind).
  [[gnu::noinline]] bool delay_query(uint32_t index);
  void release_pool_connection();
  void finish(uint32_t index, Outcome outcome, FailureReason reason = FailureReason::kNone);
  [[gnu::noinline]] void reset_everything();
  [[gnu::noinline]] void resume_stalled();
  std::optional<std::string> apply_config(const std::string& key, const std::string& value);
  bool hung() const { return host_.state() == ProcessState::kHung; }

  StackContext& ctx_;
  WebServerConfig cfg_;
  uint32_t index_;
  Host& host_;
  uint32_t id_;
  DeadlineQueue pool_timeouts_;
  RandomStream cpu_rng_;
  RandomStream query_rng_;
  RandomStream fault_rng_;
  RandomStream net_rng_;  // packet loss on a lossy link to the database
  Impairment impairment_;
  Database* write_target_ = nullptr;
  uint32_t listen_port_ = 80;
  std::string health_path_ = "/health";

  TimeIntegral busy_;        // workers held
  TimeIntegral on_cpu_;      // requests in their CPU phase
  Fifo backlog_;             // request indices waiting for a worker
  Fifo pool_queue_;          // packed RequestRefs waiting for a pool connection
  Fifo stalled_;             // packed RequestRefs frozen by a hung process
  size_t pool_waiting_ = 0;  // live entries in pool_queue_ (timed-out ones are skipped lazily)
  uint32_t pool_in_use_ = 0;
  uint32_t pool_open_ = 0;
  double service_ewma_us_ = 0.0;  // recent request service time, for health probes

  uint64_t sec_accepted_ = 0, sec_refused_ = 0, sec_pool_timeouts_ = 0, sec_errors_ = 0;
  struct Series {
    SeriesId accepted, refused, busy, utilization, backlog, cpu, pool_in_use, pool_waiting,
        pool_timeouts, errors, up, healthy, memory, disk, fds;
  } s_{};
};

}  // namespace firedrill
