#include "sim/observe/log_formats_system.h"

#include <array>

#include <fmt/format.h>

namespace firedrill {
namespace {

struct KnownService {
  std::string_view name;  // what the stack calls it (matched exactly)
  std::string_view unit;
  std::string_view description;
  std::string_view comm;
  uint32_t uid;
};
// Debian 12 package units; uids are the packages' system users (www-data is 33).
constexpr std::array<KnownService, 10> kServices = {{
    {"nginx", "nginx.service", "A high performance web server and a reverse proxy server", "nginx",
     33},
    {"php-fpm", "php8.2-fpm.service", "The PHP 8.2 FastCGI Process Manager", "php-fpm8.2", 33},
    {"php8.2-fpm", "php8.2-fpm.service", "The PHP 8.2 FastCGI Process Manager", "php-fpm8.2", 33},
    {"php-fpm8.2", "php8.2-fpm.service", "The PHP 8.2 FastCGI Process Manager", "php-fpm8.2", 33},
    {"gunicorn", "shop.service", "Shop application (gunicorn)", "gunicorn", 33},
    {"app", "shop.service", "Shop application (gunicorn)", "gunicorn", 33},
    {"postgresql", "postgresql@15-main.service", "PostgreSQL Cluster 15-main", "postgres", 106},
    {"postgres", "postgresql@15-main.service", "PostgreSQL Cluster 15-main", "postgres", 106},
    {"redis", "redis-server.service", "Advanced key-value store", "redis-server", 107},
    {"redis-server", "redis-server.service", "Advanced key-value store", "redis-server", 107},
}};

}  // namespace

std::string syslog_line(const ScenarioClock& clock, SimTime at, std::string_view host,
                        std::string_view ident, std::string_view message) {
  return fmt::format("{} {} {}: {}", clock.syslog_time(at), host, ident, message);
}

std::string kernel_line(const ScenarioClock& clock, SimTime at, std::string_view host,
                        SimTime uptime, std::string_view message) {
  const int64_t us = uptime.us();
  return fmt::format("{} {} kernel: [{:5}.{:06}] {}", clock.syslog_time(at), host, us / 1'000'000,
                     us % 1'000'000, message);
}

ServiceInfo service_info(std::string_view service) {
  for (const KnownService& k : kServices) {
    if (k.name == service) {
      return ServiceInfo{std::string(k.unit), std::string(k.description), std::string(k.comm),
                         k.uid};
    }
  }
  const bool has_suffix = service.find('.') != std::string_view::npos;
  std::string unit = has_suffix ? std::string(service) : fmt::format("{}.service", service);
  const std::string comm(service.substr(0, service.find('.')));
  return ServiceInfo{unit, comm, comm, 0};
}

OomFigures draw_oom_figures(RandomStream& rng, double memory_mb) {
  // The victim holds most of the RAM when the killer runs; its page tables are ~1/500 of it.
  OomFigures f;
  const double rss_share = 0.86 + 0.08 * rng.uniform();
  f.anon_rss_kb = static_cast<uint64_t>(memory_mb * 1024.0 * rss_share);
  f.total_vm_kb = f.anon_rss_kb + 180'000 + rng.below(400'000);
  f.pgtables_kb = f.anon_rss_kb / 500 + rng.below(64);
  return f;
}

std::vector<std::string> oom_kill_messages(const ServiceInfo& s, uint32_t pid,
                                           const OomFigures& f) {
  return {
      fmt::format("{} invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), "
                  "order=0, oom_score_adj=0",
                  s.comm),
      fmt::format("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,"
                  "global_oom,task_memcg=/system.slice/{},task={},pid={},uid={}",
                  s.unit, s.comm, pid, s.uid),
      fmt::format("Out of memory: Killed process {} ({}) total-vm:{}kB, anon-rss:{}kB, "
                  "file-rss:0kB, shmem-rss:0kB, UID:{} pgtables:{}kB oom_score_adj:0",
                  pid, s.comm, f.total_vm_kb, f.anon_rss_kb, s.uid, f.pgtables_kb),
      fmt::format("oom_reaper: reaped process {} ({}), now anon-rss:0kB, file-rss:0kB, "
                  "shmem-rss:0kB",
                  pid, s.comm),
  };
}

