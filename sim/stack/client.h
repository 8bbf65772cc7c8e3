// Client: the users. Generates open-loop Poisson traffic whose rate follows a daily curve,
// spikes and live multipliers (piecewise constant, redrawn at every change, so arrivals
// stay exactly Poisson); gives each request to one user of a finite population; applies
// the client timeout and retries with exponential backoff; and keeps the user-side
// figures: final outcomes, perceived latency, and which users were hurt.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/deadline_queue.h"
#include "sim/observe/latency_histogram.h"
#include "sim/observe/metric_series.h"
#include "sim/stack/outcome.h"
#include "sim/stack/stack_config.h"
#include "sim/stack/stack_context.h"

namespace firedrill {

class Client final : public EventHandler {
 public:
  Client(StackContext& ctx, const TrafficConfig& traffic, const ClientConfig& client,
         bool record_latencies);

  void start();
  void on_event(const Event& e) override;
  // The answer to attempt `index` reaches the user (ignored if the user already gave up).
  void respond(uint32_t index, Outcome outcome);

  // A live multiplier on the arrival rate (traffic spike faults, LB rate limits elsewhere).
  void set_rate_multiplier(double m);
  double rate_multiplier() const { return multiplier_; }
  double current_rate() const { return rate_; }
  // The share of attempts whose DNS lookup fails (a resolver outage, a bad record).
  void set_dns_failure_rate(double r) { dns_failure_rate_ = r; }
  double dns_failure_rate() const { return dns_failure_rate_; }
  const ClientConfig& config() const { return cfg_; }
  ClientConfig& mutable_config() { return cfg_; }

  void register_metrics(MetricsRegistry& m);
  void sample(MetricsRegistry& m);

  // Whole-run figures.
  uint64_t attempts_ok() const { return total_ok_; }
  uint64_t user_requests() const { return total_requests_; }
  uint64_t final_failures() const { return total_failed_; }
  uint32_t users_seen() const { return users_seen_; }
  uint32_t users_affected() const { return users_affected_; }
  // Latency (µs) of every successful attempt, in completion order, if recording.
  const std::vector<int32_t>& recorded_latencies() const { return latencies_; }
  // Room for `n` recorded latencies up front, so that recording never reallocates mid-run.
  void reserve_recorded_latencies(size_t n) { latencies_.reserve(n); }

 private:
  enum Kind : uint32_t { kArrival, kRetry, kTimeout, kRateChange };
  void arrival();
  void send(uint32_t index);
  void finish(uint32_t index, Outcome outcome);
  // [[gnu::noinline]]: rare paths kept out of the flattened hot ones (see the .cpp), where
  // they cost registers saved on every request (~2% of instructions together, callgrind).
  [[gnu::noinline]] void update_rate();
  void schedule_next_arrival();
  [[gnu::noinline]] double curve_factor(SimTime t) const;
  [[gnu::noinline]] void mark_affected(uint32_t user);
  [[gnu::noinline]] void schedule_retry(uint32_t index);  // after a failed attempt

  StackContext& ctx_;
  TrafficConfig traffic_;
  ClientConfig cfg_;
  uint32_t id_;
  DeadlineQueue timeouts_;
  RandomStream arrivals_rng_;
  RandomStream users_rng_;
  RandomStream retry_rng_;
  RandomStream dns_rng_;
  double rate_ = 0.0;
  double multiplier_ = 1.0;
  double dns_failure_rate_ = 0.0;
  uint64_t arrival_generation_ = 0;
  bool record_latencies_;
  std::vector<int32_t> latencies_;
  // user id -> bit 1: seen, bit 2: affected
  std::vector<uint8_t> user_flags_;
  uint32_t users_seen_ = 0;
  uint32_t users_affected_ = 0;

  // Current metrics second.
  uint64_t sec_requests_ = 0, sec_attempts_ = 0, sec_ok_ = 0, sec_failed_ = 0, sec_slow_ = 0,
           sec_retries_ = 0, sec_timeouts_ = 0;
  LatencyHistogram sec_latency_;
  uint64_t total_ok_ = 0, total_requests_ = 0, total_failed_ = 0;
  struct Series {
    SeriesId requests, attempts, ok, failed, slow, retries, timeouts, error_ratio, p50, p95, p99,
        users_seen, users_affected, rate;
  } s_{};
};

}  // namespace firedrill
