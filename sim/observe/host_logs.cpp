// [SECTION] index: roles and hosts · construction · per-host state helpers · on_request (the
// LB's access and error logs). The other observer callbacks are in host_logs_events.cpp,
// background noise in host_logs_noise.cpp, the per-host state in host_logs_state.h.
#include "sim/observe/host_logs.h"

#include <cstdlib>

#include <fmt/format.h>

#include "sim/observe/host_logs_state.h"
#include "sim/observe/log_formats_nginx.h"

namespace firedrill {

using namespace host_logs_detail;

// [SECTION] roles and hosts -----------------------------------------------------------------

std::string_view host_role_name(HostRole role) {
  switch (role) {
    case HostRole::kLoadBalancer:
      return "lb";
    case HostRole::kWeb:
      return "web";
    case HostRole::kDatabase:
      return "db";
    case HostRole::kCache:
      return "cache";
    case HostRole::kOther:
      return "other";
  }
  return "other";
}

HostRole infer_host_role(std::string_view host) {
  const auto starts = [&](std::string_view p) { return host.substr(0, p.size()) == p; };
  if (starts("lb")) return HostRole::kLoadBalancer;
  if (starts("web")) return HostRole::kWeb;
  if (starts("db") || starts("replica") || starts("postgres")) return HostRole::kDatabase;
  if (starts("cache") || starts("redis")) return HostRole::kCache;
  return HostRole::kOther;
}

std::vector<std::string_view> log_paths_for(HostRole role) {
  using namespace log_path;
  switch (role) {
    case HostRole::kLoadBalancer:
      return {kNginxAccess, kNginxError, kSyslog, kKern};
    case HostRole::kWeb:
      return {kNginxError, kApp, kSyslog, kKern};
    case HostRole::kDatabase:
      return {kPostgres, kSyslog, kKern};
    case HostRole::kCache:
      return {kRedis, kSyslog, kKern};
    case HostRole::kOther:
      return {kSyslog, kKern};
  }
  return {kSyslog, kKern};
}

std::vector<LogHost> stack_log_hosts(const StackConfig& config) {
  // WebStack's hosts (web_stack.cpp): its names, and each role's HostSpec.
  std::vector<LogHost> hosts;
  const auto add = [&](std::string name, HostRole role, std::string ip, const HostSpec& spec) {
    hosts.push_back({std::move(name), role, std::move(ip), spec.memory_mb, spec.service});
  };
  add("lb", HostRole::kLoadBalancer, "10.0.0.10", config.lb_host);
  for (uint32_t i = 1; i <= config.web.count; ++i) {
    add(fmt::format("web-{}", i), HostRole::kWeb, fmt::format("10.0.1.{}", 10 + i % 240),
        config.web_host);
  }
  add("db", HostRole::kDatabase, "10.0.2.10", config.db_host);
  if (config.db.replica) add("db-replica", HostRole::kDatabase, "10.0.2.11", config.db_host);
  if (config.cache.enabled) add("cache", HostRole::kCache, "10.0.3.10", config.cache_host);
  return hosts;
}

std::vector<LogHost> stack_log_hosts(uint32_t web_count, bool replica, bool cache) {
  StackConfig config;
  config.web.count = web_count;
  config.db.replica = replica;
  config.cache.enabled = cache;
  return stack_log_hosts(config);
}

// [SECTION] construction --------------------------------------------------------------------

HostLogs::HostLogs(Simulation& sim, const ScenarioClock& clock, HostLogsConfig config)
    : sim_(sim),
      clock_(clock),
      cfg_(std::move(config)),
      handler_id_(sim.add_handler(this, "logs")),
      store_(cfg_.buffer_lines > 0 ? cfg_.buffer_lines : 1),
      access_rng_(sim.streams().stream("logs/lb/access")) {
  if (cfg_.hosts.empty()) cfg_.hosts = stack_log_hosts(4);
  for (const LogHost& h : cfg_.hosts) add_host(h);
}

HostLogs::~HostLogs() = default;

void HostLogs::start() {
  if (started_) return;
  started_ = true;
  if (!cfg_.background_noise) return;
  for (size_t i = 0; i < hosts_.size(); ++i) schedule_noise(i);
}

std::vector<const LogHost*> HostLogs::hosts() const {
  std::vector<const LogHost*> out;
  for (const auto& h : hosts_) out.push_back(&h->spec);
  return out;
}

HostLogs::HostState& HostLogs::add_host(LogHost spec) {
  auto state = std::make_unique<HostState>();
  HostState& h = *state;
  h.index = hosts_.size();
  h.rng = sim_.streams().stream("logs/" + spec.name);
  h.noise_rng = sim_.streams().stream("logs/" + spec.name + "/noise");
  // A host that has been up for days: the kernel clock and pid counter show it.
  h.boot_uptime = SimTime::seconds(3 * 86400 + static_cast<int64_t>(h.rng.below(57 * 86400))) +
                  SimTime::micros(static_cast<int64_t>(h.rng.below(1'000'000)));
  h.sys.next_pid = 10'000 + static_cast<uint32_t>(h.rng.below(400'000));
  h.sys.logind_pid = 400 + static_cast<uint32_t>(h.rng.below(300));
  h.sys.next_session = 1 + static_cast<uint32_t>(h.rng.below(400));
  h.pg_backend_base = 1'500 + static_cast<uint32_t>(h.rng.below(5'000));
  for (std::string_view path : log_paths_for(spec.role)) {
    LogBuffer* b = &store_.buffer(spec.name, path);
    if (path == log_path::kSyslog) h.syslog = b;
    if (path == log_path::kKern) h.kern = b;
    if (path == log_path::kNginxAccess) h.access = b;
    if (path == log_path::kNginxError) h.nginx_error = b;
    if (path == log_path::kApp) h.app = b;
    if (path == log_path::kPostgres) h.postgres = b;
    if (path == log_path::kRedis) h.redis = b;
  }
  if (spec.service.empty()) {
    spec.service = spec.role == HostRole::kDatabase ? "postgresql"
                   : spec.role == HostRole::kCache  ? "redis-server"
                                                    : "nginx";
  }
  h.main_unit = service_info(spec.service).unit;
  h.spec = std::move(spec);
  host_index_.emplace(h.spec.name, h.index);
  hosts_.push_back(std::move(state));
  if (started_ && cfg_.background_noise) schedule_noise(h.index);
  return h;
}

