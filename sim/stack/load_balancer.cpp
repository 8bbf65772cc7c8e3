#include "sim/stack/load_balancer.h"

#include "sim/stack/client.h"
#include "sim/stack/web_server.h"

namespace firedrill {

LoadBalancer::LoadBalancer(StackContext& ctx, const LoadBalancerConfig& cfg)
    : ctx_(ctx),
      cfg_(cfg),
      id_(ctx.sim.add_handler(this, "lb")),
      proxy_timeouts_(ctx.sim, id_, kProxyTimeout, "lb/proxy-timeouts"),
      backends_(ctx.webs.size()) {}

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
  // kProxyTimeout
  const RequestRef ref = RequestRef::unpack(e.arg);
  if (!ctx_.requests.valid(ref) || !ctx_.requests[ref.index].proxy_waiting) return;
  answer(ref.index, Outcome::kGatewayTimeout);
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

void LoadBalancer::receive(uint32_t index) {
  ++sec_requests_;
  if (active_ >= cfg_.max_connections) {
    ++sec_outcomes_[static_cast<size_t>(Outcome::kRefused)];
    ctx_.client->respond(index, Outcome::kRefused);
    return;
  }
  const int k = pick_backend();
  if (k < 0) {
    ++sec_outcomes_[static_cast<size_t>(Outcome::kUnavailable)];
    ctx_.client->respond(index, Outcome::kUnavailable);
    return;
  }
  Request& r = ctx_.requests[index];
  r.web = static_cast<uint16_t>(k);
  r.proxy_waiting = true;
  ++active_;
  ++backends_[static_cast<size_t>(k)].connections;
  if (!ctx_.webs[static_cast<size_t>(k)]->accept(index)) {
    answer(index, Outcome::kBadGateway);
    return;
  }
  if (cfg_.proxy_timeout.us() > 0 && ctx_.requests[index].proxy_waiting)
    proxy_timeouts_.add(ctx_.sim.now() + cfg_.proxy_timeout, ctx_.requests.ref(index).pack());
}

void LoadBalancer::backend_response(uint32_t index, Outcome outcome) {
  if (!ctx_.requests[index].proxy_waiting) {  // already answered 504 or the client left
    ctx_.release_if_done(index);
    return;
  }
  answer(index, outcome);
}

void LoadBalancer::answer(uint32_t index, Outcome outcome) {
  Request& r = ctx_.requests[index];
  r.proxy_waiting = false;
  --active_;
  --backends_[r.web].connections;
  ++sec_outcomes_[static_cast<size_t>(outcome)];
  sec_latency_.add((ctx_.sim.now() - r.attempt_sent).us());
  ctx_.client->respond(index, outcome);
}

void LoadBalancer::client_abort(uint32_t index) {
  Request& r = ctx_.requests[index];
  if (!r.proxy_waiting) return;
  r.proxy_waiting = false;
  --active_;
  --backends_[r.web].connections;
}

void LoadBalancer::run_health_checks() {
  for (size_t k = 0; k < backends_.size(); ++k) {
    Backend& b = backends_[k];
    if (ctx_.webs[k]->health_probe(cfg_.health_timeout)) {
      b.fails = 0;
      if (!b.healthy && ++b.passes >= cfg_.health_rise) b.healthy = true;
    } else {
      b.passes = 0;
      if (b.healthy && ++b.fails >= cfg_.health_fall) b.healthy = false;
    }
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
  s_.requests = m.add("lb", "requests", "req/s");
  s_.status_2xx = m.add("lb", "status_2xx", "req/s");
  s_.status_500 = m.add("lb", "status_500", "req/s");
  s_.status_502 = m.add("lb", "status_502", "req/s");
  s_.status_503 = m.add("lb", "status_503", "req/s");
  s_.status_504 = m.add("lb", "status_504", "req/s");
  s_.refused = m.add("lb", "refused", "conn/s");
  s_.p50 = m.add("lb", "p50_ms", "ms");
  s_.p95 = m.add("lb", "p95_ms", "ms");
  s_.p99 = m.add("lb", "p99_ms", "ms");
  s_.active = m.add("lb", "connections", "conns");
  s_.healthy = m.add("lb", "healthy_backends", "backends");
}

void LoadBalancer::sample(MetricsRegistry& m) {
  auto count = [&](Outcome o) {
    return static_cast<double>(sec_outcomes_[static_cast<size_t>(o)]);
  };
  m.set(s_.requests, static_cast<double>(sec_requests_));
  m.set(s_.status_2xx, count(Outcome::kOk));
  m.set(s_.status_500, count(Outcome::kServerError));
  m.set(s_.status_502, count(Outcome::kBadGateway));
  m.set(s_.status_503, count(Outcome::kUnavailable));
  m.set(s_.status_504, count(Outcome::kGatewayTimeout));
  m.set(s_.refused, count(Outcome::kRefused));
  m.set(s_.p50, sec_latency_.percentile_us(50) / 1000.0);
  m.set(s_.p95, sec_latency_.percentile_us(95) / 1000.0);
  m.set(s_.p99, sec_latency_.percentile_us(99) / 1000.0);
  m.set(s_.active, active_);
  m.set(s_.healthy, healthy_backends());
  sec_requests_ = 0;
  for (auto& c : sec_outcomes_) c = 0;
  sec_latency_.clear();
}

}  // namespace firedrill
