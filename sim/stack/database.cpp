#include "sim/stack/database.h"

#include <cmath>

#include "sim/stack/web_server.h"

namespace firedrill {

Database::Database(StackContext& ctx, const DatabaseConfig& cfg, std::string name)
    : ctx_(ctx),
      cfg_(cfg),
      name_(std::move(name)),
      id_(ctx.sim.add_handler(this, name_)),
      rng_(ctx.sim.streams().stream(name_ + "/queries")) {}

void Database::submit(uint32_t index) {
  ++sec_queries_;
  if (static_cast<uint32_t>(active_.level()) < cfg_.query_slots) {
    start(index);
  } else {
    queue_.push(index);
  }
}

void Database::start(uint32_t index) {
  active_.change(ctx_.sim.now(), +1);
  const double us = rng_.exponential(cfg_.query_ms * 1000.0 * factor_);
  const SimTime t = SimTime::from_micros(us);
  sec_query_time_.add(t.us());
  ctx_.sim.schedule_in(t, id_, kQueryDone, index);
}

void Database::on_event(const Event& e) {
  const auto index = static_cast<uint32_t>(e.arg);
  active_.change(ctx_.sim.now(), -1);
  if (!queue_.empty()) start(static_cast<uint32_t>(queue_.pop()));
  ctx_.webs[ctx_.requests[index].web]->query_done(index, true);
}

bool Database::open_connection() {
  if (connections_ >= cfg_.max_connections) {
    ++sec_refused_connections_;
    return false;
  }
  ++connections_;
  return true;
}

void Database::close_connection() {
  if (connections_ > 0) --connections_;
}

void Database::register_metrics(MetricsRegistry& m) {
  s_.queries = m.add(name_, "queries", "q/s");
  s_.active = m.add(name_, "active_queries", "queries");
  s_.utilization = m.add(name_, "utilization", "ratio");
  s_.queued = m.add(name_, "queued_queries", "queries");
  s_.connections = m.add(name_, "connections", "conns");
  s_.query_mean = m.add(name_, "query_mean_ms", "ms");
  s_.query_p99 = m.add(name_, "query_p99_ms", "ms");
  s_.refused_connections = m.add(name_, "refused_connections", "conn/s");
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
  sec_queries_ = sec_refused_connections_ = 0;
  sec_query_time_.clear();
}

void submit_query(StackContext& ctx, uint32_t index) {
  const Request& r = ctx.requests[index];
  Database* target = ctx.replica && r.is_read ? ctx.replica : ctx.db;
  target->submit(index);
}

}  // namespace firedrill