// [SECTION] per-host state helpers ----------------------------------------------------------

HostLogs::HostState& HostLogs::host(std::string_view name) {
  if (auto it = host_index_.find(name); it != host_index_.end()) return *hosts_[it->second];
  const HostRole role = infer_host_role(name);
  std::string ip = fmt::format("10.0.9.{}", 10 + hosts_.size() % 240);
  if (role == HostRole::kWeb && name.size() > 4 && name.substr(0, 4) == "web-") {
    ip = fmt::format("10.0.1.{}", 10 + std::atoi(std::string(name.substr(4)).c_str()) % 240);
  }
  return add_host(LogHost{std::string(name), role, std::move(ip), 8192, {}});
}

HostLogs::HostState& HostLogs::lb_host() {
  if (lb_ != nullptr) return *lb_;
  for (const auto& h : hosts_) {
    if (h->spec.role == HostRole::kLoadBalancer) return *(lb_ = h.get());
  }
  return *(lb_ = &host("lb"));
}

HostLogs::HostState* HostLogs::backend_host(uint16_t backend) {
  if (backend >= backends_.size()) backends_.resize(backend + 1u, nullptr);
  if (backends_[backend] == nullptr) backends_[backend] = &host(fmt::format("web-{}", backend + 1));
  return backends_[backend];
}

uint32_t boot_service_pid(std::string_view host, std::string_view unit) {
  // Above systemd-logind's (400-699) and the ssh daemon's (~760), below the stack's process
  // (1000 and up): a low pid, as a service started at boot has.
  return 820 + static_cast<uint32_t>(fnv1a64(fmt::format("{}/{}", host, unit)) % 120);
}

HostLogs::ServiceState& HostLogs::service(HostState& h, std::string_view unit) {
  auto it = h.services.find(unit);
  if (it == h.services.end()) {
    ServiceState s;
    s.pid = boot_service_pid(h.spec.name, unit);
    it = h.services.emplace(std::string(unit), s).first;
  }
  // The stack's own process: its pid is the stack's, asked afresh (a restart changes it).
  if (const uint32_t pid = stack_pid(h, unit); pid != 0) it->second.pid = pid;
  return it->second;
}

uint32_t HostLogs::stack_pid(const HostState& h, std::string_view unit) const {
  if (!cfg_.service_pid || unit != h.main_unit) return 0;
  return cfg_.service_pid(h.spec.name);
}

uint32_t HostLogs::new_pid(HostState& h) {
  h.sys.next_pid += 1 + static_cast<uint32_t>(h.rng.below(40));
  return h.sys.next_pid;
}

uint32_t HostLogs::nginx_worker_pid(HostState& h, uint64_t connection) {
  const uint32_t workers = cfg_.nginx_workers > 0 ? cfg_.nginx_workers : 1;
  return service(h, kNginxUnit).pid + 1 + static_cast<uint32_t>(connection % workers);
}

bool HostLogs::allow(HostState& h, size_t slot, SimTime at, uint32_t cap,
                     std::initializer_list<LogBuffer*> suppressed_in) {
  if (cap == 0) return true;
  RateWindow& w = h.windows[slot];
  const int64_t second = at.whole_seconds();
  if (w.second != second) {
    w.second = second;
    w.count = 0;
  }
  if (w.count < cap) {
    ++w.count;
    return true;
  }
  ++stats_.rate_limited;
  for (LogBuffer* b : suppressed_in) {
    if (b != nullptr) b->note_rate_limited();
  }
  return false;
}

void HostLogs::write_line(std::string_view host, std::string_view path, SimTime at,
                          std::string text) {
  store_.append(store_.buffer(host, path, cfg_.buffer_lines), at, std::move(text));
}

