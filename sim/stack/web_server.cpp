#include "sim/stack/web_server.h"

#include <algorithm>
#include <vector>

#include "sim/stack/cache.h"
#include "sim/stack/config_value.h"
#include "sim/stack/database.h"
#include "sim/stack/load_balancer.h"

namespace firedrill {

namespace {
const SimTime kDbConnectTimeout = SimTime::seconds(3);
// In the pool queue: a leak waiting for a connection (no RequestRef packs to this).
constexpr uint64_t kLeakToken = ~uint64_t{0};
}  // namespace

WebServer::WebServer(StackContext& ctx, const WebServerConfig& cfg, uint32_t index, Host& host)
    : ctx_(ctx),
      cfg_(cfg),
      index_(index),
      host_(host),
      id_(ctx.sim.add_handler(this, host.name())),
      pool_timeouts_(ctx.sim, id_, kPoolTimeout, host.name() + "/pool-timeouts"),
      cpu_rng_(ctx.sim.streams().stream(host.name() + "/cpu")),
      query_rng_(ctx.sim.streams().stream(host.name() + "/queries")),
      fault_rng_(ctx.sim.streams().stream(host.name() + "/faults")),
      net_rng_(ctx.sim.streams().stream(host.name() + "/net")),
      service_ewma_us_(cfg.cpu_ms * 1000.0) {
  host_.set_listener(this);
  host_.set_open_fds_source([this] { return open_connections(); });
  host_.set_config_applier(
      [this](const std::string& k, const std::string& v) { return apply_config(k, v); });
  host_.seed_config("workers", std::to_string(cfg_.workers));
  host_.seed_config("backlog", std::to_string(cfg_.backlog));
  host_.seed_config("db_pool_size", std::to_string(cfg_.db_pool_size));
  host_.seed_config("db_pool_timeout_ms", std::to_string(cfg_.pool_wait_timeout.us() / 1000));
  host_.seed_config("listen_port", std::to_string(listen_port_));
  host_.seed_config("health_path", health_path_);
  host_.seed_config("nofile", std::to_string(host_.fd_limit()));
}

std::optional<std::string> WebServer::apply_config(const std::string& key,
                                                   const std::string& value) {
  auto number = [&](uint32_t min) -> std::optional<uint32_t> {
    auto v = parse_config_uint(value);
    if (!v || *v < min) return std::nullopt;
    return v;
  };
  auto bad = [&](const char* what) {
    return std::optional<std::string>(name() + ": " + key + " must be " + what + ", got '" + value +
                                      "'");
  };
  if (key == "workers") {
    auto v = number(1);
    if (!v) return bad("a whole number of at least 1");
    cfg_.workers = *v;
    while (!hung() && host_.serving() && !backlog_.empty() &&
           static_cast<uint32_t>(busy_.level()) < cfg_.workers)
      start(static_cast<uint32_t>(backlog_.pop()));
  } else if (key == "backlog") {
    auto v = number(0);
    if (!v) return bad("a whole number");
    cfg_.backlog = *v;
  } else if (key == "db_pool_size") {
    auto v = number(1);
    if (!v) return bad("a whole number of at least 1");
    cfg_.db_pool_size = *v;
  } else if (key == "db_pool_timeout_ms") {
    auto v = number(0);
    if (!v) return bad("a whole number of milliseconds");
    cfg_.pool_wait_timeout = SimTime::millis(*v);
  } else if (key == "listen_port") {
    auto v = number(1);
    if (!v || *v > 65535) return bad("a port number from 1 to 65535");
    listen_port_ = *v;
  } else if (key == "health_path") {
    if (value.empty() || value[0] != '/') return bad("a path starting with '/'");
    health_path_ = value;
  } else if (key == "nofile") {
    auto v = number(16);
    if (!v) return bad("a whole number of at least 16");
    host_.set_fd_limit(*v);
  } else {
    return name() + ": unknown config key '" + key +
           "'; valid keys: workers, backlog, db_pool_size, db_pool_timeout_ms, listen_port, "
           "health_path, nofile";
  }
  return std::nullopt;
}

// [[gnu::flatten]] marks where a request enters this component (its events, the calls from
// the component before it): the request's whole path inside this file is inlined there.
// The ~15 calls per request that removes were 6% of webstack-v1's instructions (callgrind).
[[gnu::flatten]] FailureReason WebServer::accept(uint32_t index) {
  FailureReason refused = FailureReason::kNone;
  const ProcessState state = host_.state();
  if (state != ProcessState::kRunning && state != ProcessState::kHung) {
    refused = FailureReason::kProcessDown;
  } else if (!host_.can_open_fds(open_connections(), 1)) {
    refused = FailureReason::kTooManyOpenFiles;
  } else if (state == ProcessState::kRunning &&
             static_cast<uint32_t>(busy_.level()) < cfg_.workers) {
    ctx_.requests[index].in_backend = true;
    ++sec_accepted_;
    start(index);
    return FailureReason::kNone;
  } else if (backlog_.size() < cfg_.backlog) {
    ctx_.requests[index].in_backend = true;
    ++sec_accepted_;
    backlog_.push(index);
    return FailureReason::kNone;
  } else {
    refused = FailureReason::kBacklogFull;
  }
  ++sec_refused_;
  if (ctx_.observer) ctx_.observer->on_failure(name(), refused, ctx_.sim.now());
  return refused;
}

void WebServer::start(uint32_t index) {
  const SimTime now = ctx_.sim.now();
  Request& r = ctx_.requests[index];
  r.worker_start = now;
  r.queries_left = static_cast<uint16_t>(cfg_.queries);
  busy_.change(now, +1);
  on_cpu_.change(now, +1);
  double cpu_us = cpu_rng_.exponential(cfg_.cpu_ms * 1000.0 * impairment_.cpu_factor);
  // More work on CPU than cores (requests plus any hog): each runs proportionally slower.
  const double on_cpu = on_cpu_.level() + host_.cpu_hog_cores();
  const uint32_t cores = host_.cpu_cores();
  if (on_cpu > cores && cores > 0) cpu_us *= on_cpu / cores;
  cpu_us += static_cast<double>(impairment_.extra_latency.us());
  ctx_.sim.schedule_in(SimTime::from_micros(cpu_us), id_, kCpuDone,
                       ctx_.requests.ref(index).pack());
}

[[gnu::flatten]] void WebServer::on_event(const Event& e) {
  const RequestRef ref = RequestRef::unpack(e.arg);
  if (!ctx_.requests.valid(ref)) return;  // reset by a crash and long gone
  Request& r = ctx_.requests[ref.index];
  switch (e.kind) {
    case kCpuDone:
      if (!r.in_backend || r.web != index_) return;
      on_cpu_.change(ctx_.sim.now(), -1);
      after_cpu(ref.index);
      return;
    case kPoolTimeout:
      if (!r.pool_waiting) return;
      r.pool_waiting = false;
      --pool_waiting_;
      ++sec_pool_timeouts_;
      finish(ref.index, Outcome::kServerError, FailureReason::kPoolTimeout);
      return;
    case kDbUnreachable:
      query_done(ref, false, FailureReason::kConnectTimeout);
      return;
    case kQueryRetransmitted:
      if (r.in_backend && r.web == index_) send_query(ref.index);
      return;
  }
}

void WebServer::after_cpu(uint32_t index) {
  Request& r = ctx_.requests[index];
  if (hung()) {
    r.stall = 1;
    stalled_.push(ctx_.requests.ref(index).pack());
    return;
  }
  if (host_.disk_full()) {  // the app cannot write its session or log
    finish(index, Outcome::kServerError, FailureReason::kDiskFull);
    return;
  }
  if (impairment_.error_rate > 0 && fault_rng_.bernoulli(impairment_.error_rate)) {
    finish(index, Outcome::kServerError, FailureReason::kAppError);
    return;
  }
  next_query(index);
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
    if (!ctx_.db->open_connection()) {  // "FATAL: sorry, too many clients already"
      finish(index, Outcome::kServerError, FailureReason::kDbTooManyConnections);
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
  if (ctx_.replica || ctx_.db->writes_can_fail())
    r.is_read = query_rng_.bernoulli(ctx_.db->config().read_fraction);
  if (ctx_.links.impaired() && delay_query(index)) return;
  send_query(index);
}

void WebServer::send_query(uint32_t index) {
  if (ctx_.cache) {
    ctx_.cache->lookup(index);
  } else {
    submit_query(ctx_, index);
  }
}

// A partition or packet loss between this server and the database: true when the query was
// held back (answered later, or failed as a connect timeout).
bool WebServer::delay_query(uint32_t index) {
  const uint64_t ref = ctx_.requests.ref(index).pack();
  if (ctx_.links.partitioned(name(), ctx_.db->name())) {
    ctx_.sim.schedule_in(kDbConnectTimeout, id_, kDbUnreachable, ref);
    return true;
  }
  const double loss = ctx_.links.loss(name(), ctx_.db->name());
  if (loss <= 0) return false;
  const SimTime delay = NetworkLinks::retransmission_delay(loss, net_rng_, kDbConnectTimeout);
  if (delay.us() == 0) return false;
  ctx_.sim.schedule_in(delay, id_,
                       delay >= kDbConnectTimeout ? kDbUnreachable : kQueryRetransmitted, ref);
  return true;
}

[[gnu::flatten]] void WebServer::query_done(RequestRef ref, bool ok, FailureReason reason) {
  if (!ctx_.requests.valid(ref)) return;
  Request& r = ctx_.requests[ref.index];
  if (!r.in_backend || r.web != index_) return;
  if (hung()) {
    r.stall = 2;
    r.stall_failure = ok ? FailureReason::kNone : reason;
    stalled_.push(ref.pack());
    return;
  }
  if (!ok) {
    finish(ref.index, Outcome::kServerError, reason);
    return;
  }
  next_query(ref.index);
}

void WebServer::release_pool_connection() {
  while (!pool_queue_.empty()) {
    const uint64_t packed = pool_queue_.pop();
    if (packed == kLeakToken) {  // a leak waiting its turn takes this connection
      if (impairment_.owed_pool_leaks == 0) continue;  // given back meanwhile
      --impairment_.owed_pool_leaks;
      ++impairment_.leaked_pool_conns;
      return;
    }
    const RequestRef ref = RequestRef::unpack(packed);
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

void WebServer::leak_pool_connections(uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) {
    if (pool_in_use_ < pool_open_) {
      ++pool_in_use_;
    } else if (pool_open_ < cfg_.db_pool_size && ctx_.db->open_connection()) {
      ++pool_open_;
      ++pool_in_use_;
    } else {  // every connection is busy: the leak queues for one like a request
      impairment_.owed_pool_leaks += n - i;
      for (; i < n; ++i) pool_queue_.push(kLeakToken);
      return;
    }
    ++impairment_.leaked_pool_conns;
  }
}

void WebServer::return_leaked_pool_connections(uint32_t n) {
  const uint32_t owed = std::min(n, impairment_.owed_pool_leaks);
  impairment_.owed_pool_leaks -= owed;
  n = std::min(n - owed, impairment_.leaked_pool_conns);
  impairment_.leaked_pool_conns -= n;
  for (uint32_t i = 0; i < n; ++i) release_pool_connection();
}

void WebServer::finish(uint32_t index, Outcome outcome, FailureReason reason) {
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
  if (outcome != Outcome::kOk) {
    ++sec_errors_;
    if (ctx_.observer) ctx_.observer->on_failure(name(), reason, now);
  }
  if (!backlog_.empty() && host_.serving()) start(static_cast<uint32_t>(backlog_.pop()));
  ctx_.lb->backend_response(index, outcome, reason);
}

void WebServer::on_process_change(ProcessState from, ProcessState to) {
  const bool was_serving = from == ProcessState::kRunning || from == ProcessState::kHung;
  if (was_serving && (to == ProcessState::kStopped || to == ProcessState::kStarting)) {
    reset_everything();
  } else if (from == ProcessState::kHung && to == ProcessState::kRunning) {
    resume_stalled();
  }
}

void WebServer::reset_everything() {
  const SimTime now = ctx_.sim.now();
  // A sweep over every record, not a list of the requests inside kept up to date on every
  // request: linking and unlinking each request cost more (callgrind) than this rare sweep.
  std::vector<uint32_t> inside;
  for (uint32_t i = 0; i < ctx_.requests.capacity(); ++i) {
    const Request& r = ctx_.requests[i];
    if (ctx_.requests.live_at(i) && r.in_backend && r.web == index_) inside.push_back(i);
  }
  busy_.change(now, -busy_.level());
  on_cpu_.change(now, -on_cpu_.level());
  backlog_.clear();
  pool_queue_.clear();
  stalled_.clear();
  pool_waiting_ = 0;
  pool_in_use_ = 0;
  for (; pool_open_ > 0; --pool_open_) ctx_.db->close_connection();
  impairment_.leaked_pool_conns = impairment_.owed_pool_leaks = 0;
  for (uint32_t index : inside) {
    Request& r = ctx_.requests[index];
    r.in_backend = r.pool_waiting = r.holds_pool_conn = false;
    ++sec_errors_;
  }
  // Answer only after every record is detached: answering may free records.
  for (uint32_t index : inside)
    ctx_.lb->backend_response(index, Outcome::kBadGateway, FailureReason::kConnectionReset);
}

void WebServer::resume_stalled() {
  std::vector<uint64_t> stalled;
  while (!stalled_.empty()) stalled.push_back(stalled_.pop());
  for (uint64_t packed : stalled) {
    const RequestRef ref = RequestRef::unpack(packed);
    if (!ctx_.requests.valid(ref)) continue;
    Request& r = ctx_.requests[ref.index];
    if (!r.in_backend || r.web != index_) continue;
    const uint8_t stall = r.stall;
    r.stall = 0;
    if (stall == 1) {
      after_cpu(ref.index);
    } else if (r.stall_failure != FailureReason::kNone) {
      finish(ref.index, Outcome::kServerError, r.stall_failure);
    } else {
      next_query(ref.index);
    }
  }
  while (host_.serving() && !backlog_.empty() &&
         static_cast<uint32_t>(busy_.level()) < cfg_.workers)
    start(static_cast<uint32_t>(backlog_.pop()));
}

bool WebServer::health_probe(SimTime timeout, const std::string& path, uint32_t port) const {
  if (!host_.serving() || port != listen_port_ || path != health_path_) return false;
  if (!host_.can_open_fds(open_connections(), 1)) return false;
  if (static_cast<uint32_t>(busy_.level()) < cfg_.workers) return true;
  if (backlog_.size() >= cfg_.backlog) return false;
  // The probe queues behind the backlog like any request.
  const double wait_us = static_cast<double>(backlog_.size() + 1) * service_ewma_us_ /
                         std::max<uint32_t>(cfg_.workers, 1);
  return wait_us < static_cast<double>(timeout.us());
}

void WebServer::register_metrics(MetricsRegistry& m) {
  const std::string& n = name();
  s_.accepted = m.add(n, "requests", "req/s");
  s_.refused = m.add(n, "refused", "conn/s");
  s_.busy = m.add(n, "busy_workers", "workers");
  s_.utilization = m.add(n, "worker_utilization", "ratio");
  s_.backlog = m.add(n, "backlog", "requests");
  s_.cpu = m.add(n, "cpu_utilization", "ratio");
  s_.pool_in_use = m.add(n, "db_pool_in_use", "conns");
  s_.pool_waiting = m.add(n, "db_pool_waiting", "requests");
  s_.pool_timeouts = m.add(n, "db_pool_timeouts", "req/s");
  s_.errors = m.add(n, "errors", "req/s");
  s_.up = m.add(n, "up", "bool");
  s_.healthy = m.add(n, "healthy", "bool");
  s_.memory = m.add(n, "memory_used_ratio", "ratio");
  s_.disk = m.add(n, "disk_used_ratio", "ratio");
  s_.fds = m.add(n, "open_fds", "fds");
}

void WebServer::sample(MetricsRegistry& m) {
  const SimTime now = ctx_.sim.now();
  const double busy = static_cast<double>(busy_.take_interval(now)) / 1e6;
  const double on_cpu = static_cast<double>(on_cpu_.take_interval(now)) / 1e6;
  const double cores = std::max<uint32_t>(host_.cpu_cores(), 1);
  m.set(s_.accepted, static_cast<double>(sec_accepted_));
  m.set(s_.refused, static_cast<double>(sec_refused_));
  m.set(s_.busy, busy);
  m.set(s_.utilization, busy / std::max<uint32_t>(cfg_.workers, 1));
  m.set(s_.backlog, static_cast<double>(backlog_.size()));
  m.set(s_.cpu, std::min(1.0, (on_cpu + host_.cpu_hog_cores()) / cores));
  m.set(s_.pool_in_use, pool_in_use_);
  m.set(s_.pool_waiting, static_cast<double>(pool_waiting_));
  m.set(s_.pool_timeouts, static_cast<double>(sec_pool_timeouts_));
  m.set(s_.errors, static_cast<double>(sec_errors_));
  m.set(s_.up, host_.serving() ? 1.0 : 0.0);
  const auto& b = ctx_.lb->backends()[index_];
  m.set(s_.healthy, b.healthy && b.in_rotation ? 1.0 : 0.0);
  m.set(s_.memory, host_.memory_used_mb() / host_.memory_total_mb());
  m.set(s_.disk, host_.disk_used_gb() / host_.disk_total_gb());
  m.set(s_.fds, host_.fds_in_use());
  sec_accepted_ = sec_refused_ = sec_pool_timeouts_ = sec_errors_ = 0;
}

}  // namespace firedrill
