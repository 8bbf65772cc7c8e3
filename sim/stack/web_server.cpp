#include "sim/stack/web_server.h"

#include <algorithm>

#include "sim/stack/cache.h"
#include "sim/stack/database.h"
#include "sim/stack/load_balancer.h"

namespace firedrill {

WebServer::WebServer(StackContext& ctx, const WebServerConfig& cfg, uint32_t index,
                     std::string name)
    : ctx_(ctx),
      cfg_(cfg),
      index_(index),
      name_(std::move(name)),
      id_(ctx.sim.add_handler(this, name_)),
      pool_timeouts_(ctx.sim, id_, kPoolTimeout, name_ + "/pool-timeouts"),
      cpu_rng_(ctx.sim.streams().stream(name_ + "/cpu")),
      query_rng_(ctx.sim.streams().stream(name_ + "/queries")),
      service_ewma_us_(cfg.cpu_ms * 1000.0) {}

bool WebServer::accept(uint32_t index) {
  if (!up_) {
    ++sec_refused_;
    return false;
  }
  if (static_cast<uint32_t>(busy_.level()) < cfg_.workers) {
    ctx_.requests[index].in_backend = true;
    ++sec_accepted_;
    start(index);
    return true;
  }
  if (backlog_.size() < cfg_.backlog) {
    ctx_.requests[index].in_backend = true;
    ++sec_accepted_;
    backlog_.push(index);
    return true;
  }
  ++sec_refused_;
  return false;
}

void WebServer::start(uint32_t index) {
  const SimTime now = ctx_.sim.now();
  Request& r = ctx_.requests[index];
  r.worker_start = now;
  r.queries_left = static_cast<uint16_t>(cfg_.queries);
  busy_.change(now, +1);
  on_cpu_.change(now, +1);
  double cpu_us = cpu_rng_.exponential(cfg_.cpu_ms * 1000.0);
  // More requests on CPU than cores: each runs proportionally slower (sampled at start).
  const auto on_cpu = static_cast<uint32_t>(on_cpu_.level());
  if (on_cpu > cfg_.cpu_cores && cfg_.cpu_cores > 0)
    cpu_us *= static_cast<double>(on_cpu) / cfg_.cpu_cores;
  ctx_.sim.schedule_in(SimTime::from_micros(cpu_us), id_, kCpuDone, index);
}

void WebServer::on_event(const Event& e) {
  if (e.kind == kCpuDone) {
    on_cpu_.change(ctx_.sim.now(), -1);
    next_query(static_cast<uint32_t>(e.arg));
    return;
  }
  // kPoolTimeout
  const RequestRef ref = RequestRef::unpack(e.arg);
  if (!ctx_.requests.valid(ref) || !ctx_.requests[ref.index].pool_waiting) return;
  ctx_.requests[ref.index].pool_waiting = false;
  --pool_waiting_;
  ++sec_pool_timeouts_;
  finish(ref.index, Outcome::kServerError);
}

void WebServer::next_query(uint32_t index) {
  Request& r = ctx_.requests[index];
  if (r.queries_left == 0) {
    finish(index, Outcome::kOk);
    return;
  }
  if (r.holds_pool_conn) {
    issue_query(index);
    return;
  }
  if (pool_in_use_ < pool_open_) {
    ++pool_in_use_;
    r.holds_pool_conn = true;
    issue_query(index);
    return;
  }
  if (pool_open_ < cfg_.db_pool_size) {
    if (!ctx_.db->open_connection()) {  // "FATAL: too many connections"
      finish(index, Outcome::kServerError);
      return;
    }
    ++pool_open_;
    ++pool_in_use_;
    r.holds_pool_conn = true;
    issue_query(index);
    return;
  }
  r.pool_waiting = true;
  ++pool_waiting_;
  const uint64_t ref = ctx_.requests.ref(index).pack();
  pool_queue_.push(ref);
  if (cfg_.pool_wait_timeout.us() > 0)
    pool_timeouts_.add(ctx_.sim.now() + cfg_.pool_wait_timeout, ref);
}

void WebServer::issue_query(uint32_t index) {
  Request& r = ctx_.requests[index];
  --r.queries_left;
  if (ctx_.replica) r.is_read = query_rng_.bernoulli(ctx_.db->config().read_fraction);
  if (ctx_.cache) {
    ctx_.cache->lookup(index);
  } else {
    submit_query(ctx_, index);
  }
}

void WebServer::query_done(uint32_t index, bool ok) {
  if (!ok) {
    finish(index, Outcome::kServerError);
    return;
  }
  next_query(index);
}

void WebServer::release_pool_connection() {
  while (!pool_queue_.empty()) {
    const RequestRef ref = RequestRef::unpack(pool_queue_.pop());
    if (!ctx_.requests.valid(ref) || !ctx_.requests[ref.index].pool_waiting) continue;
    Request& waiter = ctx_.requests[ref.index];
    waiter.pool_waiting = false;
    --pool_waiting_;
    waiter.holds_pool_conn = true;  // the connection passes straight to the next waiter
    issue_query(ref.index);
    return;
  }
  --pool_in_use_;
}

void WebServer::finish(uint32_t index, Outcome outcome) {
  const SimTime now = ctx_.sim.now();
  Request& r = ctx_.requests[index];
  if (r.holds_pool_conn) {
    r.holds_pool_conn = false;
    release_pool_connection();
  }
  busy_.change(now, -1);
  const double held_us = static_cast<double>((now - r.worker_start).us());
  service_ewma_us_ += 0.05 * (held_us - service_ewma_us_);
  r.in_backend = false;
  if (outcome != Outcome::kOk) ++sec_errors_;
  if (!backlog_.empty() && up_) start(static_cast<uint32_t>(backlog_.pop()));
  ctx_.lb->backend_response(index, outcome);
}

void WebServer::set_process_up(bool up) {
  up_ = up;
  // Restarted: serve whoever waited in the accept queue.
  while (up_ && !backlog_.empty() && static_cast<uint32_t>(busy_.level()) < cfg_.workers)
    start(static_cast<uint32_t>(backlog_.pop()));
}

bool WebServer::health_probe(SimTime timeout) const {
  if (!up_) return false;
  if (static_cast<uint32_t>(busy_.level()) < cfg_.workers) return true;
  if (backlog_.size() >= cfg_.backlog) return false;
  // The probe queues behind the backlog like any request.
  const double wait_us = static_cast<double>(backlog_.size() + 1) * service_ewma_us_ /
                         std::max<uint32_t>(cfg_.workers, 1);
  return wait_us < static_cast<double>(timeout.us());
}

void WebServer::register_metrics(MetricsRegistry& m) {
  s_.accepted = m.add(name_, "requests", "req/s");
  s_.refused = m.add(name_, "refused", "conn/s");
  s_.busy = m.add(name_, "busy_workers", "workers");
  s_.utilization = m.add(name_, "worker_utilization", "ratio");
  s_.backlog = m.add(name_, "backlog", "requests");
  s_.cpu = m.add(name_, "cpu_utilization", "ratio");
  s_.pool_in_use = m.add(name_, "db_pool_in_use", "conns");
  s_.pool_waiting = m.add(name_, "db_pool_waiting", "requests");
  s_.pool_timeouts = m.add(name_, "db_pool_timeouts", "req/s");
  s_.errors = m.add(name_, "errors", "req/s");
  s_.up = m.add(name_, "up", "bool");
  s_.healthy = m.add(name_, "healthy", "bool");
}

void WebServer::sample(MetricsRegistry& m) {
  const SimTime now = ctx_.sim.now();
  const double busy = static_cast<double>(busy_.take_interval(now)) / 1e6;
  const double on_cpu = static_cast<double>(on_cpu_.take_interval(now)) / 1e6;
  m.set(s_.accepted, static_cast<double>(sec_accepted_));
  m.set(s_.refused, static_cast<double>(sec_refused_));
  m.set(s_.busy, busy);
  m.set(s_.utilization, busy / std::max<uint32_t>(cfg_.workers, 1));
  m.set(s_.backlog, static_cast<double>(backlog_.size()));
  m.set(s_.cpu, std::min(1.0, on_cpu / std::max<uint32_t>(cfg_.cpu_cores, 1)));
  m.set(s_.pool_in_use, pool_in_use_);
  m.set(s_.pool_waiting, static_cast<double>(pool_waiting_));
  m.set(s_.pool_timeouts, static_cast<double>(sec_pool_timeouts_));
  m.set(s_.errors, static_cast<double>(sec_errors_));
  m.set(s_.up, up_ ? 1.0 : 0.0);
  const auto& b = ctx_.lb->backends()[index_];
  m.set(s_.healthy, b.healthy && b.in_rotation ? 1.0 : 0.0);
  sec_accepted_ = sec_refused_ = sec_pool_timeouts_ = sec_errors_ = 0;
}

}  // namespace firedrill
