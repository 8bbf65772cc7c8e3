// LoadBalancer: the reverse proxy (nginx) in front of the web servers, on its own Host.
// Picks a backend by round-robin or least-connections among those in rotation and passing
// health checks, and answers as a real proxy does: 503 with no healthy backend, 502 when a
// backend refuses or resets, 504 when one does not answer within the proxy timeout (or
// cannot be reached across a partition). It refuses connections beyond its connection
// limit or its file descriptors, and fails TLS handshakes once its certificate expires.
// Active health checks mark backends down after `fall` failures, up after `rise` passes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/deadline_queue.h"
#include "sim/observe/latency_histogram.h"
#include "sim/observe/metric_series.h"
#include "sim/stack/host.h"
#include "sim/stack/outcome.h"
#include "sim/stack/stack_config.h"
#include "sim/stack/stack_context.h"

namespace firedrill {

class LoadBalancer final : public EventHandler, public ProcessListener {
 public:
  LoadBalancer(StackContext& ctx, const LoadBalancerConfig& cfg, Host& host);

  void start();
  void on_event(const Event& e) override;
  void on_process_change(ProcessState from, ProcessState to) override;

  // A client attempt arrives.
  void receive(uint32_t index);
  // The backend's answer for a request it accepted (200, the app's 500, or a reset).
  void backend_response(uint32_t index, Outcome outcome, FailureReason reason);
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
  Host& host() { return host_; }
  const LoadBalancerConfig& config() const { return cfg_; }
  LoadBalancerConfig& mutable_config() { return cfg_; }
  uint32_t upstream_port() const { return upstream_port_; }
  const std::string& health_path() const { return health_path_; }
  // The TLS certificate's expiry (SimTime::never() for none).
  void set_certificate_expiry(SimTime at) { cert_expires_ = at; }
  SimTime certificate_expiry() const { return cert_expires_; }

  void register_metrics(MetricsRegistry& m);
  void sample(MetricsRegistry& m);

 private:
  enum Kind : uint32_t { kProxyTimeout, kHealthCheck, kConnectTimeout, kConnectRetransmitted };
  int pick_backend();
  // Hands the request to its chosen backend (after any SYN retransmissions).
  void connect(uint32_t index, WebServer& web);
  // [[gnu::noinline]]: rare paths kept out of the flattened hot ones (see the .cpp), where
  // they cost registers saved on every request (~2% of instructions together, callgrind).
  [[gnu::noinline]] bool delay_connect(uint32_t index, const WebServer& web);
  // Whether a backend can be reached now (partitions; a probe's SYN lost on a lossy link).
  bool reachable(const WebServer& web, SimTime give_up);
  void answer(uint32_t index, Outcome outcome, FailureReason reason = FailureReason::kNone);
  [[gnu::noinline]] void refuse(uint32_t index, Outcome outcome, FailureReason reason);
  void run_health_checks();
  bool usable(const Backend& b) const { return b.in_rotation && b.healthy; }
  std::optional<std::string> apply_config(const std::string& key, const std::string& value);

  StackContext& ctx_;
  LoadBalancerConfig cfg_;
  Host& host_;
  uint32_t id_;
  DeadlineQueue proxy_timeouts_;
  RandomStream net_rng_;  // packet loss on lossy links
  std::vector<Backend> backends_;
  size_t next_ = 0;  // round-robin cursor
  uint32_t active_ = 0;
  uint32_t upstream_port_ = 80;
  std::string health_path_ = "/health";
  SimTime cert_expires_ = SimTime::never();

  uint64_t sec_requests_ = 0;
  uint64_t sec_outcomes_[kOutcomeCount] = {};
  LatencyHistogram sec_latency_;
  struct Series {
    SeriesId requests, status_2xx, status_500, status_502, status_503, status_504, status_5xx,
        refused, tls_errors, error_ratio, p50, p95, p99, active, healthy, fds;
  } s_{};
};

}  // namespace firedrill
