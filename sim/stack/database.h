// Database: a primary (or read replica) on its own Host, with a connection limit and a fixed
// number of query slots (what its cores and disks run at once); queries beyond them wait
// FIFO. A query's time is exponential around the configured mean, times a live factor that
// faults set (slow queries, lock contention) for queries that start after it is set. A down
// database fails queries at once; a hung one queues them; a full disk fails writes; an
// injected error rate fails that share of queries. Slow queries are told to the observer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/observe/latency_histogram.h"
#include "sim/observe/metric_series.h"
#include "sim/stack/fifo.h"
#include "sim/stack/host.h"
#include "sim/stack/stack_config.h"
#include "sim/stack/stack_context.h"
#include "sim/stack/time_integral.h"

namespace firedrill {

class Database final : public EventHandler, public ProcessListener {
 public:
  Database(StackContext& ctx, const DatabaseConfig& cfg, Host& host);

  void on_event(const Event& e) override;
  void on_process_change(ProcessState from, ProcessState to) override;
  // Runs the request's current query; the web server hears back through query_done().
  void submit(uint32_t index);
  // A web server's pool opens / closes a connection; false at the connection limit.
  bool open_connection();
  void close_connection();

  // pg_terminate_backend on every running query: they fail now; returns how many.
  uint32_t kill_running_queries();

  void set_query_time_factor(double factor) { factor_ = factor; }
  double query_time_factor() const { return factor_; }
  void set_error_rate(double rate) { error_rate_ = rate; }
  double error_rate() const { return error_rate_; }
  // Writes fail (split brain, read-only): the share of write queries answered with an error.
  void set_write_error_rate(double rate) { write_error_rate_ = rate; }
  double write_error_rate() const { return write_error_rate_; }
  // Whether the web servers must tell reads from writes for this database.
  bool writes_can_fail() const { return write_error_rate_ > 0 || host_.disk_full(); }
  // Replication lag (replica only): seconds behind the primary. The app sends reads to the
  // primary while the replica lags more than `max_replica_lag` (or is down).
  void set_replication_lag(double seconds) { replication_lag_s_ = seconds; }
  double replication_lag() const { return replication_lag_s_; }
  bool serves_reads() const {
    return host_.serving() && replication_lag_s_ <= cfg_.max_replica_lag.to_seconds();
  }
  // Queries run at once (lock contention lowers it); raising it starts queued queries now.
  void set_query_slots(uint32_t slots);

  const std::string& name() const { return host_.name(); }
  Host& host() { return host_; }
  const Host& host() const { return host_; }
  uint32_t open_connections() const { return connections_; }
  uint32_t active_queries() const { return static_cast<uint32_t>(active_.level()); }
  size_t queued_queries() const { return queue_.size(); }
  const DatabaseConfig& config() const { return cfg_; }
  DatabaseConfig& mutable_config() { return cfg_; }
  SimTime slow_query_threshold() const { return slow_threshold_; }
  // Slot-busy µs since the start (the anchor's DB utilisation numerator).
  int64_t busy_slot_micros() { return active_.total(ctx_.sim.now()); }

  void register_metrics(MetricsRegistry& m);
  void sample(MetricsRegistry& m);

 private:
  static constexpr uint64_t kFreeSlot = ~uint64_t{0};  // no RequestRef packs to this
  void start(uint64_t packed_ref);
  void free_all_slots();
  // [[gnu::noinline]]: rare paths kept out of the flattened hot ones (see the .cpp), where
  // they cost registers saved on every request (~2% of instructions together, callgrind).
  [[gnu::noinline]] void start_queued();
  [[gnu::noinline]] void fail(uint32_t index, FailureReason reason);
  std::optional<std::string> apply_config(const std::string& key, const std::string& value);

  StackContext& ctx_;
  DatabaseConfig cfg_;
  Host& host_;
  uint32_t id_;
  RandomStream rng_;
  RandomStream fault_rng_;
  double factor_ = 1.0;
  double error_rate_ = 0.0;
  double write_error_rate_ = 0.0;
  double replication_lag_s_ = 0.0;
  SimTime slow_threshold_ = SimTime::seconds(1);  // log_min_duration_statement
  uint32_t connections_ = 0;
  TimeIntegral active_;
  Fifo queue_;  // packed RequestRefs
  // The queries holding a slot: running_[s] is the packed RequestRef in slot s, or kFreeSlot.
  // A query's completion event carries its slot (as the event kind), so finding it is one
  // read: a search of a list of running queries mispredicted ~1.2 times per request
  // (cachegrind). A crash or a kill frees every slot, so a completion that finds its slot
  // holding anything else lost its connection meanwhile.
  std::vector<uint64_t> running_;
  std::vector<uint32_t> free_slots_;  // indices into running_, reused last freed first

  uint64_t sec_queries_ = 0, sec_refused_connections_ = 0, sec_errors_ = 0;
  LatencyHistogram sec_query_time_;
  struct Series {
    SeriesId queries, active, utilization, queued, connections, query_mean, query_p99,
        refused_connections, errors, up, disk, lag;
  } s_{};
};

// Sends the request's current query to the replica (reads, when there is one that serves
// them), the web server's write target (writes, when it has one) or the primary.
void submit_query(StackContext& ctx, uint32_t index);

}  // namespace firedrill
