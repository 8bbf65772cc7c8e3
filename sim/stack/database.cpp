#include "sim/stack/database.h"

#include <cmath>
#include <vector>

#include "sim/stack/config_value.h"
#include "sim/stack/web_server.h"

namespace firedrill {

Database::Database(StackContext& ctx, const DatabaseConfig& cfg, Host& host)
    : ctx_(ctx),
      cfg_(cfg),
      host_(host),
      id_(ctx.sim.add_handler(this, host.name())),
      rng_(ctx.sim.streams().stream(host.name() + "/queries")),
      fault_rng_(ctx.sim.streams().stream(host.name() + "/faults")) {
  host_.set_listener(this);
  host_.set_open_fds_source([this] { return connections_; });
  host_.set_config_applier(
      [this](const std::string& k, const std::string& v) { return apply_config(k, v); });
  host_.seed_config("max_connections", std::to_string(cfg_.max_connections));
  host_.seed_config("log_min_duration_statement_ms", std::to_string(slow_threshold_.us() / 1000));
}

std::optional<std::string> Database::apply_config(const std::string& key,
                                                  const std::string& value) {
  const std::optional<uint32_t> parsed = parse_config_uint(value);
  const bool number = parsed.has_value();
  const uint32_t v = parsed.value_or(0);
  if (key == "max_connections") {
    if (!number || v < 1)
      return name() + ": max_connections must be a whole number of at least 1, got '" + value + "'";
    cfg_.max_connections = v;
  } else if (key == "log_min_duration_statement_ms") {
    if (!number)
      return name() + ": log_min_duration_statement_ms must be a whole number, got '" + value + "'";
    slow_threshold_ = SimTime::millis(v);
  } else {
    return name() + ": unknown config key '" + key +
           "'; valid keys: max_connections, log_min_duration_statement_ms";
  }
  return std::nullopt;
}

void Database::fail(uint32_t index, FailureReason reason) {
  ++sec_errors_;
  if (ctx_.observer) ctx_.observer->on_failure(name(), reason, ctx_.sim.now());
  ctx_.webs[ctx_.requests[index].web]->query_done(ctx_.requests.ref(index), false, reason);
}

// [[gnu::flatten]] marks where a request enters this component (its events, the calls from
// the component before it): the request's whole path inside this file is inlined there.
// The ~15 calls per request that removes were 6% of webstack-v1's instructions (callgrind).
[[gnu::flatten]] void Database::submit(uint32_t index) {
  ++sec_queries_;
  const ProcessState state = host_.state();
  if (state == ProcessState::kStopped || state == ProcessState::kStarting) {
    fail(index, FailureReason::kProcessDown);
    return;
  }
  const Request& r = ctx_.requests[index];
  if (!r.is_read && writes_can_fail()) {
    if (host_.disk_full()) {
      fail(index, FailureReason::kDiskFull);
      return;
    }
    if (fault_rng_.bernoulli(write_error_rate_)) {
      fail(index, FailureReason::kDbError);
      return;
    }
  }
  if (error_rate_ > 0 && fault_rng_.bernoulli(error_rate_)) {
    fail(index, FailureReason::kDbError);
    return;
  }
  const uint64_t ref = ctx_.requests.ref(index).pack();
  if (state == ProcessState::kRunning &&
      static_cast<uint32_t>(active_.level()) < cfg_.query_slots) {
    start(ref);
  } else {
    queue_.push(ref);
  }
}

void Database::start(uint64_t packed_ref) {
  active_.change(ctx_.sim.now(), +1);
  const double us = rng_.exponential(cfg_.query_ms * 1000.0 * factor_);
  const SimTime t = SimTime::from_micros(us);
  sec_query_time_.add(t.us());
  uint32_t slot;
  if (free_slots_.empty()) {
    slot = static_cast<uint32_t>(running_.size());
    running_.push_back(packed_ref);
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
    running_[slot] = packed_ref;
  }
  if (ctx_.observer && t >= slow_threshold_) {
    const RequestRef ref = RequestRef::unpack(packed_ref);
    ctx_.observer->on_slow_query(name(), t, !ctx_.requests[ref.index].is_read, ctx_.sim.now());
  }
  ctx_.sim.schedule_in(t, id_, slot, packed_ref);
}

void Database::free_all_slots() {
  free_slots_.clear();
  for (auto slot = static_cast<uint32_t>(running_.size()); slot-- > 0;) {
    running_[slot] = kFreeSlot;
    free_slots_.push_back(slot);  // slot 0 on top: reused in the order a fresh start takes them
  }
}

[[gnu::flatten]] void Database::on_event(const Event& e) {
  uint64_t& slot = running_[e.kind];
  if (slot != e.arg) {  // started before a crash or a kill: its connection is gone
    const RequestRef lost = RequestRef::unpack(e.arg);
    if (ctx_.requests.valid(lost)) fail(lost.index, FailureReason::kProcessDown);
    return;
  }
  slot = kFreeSlot;
  free_slots_.push_back(e.kind);
  active_.change(ctx_.sim.now(), -1);
  while (host_.serving() && !queue_.empty() &&
         static_cast<uint32_t>(active_.level()) < cfg_.query_slots) {
    const uint64_t next = queue_.pop();
    if (ctx_.requests.valid(RequestRef::unpack(next))) {
      start(next);
      break;
    }
  }
  const RequestRef ref = RequestRef::unpack(e.arg);
  if (!ctx_.requests.valid(ref)) return;  // its web server crashed meanwhile
  ctx_.webs[ctx_.requests[ref.index].web]->query_done(ref, true);
}

void Database::on_process_change(ProcessState from, ProcessState to) {
  const bool was_serving = from == ProcessState::kRunning || from == ProcessState::kHung;
  if (was_serving && (to == ProcessState::kStopped || to == ProcessState::kStarting)) {
    // Connections drop: queued queries fail now; running ones fail as they come back.
    free_all_slots();
    active_.change(ctx_.sim.now(), -active_.level());
    connections_ = 0;
    std::vector<uint64_t> queued;
    while (!queue_.empty()) queued.push_back(queue_.pop());
    for (uint64_t packed : queued) {
      const RequestRef ref = RequestRef::unpack(packed);
      if (ctx_.requests.valid(ref)) fail(ref.index, FailureReason::kProcessDown);
    }
  } else if (from == ProcessState::kHung && to == ProcessState::kRunning) {
    start_queued();
  }
}

void Database::start_queued() {
  while (!queue_.empty() && static_cast<uint32_t>(active_.level()) < cfg_.query_slots) {
    const uint64_t next = queue_.pop();
    if (ctx_.requests.valid(RequestRef::unpack(next))) start(next);
  }
}

void Database::set_query_slots(uint32_t slots) {
  cfg_.query_slots = slots;
  if (host_.serving()) start_queued();
}

uint32_t Database::kill_running_queries() {
  std::vector<uint64_t> killed;
  for (uint64_t packed : running_)
    if (packed != kFreeSlot) killed.push_back(packed);
  free_all_slots();  // their completions will find their slots freed and be dropped
  active_.change(ctx_.sim.now(), -active_.level());
  for (uint64_t packed : killed) {
    const RequestRef ref = RequestRef::unpack(packed);
    if (ctx_.requests.valid(ref)) fail(ref.index, FailureReason::kDbError);
  }
  // The freed slots take the queued queries at once.
  while (host_.serving() && !queue_.empty() &&
         static_cast<uint32_t>(active_.level()) < cfg_.query_slots) {
    const uint64_t next = queue_.pop();
    if (ctx_.requests.valid(RequestRef::unpack(next))) start(next);
  }
  return static_cast<uint32_t>(killed.size());
}

bool Database::open_connection() {
  if (connections_ >= cfg_.max_connections) {
    ++sec_refused_connections_;
    if (ctx_.observer)
      ctx_.observer->on_failure(name(), FailureReason::kDbTooManyConnections, ctx_.sim.now());
    return false;
  }
  ++connections_;
  return true;
}

void Database::close_connection() {
  if (connections_ > 0) --connections_;
}

void Database::register_metrics(MetricsRegistry& m) {
  const std::string& n = name();
  s_.queries = m.add(n, "queries", "q/s");
  s_.active = m.add(n, "active_queries", "queries");
  s_.utilization = m.add(n, "utilization", "ratio");
  s_.queued = m.add(n, "queued_queries", "queries");
  s_.connections = m.add(n, "connections", "conns");
  s_.query_mean = m.add(n, "query_mean_ms", "ms");
  s_.query_p99 = m.add(n, "query_p99_ms", "ms");
  s_.refused_connections = m.add(n, "refused_connections", "conn/s");
  s_.errors = m.add(n, "errors", "q/s");
  s_.up = m.add(n, "up", "bool");
  s_.disk = m.add(n, "disk_used_ratio", "ratio");
  s_.lag = m.add(n, "replication_lag_seconds", "s");
}

void Database::sample(MetricsRegistry& m) {
  const double active = static_cast<double>(active_.take_interval(ctx_.sim.now())) / 1e6;
  m.set(s_.queries, static_cast<double>(sec_queries_));
  m.set(s_.active, active);
  m.set(s_.utilization, active / std::max<uint32_t>(cfg_.query_slots, 1));
  m.set(s_.queued, static_cast<double>(queue_.size()));
  m.set(s_.connections, connections_);
  m.set(s_.query_mean, sec_query_time_.mean_us() / 1000.0);
  m.set(s_.query_p99, sec_query_time_.percentile_us(99) / 1000.0);
  m.set(s_.refused_connections, static_cast<double>(sec_refused_connections_));
  m.set(s_.errors, static_cast<double>(sec_errors_));
  m.set(s_.up, host_.serving() ? 1.0 : 0.0);
  m.set(s_.disk, host_.disk_used_gb() / host_.disk_total_gb());
  m.set(s_.lag, replication_lag_s_);
  sec_queries_ = sec_refused_connections_ = sec_errors_ = 0;
  sec_query_time_.clear();
}

[[gnu::flatten]] void submit_query(StackContext& ctx, uint32_t index) {
  const Request& r = ctx.requests[index];
  Database* target = ctx.db;
  if (ctx.replica) {
    if (r.is_read) {
      if (ctx.replica->serves_reads()) target = ctx.replica;
    } else if (Database* w = ctx.webs[r.web]->write_target()) {
      target = w;
    }
  }
  target->submit(index);
}

}  // namespace firedrill
