// System log formats of a Debian 12 host: rsyslog's /var/log/syslog and /var/log/kern.log
// lines (traditional format), the kernel's OOM-killer report, systemd 252's unit messages,
// and the healthy background noise of a quiet host (cron, sessions, timers). Pure functions:
// HostLogs owns the pids, counters and random streams they are given.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/random.h"
#include "sim/core/sim_time.h"
#include "sim/observe/scenario_clock.h"
#include "sim/stack/stack_observer.h"

namespace firedrill {

// "Feb 16 14:03:07 web-1 systemd[1]: MESSAGE"
std::string syslog_line(const ScenarioClock& clock, SimTime at, std::string_view host,
                        std::string_view ident, std::string_view message);
// "Feb 16 14:03:07 web-1 kernel: [ 8123.456789] MESSAGE" — uptime is the kernel's clock.
std::string kernel_line(const ScenarioClock& clock, SimTime at, std::string_view host,
                        SimTime uptime, std::string_view message);

// How a service the stack names ("nginx", "postgresql", "gunicorn", "php-fpm"...) appears
// to systemd and the kernel on Debian 12. Unknown names map to "NAME.service", comm NAME.
struct ServiceInfo {
  std::string unit;         // "php8.2-fpm.service"
  std::string description;  // "The PHP 8.2 FastCGI Process Manager"
  std::string comm;         // the process name the kernel prints: "php-fpm8.2"
  uint32_t uid = 0;         // of the process the OOM killer picks (its workers)
};
ServiceInfo service_info(std::string_view service);

struct OomFigures {
  uint64_t total_vm_kb = 0;
  uint64_t anon_rss_kb = 0;
  uint64_t pgtables_kb = 0;
};
// Plausible figures for a process that grew until a host with memory_mb ran out.
OomFigures draw_oom_figures(RandomStream& rng, double memory_mb);
// The kernel's report of an OOM kill, one message per line, without the kernel prefix:
// "... invoked oom-killer: ...", "oom-kill:constraint=...", "Out of memory: Killed process
// 2143 (php-fpm8.2) total-vm:...kB, anon-rss:...kB, file-rss:0kB, shmem-rss:0kB, UID:33
// pgtables:...kB oom_score_adj:0", "oom_reaper: reaped process ...".
std::vector<std::string> oom_kill_messages(const ServiceInfo& s, uint32_t pid, const OomFigures& f);

// What systemd[1] logs when the service's process changes. `automatic_restart`: a kStarting
// that follows a crash or OOM kill (Restart=always), which logs the scheduled restart job
// with `restart_counter`. Hung and unhung processes log nothing (a hang is silent).
std::vector<std::string> systemd_messages(const ServiceInfo& s, ProcessChange change,
                                          bool automatic_restart, uint32_t restart_counter);

// One background event of a healthy host: lines as (ident, message) for syslog_line.
struct SyslogMessage {
  std::string ident;  // "CRON[4821]", "systemd[1]", "systemd-logind[512]"
  std::string message;
};
struct SystemNoiseState {
  uint32_t next_pid = 4000;  // transient processes (cron jobs) take increasing pids
  uint32_t logind_pid = 512;
  uint32_t next_session = 1;
  uint32_t open_session = 0;  // 0: none; a later event may close it
};
std::vector<SyslogMessage> draw_system_noise(RandomStream& rng, SystemNoiseState& state);

}  // namespace firedrill
