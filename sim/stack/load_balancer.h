// LoadBalancer: the reverse proxy in front of the web servers. Picks a backend by
// round-robin or least-connections among those in rotation and passing health checks,
// enforces its connection limit, and answers as a real proxy does: 503 with no healthy
// backend, 502 when a backend refuses, 504 when one does not answer within the proxy
// timeout. Active health checks mark backends down after `fall` failures, up after `rise`.
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

class LoadBalancer : public EventHandler {
 public:
  LoadBalancer(StackContext& ctx, const LoadBalancerConfig& cfg);

  void start();
  void on_event(const Event& e) override;

  // A client attempt arrives.
  void receive(uint32_t index);
  // The backend's answer (200 or the app's 500) for a request it accepted.
  void backend_response(uint32_t index, Outcome outcome);
  // The client closed its connection (timeout): nginx logs 499 and drops the upstream.
  void client_abort(uint32_t index);

  struct Backend {
    bool in_rotation = true;  // operator's drain/undrain
    bool healthy = true;      // as the health checks see it
    uint32_t fails = 0;       // consecutive failed checks
    uint32_t passes = 0;      // consecutive passed checks
    uint32_t connections = 0;
  };
  const std::vector<Backend>& backends() const { return backends_; }
  void set_in_rotation(size_t backend, bool in_rotation);
  uint32_t healthy_backends() const;
  uint32_t active_connections() const { return active_; }
  const LoadBalancerConfig& config() const { return cfg_; }
  LoadBalancerConfig& mutable_config() { return cfg_; }

  void register_metrics(MetricsRegistry& m);
  void sample(MetricsRegistry& m);

 private:
  enum Kind : uint32_t { kProxyTimeout, kHealthCheck };
  int pick_backend();
  void answer(uint32_t index, Outcome outcome);
  void run_health_checks();
  bool usable(const Backend& b) const { return b.in_rotation && b.healthy; }

  StackContext& ctx_;
  LoadBalancerConfig cfg_;
  uint32_t id_;
  DeadlineQueue proxy_timeouts_;
  std::vector<Backend> backends_;
  size_t next_ = 0;  // round-robin cursor
  uint32_t active_ = 0;

  uint64_t sec_requests_ = 0;
  uint64_t sec_outcomes_[kOutcomeCount] = {};
  LatencyHistogram sec_latency_;
  struct Series {
    SeriesId requests, status_2xx, status_500, status_502, status_503, status_504, refused, p50,
        p95, p99, active, healthy;
  } s_{};
};

}  // namespace firedrill
