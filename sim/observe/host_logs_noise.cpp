// [SECTION] index: HostLogs' own periodic event — one chain per host, every noise_min_gap to
// noise_max_gap — and the healthy background lines each role writes on it.
#include <array>

#include <fmt/format.h>

#include "sim/observe/host_logs.h"
#include "sim/observe/host_logs_state.h"
#include "sim/observe/log_formats_app.h"
#include "sim/observe/log_formats_db.h"
#include "sim/observe/log_formats_nginx.h"

namespace firedrill {

using namespace host_logs_detail;

namespace {
enum EventKind : uint32_t { kNoise = 0 };
}  // namespace

// [SECTION] background noise ----------------------------------------------------------------

void HostLogs::on_event(const Event& e) {
  if (e.kind != kNoise || e.arg >= hosts_.size()) return;
  write_noise(*hosts_[e.arg], e.time);
  schedule_noise(static_cast<size_t>(e.arg));
}

void HostLogs::schedule_noise(size_t host_index) {
  HostState& h = *hosts_[host_index];
  const int64_t span = (cfg_.noise_max_gap - cfg_.noise_min_gap).us();
  const int64_t jitter =
      span > 0 ? static_cast<int64_t>(h.noise_rng.below(static_cast<uint64_t>(span))) : 0;
  SimTime gap = cfg_.noise_min_gap + SimTime::micros(jitter);
  if (gap <= SimTime()) gap = SimTime::seconds(1);  // a misconfigured gap must not spin
  sim_.schedule_in(gap, handler_id_, kNoise, host_index);
}

void HostLogs::write_noise(HostState& h, SimTime at) {
  RandomStream& rng = h.noise_rng;
  const bool redis_too_soon = h.spec.role == HostRole::kCache && h.redis_saved &&
                              at - h.redis_last_save < SimTime::seconds(300);
  if (h.spec.role == HostRole::kOther || redis_too_soon || rng.below(2) == 0) {
    for (const SyslogMessage& m : draw_system_noise(rng, h.sys)) {
      write_syslog(h, at, m.ident, m.message);
    }
    return;
  }
  switch (h.spec.role) {
    case HostRole::kLoadBalancer: {
      // A scanner probing for well-known files; the backend answers 404.
      static constexpr std::array<std::string_view, 4> kProbes = {"/wp-login.php", "/.env",
                                                                  "/xmlrpc.php", "/.git/config"};
      HttpRequestLine req;
      req.method = "GET";
      req.path = std::string(kProbes[rng.below(kProbes.size())]);
      req.user_agent = "Mozilla/5.0 zgrab/0.x";
      const std::string client = fmt::format("198.51.100.{}", 1 + rng.below(254));
      const HostState* web = nullptr;
      for (const auto& other : hosts_) {
        if (other->spec.role == HostRole::kWeb && (web == nullptr || rng.below(2) == 0)) {
          web = other.get();
        }
      }
      const std::string upstream =
          web != nullptr ? fmt::format("{}:{}", web->spec.ip, cfg_.upstream_port) : "-";
      AccessFields f;
      f.client = client;
      f.request = &req;
      f.status = 404;
      f.bytes = 207;  // the app's (Flask's) 404 page
      f.request_time = SimTime::millis(2 + static_cast<int64_t>(rng.below(9)));
      f.upstream = upstream;
      f.site = cfg_.site;
      write(h.access, at, nginx_access_line(clock_, at, f));
      return;
    }
    case HostRole::kWeb: {
      if (rng.below(5) == 0) {
        HttpRequestLine req;
        req.method = "GET";
        req.path = "/favicon.ico";
        const uint64_t connection = ++h.nginx_connection;
        write(h.nginx_error, at,
              nginx_error_line(clock_, at, NginxLevel::kError, nginx_worker_pid(h, connection),
                               connection,
                               "open() \"/var/www/shop/public/favicon.ico\" failed (2: No such "
                               "file or directory)" +
                                   nginx_request_context(lb_host().spec.ip, cfg_.site, req, {})));
        return;
      }
      const uint32_t worker =
          service(h, kAppUnit).pid + 1 + static_cast<uint32_t>(rng.below(kAppWorkers));
      write(h.app, at, app_line(clock_, at, worker, draw_app_noise(rng)));
      return;
    }
    case HostRole::kDatabase: {
      const std::vector<PgMessage> msgs = draw_postgres_noise(rng, h.pg, at);
      // Checkpoints are the checkpointer's (started right after the postmaster); vacuum and
      // analyze run in a fresh autovacuum worker.
      const bool checkpoint = msgs.front().message.rfind("checkpoint", 0) == 0;
      const uint32_t pid = checkpoint ? service(h, kPostgresUnit).pid + 2 : new_pid(h);
      for (const PgMessage& m : msgs) write(h.postgres, at, postgres_line(clock_, at, pid, {}, m));
      return;
    }
    case HostRole::kCache: {
      h.redis_saved = true;
      h.redis_last_save = at;
      const uint32_t main_pid = service(h, kRedisUnit).pid;
      const uint32_t child = new_pid(h);
      const uint64_t changes = 100 + rng.below(900);
      write(h.redis, at,
            redis_line(clock_, at, main_pid, 'M', '*',
                       fmt::format("{} changes in 300 seconds. Saving...", changes)));
      write(h.redis, at,
            redis_line(clock_, at, main_pid, 'M', '*',
                       fmt::format("Background saving started by pid {}", child)));
      write(h.redis, at, redis_line(clock_, at, child, 'C', '*', "DB saved on disk"));
      write(
          h.redis, at,
          redis_line(clock_, at, main_pid, 'M', '*', "Background saving terminated with success"));
      return;
    }
    case HostRole::kOther:
      return;
  }
}

}  // namespace firedrill
