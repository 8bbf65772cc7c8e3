// HostView: one host as its console sees it at this instant — the component running on it, its
// address, when it booted, its service's unit and process, CPU and load derived from the
// metrics, and memory as `free` reports it. Built per command from the live WebStack and
// HostLogs; holds references only, so it must not outlive them. Read-only: it never changes
// the stack (it also draws from no random stream the model uses).
#pragma once

#include <cstdint>
#include <string>

#include "sim/core/sim_time.h"
#include "sim/observe/host_logs.h"
#include "sim/observe/log_formats_system.h"
#include "sim/stack/web_stack.h"

namespace firedrill {

// `free`'s figures in MiB.
struct MemoryFigures {
  double total = 0, used = 0, free = 0, shared = 0, buff_cache = 0, available = 0;
};

// Why the service's last process ended, as systemd recorded it in the journal.
enum class LastExit : uint8_t { kNone, kOomKill, kSignal, kStopped };

class HostView {
 public:
  HostView(WebStack& stack, const HostLogs& logs, Host& host);

  WebStack& stack;
  const HostLogs& logs;
  Host& host;
  const ScenarioClock& clock;
  SimTime now;
  HostRole role;
  // The component on this host (at most one is set; none for the cache's host).
  WebServer* web = nullptr;
  Database* db = nullptr;
  LoadBalancer* lb = nullptr;
  Cache* cache = nullptr;

  const std::string& name() const { return host.name(); }
  const std::string& ip() const { return ip_; }
  // The host's main service as systemd names it ("nginx.service", "postgresql@15-main.service").
  const ServiceInfo& unit() const { return unit_; }
  // The unit without ".service" ("nginx", "postgresql@15-main").
  std::string unit_short() const;
  // The system user the service's workers run as ("www-data", "postgres", "redis").
  std::string service_user() const;

  // The kernel's clock: the same boot instant HostLogs stamps kernel lines with.
  SimTime boot_time() const { return SimTime() - mirrored_.boot_uptime; }
  SimTime uptime() const { return now - boot_time(); }
  // When systemd started the service at boot.
  SimTime boot_service_start() const { return boot_time() + SimTime::seconds(9); }
  // Whether a process of the service exists (running or hung).
  bool service_alive() const;
  // When the current (or last) main process started.
  SimTime process_start() const;
  // Why the last process ended, from the host's journal (kNone when it never ended).
  LastExit last_exit() const;

  // CPU cores busy in the last second, the CPU hog included.
  double cpu_busy_cores() const;
  // The kernel's load average over 60, 300 or 900 s (damped as the kernel does).
  double load_average(int window_seconds) const;
  // I/O wait share of the CPU time (the database's queued queries), 0..1.
  double iowait_share() const;
  MemoryFigures memory() const;
  // Memory the service's processes hold (MiB), the leak included; 0 when it is down.
  double service_memory_mb() const;
  // nginx / postgres worker processes the service runs.
  uint32_t service_workers() const;

  // Numbers HostLogs draws for this host, so the console's pids match the logs' ones.
  struct Mirrored {
    SimTime boot_uptime;           // the kernel's uptime at SimTime 0
    uint32_t logind_pid = 0;       // systemd-logind
    uint32_t pg_backend_base = 0;  // Postgres client backends' pids start here
  };
  const Mirrored& mirrored() const { return mirrored_; }

  // A latest metric of this host's component, 0 when there is none.
  double metric(std::string_view name) const;

 private:
  double load_sample(int64_t second) const;

  std::string ip_;
  ServiceInfo unit_;
  Mirrored mirrored_;
};

// The address HostLogs gives a host ("10.0.1.11" for web-1), for any host name.
std::string host_ip(const HostLogs& logs, std::string_view host);

}  // namespace firedrill
