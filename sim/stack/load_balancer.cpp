#include "sim/stack/load_balancer.h"

#include "sim/stack/client.h"
#include "sim/stack/config_value.h"
#include "sim/stack/web_server.h"

namespace firedrill {

namespace {
const SimTime kUpstreamConnectTimeout = SimTime::seconds(3);
}  // namespace

LoadBalancer::LoadBalancer(StackContext& ctx, const LoadBalancerConfig& cfg, Host& host)
    : ctx_(ctx),
      cfg_(cfg),
      host_(host),
      id_(ctx.sim.add_handler(this, host.name())),
      proxy_timeouts_(ctx.sim, id_, kProxyTimeout, host.name() + "/proxy-timeouts"),
      net_rng_(ctx.sim.streams().stream(host.name() + "/net")),
      backends_(ctx.webs.size()) {
  host_.set_listener(this);
  host_.set_open_fds_source([this] { return 2 * active_; });  // client + upstream socket
  host_.set_config_applier(
      [this](const std::string& k, const std::string& v) { return apply_config(k, v); });
  host_.seed_config("upstream_port", std::to_string(upstream_port_));
  host_.seed_config("health_path", health_path_);
  host_.seed_config("proxy_timeout_ms", std::to_string(cfg_.proxy_timeout.us() / 1000));
  host_.seed_config("max_connections", std::to_string(cfg_.max_connections));
  host_.seed_config("policy", cfg_.policy == LbPolicy::kRoundRobin ? "round_robin" : "least_conn");
  host_.seed_config("nofile", std::to_string(host_.fd_limit()));
}

std::optional<std::string> LoadBalancer::apply_config(const std::string& key,
                                                      const std::string& value) {
  auto bad = [&](const char* what) {
    return std::optional<std::string>(host_.name() + ": " + key + " must be " + what + ", got '" +
                                      value + "'");
  };
  const auto number = parse_config_uint(value);
  if (key == "upstream_port") {
    if (!number || *number < 1 || *number > 65535) return bad("a port number from 1 to 65535");
    upstream_port_ = *number;
  } else if (key == "health_path") {
    if (value.empty() || value[0] != '/') return bad("a path starting with '/'");
    health_path_ = value;
  } else if (key == "proxy_timeout_ms") {
    if (!number) return bad("a whole number of milliseconds");
    cfg_.proxy_timeout = SimTime::millis(*number);
  } else if (key == "max_connections") {
    if (!number || *number < 1) return bad("a whole number of at least 1");
    cfg_.max_connections = *number;
  } else if (key == "policy") {
    if (value == "round_robin")
      cfg_.policy = LbPolicy::kRoundRobin;
    else if (value == "least_conn")
      cfg_.policy = LbPolicy::kLeastConnections;
    else
      return bad("round_robin or least_conn");
  } else if (key == "nofile") {
    if (!number || *number < 16) return bad("a whole number of at least 16");
    host_.set_fd_limit(*number);
  } else {
    return host_.name() + ": unknown config key '" + key +
           "'; valid keys: upstream_port, health_path, proxy_timeout_ms, max_connections, "
           "policy, nofile";
  }
  return std::nullopt;
}

void LoadBalancer::start() {
  if (cfg_.health_interval.us() > 0) ctx_.sim.schedule_in(cfg_.health_interval, id_, kHealthCheck);
}

void LoadBalancer::on_event(const Event& e) {
  if (e.kind == kHealthCheck) {
    run_health_checks();
    if (cfg_.health_interval.us() > 0)
      ctx_.sim.schedule_in(cfg_.health_interval, id_, kHealthCheck);
    return;
  }
  const RequestRef ref = RequestRef::unpack(e.arg);
  if (!ctx_.requests.valid(ref) || !ctx_.requests[ref.index].proxy_waiting) return;
  if (e.kind == kProxyTimeout) {
    answer(ref.index, Outcome::kGatewayTimeout, FailureReason::kUpstreamTimeout);
  } else if (e.kind == kConnectRetransmitted) {
    connect(ref.index, *ctx_.webs[ctx_.requests[ref.index].web]);
  } else {  // kConnectTimeout
    answer(ref.index, Outcome::kGatewayTimeout, FailureReason::kConnectTimeout);
  }
}

void LoadBalancer::on_process_change(ProcessState from, ProcessState to) {
  // A dying proxy drops its client connections; backends finish on their own.
  const bool was_serving = from == ProcessState::kRunning || from == ProcessState::kHung;
  if (!was_serving || to == ProcessState::kRunning || to == ProcessState::kHung) return;
  for (uint32_t i = 0; i < ctx_.requests.capacity(); ++i) {
    if (!ctx_.requests.live_at(i) || !ctx_.requests[i].proxy_waiting) continue;
    answer(i, Outcome::kRefused, FailureReason::kConnectionReset);
  }
}

int LoadBalancer::pick_backend() {
  const size_t n = backends_.size();
  if (cfg_.policy == LbPolicy::kRoundRobin) {
    for (size_t tried = 0; tried < n; ++tried) {
      const size_t k = next_;
      next_ = next_ + 1 == n ? 0 : next_ + 1;
      if (usable(backends_[k])) return static_cast<int>(k);
    }
    return -1;
  }
  // Least connections; ties broken round-robin so equal backends share the load.
  int best = -1;
  for (size_t tried = 0; tried < n; ++tried) {
    const size_t k = (next_ + tried) % n;
    if (!usable(backends_[k])) continue;
    if (best < 0 || backends_[k].connections < backends_[static_cast<size_t>(best)].connections)
      best = static_cast<int>(k);
  }
  next_ = (next_ + 1) % n;
  return best;
}

void LoadBalancer::refuse(uint32_t index, Outcome outcome, FailureReason reason) {
  ++sec_outcomes_[static_cast<size_t>(outcome)];
  if (ctx_.observer) {
    const Request& r = ctx_.requests[index];
    ctx_.observer->on_failure(host_.name(), reason, ctx_.sim.now());
    ctx_.observer->on_request({r.attempt_sent, ctx_.sim.now(), r.user, 0, false, outcome, reason});
  }
  ctx_.client->respond(index, outcome);
}

// [[gnu::flatten]] marks where a request enters this component (its events, the calls from
// the component before it): the request's whole path inside this file is inlined there.
// The ~15 calls per request that removes were 6% of webstack-v1's instructions (callgrind).
[[gnu::flatten]] void LoadBalancer::receive(uint32_t index) {
  ++sec_requests_;
  if (!host_.serving()) {
    refuse(index, Outcome::kRefused, FailureReason::kProcessDown);
    return;
  }
  if (ctx_.sim.now() >= cert_expires_) {
    refuse(index, Outcome::kTlsError, FailureReason::kNone);
    return;
  }
  if (active_ >= cfg_.max_connections) {
    refuse(index, Outcome::kRefused, FailureReason::kLbConnectionLimit);
    return;
  }
  if (!host_.can_open_fds(2 * active_, 2)) {
    refuse(index, Outcome::kRefused, FailureReason::kTooManyOpenFiles);
    return;
  }
  const int k = pick_backend();
  if (k < 0) {
    refuse(index, Outcome::kUnavailable, FailureReason::kNoHealthyUpstream);
    return;
  }
  Request& r = ctx_.requests[index];
  WebServer& web = *ctx_.webs[static_cast<size_t>(k)];
  r.web = static_cast<uint16_t>(k);
  r.proxy_waiting = true;
  ++active_;
  ++backends_[static_cast<size_t>(k)].connections;
  if (ctx_.links.impaired() && delay_connect(index, web)) return;
  connect(index, web);
}

// A partition or packet loss between the LB and the backend: true when the connect was held
// back (made after the SYN retransmissions, or failed as a connect timeout).
bool LoadBalancer::delay_connect(uint32_t index, const WebServer& web) {
  const uint64_t ref = ctx_.requests.ref(index).pack();
  if (ctx_.links.partitioned(host_.name(), web.name())) {  // SYNs vanish: connect() times out
    ctx_.sim.schedule_in(kUpstreamConnectTimeout, id_, kConnectTimeout, ref);
    return true;
  }
  const double loss = ctx_.links.loss(host_.name(), web.name());
  if (loss <= 0) return false;
  const SimTime delay = NetworkLinks::retransmission_delay(loss, net_rng_, kUpstreamConnectTimeout);
  if (delay.us() == 0) return false;
  ctx_.sim.schedule_in(
      delay, id_, delay >= kUpstreamConnectTimeout ? kConnectTimeout : kConnectRetransmitted, ref);
  return true;
}

void LoadBalancer::connect(uint32_t index, WebServer& web) {
  const FailureReason refused =
      web.listen_port() != upstream_port_ ? FailureReason::kPortMismatch : web.accept(index);
  if (refused != FailureReason::kNone) {
    answer(index, Outcome::kBadGateway, refused);
    return;
  }
  if (cfg_.proxy_timeout.us() > 0 && ctx_.requests[index].proxy_waiting)
    proxy_timeouts_.add(ctx_.sim.now() + cfg_.proxy_timeout, ctx_.requests.ref(index).pack());
}

bool LoadBalancer::reachable(const WebServer& web, SimTime give_up) {
  if (!ctx_.links.impaired()) return true;
  if (ctx_.links.partitioned(host_.name(), web.name())) return false;
  const double loss = ctx_.links.loss(host_.name(), web.name());
  return loss <= 0 || NetworkLinks::retransmission_delay(loss, net_rng_, give_up) < give_up;
}

[[gnu::flatten]] void LoadBalancer::backend_response(uint32_t index, Outcome outcome,
                                                     FailureReason reason) {
  if (!ctx_.requests[index].proxy_waiting) {  // already answered 504 or the client left
    ctx_.release_if_done(index);
    return;
  }
  answer(index, outcome, reason);
}

void LoadBalancer::answer(uint32_t index, Outcome outcome, FailureReason reason) {
  Request& r = ctx_.requests[index];
  r.proxy_waiting = false;
  --active_;
  --backends_[r.web].connections;
  ++sec_outcomes_[static_cast<size_t>(outcome)];
  const SimTime now = ctx_.sim.now();
  sec_latency_.add((now - r.attempt_sent).us());
  if (ctx_.observer) {
    if (outcome != Outcome::kOk && reason != FailureReason::kNone)
      ctx_.observer->on_failure(host_.name(), reason, now);
    ctx_.observer->on_request({r.attempt_sent, now, r.user, r.web, true, outcome, reason});
  }
  ctx_.client->respond(index, outcome);
}

void LoadBalancer::client_abort(uint32_t index) {
  Request& r = ctx_.requests[index];
  if (!r.proxy_waiting) return;
  r.proxy_waiting = false;
  --active_;
  --backends_[r.web].connections;
  if (ctx_.observer)
    ctx_.observer->on_request({r.attempt_sent, ctx_.sim.now(), r.user, r.web, true,
                               Outcome::kClientTimeout, FailureReason::kNone});
}

void LoadBalancer::run_health_checks() {
  for (size_t k = 0; k < backends_.size(); ++k) {
    Backend& b = backends_[k];
    WebServer& web = *ctx_.webs[k];
    const bool passed = host_.serving() && reachable(web, cfg_.health_timeout) &&
                        web.health_probe(cfg_.health_timeout, health_path_, upstream_port_);
    const bool was = b.healthy;
    if (passed) {
      b.fails = 0;
      if (!b.healthy && ++b.passes >= cfg_.health_rise) b.healthy = true;
    } else {
      b.passes = 0;
      if (b.healthy && ++b.fails >= cfg_.health_fall) b.healthy = false;
    }
    if (was != b.healthy && ctx_.observer)
      ctx_.observer->on_backend_health(web.name(), b.healthy, ctx_.sim.now());
  }
}

void LoadBalancer::set_in_rotation(size_t backend, bool in_rotation) {
  backends_[backend].in_rotation = in_rotation;
}

uint32_t LoadBalancer::healthy_backends() const {
  uint32_t n = 0;
  for (const Backend& b : backends_) n += usable(b) ? 1 : 0;
  return n;
}

void LoadBalancer::register_metrics(MetricsRegistry& m) {
  const std::string& n = host_.name();
  s_.requests = m.add(n, "requests", "req/s");
  s_.status_2xx = m.add(n, "status_2xx", "req/s");
  s_.status_500 = m.add(n, "status_500", "req/s");
  s_.status_502 = m.add(n, "status_502", "req/s");
  s_.status_503 = m.add(n, "status_503", "req/s");
  s_.status_504 = m.add(n, "status_504", "req/s");
  s_.status_5xx = m.add(n, "status_5xx", "req/s");
  s_.refused = m.add(n, "refused", "conn/s");
  s_.tls_errors = m.add(n, "tls_errors", "conn/s");
  s_.error_ratio = m.add(n, "error_ratio", "ratio");
  s_.p50 = m.add(n, "p50_ms", "ms");
  s_.p95 = m.add(n, "p95_ms", "ms");
  s_.p99 = m.add(n, "p99_ms", "ms");
  s_.active = m.add(n, "connections", "conns");
  s_.healthy = m.add(n, "healthy_backends", "backends");
  s_.fds = m.add(n, "open_fds", "fds");
}

void LoadBalancer::sample(MetricsRegistry& m) {
  auto count = [&](Outcome o) {
    return static_cast<double>(sec_outcomes_[static_cast<size_t>(o)]);
  };
  const double s5xx = count(Outcome::kServerError) + count(Outcome::kBadGateway) +
                      count(Outcome::kUnavailable) + count(Outcome::kGatewayTimeout);
  const double failed = s5xx + count(Outcome::kRefused) + count(Outcome::kTlsError);
  m.set(s_.requests, static_cast<double>(sec_requests_));
  m.set(s_.status_2xx, count(Outcome::kOk));
  m.set(s_.status_500, count(Outcome::kServerError));
  m.set(s_.status_502, count(Outcome::kBadGateway));
  m.set(s_.status_503, count(Outcome::kUnavailable));
  m.set(s_.status_504, count(Outcome::kGatewayTimeout));
  m.set(s_.status_5xx, s5xx);
  m.set(s_.refused, count(Outcome::kRefused));
  m.set(s_.tls_errors, count(Outcome::kTlsError));
  const double answered = count(Outcome::kOk) + failed;
  m.set(s_.error_ratio, answered > 0 ? failed / answered : 0.0);
  m.set(s_.p50, sec_latency_.percentile_us(50) / 1000.0);
  m.set(s_.p95, sec_latency_.percentile_us(95) / 1000.0);
  m.set(s_.p99, sec_latency_.percentile_us(99) / 1000.0);
  m.set(s_.active, active_);
  m.set(s_.healthy, healthy_backends());
  m.set(s_.fds, host_.fds_in_use());
  sec_requests_ = 0;
  for (auto& c : sec_outcomes_) c = 0;
  sec_latency_.clear();
}

}  // namespace firedrill
