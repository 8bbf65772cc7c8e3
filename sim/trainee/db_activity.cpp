#include "sim/trainee/db_activity.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/core/random.h"
#include "sim/observe/log_formats_db.h"

namespace firedrill {
namespace {

// A stream of the console's own, seeded from names and numbers only: drawing from it never
// perturbs the model's streams.
RandomStream console_rng(std::string_view what, uint64_t a, uint64_t b = 0) {
  return RandomStream(fnv1a64(what) ^ (a * 0x9e3779b97f4a7c15ULL) ^ (b * 0xc2b2ae3d27d4eb4fULL));
}

// Pids: HostLogs writes client backends' log lines with pids in [base, base + 400), so the
// sessions take those; 37 is prime to 400, so slots below 400 get distinct pids.
uint32_t backend_pid(const HostView& v, uint32_t slot) {
  const uint32_t base = v.mirrored().pg_backend_base;
  return slot < 400 ? base + (slot * 37 + 11) % 400 : base + slot;
}

SimTime ms(double v) {
  return SimTime::from_millis(std::max(0.0, v));
}

struct Pool {
  std::string ip;
  uint32_t open = 0, in_use = 0, leaked = 0;
  SimTime since;  // when the web server's process started (its pool opened)
};

// Which web servers hold how many of the database's connections.
std::vector<Pool> pools(const HostView& v) {
  std::vector<Pool> out;
  uint32_t total = 0;
  for (size_t i = 0; i < v.stack.web_count(); ++i) {
    const WebServer& w = v.stack.web(i);
    Pool p;
    p.ip = host_ip(v.logs, w.name());
    p.open = w.pool_open();
    p.leaked = std::min(p.open, w.impairment().leaked_pool_conns);
    p.in_use = std::min(p.open, w.pool_in_use()) - std::min(p.leaked, w.pool_in_use());
    p.since = w.host().state_since();
    total += p.open;
    out.push_back(std::move(p));
  }
  // A replica (or a database the pools do not count against) still shows its connections,
  // spread over the web servers.
  const uint32_t connections = v.db->open_connections();
  if (total != connections && !out.empty()) {
    for (size_t i = 0; i < out.size(); ++i) {
      out[i].open = connections / static_cast<uint32_t>(out.size()) +
                    (i < connections % out.size() ? 1u : 0u);
      out[i].in_use = std::min(out[i].in_use, out[i].open);
      out[i].leaked = std::min(out[i].leaked, out[i].open - out[i].in_use);
    }
  }
  return out;
}

DbSession background(uint32_t pid, std::string type, SimTime start) {
  DbSession s;
  s.pid = pid;
  s.backend_type = std::move(type);
  s.client_port = 0;
  s.backend_start = start;
  if (s.backend_type == "logical replication launcher") s.user = "postgres";
  if (s.backend_type == "autovacuum launcher" || s.backend_type == "logical replication launcher") {
    s.wait_event_type = "Activity";
    s.wait_event =
        s.backend_type == "autovacuum launcher" ? "AutoVacuumMain" : "LogicalLauncherMain";
  } else {
    s.wait_event_type = "Activity";
    s.wait_event = s.backend_type == "checkpointer"        ? "CheckpointerMain"
                   : s.backend_type == "background writer" ? "BgWriterHibernate"
                                                           : "WalWriterMain";
  }
  return s;
}

}  // namespace

std::vector<DbSession> db_sessions(const HostView& v, const std::string& own_query) {
  std::vector<DbSession> out;
  if (!v.service_alive()) return out;
  const Database& db = *v.db;
  const SimTime started = v.process_start();
  const uint32_t main = v.host.pid();
  for (const char* type : {"autovacuum launcher", "logical replication launcher",
                           "background writer", "checkpointer", "walwriter"}) {
    out.push_back(background(main + 1 + static_cast<uint32_t>(out.size()), type,
                             started + SimTime::millis(40)));
  }

  const double mean_ms = db.config().query_ms * db.query_time_factor();
  const bool contention = db.query_time_factor() >= 5;
  uint32_t running = db.active_queries();
  uint32_t queued = static_cast<uint32_t>(db.queued_queries());
  uint32_t queue_position = 0;
  uint32_t slot = 0;
  std::vector<DbSession> clients;
  for (const Pool& p : pools(v)) {
    for (uint32_t k = 0; k < p.open; ++k, ++slot) {
      DbSession s;
      s.pid = backend_pid(v, slot);
      s.user = "shop";
      s.database = "shop";
      s.application = "shop";
      s.client_addr = p.ip;
      RandomStream fixed = console_rng(v.name(), slot);
      s.client_port = 32768 + static_cast<int>(fixed.below(28000));
      // Pools open on demand after their server (or the database) starts, then stay open.
      const SimTime opened = std::max(started, p.since) + ms(fixed.uniform() * 20'000);
      s.backend_start = std::min(opened, v.now - SimTime::millis(1));
      RandomStream now_rng = console_rng(v.name(), slot, static_cast<uint64_t>(v.now.us()));
      const bool is_write = now_rng.below(5) == 0;
      s.query = draw_sql_statement(now_rng, is_write);
      const SimTime floor = s.backend_start;
      const auto at_least = [&](SimTime t) { return std::max(t, floor); };
      if (k < p.leaked) {
        // Checked out and never given back: a transaction left open since it leaked.
        s.state = "idle in transaction";
        s.leaked = true;
        s.state_change = at_least(std::min(v.now, p.since + ms(fixed.uniform() * 60'000)));
        s.query_start = s.state_change - ms(mean_ms);
        s.xact_start = s.query_start - ms(1 + fixed.uniform() * 5);
      } else if (k < p.leaked + p.in_use && (running > 0 || queued > 0)) {
        s.state = "active";
        if (running > 0) {
          --running;
          s.query_start = at_least(v.now - ms(now_rng.exponential(mean_ms)));
        } else {
          --queued;
          s.waiting = true;
          ++queue_position;
          const double slots = std::max<uint32_t>(db.config().query_slots, 1);
          s.query_start =
              at_least(v.now - ms(mean_ms * queue_position / slots * (0.5 + now_rng.uniform())));
          s.wait_event_type = contention ? "Lock" : "LWLock";
          s.wait_event = contention ? "transactionid" : "BufferMapping";
        }
        s.state_change = s.query_start;
        s.xact_start = at_least(s.query_start - ms(now_rng.exponential(mean_ms)));
      } else if (k < p.leaked + p.in_use) {
        // Between two queries of one request (the app's CPU work).
        s.state = "idle in transaction";
        s.state_change = at_least(v.now - ms(now_rng.uniform() * 8));
        s.query_start = at_least(s.state_change - ms(now_rng.exponential(mean_ms)));
        s.xact_start = at_least(s.query_start - ms(now_rng.uniform() * 3));
      } else {
        s.state = "idle";
        s.wait_event_type = "Client";
        s.wait_event = "ClientRead";
        s.state_change = at_least(v.now - ms(now_rng.exponential(400)));
        s.query_start = at_least(s.state_change - ms(now_rng.exponential(mean_ms)));
      }
      if (s.state == "idle in transaction") {
        s.wait_event_type = "Client";
        s.wait_event = "ClientRead";
      }
      clients.push_back(std::move(s));
    }
  }
  if (!own_query.empty()) {
    DbSession own;
    own.pid = backend_pid(v, 399 + slot) + 400;  // outside the pools' range
    own.user = "postgres";
    own.database = "postgres";
    own.application = "psql";
    own.state = "active";
    own.query = own_query;
    own.backend_start = own.xact_start = own.query_start = own.state_change =
        v.now - SimTime::millis(3);
    clients.push_back(std::move(own));
  }
  std::sort(clients.begin(), clients.end(),
            [](const DbSession& a, const DbSession& b) { return a.pid < b.pid; });
  out.insert(out.end(), clients.begin(), clients.end());
  return out;
}

std::string postgres_process_title(const DbSession& s) {
  if (s.backend_type != "client backend") return "postgres: 15/main: " + s.backend_type;
  std::string what = s.state;
  if (s.state == "active") {
    what = s.query.substr(0, s.query.find(' '));
    if (s.waiting) what += " waiting";
  }
  const std::string from =
      s.client_port < 0 ? "[local]" : fmt::format("{}({})", s.client_addr, s.client_port);
  return fmt::format("postgres: 15/main: {} {} {} {}", s.user, s.database, from, what);
}

}  // namespace firedrill
