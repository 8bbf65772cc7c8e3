// HostLogs: the log files of the simulated hosts, written as the stack runs. It watches the
// stack (a StackObserver) and turns each event into the lines the real software would write
// — nginx on the load balancer and web servers, the gunicorn/SQLAlchemy app, PostgreSQL,
// Redis, the kernel and systemd — with timestamps on the scenario's wall clock, into bounded
// LogBuffers of a LogStore. A few healthy background lines per host and minute (cron, ssh
// sessions, checkpoints...) come from its own periodic event, so quiet logs are not empty.
// Deterministic: every draw comes from named streams of the Simulation's seed, so the same
// seed and the same events give byte-identical logs. Single-threaded like the Simulation.
// File layout, formats, sampling and rate limits: docs/logs.md.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/random.h"
#include "sim/core/simulation.h"
#include "sim/observe/log_buffer.h"
#include "sim/observe/log_formats_system.h"
#include "sim/observe/scenario_clock.h"
#include "sim/stack/stack_config.h"
#include "sim/stack/stack_observer.h"

namespace firedrill {

enum class HostRole : uint8_t { kLoadBalancer, kWeb, kDatabase, kCache, kOther };
std::string_view host_role_name(HostRole role);
// From the stack's component names: "lb*" load balancer, "web*" web, "db*" / "replica*" /
// "postgres*" database, "cache*" / "redis*" cache, anything else kOther.
HostRole infer_host_role(std::string_view host);

namespace log_path {
inline constexpr std::string_view kNginxAccess = "/var/log/nginx/access.log";
inline constexpr std::string_view kNginxError = "/var/log/nginx/error.log";
inline constexpr std::string_view kApp = "/var/log/app/app.log";
inline constexpr std::string_view kPostgres = "/var/log/postgresql/postgresql-15-main.log";
inline constexpr std::string_view kRedis = "/var/log/redis/redis-server.log";
inline constexpr std::string_view kSyslog = "/var/log/syslog";
inline constexpr std::string_view kKern = "/var/log/kern.log";
}  // namespace log_path

// The pid of a service started at boot that is not the stack's own process on its host (nginx
// in front of gunicorn on a web host, or gunicorn behind nginx): a pure function of the host
// and the unit, so the logs' lines and the console's `ps` name the same process.
uint32_t boot_service_pid(std::string_view host, std::string_view unit);

// The files a host of this role has; they exist (empty) from the moment the host is known.
std::vector<std::string_view> log_paths_for(HostRole role);

struct LogHost {
  std::string name;  // the stack's host name: "lb", "web-2", "db", "db-replica"
  HostRole role = HostRole::kOther;
  std::string ip;           // private address: upstream in the LB's lines, DB in the app's
  double memory_mb = 8192;  // RAM, for the OOM killer's figures
  // The stack's service on the host (HostSpec::service: "nginx", "postgresql"...), whose
  // pid HostLogsConfig::service_pid reports; empty: the role's usual one.
  std::string service;
};
// The hosts WebStack builds for `config`, named as it names them (lb, web-1..N, db,
// db-replica, cache) with the configured memory and service: lb 10.0.0.10,
// web-N 10.0.1.(10+N), db 10.0.2.10, db-replica 10.0.2.11, cache 10.0.3.10.
std::vector<LogHost> stack_log_hosts(const StackConfig& config);
// The same for a default StackConfig with this many web servers, a replica and a cache.
std::vector<LogHost> stack_log_hosts(uint32_t web_count, bool replica = false, bool cache = false);

struct HostLogsConfig {
  // Known hosts (empty: stack_log_hosts(4)). A host first named in an event is added then,
  // with its role inferred from its name and an address in 10.0.9.0/24.
  std::vector<LogHost> hosts;
  std::string site = "shop.example.com";  // server_name and Host header
  // The LB's access log keeps 1 in N successful requests (a seeded draw per request), so
  // 200 req/s gives ~5 lines/s. Failed requests are never sampled away (only the per-second
  // cap below applies to them). 0 or 1: log every request.
  uint32_t access_sample_every = 40;
  // Caps per simulated second, so a bounded buffer keeps minutes of context during an
  // outage: error lines per (host, failure reason), and the access log's failed requests
  // per (status). Lines over a cap are counted in LogBuffer::rate_limited(). 0: no cap.
  uint32_t error_lines_per_second = 5;
  uint32_t access_errors_per_second = 25;
  size_t buffer_lines = 2000;  // capacity of every (host, path) ring (0 counts as 1)
  bool background_noise = true;
  SimTime noise_min_gap = SimTime::seconds(10);  // between one host's background events
  SimTime noise_max_gap = SimTime::seconds(60);
  uint16_t upstream_port = 80;            // the LB's upstream servers' port
  uint32_t lb_worker_connections = 4096;  // in "N worker_connections are not enough"
  uint32_t nginx_workers = 4;             // worker pids: master + 1..N
  uint32_t app_pool_size = 16;            // the app's QueuePool as the stack configures it
  SimTime app_pool_timeout = SimTime::seconds(3);
  // The pid of a host's main service process as the stack knows it (Host::pid(), which the
  // console's ps and systemctl show), asked whenever a line names that process, so the logs
  // and the console agree and a restart changes both. Null, or 0 for a host: HostLogs
  // invents the pids (a standalone HostLogs without a stack).
  std::function<uint32_t(std::string_view host)> service_pid;
};

struct HostLogsStats {
  uint64_t requests = 0;      // on_request calls
  uint64_t sampled_out = 0;   // successful requests the access log skipped
  uint64_t rate_limited = 0;  // events whose lines a cap suppressed
};

class HostLogs : public StackObserver, public EventHandler {
 public:
  // The simulation must outlive this object; events are only ever scheduled by start().
  HostLogs(Simulation& sim, const ScenarioClock& clock, HostLogsConfig config);
  HostLogs(const HostLogs&) = delete;
  HostLogs& operator=(const HostLogs&) = delete;
  ~HostLogs() override;

