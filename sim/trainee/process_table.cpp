// [SECTION] index: kernel threads and daemons · the service (nginx, gunicorn, postgres, redis,
// other) · the trainee's session · how ps and top show a row · assembling the table.
#include "sim/trainee/process_table.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/core/random.h"
#include "sim/observe/host_logs.h"
#include "sim/trainee/db_activity.h"
#include "sim/trainee/systemd_units.h"

namespace firedrill {
namespace {

struct Builder {
  const HostView& v;
  std::vector<ProcessRow> rows;

  ProcessRow& add(uint32_t pid, uint32_t ppid, std::string user, std::string comm,
                  std::string command, std::string stat, double rss_mb, SimTime start) {
    ProcessRow r;
    r.pid = pid;
    r.ppid = ppid;
    r.user = std::move(user);
    r.comm = std::move(comm);
    r.command = std::move(command);
    r.stat = std::move(stat);
    r.state = r.stat.empty() ? 'S' : r.stat[0];
    r.rss_kb = rss_mb * 1024.0;
    r.vsz_kb = rss_mb > 0 ? rss_mb * 1024.0 * 1.7 + 6000.0 : 0;
    r.shr_kb = rss_mb > 0 ? std::min(r.rss_kb, 1400.0 + rss_mb * 1024.0 * 0.25) : 0;
    r.start = start;
    rows.push_back(std::move(r));
    return rows.back();
  }
};

// Small per-host offsets so pids differ between hosts but stay put across commands.
uint32_t jitter(const HostView& v, std::string_view what, uint32_t range) {
  return static_cast<uint32_t>(fnv1a64(v.name() + std::string(what)) % range);
}

// [SECTION] kernel threads and daemons ------------------------------------------------------

void add_system(Builder& b) {
  const HostView& v = b.v;
  const SimTime boot = v.boot_time();
  const auto kthread = [&](uint32_t pid, std::string name, std::string stat) {
    b.add(pid, 2, "root", name, "[" + name + "]", std::move(stat), 0, boot);
  };
  b.add(1, 0, "root", "systemd", "/sbin/init", "Ss", 12.1, boot);
  b.add(2, 0, "root", "kthreadd", "[kthreadd]", "S", 0, boot);
  kthread(3, "rcu_gp", "I<");
  kthread(4, "rcu_par_gp", "I<");
  kthread(5, "slub_flushwq", "I<");
  kthread(6, "netns", "I<");
  kthread(8, "kworker/0:0H-events_highpri", "I<");
  kthread(10, "mm_percpu_wq", "I<");
  kthread(11, "rcu_tasks_kthread", "I");
  kthread(12, "ksoftirqd/0", "S");
  kthread(13, "rcu_preempt", "I");
  kthread(14, "migration/0", "S");
  uint32_t pid = 16;
  for (uint32_t cpu = 1; cpu < v.host.cpu_cores(); ++cpu) {
    kthread(pid++, fmt::format("cpuhp/{}", cpu), "S");
    kthread(pid++, fmt::format("migration/{}", cpu), "S");
    kthread(pid++, fmt::format("ksoftirqd/{}", cpu), "S");
    kthread(pid++, fmt::format("kworker/{}:0H-events_highpri", cpu), "I<");
    ++pid;
  }
  constexpr std::pair<const char*, const char*> kMore[] = {
      {"kdevtmpfs", "S"},   {"inet_frag_wq", "I<"}, {"kauditd", "S"},    {"khungtaskd", "S"},
      {"oom_reaper", "S"},  {"writeback", "I<"},    {"kcompactd0", "S"}, {"ksmd", "SN"},
      {"khugepaged", "SN"}, {"kblockd", "I<"},      {"kswapd0", "S"},    {"nvme-wq", "I<"}};
  for (const auto& [name, stat] : kMore) kthread(pid++, name, stat);
  const SimTime up = boot + SimTime::seconds(4);
  b.add(220 + jitter(v, "journald", 15), 1, "root", "systemd-journal",
        "/lib/systemd/systemd-journald", "Ss", 28.4, up);
  b.add(250 + jitter(v, "udevd", 15), 1, "root", "systemd-udevd", "/lib/systemd/systemd-udevd",
        "Ss", 6.2, up);
  b.add(380 + jitter(v, "dbus", 15), 1, "messagebus", "dbus-daemon",
        "/usr/bin/dbus-daemon --system --address=systemd: --nofork --nopidfile "
        "--systemd-activation --syslog-only",
        "Ss", 4.8, up);
  b.add(v.mirrored().logind_pid, 1, "root", "systemd-logind", "/lib/systemd/systemd-logind", "Ss",
        7.3, up);
  b.add(720 + jitter(v, "cron", 9), 1, "root", "cron", "/usr/sbin/cron -f", "Ss", 2.6, up);
  b.add(730 + jitter(v, "rsyslogd", 9), 1, "root", "rsyslogd", "/usr/sbin/rsyslogd -n -iNONE",
        "Ssl", 5.1, up);
  b.add(745 + jitter(v, "agetty", 9), 1, "root", "agetty",
        "/sbin/agetty -o -p -- \\u --keep-baud 115200,57600,38400,9600 - vt220", "Ss+", 1.8, up);
  b.add(760 + jitter(v, "sshd", 9), 1, "root", "sshd",
        "sshd: /usr/sbin/sshd -D [listener] 0 of "
        "10-100 startups",
        "Ss", 9.2, up);
}

// [SECTION] the service -----------------------------------------------------------------------

// Shares of the service's CPU and memory, spread over its processes with a stable wobble.
double wobble(const HostView& v, uint32_t pid) {
  RandomStream rng(fnv1a64(v.name()) ^ (uint64_t{pid} << 20) ^
                   static_cast<uint64_t>(v.now.whole_seconds()));
  return 0.75 + 0.5 * rng.uniform();
}

void add_nginx(Builder& b, uint32_t main, double cpu, double mem_mb, double leak_mb,
               SimTime start) {
  const HostView& v = b.v;
  const uint32_t workers = v.service_workers();
  b.add(main, 1, "root", "nginx",
        "nginx: master process /usr/sbin/nginx -g daemon on; master_process on;", "Ss",
        std::max(1.6, mem_mb * 0.01), start)
      .service = true;
  for (uint32_t i = 1; i <= workers; ++i) {
    ProcessRow& w = b.add(main + i, main, "www-data", "nginx", "nginx: worker process", "S",
                          mem_mb * 0.99 / workers + (i == 1 ? leak_mb : 0), start);
    w.cpu = cpu / workers * wobble(v, main + i);
    w.service = true;
  }
}

void add_gunicorn(Builder& b, uint32_t main, double cpu, double mem_mb, double leak_mb,
                  SimTime start, bool is_service) {
  const HostView& v = b.v;
  const uint32_t workers = v.web != nullptr ? v.web->config().workers : 4;
  const std::string cmd =
      "/opt/shop/venv/bin/python3 /opt/shop/venv/bin/gunicorn --config "
      "/etc/app/gunicorn.conf.py shop.wsgi:app";
  b.add(main, 1, "www-data", "gunicorn", cmd, "Ss", std::max(24.0, mem_mb * 0.04), start).service =
      is_service;
  const double busy = v.web != nullptr ? v.web->busy_workers() : 0;
  for (uint32_t i = 1; i <= workers; ++i) {
    ProcessRow& w = b.add(main + i, main, "www-data", "gunicorn", cmd, "S",
                          mem_mb * 0.96 / workers + (i == 1 ? leak_mb : 0), start);
    // Busy workers take the CPU; idle ones wait in accept().
    w.cpu = i <= std::max(1.0, busy)
                ? cpu / std::max(1.0, std::min<double>(busy, workers)) * wobble(v, main + i)
                : 0.0;
    w.service = is_service;
  }
}

void add_postgres(Builder& b, uint32_t main, double cpu, double mem_mb, double leak_mb,
                  SimTime start) {
  const HostView& v = b.v;
  b.add(main, 1, "postgres", "postgres",
        "/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main -c "
        "config_file=/etc/postgresql/15/main/postgresql.conf",
        "Ss", mem_mb * 0.25 + leak_mb, start)
      .service = true;
  const std::vector<DbSession> sessions = db_sessions(v);
  uint32_t active = 0;
  for (const DbSession& s : sessions) active += s.state == "active" && !s.waiting ? 1 : 0;
  const size_t clients = sessions.size() > 5 ? sessions.size() - 5 : 0;
  for (const DbSession& s : sessions) {
    const bool bg = s.backend_type != "client backend";
    const double rss = bg ? (s.backend_type == "checkpointer" ? mem_mb * 0.15 : 6.0)
                          : mem_mb * 0.55 / static_cast<double>(std::max<size_t>(clients, 1));
    ProcessRow& r = b.add(s.pid, main, "postgres", "postgres", postgres_process_title(s),
                          s.waiting ? "Ds" : "Ss", std::max(rss, 5.0), s.backend_start);
    r.service = true;
    if (s.state == "active" && !s.waiting) r.cpu = cpu * 0.95 / active * wobble(v, s.pid);
    if (s.backend_type == "walwriter") r.cpu = cpu * 0.05;
  }
}

void add_service(Builder& b) {
  const HostView& v = b.v;
  const SimTime boot_start = v.boot_service_start();
  const double base = v.host.spec().base_memory_mb * 0.9;
  const double mem = v.service_memory_mb();
  const double leak = std::max(0.0, mem - base);
  const double service_mem = std::min(mem, base);
  const double cpu = std::max(0.0, v.cpu_busy_cores() - 0.02);
  const uint32_t main = v.host.pid();
  const SimTime start = v.process_start();
  const std::string& comm = v.unit().comm;
  const bool alive = v.service_alive();
  // Named as the logs name it (the app's lines carry its workers' pids).
  const uint32_t companion =
      v.web != nullptr ? boot_service_pid(v.name(), console_detail::companion_of(v).unit) : 0;

  if (v.web != nullptr) {
    // A web host runs nginx in front of the app; the stack's service is one of them, and the
    // app's CPU (most of it) and memory belong to gunicorn.
    if (!alive) return;
    if (comm == "gunicorn") {
      add_gunicorn(b, main, cpu * 0.85, service_mem * 0.8, leak, start, true);
      add_nginx(b, companion, cpu * 0.15, service_mem * 0.2, 0, boot_start);
    } else {
      add_nginx(b, main, cpu * 0.15, service_mem * 0.25, leak, start);
      add_gunicorn(b, companion, cpu * 0.85, service_mem * 0.75, 0, start, false);
    }
    return;
  }
  if (!alive) return;
  if (comm == "nginx") {
    add_nginx(b, main, cpu, service_mem, leak, start);
  } else if (comm == "postgres") {
    add_postgres(b, main, cpu, service_mem, leak, start);
  } else if (comm == "redis-server") {
    ProcessRow& r = b.add(main, 1, "redis", "redis-server", "/usr/bin/redis-server 127.0.0.1:6379",
                          "Ssl", mem, start);
    r.cpu = cpu;
    r.service = true;
  } else {
    ProcessRow& r = b.add(main, 1, v.service_user(), comm, "/usr/bin/" + comm, "Ss", mem, start);
    r.cpu = cpu;
    r.service = true;
  }
}

// [SECTION] the trainee's session -------------------------------------------------------------

void add_session(Builder& b, const std::string& own_command) {
  const HostView& v = b.v;
  const uint32_t sshd = 41'000 + jitter(v, "session", 9'000);
  const SimTime login = SimTime() - SimTime::seconds(95);
  b.add(sshd, 760 + jitter(v, "sshd", 9), "root", "sshd", "sshd: root@pts/0", "Ss", 10.4, login);
  b.add(sshd + 7, sshd, "root", "bash", "-bash", "Ss", 5.2, login + SimTime::seconds(1));
  const uint32_t own =
      sshd + 9 + static_cast<uint32_t>(std::max<int64_t>(0, v.now.whole_seconds()) / 3 % 5000);
  ProcessRow& r = b.add(own, sshd + 7, "root", own_command.substr(0, own_command.find(' ')),
                        own_command, "R+", 3.9, v.now);
  r.cpu = 0.0;
}

}  // namespace

