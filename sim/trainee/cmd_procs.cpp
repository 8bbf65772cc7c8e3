// Processes: top (one batch-mode screen), pgrep, pidof and kill — procps output from the
// ProcessTable. kill changes nothing itself: killing the service's main process asks the engine for
// a restart (systemd's Restart= brings it back), killing a database backend asks it to kill that
// query.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/trainee/console_internal.h"
#include "sim/trainee/db_activity.h"
#include "sim/trainee/process_table.h"
#include "sim/trainee/text_util.h"

namespace firedrill::console_detail {
namespace {

// top's memory columns: KiB, or "812.5m" / "3.9g" when the number does not fit.
std::string top_mem(double kib, size_t width) {
  const std::string plain = std::to_string(static_cast<uint64_t>(kib));
  if (plain.size() <= width) return plain;
  const std::string mib = fmt::format("{:.1f}m", kib / 1024.0);
  if (mib.size() <= width) return mib;
  return fmt::format("{:.1f}g", kib / 1048576.0);
}

// --- top ----------------------------------------------------------------------------------------

Output top(CommandContext& ctx, const Args& argv) {
  Output out;
  const HostView& v = ctx.view;
  out.touched.component = v.name();
  out.touched.topic = "cpu";
  bool batch = false, full = false;
  std::string sort = "%CPU";
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "-b")
      batch = true;
    else if (a == "-c")
      full = true;
    else if ((a == "-n" || a == "-d" || a == "-o" || a == "-p" || a == "-u") &&
             i + 1 < argv.size()) {
      if (a == "-o") sort = argv[i + 1];
      ++i;
    } else if (a == "-bn1" || a == "-n1" || a == "-bn" || a.starts_with("-n")) {
      batch = batch || a.starts_with("-b");
    } else {
      return out.fail(1, fmt::format("top: unknown option '{}'\nUsage:\n  top -hv | "
                                     "-bcEeHiOSs1 -d secs -n max -u|U user -p pid(s) -o field -w "
                                     "[cols]",
                                     a.substr(1)));
    }
  }
  std::vector<ProcessRow> rows = process_table(v, "top");
  const auto key = [&](const ProcessRow& r) {
    if (sort == "%MEM" || sort == "RES") return r.rss_kb;
    if (sort == "TIME+") return r.cpu_time.to_seconds();
    if (sort == "PID") return -static_cast<double>(r.pid);
    return r.cpu;
  };
  std::stable_sort(rows.begin(), rows.end(),
                   [&](const ProcessRow& a, const ProcessRow& b) { return key(a) > key(b); });

  const double cores = std::max<uint32_t>(v.host.cpu_cores(), 1);
  const double busy = std::min(1.0, v.cpu_busy_cores() / cores);
  const double wa = std::min(1.0 - busy, v.iowait_share());
  const MemoryFigures m = v.memory();
  int running = 0;
  for (const ProcessRow& r : rows) running += r.state == 'R' ? 1 : 0;
  const std::string up = [&] {
    const int64_t s = v.uptime().us() / 1'000'000;
    std::string t;
    if (s / 86400 > 0) t += fmt::format("{} day{}, ", s / 86400, s / 86400 == 1 ? "" : "s");
    t += s / 3600 % 24 > 0 ? fmt::format("{:2}:{:02}", s / 3600 % 24, s / 60 % 60)
                           : fmt::format("{} min", s / 60 % 60);
    return t;
  }();
  const LocalDateTime now = v.clock.local(v.now);
  out.out = fmt::format(
      "top - {:02}:{:02}:{:02} up {},  1 user,  load average: {:.2f}, {:.2f}, {:.2f}\n"
      "Tasks: {:>3} total, {:>3} running, {:>3} sleeping, {:>3} stopped, {:>3} zombie\n"
      "%Cpu(s): {:>4.1f} us, {:>4.1f} sy, {:>4.1f} ni, {:>4.1f} id, {:>4.1f} wa, {:>4.1f} hi, "
      "{:>4.1f} si, {:>4.1f} st\n"
      "MiB Mem : {:>8.1f} total, {:>8.1f} free, {:>8.1f} used, {:>8.1f} buff/cache\n"
      "MiB Swap: {:>8.1f} total, {:>8.1f} free, {:>8.1f} used. {:>8.1f} avail Mem\n\n",
      now.hour, now.minute, now.second, up, v.load_average(60), v.load_average(300),
      v.load_average(900), rows.size(), running, rows.size() - static_cast<size_t>(running), 0, 0,
      busy * 82.0, busy * 14.0, 0.0, std::max(0.0, (1.0 - busy - wa) * 100.0), wa * 100.0, 0.0,
      busy * 4.0, 0.0, m.total, m.free, m.used, m.buff_cache, 0.0, 0.0, 0.0, m.available);
  out.out += "    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND\n";
  const size_t limit = batch ? rows.size() : std::min<size_t>(rows.size(), 20);
  for (size_t i = 0; i < limit; ++i) {
    const ProcessRow& r = rows[i];
    const bool high = r.stat.find('<') != std::string::npos;
    out.out += fmt::format(
        "{:>7} {:<9}{:>3} {:>3} {:>7} {:>6} {:>6} {} {:>5.1f} {:>5.1f} {:>9} {}\n", r.pid,
        short_user(r.user), high ? "0" : "20", high ? -20 : r.nice, top_mem(r.vsz_kb, 7),
        top_mem(r.rss_kb, 6), top_mem(r.shr_kb, 6), r.state, std::min(100.0, r.cpu * 100.0),
        mem_percent(v, r), text::top_cputime(r.cpu_time), full ? r.command : r.comm);
  }
  return out;
}