  // Schedules each host's background noise (when enabled). Call once, before running.
  void start();

  const LogStore& store() const { return store_; }
  const HostLogsConfig& config() const { return cfg_; }
  const ScenarioClock& clock() const { return clock_; }
  const HostLogsStats& stats() const { return stats_; }
  // Known hosts in the order they became known (configured first).
  std::vector<const LogHost*> hosts() const;

  // --- StackObserver: the stack calls these at the simulated moment of the event -------
  // The LB's lines: the access log (sampled) and its error log, both stamped at
  // r.finished. A refused connection (Outcome::kRefused) has no access line.
  void on_request(const RequestRecord& r) override;
  // The named host's own view of a failure (web: nginx, app; db: Postgres; cache: Redis;
  // any: the kernel's SYN-flood warning for kBacklogFull). For the LB only kDiskFull and
  // kBacklogFull are written here: its per-request failures come with the request context
  // through on_request, so a stack that reports them here too does not double them. A host
  // whose process is down (kProcessDown) writes nothing: nothing is running to write; a web
  // host whose own process is up (as on_process told) reports kProcessDown for the database,
  // and its app logs psycopg2's "Connection refused".
  void on_failure(std::string_view host, FailureReason reason, SimTime at) override;
  // Kernel (OOM kill, segfault) and systemd lines; Postgres, gunicorn start/stop lines.
  void on_process(std::string_view host, std::string_view service, ProcessChange change,
                  SimTime at) override;
  void on_backend_health(std::string_view backend, bool healthy, SimTime at) override;
  void on_slow_query(std::string_view db, SimTime duration, bool is_write, SimTime at) override;
  // Thresholds write nothing: real hosts do not log them (monitoring does).
  void on_resource(std::string_view, std::string_view, double, SimTime) override {}

  void on_event(const Event& e) override;  // background noise

  // A line from the scenario script, already formatted (timestamp included), appended to
  // `path` on `host` at `at` (the file is created if new). Not rate-limited.
  void write_line(std::string_view host, std::string_view path, SimTime at, std::string text);

 private:
  struct HostState;
  struct ServiceState;

  HostState& host(std::string_view name);
  HostState& add_host(LogHost spec);
  HostState& lb_host();
  HostState* backend_host(uint16_t backend);
  ServiceState& service(HostState& h, std::string_view unit);
  uint32_t new_pid(HostState& h);
  // The stack's pid of the unit's process when it is the host's main service, else 0.
  uint32_t stack_pid(const HostState& h, std::string_view unit) const;
  uint32_t nginx_worker_pid(HostState& h, uint64_t connection);
  // Whether one more event fits the (host, slot) cap this second; if not, counts it in
  // stats and in each buffer it would have written.
  bool allow(HostState& h, size_t slot, SimTime at, uint32_t cap,
             std::initializer_list<LogBuffer*> suppressed_in);
  void write(LogBuffer* buffer, SimTime at, std::string text);
  // `after`: how long after `at` the kernel printed it (lines of one report differ by µs).
  void write_kernel(HostState& h, SimTime at, std::string_view message, SimTime after = {});
  void write_syslog(HostState& h, SimTime at, std::string_view ident, std::string_view message);
  void warn_syn_flood(HostState& h, SimTime at);
  void write_lb_request(const RequestRecord& r, HostState& lb, uint64_t connection);
  void write_web_failure(HostState& h, FailureReason reason, SimTime at);
  void write_data_failure(HostState& h, FailureReason reason, SimTime at);
  void write_service_lines(HostState& h, const ServiceInfo& info, ServiceState& s,
                           ProcessChange change, SimTime at);
  void write_noise(HostState& h, SimTime at);
  void schedule_noise(size_t host_index);
  std::string_view database_ip() const;

  Simulation& sim_;
  ScenarioClock clock_;
  HostLogsConfig cfg_;
  uint32_t handler_id_;
  bool started_ = false;
  LogStore store_;
  RandomStream access_rng_;  // sampling and request lines of the LB's access log
  HostLogsStats stats_;
  std::vector<std::unique_ptr<HostState>> hosts_;
  std::map<std::string, size_t, std::less<>> host_index_;
  std::vector<HostState*> backends_;  // by web server index, filled on first use
  HostState* lb_ = nullptr;
};

}  // namespace firedrill
