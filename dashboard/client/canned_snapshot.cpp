// The fake client's canned data: deterministic, no simulation involved.
#include <fmt/format.h>

#include <cmath>

#include "dashboard/client/fake_client.h"
#include "dashboard/client/snapshot_builder.h"

namespace firedrill::dash {

namespace {

HostInfo host(std::string name, std::string role, Health health, std::string reason, double cpu) {
  HostInfo h;
  h.name = std::move(name);
  h.role = std::move(role);
  h.service = h.role == "db" ? "postgresql" : h.role == "cache" ? "redis" : "nginx";
  h.process = health == Health::down ? "stopped" : "running";
  h.health = health;
  h.health_reason = std::move(reason);
  h.cpu = cpu;
  h.memory = 0.41;
  h.disk = 0.33;
  h.fds = 412;
  h.fd_limit = 65536;
  h.version = "v1.4.2";
  return h;
}

}  // namespace

std::shared_ptr<const Snapshot> canned_snapshot() {
  SnapshotBuilder b;
  SessionInfo& s = b.session();
  s.scenario_id = "canned";
  s.title = "Canned drill: web-3 down, errors at the LB";
  s.brief = "Users report errors on checkout.";
  s.time_zone = "America/New_York";
  s.start_local = "2024-02-16 13:50:00";
  s.start_unix_s = 1708109400;
  s.utc_offset_s = -5 * 3600;
  s.zone_abbrev = "EST";
  s.now = SimTime::minutes(30);
  s.clock_text = "14:20:00 EST";
  s.length = SimTime::minutes(60);
  s.speed = 1;
  s.seed = 7;
  b.connection().state = ConnectionState::live;
  b.connection().endpoint = "fake";

  b.hosts() = {host("lb", "lb", Health::degraded, "7% errors", -1),
               host("web-1", "web", Health::ok, "", 0.52),
               host("web-2", "web", Health::ok, "", 0.48),
               host("web-3", "web", Health::down, "nginx stopped", 0.0),
               host("web-4", "web", Health::degraded, "cpu 94%", 0.94),
               host("db", "db", Health::ok, "", 0.61)};
  b.hosts()[3].lb_healthy = false;

  AlertInfo err;
  err.rule = "HighErrorRate";
  err.component = "lb";
  err.severity = Severity::page;
  err.phase = AlertPhase::firing;
  err.value = 0.07;
  err.active_since = SimTime::minutes(20);
  err.fired_at = SimTime::minutes(22);
  err.summary = "0.07 of requests fail at the load balancer";
  err.runbook = "runbooks/high-error-rate";
  AlertInfo down = err;
  down.rule = "BackendDown";
  down.component = "web-3";
  down.severity = Severity::ticket;
  down.active_since = SimTime::minutes(19);
  down.fired_at = SimTime::minutes(20);
  down.summary = "web-3 fails the load balancer's health checks";
  down.acked_at = SimTime::minutes(24);
  down.acked_by = "trainee";
  AlertInfo lat = err;
  lat.rule = "HighLatency";
  lat.severity = Severity::ticket;
  lat.phase = AlertPhase::pending;
  lat.fired_at.reset();
  lat.active_since = SimTime::minutes(29);
  lat.summary = "p99 latency at the load balancer is 1200 ms";
  AlertInfo disk = down;
  disk.rule = "DiskAlmostFull";
  disk.component = "web-1";
  disk.phase = AlertPhase::resolved;
  disk.resolved_at = SimTime::minutes(12);
  disk.acked_at.reset();
  disk.summary = "web-1 disk is 0.91 full";
  b.alerts() = {err, down, lat, disk};

  b.actions() = {{"restart_service", "any", {}, "systemctl restart the host's service", true},
                 {"start_service", "any", {}, "systemctl start the host's service", false},
                 {"drain", "web", {}, "take a web server out of rotation", true},
                 {"set_config", "any", {"key", "value"}, "change a config value", true},
                 {"kill_queries", "db", {}, "terminate the running queries", true}};
  b.teams() = {"database", "network"};

  std::vector<SeriesMeta> series;
  for (const char* c : {"lb", "web-1", "web-2", "web-3", "web-4", "db"}) {
    series.push_back({c, "requests", "req/s"});
    series.push_back({c, "error_ratio", "ratio"});
    series.push_back({c, "p99_ms", "ms"});
    series.push_back({c, "cpu_utilization", "ratio"});
  }
  b.set_series(series);
  std::vector<float> row(series.size());
  for (int64_t sec = 0; sec < 30 * 60; ++sec) {
    const double x = static_cast<double>(sec);
    for (size_t i = 0; i < series.size(); ++i) {
      const double wave = 0.5 + 0.4 * std::sin(x / 97.0 + static_cast<double>(i));
      const bool incident = sec > 20 * 60;
      switch (i % 4) {
        case 0:
          row[i] = static_cast<float>(400 * wave + (incident ? 150 : 0));
          break;
        case 1:
          row[i] = static_cast<float>(incident ? 0.07 * wave : 0.002);
          break;
        case 2:
          row[i] = static_cast<float>(120 + 80 * wave + (incident ? 900 : 0));
          break;
        default:
          row[i] = static_cast<float>(wave);
          break;
      }
    }
    b.add_metric_row(sec, row.data());
  }

  const uint32_t access = b.log_file_index("lb", "/var/log/nginx/access.log");
  const uint32_t error = b.log_file_index("web-3", "/var/log/nginx/error.log");
  for (uint64_t i = 1; i <= 2000; ++i) {
    const bool err_line = i % 10 == 0;
    const SimTime t = SimTime::millis(static_cast<int64_t>(i) * 900);
    b.add_log_line({i, t, err_line ? error : access,
                    err_line ? fmt::format("2024/02/16 14:{:02}:00 [error] 812#812: *{} connect() "
                                           "failed (111: Connection refused)",
                                           i / 100, i)
                             : fmt::format("10.0.0.{} - - [16/Feb/2024:14:{:02}:00 -0500] "
                                           "\"GET /checkout HTTP/1.1\" 200 5120",
                                           i % 250, i / 100)});
  }

  b.add_console({1, "web-3", "systemctl status nginx",
                 "● nginx.service - A high performance web server\n"
                 "     Active: inactive (dead)\n",
                 3, SimTime::minutes(25)});
  b.add_timeline({1, SimTime{}, "engine", "run.header", "", "drill started: canned"});
  b.add_timeline({2, SimTime::minutes(20), "alert", "alert.firing", "web-3",
                  "BackendDown firing on web-3 (ticket)"});
  b.add_timeline({3, SimTime::minutes(22), "alert", "alert.firing", "lb",
                  "HighErrorRate firing on lb (page)"});
  b.add_timeline({4, SimTime::minutes(25), "trainee", "trainee.command", "web-3",
                  "web-3$ systemctl status nginx"});
  b.add_reply({1, "web-3$ systemctl status nginx", true, "ran", SimTime::minutes(25)});
  return b.publish();
}

}  // namespace firedrill::dash
