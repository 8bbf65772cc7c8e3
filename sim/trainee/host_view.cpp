#include "sim/trainee/host_view.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/core/random.h"

namespace firedrill {
namespace {

HostRole role_of(const Host& host) {
  const std::string& r = host.role();
  if (r == "web") return HostRole::kWeb;
  if (r == "db") return HostRole::kDatabase;
  if (r == "lb") return HostRole::kLoadBalancer;
  if (r == "cache") return HostRole::kCache;
  return infer_host_role(host.name());
}

// HostLogs draws each host's kernel uptime at SimTime 0, its pid counters and the base of its
// Postgres backends' pids as the first draws of the named stream "logs/<host>" (host_logs.cpp,
// add_host). Streams are pure functions of (seed, name), so drawing the same numbers here
// gives the same boot instant and pids without touching its state. A console test checks
// `uptime` against the kernel lines, so a change on that side is caught.
HostView::Mirrored mirror_host_logs(const Simulation& sim, const std::string& host) {
  RandomStream rng = sim.streams().stream("logs/" + host);
  HostView::Mirrored m;
  m.boot_uptime = SimTime::seconds(3 * 86400 + static_cast<int64_t>(rng.below(57 * 86400))) +
                  SimTime::micros(static_cast<int64_t>(rng.below(1'000'000)));
  (void)rng.below(400'000);  // the transient pid counter
  m.logind_pid = 400 + static_cast<uint32_t>(rng.below(300));
  (void)rng.below(400);  // the ssh session counter
  m.pg_backend_base = 1'500 + static_cast<uint32_t>(rng.below(5'000));
  return m;
}

// Host's constructor gives the first process this pid (host.cpp); later ones count up.
uint32_t initial_pid(const std::string& host) {
  return 1000 + static_cast<uint32_t>(fnv1a64(host) % 3000);
}

}  // namespace

std::string host_ip(const HostLogs& logs, std::string_view host) {
  for (const LogHost* h : logs.hosts()) {
    if (h->name == host) return h->ip;
  }
  if (host == "lb") return "10.0.0.10";
  if (host == "db") return "10.0.2.10";
  if (host == "db-replica" || host == "replica") return "10.0.2.11";
  if (host == "cache") return "10.0.3.10";
  if (host.substr(0, 4) == "web-") {
    int n = 0;
    for (char c : host.substr(4)) {
      if (c < '0' || c > '9') break;
      n = n * 10 + (c - '0');
    }
    return fmt::format("10.0.1.{}", 10 + n % 240);
  }
  return fmt::format("10.0.9.{}", 10 + fnv1a64(host) % 240);
}

HostView::HostView(WebStack& s, const HostLogs& l, Host& h)
    : stack(s),
      logs(l),
      host(h),
      clock(l.clock()),
      now(s.sim().now()),
      role(role_of(h)),
      ip_(host_ip(l, h.name())),
      unit_(service_info(h.spec().service)),
      mirrored_(mirror_host_logs(s.sim(), h.name())) {
  for (size_t i = 0; i < s.web_count(); ++i) {
    if (&s.web(i).host() == &h) web = &s.web(i);
  }
  if (&s.db().host() == &h) db = &s.db();
  if (s.replica() != nullptr && &s.replica()->host() == &h) db = s.replica();
  if (&s.lb().host() == &h) lb = &s.lb();
  if (role == HostRole::kCache) cache = s.cache();
}

std::string HostView::unit_short() const {
  const std::string& u = unit_.unit;
  const size_t dot = u.rfind(".service");
  return dot == std::string::npos ? u : u.substr(0, dot);
}

std::string HostView::service_user() const {
  switch (unit_.uid) {
    case 33:
      return "www-data";
    case 106:
      return "postgres";
    case 107:
      return "redis";
    default:
      return "root";
  }
}

bool HostView::service_alive() const {
  return host.state() == ProcessState::kRunning || host.state() == ProcessState::kHung;
}

SimTime HostView::process_start() const {
  if (host.pid() == initial_pid(host.name())) return boot_service_start();
  if (host.state() == ProcessState::kRunning || host.state() == ProcessState::kHung) {
    return host.state_since() - host.spec().startup_time;
  }
  return host.state_since();
}

