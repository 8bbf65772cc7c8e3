// Database: a primary (or read replica) with a connection limit and a fixed number of query
// slots (what its cores and disks run at once); queries beyond them wait FIFO. A query's
// time is exponential around the configured mean, times a live factor that faults set
// (slow queries, lock contention): the factor applies to queries that start after it is set.
#pragma once

#include <cstdint>
#include <string>

#include "sim/observe/latency_histogram.h"
#include "sim/observe/metric_series.h"
#include "sim/stack/fifo.h"
#include "sim/stack/stack_config.h"
#include "sim/stack/stack_context.h"
#include "sim/stack/time_integral.h"

namespace firedrill {

class Database : public EventHandler {
 public:
  Database(StackContext& ctx, const DatabaseConfig& cfg, std::string name);

  void on_event(const Event& e) override;
  // Runs the request's current query; the web server hears back through query_done().
  void submit(uint32_t index);
  // A web server's pool opens / closes a connection; false at the connection limit.
  bool open_connection();
  void close_connection();

  void set_query_time_factor(double factor) { factor_ = factor; }
  double query_time_factor() const { return factor_; }
  const std::string& name() const { return name_; }
  uint32_t open_connections() const { return connections_; }
  uint32_t active_queries() const { return static_cast<uint32_t>(active_.level()); }
  size_t queued_queries() const { return queue_.size(); }
  const DatabaseConfig& config() const { return cfg_; }
  DatabaseConfig& mutable_config() { return cfg_; }
  // Slot-busy µs since the start (the anchor's DB utilisation numerator).
  int64_t busy_slot_micros() { return active_.total(ctx_.sim.now()); }

  void register_metrics(MetricsRegistry& m);
  void sample(MetricsRegistry& m);

 private:
  enum Kind : uint32_t { kQueryDone };
  void start(uint32_t index);

  StackContext& ctx_;
  DatabaseConfig cfg_;
  std::string name_;
  uint32_t id_;
  RandomStream rng_;
  double factor_ = 1.0;
  uint32_t connections_ = 0;
  TimeIntegral active_;
  Fifo queue_;

  uint64_t sec_queries_ = 0, sec_refused_connections_ = 0;
  LatencyHistogram sec_query_time_;
  struct Series {
    SeriesId queries, active, utilization, queued, connections, query_mean, query_p99,
        refused_connections;
  } s_{};
};

// Sends the request's current query to the replica (reads, when there is one) or the primary.
void submit_query(StackContext& ctx, uint32_t index);

}  // namespace firedrill
