// [SECTION] index: on_failure (web hosts, data stores, the LB's own disk) · on_process
// (kernel, systemd, service start/stop lines) · backend health · slow queries.
#include <fmt/format.h>

#include "sim/observe/host_logs.h"
#include "sim/observe/host_logs_state.h"
#include "sim/observe/log_formats_app.h"
#include "sim/observe/log_formats_db.h"
#include "sim/observe/log_formats_nginx.h"

namespace firedrill {

using namespace host_logs_detail;

// [SECTION] on_failure: each host's own view ------------------------------------------------

void HostLogs::on_failure(std::string_view name, FailureReason reason, SimTime at) {
  HostState& h = host(name);
  if (reason == FailureReason::kBacklogFull) {
    warn_syn_flood(h, at);
    return;
  }
  if (h.spec.role == HostRole::kWeb) {
    write_web_failure(h, reason, at);
  } else {
    write_data_failure(h, reason, at);
  }
}

void HostLogs::write_web_failure(HostState& h, FailureReason reason, SimTime at) {
  using R = FailureReason;
  AppContext ctx;
  ctx.db_ip = database_ip();
  ctx.pool_size = cfg_.app_pool_size;
  ctx.pool_timeout = cfg_.app_pool_timeout;
  // A web server reports kProcessDown both when its own process is down (nothing runs to
  // write a line) and when the database's is (the app's connect is refused): only the
  // service state tells them apart.
  const auto main = h.services.find(h.main_unit);
  const bool db_refused =
      reason == R::kProcessDown && (main == h.services.end() || !main->second.down);
  const bool nginx_line =
      reason == R::kTooManyOpenFiles || reason == R::kDiskFull || reason == R::kUpstreamTimeout;
  const bool app_line_expected = reason == R::kPoolTimeout || reason == R::kDbTooManyConnections ||
                                 reason == R::kConnectTimeout || reason == R::kConnectionReset ||
                                 reason == R::kDbError || reason == R::kDiskFull ||
                                 reason == R::kUpstreamTimeout || reason == R::kAppError ||
                                 db_refused;
  if (!nginx_line && !app_line_expected) return;  // e.g. its own process is down: silent
  if (!allow(h, reason_slot(reason), at, cfg_.error_lines_per_second,
             {nginx_line ? h.nginx_error : nullptr, app_line_expected ? h.app : nullptr})) {
    return;
  }

  const uint64_t connection = ++h.nginx_connection;
  const uint32_t worker = nginx_worker_pid(h, connection);
  if (reason == R::kTooManyOpenFiles) {
    write(h.nginx_error, at,
          nginx_error_line(clock_, at, NginxLevel::kCrit, worker, 0,
                           "accept4() failed (24: Too many open files)"));
  } else if (reason == R::kDiskFull) {
    write(h.nginx_error, at,
          nginx_error_line(clock_, at, NginxLevel::kAlert, worker, connection,
                           "write() to \"/var/log/nginx/access.log\" failed (28: No space left "
                           "on device) while logging request"));
  } else if (reason == R::kUpstreamTimeout) {
    const HttpRequestLine req =
        draw_http_request(h.rng, static_cast<uint32_t>(h.rng.below(1u << 20)));
    write(h.nginx_error, at,
          nginx_error_line(clock_, at, NginxLevel::kError, worker, connection,
                           "upstream timed out (110: Connection timed out) while reading "
                           "response header from upstream" +
                               nginx_request_context(lb_host().spec.ip, cfg_.site, req,
                                                     "http://127.0.0.1:8000")));
  }

  ServiceState& app = service(h, kAppUnit);
  ctx.master_pid = app.pid;
  ctx.worker_pid = app.pid + 1 + static_cast<uint32_t>(h.rng.below(4));
  if (reason == R::kUpstreamTimeout) ctx.next_worker_pid = new_pid(h);
  if (db_refused) {
    // psycopg2's wording when nothing listens on the database's port.
    write(
        h.app, at,
        app_line(clock_, at, ctx.worker_pid,
                 AppMessage{"ERROR",
                            fmt::format("sqlalchemy.exc.OperationalError: "
                                        "(psycopg2.OperationalError) connection to server at "
                                        "\"{}\", port 5432 failed: Connection refused (Background "
                                        "on this error at: https://sqlalche.me/e/14/e3q8)",
                                        ctx.db_ip),
                            0}));
    return;
  }
  for (const AppMessage& m : app_failure_messages(reason, ctx, h.rng)) {
    write(h.app, at, app_line(clock_, at, ctx.worker_pid, m));
  }
}

void HostLogs::write_data_failure(HostState& h, FailureReason reason, SimTime at) {
  using R = FailureReason;
  switch (h.spec.role) {
    case HostRole::kDatabase: {
      const uint32_t pid = h.pg_backend_base + static_cast<uint32_t>(h.rng.below(400));
      const std::vector<PgMessage> msgs = postgres_failure_messages(reason, h.rng, pid);
      if (msgs.empty() ||
          !allow(h, reason_slot(reason), at, cfg_.error_lines_per_second, {h.postgres})) {
        return;
      }
      for (const PgMessage& m : msgs)
        write(h.postgres, at, postgres_line(clock_, at, pid, kPgSession, m));
      return;
    }
    case HostRole::kCache: {
      std::string_view message;
      if (reason == R::kTooManyOpenFiles)
        message = "Accepting client connection: accept: Too many open files";
      if (reason == R::kDiskFull)
        message = "Write error saving DB on disk: No space left on device";
      if (message.empty() ||
          !allow(h, reason_slot(reason), at, cfg_.error_lines_per_second, {h.redis})) {
        return;
      }
      write(h.redis, at, redis_line(clock_, at, service(h, kRedisUnit).pid, 'M', '#', message));
      return;
    }
    case HostRole::kLoadBalancer: {
      // Per-request failures come through on_request; only the host's own disk is left.
      if (reason != R::kDiskFull ||
          !allow(h, reason_slot(reason), at, cfg_.error_lines_per_second, {h.nginx_error})) {
        return;
      }
      const uint64_t connection = h.nginx_connection;
      write(h.nginx_error, at,
            nginx_error_line(clock_, at, NginxLevel::kAlert, nginx_worker_pid(h, connection),
                             connection,
                             "write() to \"/var/log/nginx/access.log\" failed (28: No space "
                             "left on device) while logging request"));
      return;
    }
    default:
      return;
  }
}

// [SECTION] on_process ----------------------------------------------------------------------

void HostLogs::on_process(std::string_view name, std::string_view service_name,
                          ProcessChange change, SimTime at) {
  HostState& h = host(name);
  const ServiceInfo info = service_info(service_name);
  write_service_lines(h, info, service(h, info.unit), change, at);
}

void HostLogs::write_service_lines(HostState& h, const ServiceInfo& info, ServiceState& s,
                                   ProcessChange change, SimTime at) {
  if (change == ProcessChange::kOomKilled) {
    const OomFigures f = draw_oom_figures(h.rng, h.spec.memory_mb);
    SimTime after;
    for (const std::string& m : oom_kill_messages(info, s.pid, f)) {
      write_kernel(h, at, m, after);
      after += SimTime::micros(3 + static_cast<int64_t>(h.rng.below(60)));
    }
  } else if (change == ProcessChange::kCrashed) {
    const uint64_t base = 0x55d4c3a00000ULL + (h.rng.below(0x80000) << 12);
    const uint64_t offset = 0x1000 + h.rng.below(0xe0000);
    write_kernel(
        h, at,
        fmt::format("{}[{}]: segfault at 0 ip {:016x} sp {:016x} error 4 in {}[{:x}+f2000]",
                    info.comm, s.pid, base + offset,
                    0x7ffd2b000000ULL + (h.rng.below(0x100000) << 4), info.comm, base));
  }

  const bool automatic = change == ProcessChange::kStarting && s.crashed;
  if (automatic) ++s.restart_counter;
  if (change == ProcessChange::kStopped || (change == ProcessChange::kStarting && !automatic)) {
    s.restart_counter = 0;  // systemd resets it on an explicit stop or start
  }
  for (const std::string& m : systemd_messages(info, change, automatic, s.restart_counter)) {
    write_syslog(h, at, "systemd[1]", m);
  }

  s.down = change == ProcessChange::kCrashed || change == ProcessChange::kOomKilled ||
           change == ProcessChange::kStopped || change == ProcessChange::kStarting ||
           (s.down && change != ProcessChange::kRunning);
  switch (change) {
    case ProcessChange::kCrashed:
    case ProcessChange::kOomKilled:
      s.crashed = true;
      break;
    case ProcessChange::kStarting:
      // A new process: the stack has already given it its pid (service() read it).
      if (stack_pid(h, info.unit) == 0) s.pid = new_pid(h);
      break;
    case ProcessChange::kStopped:
      s.crashed = false;
      if (info.unit == kPostgresUnit) {
        for (const PgMessage& m : postgres_lifecycle_messages(change, false)) {
          write(h.postgres, at, postgres_line(clock_, at, s.pid, {}, m));
        }
      }
      break;
    case ProcessChange::kRunning:
      if (info.unit == kPostgresUnit) {
        for (const PgMessage& m : postgres_lifecycle_messages(change, s.crashed)) {
          write(h.postgres, at, postgres_line(clock_, at, s.pid, {}, m));
        }
      } else if (info.unit == kAppUnit) {
        std::vector<uint32_t> workers;
        for (uint32_t i = 1; i <= kAppWorkers; ++i) workers.push_back(s.pid + i);
        for (const AppMessage& m : app_boot_messages(s.pid, workers)) {
          write(h.app, at, app_line(clock_, at, s.pid, m));
        }
      } else if (info.unit == kRedisUnit) {
        write(h.redis, at, redis_line(clock_, at, s.pid, 'M', '*', "Server initialized"));
        write(h.redis, at,
              redis_line(clock_, at, s.pid, 'M', '*', "Ready to accept connections tcp"));
      }
      s.crashed = false;
      h.syn_flood_warned = false;  // a new listening socket
      break;
    case ProcessChange::kHung:
    case ProcessChange::kUnhung:
      break;  // a hang is silent
  }
}

// [SECTION] backend health ------------------------------------------------------------------

// Active health checks as nginx Plus words them; the LB's error_log level is warn.
void HostLogs::on_backend_health(std::string_view backend, bool healthy, SimTime at) {
  HostState& lb = lb_host();
  const HostState& web = host(backend);
  if (!allow(lb, kHealthSlot, at, cfg_.error_lines_per_second, {lb.nginx_error})) return;
  const std::string message =
      healthy ? fmt::format(
                    "peer is healthy while checking status code, health check \"\" of "
                    "peer {}:{} in upstream \"backend\"",
                    web.spec.ip, cfg_.upstream_port)
              : fmt::format(
                    "peer is unhealthy while connecting to upstream, health check \"\" of "
                    "peer {}:{} in upstream \"backend\"",
                    web.spec.ip, cfg_.upstream_port);
  write(lb.nginx_error, at,
        nginx_error_line(clock_, at, healthy ? NginxLevel::kNotice : NginxLevel::kWarn,
                         nginx_worker_pid(lb, lb.nginx_connection), 0, message));
}

// [SECTION] slow queries --------------------------------------------------------------------

// log_min_duration_statement: the backend that ran the statement logs its duration.
void HostLogs::on_slow_query(std::string_view db, SimTime duration, bool is_write, SimTime at) {
  HostState& h = host(db);
  if (h.postgres == nullptr) h.postgres = &store_.buffer(h.spec.name, log_path::kPostgres);
  if (!allow(h, kSlowQuerySlot, at, cfg_.error_lines_per_second, {h.postgres})) return;
  const uint32_t pid = h.pg_backend_base + static_cast<uint32_t>(h.rng.below(400));
  write(h.postgres, at,
        postgres_line(clock_, at, pid, kPgSession,
                      slow_query_message(duration, draw_sql_statement(h.rng, is_write))));
}

}  // namespace firedrill
