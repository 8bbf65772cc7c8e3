#include "sim/stack/webstack_v1.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace firedrill {

StackConfig webstack_v1_config(const WebstackV1Params& p) {
  constexpr uint32_t kUnbounded = std::numeric_limits<uint32_t>::max();
  StackConfig c;
  c.traffic.base_rps = p.rps;
  c.traffic.users = 1000;
  c.client.timeout = SimTime{};
  c.client.max_retries = 0;
  c.lb.policy = LbPolicy::kRoundRobin;
  c.lb.max_connections = kUnbounded;
  c.lb.proxy_timeout = SimTime{};
  c.lb.health_interval = SimTime{};
  c.web.count = p.web;
  c.web.workers = p.workers;
  c.web.backlog = kUnbounded;
  c.web.cpu_cores = p.workers;  // the anchor has no CPU contention beyond its workers
  c.web.cpu_ms = p.web_ms;
  c.web.queries = p.queries;
  c.web.db_pool_size = p.workers;  // a pool never binds: all waiting is at the DB, as there
  c.web.pool_wait_timeout = SimTime{};
  c.db.max_connections = kUnbounded;
  c.db.query_slots = p.db_conns;
  c.db.query_ms = p.db_ms;
  // Unbounded queues hold every waiting request open: no descriptor limit may refuse them.
  c.lb_host.fd_limit = kUnbounded / 4;
  c.web_host.fd_limit = kUnbounded / 4;
  c.metrics.history_seconds = static_cast<uint32_t>(p.duration) + 2;
  c.record_latencies = true;
  return c;
}

WebstackV1Run::WebstackV1Run(const WebstackV1Params& p)
    : params_(p), sim_(p.seed), stack_(sim_, webstack_v1_config(p)) {
  // The expected count plus six standard deviations of a Poisson count: growing the vector
  // during the run copied it and faulted in fresh pages (~2% of the bench's time).
  // Capped (at 256 MB) so a huge --duration grows as it goes rather than failing up front.
  const double expected = p.rps * p.duration;
  const double room = std::min(expected + 6.0 * std::sqrt(expected) + 16.0, double{1 << 26});
  stack_.client().reserve_recorded_latencies(static_cast<size_t>(room));
  stack_.start();
}

void WebstackV1Run::run(const FaultInjector& inject_fault) {
  const SimTime end = SimTime::from_seconds(params_.duration);
  if (params_.fault_at) {
    assert(inject_fault && "webstack-v1 with fault_at needs the fault to inject");
    const SimTime at = std::min(SimTime::from_seconds(*params_.fault_at), end);
    sim_.run_until(at);
    // The anchor slows queries whose service starts at t >= T: the database draws a query's
    // time when it starts, so a factor set now applies to exactly those.
    inject_fault(stack_);
  }
  sim_.run_until(end);
}

WebstackV1Summary WebstackV1Run::summary() {
  WebstackV1Summary s;
  const Client& client = stack_.client();
  std::vector<int32_t> lat = client.recorded_latencies();
  s.requests_arrived = client.user_requests();
  s.requests_completed = lat.size();
  s.sim_events = sim_.events_processed();
  s.digest = sim_.digest();
  const double d = params_.duration;
  s.throughput_rps = static_cast<double>(lat.size()) / d;
  double sum = 0;
  for (int32_t v : lat) sum += v;
  if (!lat.empty()) {
    s.mean_latency_ms = sum / static_cast<double>(lat.size()) / 1000.0;
    // Ascending percentiles: each selection leaves everything above its rank after it, so
    // the next one searches only that tail (a third of the sorting time of three full ones).
    auto from = lat.begin();
    auto nearest_rank = [&](double pct) {
      const auto n = lat.size();
      size_t rank = static_cast<size_t>(std::ceil(pct / 100.0 * static_cast<double>(n)));
      rank = std::clamp<size_t>(rank, 1, n);
      const auto at = lat.begin() + static_cast<ptrdiff_t>(rank - 1);
      std::nth_element(from, at, lat.end());
      from = at;
      return *at / 1000.0;
    };
    s.p50_ms = nearest_rank(50);
    s.p95_ms = nearest_rank(95);
    s.p99_ms = nearest_rank(99);
  }
  int64_t web_busy = 0;
  for (size_t i = 0; i < stack_.web_count(); ++i) web_busy += stack_.web(i).busy_worker_micros();
  s.web_utilization = static_cast<double>(web_busy) / 1e6 /
                      (static_cast<double>(params_.web) * params_.workers * d);
  s.db_utilization =
      static_cast<double>(stack_.db().busy_slot_micros()) / 1e6 / (params_.db_conns * d);
  return s;
}

}  // namespace firedrill