// --- pgrep, pidof, kill
// -----------------------------------------------------------------------------

Output pgrep(CommandContext& ctx, const Args& argv) {
  Output out;
  out.touched.component = ctx.view.name();
  out.touched.topic = "process";
  bool full = false, list_name = false, list_full = false;
  std::string pattern;
  for (size_t i = 1; i < argv.size(); ++i) {
    if (argv[i] == "-f")
      full = true;
    else if (argv[i] == "-l")
      list_name = true;
    else if (argv[i] == "-a")
      list_full = true;
    else if (argv[i].starts_with("-"))
      return out.fail(2, fmt::format("pgrep: invalid option -- '{}'", argv[i].substr(1, 1)));
    else
      pattern = argv[i];
  }
  if (pattern.empty()) {
    return out.fail(2,
                    "pgrep: no matching criteria specified\nTry `pgrep --help' for more "
                    "information.");
  }
  for (const ProcessRow& r : process_table(ctx.view, text::join_words(argv))) {
    if (r.stat == "R+") continue;  // pgrep never lists itself
    const std::string& hay = full ? r.command : r.comm;
    if (hay.find(pattern) == std::string::npos) continue;
    out.out += list_full   ? fmt::format("{} {}\n", r.pid, r.command)
               : list_name ? fmt::format("{} {}\n", r.pid, r.comm)
                           : fmt::format("{}\n", r.pid);
  }
  out.code = out.out.empty() ? 1 : 0;
  return out;
}

Output pidof(CommandContext& ctx, const Args& argv) {
  Output out;
  out.touched.component = ctx.view.name();
  out.touched.topic = "process";
  std::vector<uint32_t> pids;
  for (const ProcessRow& r : process_table(ctx.view, text::join_words(argv))) {
    for (size_t i = 1; i < argv.size(); ++i) {
      if (r.comm == argv[i]) pids.push_back(r.pid);
    }
  }
  std::sort(pids.rbegin(), pids.rend());
  for (size_t i = 0; i < pids.size(); ++i) out.out += (i ? " " : "") + std::to_string(pids[i]);
  if (!pids.empty()) out.out += "\n";
  out.code = pids.empty() ? 1 : 0;
  return out;
}

Output kill(CommandContext& ctx, const Args& argv) {
  Output out;
  const HostView& v = ctx.view;
  out.touched.component = v.name();
  out.touched.topic = "process";
  std::string signal = "TERM";
  size_t i = 1;
  if (i < argv.size() && argv[i] == "-s" && i + 1 < argv.size()) {
    signal = argv[i + 1];
    i += 2;
  } else if (i < argv.size() && argv[i].starts_with("-") && argv[i].size() > 1) {
    signal = argv[i++].substr(1);
  }
  if (signal == "9") signal = "KILL";
  if (signal == "15") signal = "TERM";
  if (signal == "1") signal = "HUP";
  if (signal.starts_with("SIG")) signal = signal.substr(3);
  if (i >= argv.size()) {
    return out.fail(2,
                    "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... "
                    "or kill -l [sigspec]");
  }
  const std::vector<ProcessRow> rows = process_table(v, "kill");
  for (; i < argv.size(); ++i) {
    const auto pid = text::parse_uint(argv[i]);
    if (!pid) {
      out.fail(1, fmt::format("bash: kill: {}: arguments must be process or job IDs", argv[i]));
      continue;
    }
    const auto it =
        std::find_if(rows.begin(), rows.end(), [&](const ProcessRow& r) { return r.pid == *pid; });
    if (it == rows.end()) {
      out.fail(1, fmt::format("bash: kill: ({}) - No such process", *pid));
      continue;
    }
    if (!it->service || signal == "HUP" || out.action) continue;
    out.touched.service = v.host.spec().service;
    if (*pid == v.host.pid()) {
      // The main process ends; systemd (Restart=always) starts the service again.
      out.action = RequestedAction{"restart_service",
                                   v.name(),
                                   v.host.spec().service,
                                   {{"pid", argv[i]}, {"signal", signal}}};
    } else if (v.db != nullptr && it->command.find(" shop shop ") != std::string::npos) {
      out.action = RequestedAction{
          "kill_queries", v.name(), v.host.spec().service, {{"pid", argv[i]}, {"signal", signal}}};
    }
  }
  return out;
}

constexpr Builtin kProcsCommands[] = {
    {"top", top, "processes by CPU, with load and memory (-o %MEM, -c, -b)"},
    {"pgrep", pgrep, "pids of processes matching a name (-f, -a)"},
    {"pidof", pidof, "pids of a program"},
    {"kill", kill, "signal a process (the service's main pid: systemd restarts it)"},
};

}  // namespace

std::span<const Builtin> process_commands() {
  return kProcsCommands;
}

}  // namespace firedrill::console_detail