void HostLogs::write(LogBuffer* buffer, SimTime at, std::string text) {
  if (buffer != nullptr) store_.append(*buffer, at, std::move(text));
}

void HostLogs::write_syslog(HostState& h, SimTime at, std::string_view ident,
                            std::string_view message) {
  write(h.syslog, at, syslog_line(clock_, at, h.spec.name, ident, message));
}

// rsyslog files kernel messages in both kern.log and syslog (Debian's default rules).
void HostLogs::write_kernel(HostState& h, SimTime at, std::string_view message, SimTime after) {
  std::string line = kernel_line(clock_, at, h.spec.name, h.boot_uptime + at + after, message);
  write(h.syslog, at, line);
  write(h.kern, at, std::move(line));
}

// The kernel warns once per listening socket, so once per process lifetime.
void HostLogs::warn_syn_flood(HostState& h, SimTime at) {
  if (h.syn_flood_warned) return;
  h.syn_flood_warned = true;
  const uint16_t port = h.spec.role == HostRole::kDatabase ? 5432
                        : h.spec.role == HostRole::kCache  ? 6379
                                                           : cfg_.upstream_port;
  write_kernel(h, at,
               fmt::format("TCP: request_sock_TCP: Possible SYN flooding on port 0.0.0.0:{}. "
                           "Sending cookies.",
                           port));
}

std::string_view HostLogs::database_ip() const {
  for (const auto& h : hosts_) {
    if (h->spec.role == HostRole::kDatabase) return h->spec.ip;
  }
  return "10.0.2.10";
}

// [SECTION] on_request: the load balancer's access and error logs --------------------------

void HostLogs::on_request(const RequestRecord& r) {
  ++stats_.requests;
  HostState& lb = lb_host();
  const uint64_t connection = ++lb.nginx_connection;  // every request takes a number
  if (r.outcome == Outcome::kOk && cfg_.access_sample_every > 1 &&
      access_rng_.below(cfg_.access_sample_every) != 0) {
    ++stats_.sampled_out;
    return;
  }
  write_lb_request(r, lb, connection);
}

void HostLogs::write_lb_request(const RequestRecord& r, HostState& lb, uint64_t connection) {
  using R = FailureReason;
  const SimTime at = r.finished;
  const HttpRequestLine req =
      draw_http_request(access_rng_, r.user, r.outcome == Outcome::kServerError);
  const std::string client = client_ip(r.user);
  HostState* web = r.had_backend ? backend_host(r.backend) : nullptr;
  const std::string upstream =
      web != nullptr ? fmt::format("{}:{}", web->spec.ip, cfg_.upstream_port) : std::string();
  const uint32_t worker = nginx_worker_pid(lb, connection);

  // The error log first: nginx writes the failure before it finalises the request.
  const NginxProxyError pe = nginx_proxy_error(r.reason, r.outcome);
  const bool own_fds = r.reason == R::kTooManyOpenFiles && web == nullptr;
  if ((r.reason == R::kLbConnectionLimit || own_fds || !pe.message.empty()) &&
      allow(lb, reason_slot(r.reason), at, cfg_.error_lines_per_second, {lb.nginx_error})) {
    if (r.reason == R::kLbConnectionLimit) {
      write(lb.nginx_error, at,
            nginx_error_line(
                clock_, at, NginxLevel::kAlert, worker, 0,
                fmt::format("{} worker_connections are not enough", cfg_.lb_worker_connections)));
    } else if (own_fds) {
      write(lb.nginx_error, at,
            nginx_error_line(clock_, at, NginxLevel::kCrit, worker, 0,
                             "accept4() failed (24: Too many open files)"));
    } else {
      const std::string url = pe.names_upstream && web != nullptr
                                  ? fmt::format("http://{}", upstream)
                                  : std::string("http://backend");
      write(lb.nginx_error, at,
            nginx_error_line(
                clock_, at, pe.level, worker, connection,
                std::string(pe.message) + nginx_request_context(client, cfg_.site, req, url)));
    }
  }

  const int status = access_status(r.outcome);
  if (status == 0) return;  // refused: never accepted, so never logged
  if (status != 200 &&
      !allow(lb, access_slot(r.outcome), at, cfg_.access_errors_per_second, {lb.access})) {
    return;
  }
  AccessFields f;
  f.client = client;
  f.request = &req;
  f.status = status;
  f.bytes = status == 200   ? req.body_bytes
            : status == 499 ? 0
            : status == 500 ? 265  // the app's (Flask's) own error page
                            : nginx_error_page_bytes(status);
  f.request_time = r.finished > r.started ? r.finished - r.started : SimTime();
  // With no live upstream nginx logs the group's name as $upstream_addr.
  f.upstream = r.reason == R::kNoHealthyUpstream || (status == 503 && web == nullptr)
                   ? std::string_view("backend")
                   : std::string_view(upstream);
  f.site = cfg_.site;
  write(lb.access, at, nginx_access_line(clock_, at, f));
}

}  // namespace firedrill