// [SECTION] how ps and top show a row ---------------------------------------------------------

std::string process_tty(const ProcessRow& r) {
  if (r.stat.find('+') != std::string::npos && r.comm == "agetty") return "ttyS0";
  if (r.comm == "bash" || r.stat == "R+") return "pts/0";
  return "?";
}

std::string short_user(const std::string& user) {
  return user.size() > 8 ? user.substr(0, 7) + "+" : user;
}

double mem_percent(const HostView& v, const ProcessRow& r) {
  return r.rss_kb / (v.host.memory_total_mb() * 1024.0) * 100.0;
}

double lifetime_cpu_percent(const HostView& v, const ProcessRow& r) {
  const double lived = (v.now - r.start).to_seconds();
  return lived > 0 ? std::min(100.0 * v.host.cpu_cores(), r.cpu_time.to_seconds() / lived * 100.0)
                   : 0.0;
}

// [SECTION] assembling the table --------------------------------------------------------------

std::vector<ProcessRow> process_table(const HostView& v, const std::string& own_command) {
  Builder b{v, {}};
  add_system(b);
  add_service(b);
  add_session(b, own_command);
  std::sort(b.rows.begin(), b.rows.end(),
            [](const ProcessRow& a, const ProcessRow& c) { return a.pid < c.pid; });
  for (ProcessRow& r : b.rows) {
    const SimTime lived = v.now - r.start;
    // Busy processes: what they use now, over their life; daemons and kernel threads idle
    // along at a small rate of their own.
    const double spread =
        0.05 + 1.9 * static_cast<double>(jitter(v, r.comm + std::to_string(r.pid), 1000)) / 1000.0;
    const double idle_rate = (r.rss_kb > 0 ? 4e-4 : 3e-5) * spread;
    const double average = std::max(r.cpu * 0.8, idle_rate);
    r.cpu_time = SimTime::from_seconds(std::max(0.0, lived.to_seconds() * average));
    if (r.cpu > 0.5 && r.state == 'S') {
      r.state = 'R';
      r.stat[0] = 'R';
    }
    if (r.state == 'D') r.cpu = 0;
  }
  return b.rows;
}

}  // namespace firedrill