std::vector<std::string> systemd_messages(const ServiceInfo& s, ProcessChange change,
                                          bool automatic_restart, uint32_t restart_counter) {
  switch (change) {
    case ProcessChange::kOomKilled:
      return {
          fmt::format("{}: A process of this unit has been killed by the OOM killer.", s.unit),
          fmt::format("{}: Main process exited, code=killed, status=9/KILL", s.unit),
          fmt::format("{}: Failed with result 'oom-kill'.", s.unit),
      };
    case ProcessChange::kCrashed:
      return {
          fmt::format("{}: Main process exited, code=killed, status=11/SEGV", s.unit),
          fmt::format("{}: Failed with result 'signal'.", s.unit),
      };
    case ProcessChange::kStopped:
      return {
          fmt::format("Stopping {} - {}...", s.unit, s.description),
          fmt::format("{}: Deactivated successfully.", s.unit),
          fmt::format("Stopped {} - {}.", s.unit, s.description),
      };
    case ProcessChange::kStarting:
      if (automatic_restart) {
        return {
            fmt::format("{}: Scheduled restart job, restart counter is at {}.", s.unit,
                        restart_counter),
            fmt::format("Stopped {} - {}.", s.unit, s.description),
            fmt::format("Starting {} - {}...", s.unit, s.description),
        };
      }
      return {fmt::format("Starting {} - {}...", s.unit, s.description)};
    case ProcessChange::kRunning:
      return {fmt::format("Started {} - {}.", s.unit, s.description)};
    case ProcessChange::kHung:
    case ProcessChange::kUnhung:
      return {};
  }
  return {};
}

std::vector<SyslogMessage> draw_system_noise(RandomStream& rng, SystemNoiseState& state) {
  const auto cron = [&](std::string_view command) {
    state.next_pid += 1 + static_cast<uint32_t>(rng.below(40));
    return SyslogMessage{fmt::format("CRON[{}]", state.next_pid),
                         fmt::format("(root) CMD ({})", command)};
  };
  const auto timer_unit = [](std::string_view unit, std::string_view description) {
    return std::vector<SyslogMessage>{
        {"systemd[1]", fmt::format("Starting {} - {}...", unit, description)},
        {"systemd[1]", fmt::format("{}: Deactivated successfully.", unit)},
        {"systemd[1]", fmt::format("Finished {} - {}.", unit, description)},
    };
  };
  const std::string logind = fmt::format("systemd-logind[{}]", state.logind_pid);

  switch (rng.below(7)) {
    case 0:
      return {cron("command -v debian-sa1 > /dev/null && debian-sa1 1 1")};
    case 1:
      return {cron("   cd / && run-parts --report /etc/cron.hourly")};
    case 2:
      return timer_unit("sysstat-collect.service", "system activity accounting tool");
    case 3:
      return timer_unit("logrotate.service", "Rotate log files");
    case 4:
      return timer_unit("apt-daily.service", "Daily apt download activities");
    default:
      break;
  }
  // A deploy user's ssh session: opened, and closed by a later event.
  if (state.open_session != 0) {
    const uint32_t s = state.open_session;
    state.open_session = 0;
    return {
        {"systemd[1]", fmt::format("session-{}.scope: Deactivated successfully.", s)},
        {logind, fmt::format("Removed session {}.", s)},
    };
  }
  const uint32_t s = state.next_session++;
  state.open_session = s;
  return {
      {logind, fmt::format("New session {} of user deploy.", s)},
      {"systemd[1]", fmt::format("Started session-{}.scope - Session {} of User deploy.", s, s)},
  };
}

}  // namespace firedrill