LastExit HostView::last_exit() const {
  const LogBuffer* syslog = logs.store().find(host.name(), log_path::kSyslog);
  if (syslog == nullptr) return LastExit::kNone;
  const std::string prefix = unit_.unit + ": ";
  for (size_t i = syslog->size(); i-- > 0;) {
    const std::string& text = syslog->at(i).text;
    const size_t at = text.find(prefix);
    if (at == std::string::npos || text.find("systemd[1]: ") == std::string::npos) continue;
    const std::string_view message = std::string_view(text).substr(at + prefix.size());
    if (message.starts_with("Failed with result 'oom-kill'")) return LastExit::kOomKill;
    if (message.starts_with("Failed with result")) return LastExit::kSignal;
    if (message.starts_with("Deactivated successfully")) return LastExit::kStopped;
  }
  return LastExit::kNone;
}

double HostView::metric(std::string_view metric_name) const {
  const auto id = stack.metrics().find(host.name(), metric_name);
  return id ? stack.metrics().latest(*id) : 0.0;
}

// CPU demand of one metrics second in cores, and what queues for the CPU or the disk: the
// kernel counts runnable and uninterruptible tasks in the load average. The CPU hog is
// counted at its current size (faults set it as a step, so that is what the history was).
double HostView::load_sample(int64_t second) const {
  const MetricsRegistry& m = stack.metrics();
  const auto value = [&](std::string_view metric_name) {
    const auto id = m.find(host.name(), metric_name);
    return id && second >= m.first_second() && second < m.end_second() ? m.value(*id, second) : 0.0;
  };
  const double cores = std::max<uint32_t>(host.cpu_cores(), 1);
  double load = 0.02;
  if (web != nullptr) {
    const double util = value("cpu_utilization");  // the hog included
    load += util * cores;
    if (util > 0.98) load += std::max(0.0, value("busy_workers") - cores) * 0.5;
    return load;
  }
  if (db != nullptr) {
    load += value("active_queries") * 0.6 + value("queued_queries") * 0.3;
  } else if (lb != nullptr) {
    load += value("requests") * 60e-6;
  } else if (cache != nullptr) {
    load += (m.find("cache", "hits") ? m.value(*m.find("cache", "hits"), second) : 0.0) * 20e-6;
  }
  return load + host.cpu_hog_cores();
}

double HostView::cpu_busy_cores() const {
  const MetricsRegistry& m = stack.metrics();
  const double cores = std::max<uint32_t>(host.cpu_cores(), 1);
  const double demand = m.end_second() > m.first_second() ? load_sample(m.end_second() - 1)
                                                          : 0.02 + host.cpu_hog_cores();
  double busy = demand;
  if (db != nullptr) busy = 0.02 + metric("active_queries") * 0.6 + host.cpu_hog_cores();
  if (web != nullptr) busy = metric("cpu_utilization") * cores;
  if (!service_alive() && web == nullptr) busy = 0.02 + host.cpu_hog_cores();
  return std::clamp(busy, 0.0, cores);
}

double HostView::load_average(int window_seconds) const {
  const MetricsRegistry& m = stack.metrics();
  if (m.end_second() <= m.first_second()) return 0.02 + host.cpu_hog_cores();
  const int64_t end = m.end_second();
  const int64_t begin = std::max(m.first_second(), end - 3 * int64_t{window_seconds});
  const double decay = std::exp(-1.0 / window_seconds);
  double load = load_sample(begin);  // the steady state before the window
  for (int64_t s = begin; s < end; ++s) load = load * decay + load_sample(s) * (1.0 - decay);
  return load;
}

double HostView::iowait_share() const {
  if (db == nullptr) return 0.0;
  const double cores = std::max<uint32_t>(host.cpu_cores(), 1);
  return std::min(0.6, metric("queued_queries") * 0.3 / cores);
}

MemoryFigures HostView::memory() const {
  MemoryFigures f;
  const double nominal = host.memory_total_mb();
  f.total = std::floor(nominal * 0.97);  // the kernel keeps some for itself
  const double scale = f.total / nominal;
  f.used = std::min(f.total, host.memory_used_mb() * scale);
  f.shared = std::min(f.total * 0.006, 64.0);
  const double spare = std::max(0.0, f.total - f.used - f.shared);
  // The page cache takes what is spare; a database host caches its tables.
  f.buff_cache = spare * (role == HostRole::kDatabase ? 0.7 : 0.35);
  f.free = std::max(0.0, spare - f.buff_cache);
  f.available = std::min(f.total, f.free + f.buff_cache * 0.9);
  return f;
}

double HostView::service_memory_mb() const {
  if (!service_alive()) return 0.0;
  return std::max(0.0, host.memory_used_mb() - host.spec().base_memory_mb * 0.1);
}

uint32_t HostView::service_workers() const {
  return std::max<uint32_t>(host.cpu_cores(), 1);
}

}  // namespace firedrill
